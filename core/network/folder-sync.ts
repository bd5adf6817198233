// Sync through a folder: two offices with no network between them converge by carrying a USB
// stick. The folder holds a second Corestore (one per network, named by the discovery key);
// this device replicates every core of the network into it and back, in-process, through a
// pair of piped replication streams. The other office does the same with the same folder.
//
// The folder holds what replication carries: blocks encrypted with the network's key, and
// the cores' public keys. Without the encryption key (kept in network.json) nothing in it
// reads as ledger data.
//
// One pass: take the network's cores as this device's base knows them (its writers, removed
// ones too, and Autobase's own system, encryption and view cores -- never whatever else the
// folder holds), copy each core's missing blocks in whichever direction is behind, let
// Autobase apply what arrived, and repeat while anything moved or the base learnt of more
// writers (a writer's entries can name the next one). Cores of other networks, or junk, on
// the stick are never opened. Before anything is opened the folder is checked
// (folder-check.ts: no links, bounded size), and what is imported is bounded too.
import { join } from 'node:path'
import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import type { NetworkBase } from './base.ts'
import { NetworkError } from './errors.ts'
import {
  DEFAULT_FOLDER_LIMITS,
  type FolderLimits,
  checkSyncFolder,
  formatBytes
} from './folder-check.ts'

export interface FolderSyncProgress {
  /** Blocks copied so far (both directions). */
  done: number
  /** Blocks to copy, as known now (grows if a later round finds more). */
  total: number
}

export interface FolderSyncLimits extends FolderLimits {
  /** Cores of the network one sync may carry (default 10,000). */
  maxCores: number
  /** Blocks one sync may import from the folder (default 50 million). */
  maxBlocksIn: number
  /** Bytes one sync may import from the folder (default 8 GiB). */
  maxBytesIn: number
}

export const DEFAULT_SYNC_LIMITS: FolderSyncLimits = {
  ...DEFAULT_FOLDER_LIMITS,
  maxCores: 10_000,
  maxBlocksIn: 50_000_000,
  maxBytesIn: 8 * 1024 ** 3
}

export interface FolderSyncOptions {
  onprogress?: (progress: FolderSyncProgress) => void
  /** Give up on a core's transfer after this long (default 2 minutes). */
  timeoutMs?: number
  /** Bounds on what is read (defaults: DEFAULT_SYNC_LIMITS). */
  limits?: Partial<FolderSyncLimits>
}

export interface FolderSyncResult {
  cores: number
  /** Blocks copied from the folder into this device. */
  blocksIn: number
  /** Blocks copied from this device into the folder. */
  blocksOut: number
  /** Cores whose transfer failed (hex keys), e.g. a core that forked on one side. */
  failed: string[]
}

/** Each round can reveal one more generation of writers (A's entries add B, B's add C...). */
const MAX_ROUNDS = 64

/** The folder's Corestore directory for this network. */
export function folderStorePath(folder: string, base: NetworkBase): string {
  return join(folder, `stachanov-${base.discoveryKey.toString('hex')}`)
}

export async function syncFolder(
  base: NetworkBase,
  folder: string,
  options: FolderSyncOptions = {}
): Promise<FolderSyncResult> {
  const limits = { ...DEFAULT_SYNC_LIMITS, ...options.limits }
  const path = folderStorePath(folder, base)
  await checkSyncFolder(folder, path, limits)
  const local = base.corestore
  const remote = new Corestore(path)
  await remote.ready()

  const toRemote = local.replicate(true)
  const toLocal = remote.replicate(false)
  toRemote.pipe(toLocal).pipe(toRemote)
  toRemote.on('error', () => {})
  toLocal.on('error', () => {})

  const progress: FolderSyncProgress = { done: 0, total: 0 }
  const result: FolderSyncResult = { cores: 0, blocksIn: 0, blocksOut: 0, failed: [] }
  const imported = { blocks: 0, bytes: 0 }
  const opened = new Map<string, { near: Hypercore; far: Hypercore }>()
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const keys = await networkCores(base)
      if (keys.length > limits.maxCores) {
        throw new NetworkError(
          'FOLDER_LIMIT',
          `the network has more than ${limits.maxCores} cores: more than one sync may carry`
        )
      }
      const fresh = keys.filter((hex) => !opened.has(hex))
      await Promise.all(
        fresh.map(async (hex) => {
          const key = Buffer.from(hex, 'hex')
          const pair = { near: local.get({ key }), far: remote.get({ key }) }
          opened.set(hex, pair)
          await Promise.all([pair.near.ready(), pair.far.ready()])
        })
      )
      result.cores = opened.size
      const pairs = [...opened].map(([hex, pair]) => ({ hex, ...pair }))

      // What the folder would bring in, checked against the bounds before a block is read.
      for (const { near, far } of pairs) {
        imported.blocks += Math.max(0, far.contiguousLength - near.contiguousLength)
        imported.bytes += Math.max(0, far.byteLength - near.byteLength)
      }
      if (imported.blocks > limits.maxBlocksIn || imported.bytes > limits.maxBytesIn) {
        throw new NetworkError(
          'FOLDER_LIMIT',
          `the folder holds more for this network than one sync may import (${limits.maxBlocksIn} blocks, ${formatBytes(limits.maxBytesIn)}): refused`
        )
      }

      const transfers: Promise<void>[] = []
      for (const { hex, near, far } of pairs) {
        const copy = (from: Hypercore, to: Hypercore, count: (n: number) => void) => {
          const start = to.contiguousLength
          const end = from.contiguousLength
          if (end <= start) return
          progress.total += end - start
          transfers.push(
            transfer(to, start, end, options.timeoutMs ?? 120_000, (n) => {
              count(n)
              progress.done += n
              options.onprogress?.({ ...progress })
            }).catch(() => {
              result.failed.push(hex)
            })
          )
        }
        copy(near, far, (n) => (result.blocksOut += n))
        copy(far, near, (n) => (result.blocksIn += n))
      }
      options.onprogress?.({ ...progress })
      if (transfers.length === 0 && fresh.length === 0) break
      await Promise.all(transfers)
      await applyArrivals(base)
    }
  } finally {
    toRemote.destroy()
    toLocal.destroy()
    const sessions = [...opened.values()].flatMap(({ near, far }) => [near, far])
    await Promise.all(sessions.map((core) => core.close().catch(() => {})))
    await remote.close()
  }
  return result
}

/**
 * The keys (hex) of the network's cores, from the base alone: the network key (the first
 * writer), this device's writer, every writer Autobase's system lists (removed ones too:
 * their entries are history), and Autobase's views (`_system`, `_encryption`, the ledger's
 * view) as they are now.
 */
async function networkCores(base: NetworkBase): Promise<string[]> {
  const keys = new Set([base.key.toString('hex'), base.writerKey])
  const system = base.autobase.system
  if (system !== null) {
    for await (const { key } of system.list()) keys.add(key.toString('hex'))
  }
  for (const view of base.autobase.views()) keys.add(view.key.toString('hex'))
  return [...keys]
}

/** Downloads blocks [start, end) of `core` from the other store, counting them as they land. */
async function transfer(
  core: Hypercore,
  start: number,
  end: number,
  timeoutMs: number,
  count: (blocks: number) => void
): Promise<void> {
  const ondownload = () => count(1)
  core.on('download', ondownload)
  const download = core.download({ start, end })
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      download.done(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('transfer timed out')), timeoutMs)
      })
    ])
  } finally {
    clearTimeout(timer)
    core.off('download', ondownload)
    download.destroy()
  }
}

/** Makes Autobase look at writer cores that grew while it was not watching them. */
async function applyArrivals(base: NetworkBase): Promise<void> {
  const hints = []
  for (const { key } of await base.writers()) {
    const core = base.corestore.get({ key: Buffer.from(key, 'hex') })
    await core.ready()
    hints.push({ key: core.key, length: core.length })
    await core.close()
  }
  base.autobase.hintWakeup(hints)
  await base.update()
}
