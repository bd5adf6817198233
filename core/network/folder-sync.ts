// Sync through a folder: two offices with no network between them converge by carrying a USB
// stick. The folder holds a second Corestore (one per network, named by the discovery key);
// this device replicates every core of the network into it and back, in-process, through a
// pair of piped replication streams. The other office does the same with the same folder.
//
// The folder holds what replication carries: blocks encrypted with the network's key, and
// the cores' public keys. Without the encryption key (kept in network.json) nothing in it
// reads as ledger data.
//
// One pass: list the cores on both sides, copy each core's missing blocks in whichever
// direction is behind, let Autobase apply what arrived, and repeat while anything moved (the
// apply may sign new view blocks worth carrying too).
import { join } from 'node:path'
import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import type { NetworkBase } from './base.ts'
import { secureDir } from './keys.ts'

export interface FolderSyncProgress {
  /** Blocks copied so far (both directions). */
  done: number
  /** Blocks to copy, as known now (grows if a later round finds more). */
  total: number
}

export interface FolderSyncOptions {
  onprogress?: (progress: FolderSyncProgress) => void
  /** Give up on a core's transfer after this long (default 2 minutes). */
  timeoutMs?: number
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

const MAX_ROUNDS = 4

/** The folder's Corestore directory for this network. */
export function folderStorePath(folder: string, base: NetworkBase): string {
  return join(folder, `stachanov-${base.discoveryKey.toString('hex')}`)
}

export async function syncFolder(
  base: NetworkBase,
  folder: string,
  options: FolderSyncOptions = {}
): Promise<FolderSyncResult> {
  const path = folderStorePath(folder, base)
  await secureDir(path)
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
  const sessions: Hypercore[] = []
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const keys = new Set([...(await coreKeys(local)), ...(await coreKeys(remote))])
      result.cores = keys.size
      const pairs = await Promise.all(
        [...keys].map(async (hex) => {
          const key = Buffer.from(hex, 'hex')
          const pair = { hex, near: local.get({ key }), far: remote.get({ key }) }
          sessions.push(pair.near, pair.far)
          await Promise.all([pair.near.ready(), pair.far.ready()])
          return pair
        })
      )
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
      if (transfers.length === 0) break
      await Promise.all(transfers)
      await applyArrivals(base)
    }
  } finally {
    toRemote.destroy()
    toLocal.destroy()
    await Promise.all(sessions.map((core) => core.close().catch(() => {})))
    await remote.close()
  }
  return result
}

/** The keys (hex) of every core a Corestore holds. */
async function coreKeys(store: Corestore): Promise<string[]> {
  const keys: string[] = []
  for await (const discoveryKey of store.list()) {
    const auth = await store.getAuth(discoveryKey)
    if (auth?.key) keys.push(Buffer.from(auth.key).toString('hex'))
  }
  return keys
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
