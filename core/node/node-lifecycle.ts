// The open/close path of a collective's node: opening the device's copy of the network
// (Autobase over the Corestore) with its connections (swarm, direct peers, the council agent),
// stopping and closing them, reopening after a storage fault, and closing them for a while
// so a backup can copy a consistent directory. CollectiveNode (collective-node.ts) builds on
// this; what a node does with the network lives there.
import { EventEmitter } from 'node:events'
import * as queries from '../ledger/queries.ts'
import type { KeyValueStore } from '../ledger/store.ts'
import { NetworkBase, type NetworkBaseOptions, type ViewChange } from '../network/base.ts'
import { DirectPeers } from '../network/direct.ts'
import { dropWriterCopy } from '../network/frozen-writers.ts'
import { writeWriterRecord } from '../network/writer-record.ts'
import { Membership } from '../network/membership.ts'
import type { PairingHost } from '../network/pairing-host.ts'
import { NetworkSwarm } from '../network/swarm.ts'
import { VerifyPool } from '../protocol/verify-pool.ts'
import { Ledger } from '../ledger/ledger.ts'
import type { CouncilAgent } from './council-agent.ts'
import { NodeError } from './errors.ts'
import type { Identity } from './keys.ts'
import type { NodeOptions } from './collective-node.ts'
import { withInviterPeers } from './pairing.ts'
import { StorageRecovery } from './storage-fault.ts'
import { SyncTracker } from './sync-status.ts'

/**
 * One pool of signature-checking threads for the process (started on first use, unref'd so
 * it never keeps the process alive): apply hands it each batch's signatures ahead, and the
 * ledger's verifier answers from its results, or asks sodium itself.
 */
const verifyPool = new VerifyPool()
const verifyAhead = (entries: Uint8Array[]) => verifyPool.aheadOfEntries(entries)

/** Applies one linearized entry to the view: the ledger, fresh over the store Autobase gives. */
export const applyEntry = (store: KeyValueStore, entry: { bytes: Uint8Array; writer: string }) =>
  new Ledger(store, { verify: verifyPool.verify }).apply(entry)

/** What calls answer while a forked writer's core is dropped and fetched again. */
const refetchingLog = () =>
  new NodeError('REFETCHING_LOG', 'a member signed two different histories of its log: this device is dropping its copy of it and fetching it again; try again in a moment')

/** The least time between two drops of one writer's frozen copy (frozen-writers.ts). */
export const REDROP_MS = 60_000

export abstract class NodeLifecycle extends EventEmitter {
  base: NetworkBase | null = null
  identity: Identity | null = null
  membership: Membership | null = null
  swarm: NetworkSwarm | null = null
  direct: DirectPeers | null = null
  pairingHost: PairingHost | null = null
  council: CouncilAgent | null = null
  /** When a peer last connected or sent something (ms, this machine's clock), or null. */
  lastContact: number | null = null
  /** Per neighbouring device: last seen, and what it last told us it holds (sync-status.ts). */
  readonly sync = new SyncTracker()
  private syncTimer: NodeJS.Timeout | null = null
  protected closed = false
  /** Set while a backup has the storage closed. */
  protected pausing: Promise<void> | null = null
  /** A full disk or failed storage: what every call answers until the base reopens. */
  protected readonly storage: StorageRecovery

  protected constructor(readonly options: NodeOptions) {
    super()
    this.storage = new StorageRecovery({
      dir: options.dir,
      ...(options.storageRetryMs !== undefined ? { retryMs: options.storageRetryMs } : {}),
      ...(options.freeBytes ? { freeBytes: options.freeBytes } : {}),
      reopen: () => this.reopenBase(),
      onchange: (fault) => this.emit('fault', fault ? { code: fault.code, message: fault.message } : null)
    })
  }

  /** The council agent this node runs while its collective sits on the council. */
  protected abstract newCouncilAgent(): CouncilAgent

  get ready(): boolean {
    return this.base !== null && this.identity !== null
  }

  get now(): number {
    return (this.options.now ?? Date.now)()
  }

  requireBase(): NetworkBase {
    this.storage.check()
    if (!this.base) throw new NodeError('NOT_SET_UP', 'create a collective or join one first')
    if (this.reopening || (this.pausing && this.dropping))
      throw refetchingLog()
    if (this.pausing) throw new NodeError('BACKING_UP', 'a backup is being taken: try again in a moment')
    return this.base
  }

  requireIdentity(): Identity {
    if (!this.identity) throw new NodeError('NOT_SET_UP', 'create a collective or join one first')
    return this.identity
  }

  /** The current view, for queries (including the not yet signed tip). */
  store(): KeyValueStore {
    return this.requireBase().reader()
  }

  /** For create and join: a device that belongs to no collective yet (and whose storage works). */
  protected requireNew(): void {
    this.storage.check()
    if (this.ready) throw new NodeError('ALREADY_SET_UP', 'this device already belongs to a collective')
  }

  peerCount(): number {
    return (this.swarm?.peers().length ?? 0) + (this.direct?.peers().length ?? 0)
  }

  protected async openBase(extra: Pick<NetworkBaseOptions, 'create' | 'join'>): Promise<void> {
    const base = await NetworkBase.open({
      dir: this.options.dir,
      applyEntry,
      verifyAhead,
      ...(this.options.ackInterval !== undefined ? { ackInterval: this.options.ackInterval } : {}),
      ...(this.options.durable !== undefined ? { durable: this.options.durable } : {}),
      forked: this.forked,
      ...extra
    })
    this.base = base
    base.on('update', (change: ViewChange) => void this.onUpdate(change))
    base.on('apply-error', (event) => this.emit('warning', event))
    base.on('warning', (warning) => this.emit('warning', warning))
    // Autobase closes itself after a failed write; the node names why and reopens it later. A
    // freeze of this device's own core closes it too, and is no storage fault (below).
    base.on('error', (error) => base === this.base && !base.ownFrozen && this.storage.report(error, true))
    // Another device signed two histories of its core: drop the frozen copy, fetch it again.
    base.on('writer-frozen', (key: string) => void this.dropFrozen(base, key))
    for (const key of base.frozenWriters) void this.dropFrozen(base, key)
    // Another device signs with this device's keys: refuse to write, tell the clerk, read on.
    if (this.keysUsedElsewhere) base.keysUsedElsewhere = true
    base.on('own-frozen', () => void this.ownFrozen(base))
    if (base.ownFrozen) void this.ownFrozen(base)
    this.emit('base', base)
    this.membership = new Membership(base)
    await this.membership.refresh()
    if (this.options.council !== false) {
      // One agent per node: two would keep two nonce memories, and one could be asked to sign
      // with a commitment whose nonces only the other holds.
      await this.council?.close()
      this.council = this.newCouncilAgent()
      this.council.start()
    }
    if (this.options.swarm !== false) {
      this.swarm = new NetworkSwarm(base, this.membership, this.options.swarm ?? {})
      this.watchPeers(this.swarm)
      await this.swarm.start()
    }
    // What a device holds is only visible while it is connected: take it in every few seconds,
    // so that a device that drops off is remembered with what it had.
    if (this.syncTimer) clearInterval(this.syncTimer) // a reopened base (backup, storage fault) replaces it
    this.syncTimer = setInterval(() => {
      if (!this.closed && this.peerCount() > 0) this.sync.observe(base, this.now).catch(() => {})
    }, 2000)
    this.syncTimer.unref()
    const direct = withInviterPeers(this.options.direct, base.config.peers)
    if (direct) {
      this.direct = new DirectPeers(base, this.membership, direct)
      this.watchPeers(this.direct)
      await this.direct.start()
    }
  }

  private watchPeers(peers: EventEmitter): void {
    const changed = () => {
      this.lastContact = this.now
      this.emit('peers', { count: this.peerCount() })
    }
    peers.on('connection', (remote: string) => {
      this.sync.connected(remote, this.now)
      changed()
    })
    peers.on('disconnection', (remote: string) => {
      this.sync.disconnected(remote, this.now)
      changed()
    })
  }

  private async onUpdate(change: ViewChange): Promise<void> {
    if (this.closed) return
    if (this.peerCount() > 0) this.lastContact = this.now
    try {
      const { digest, length } = await queries.digest(this.store())
      this.emit('update', { length, digest, viewLength: change.length, truncatedTo: change.truncatedTo })
    } catch (error) {
      this.emit('warning', error)
    }
  }

  /** Stops the council agent and every connection: pairing, the swarm, direct peers, the firewall's watch. */
  protected async stopNetwork(): Promise<void> {
    await this.council?.close()
    this.council = null
    await this.pairingHost?.close()
    this.pairingHost = null
    await this.swarm?.destroy()
    this.swarm = null
    await this.direct?.destroy()
    this.direct = null
    this.membership?.close()
  }

  /**
   * Runs `work` with the network stopped and the storage closed (a backup copies the data
   * directory meanwhile), then opens it again unless the node was closed. `before` runs with
   * the network stopped but the storage still open. Meanwhile calls are refused with BACKING_UP.
   */
  protected async whileClosed<T, B>(before: (base: NetworkBase) => Promise<B>, work: (before: B) => Promise<T>): Promise<T> {
    const base = this.requireBase()
    let release = () => {}
    this.pausing = new Promise<void>((resolve) => (release = resolve))
    try {
      await this.stopNetwork()
      const ready = await before(base)
      await base.close()
      try {
        return await work(ready)
      } finally {
        if (!this.closed) await this.openBase({})
      }
    } finally {
      this.pausing = null
      release()
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.syncTimer) clearInterval(this.syncTimer)
    await this.storage.stop()
    await this.pausing
    await this.closeBase()
  }

  private async closeBase(): Promise<void> {
    await this.stopNetwork()
    await this.base?.close()
  }

  /** The drop of a frozen writer copy under way, if any (one at a time). */
  private dropping: Promise<void> | null = null
  /** When (this machine's clock, ms) each writer's copy was last dropped. */
  private readonly droppedAt = new Map<string, number>()

  /** Whether a drop of a frozen writer copy is under way (calls answer REFETCHING_LOG). */
  get refetching(): boolean {
    return this.dropping !== null || this.reopening !== null
  }

  /** Resolves once no drop of a frozen writer copy is under way (tests, the simulator). */
  async frozenDropped(): Promise<void> {
    while (this.dropping || this.reopening) await (this.dropping ?? this.reopening)
  }

  /**
   * Drops this device's frozen copy of another device's writer core and reopens the base, so
   * that it fetches that core again from its peers (core/network/frozen-writers.ts): without
   * it this device would never again apply an entry that depends on one of that writer's later
   * entries. Connections stop meanwhile, as during a backup, and calls answer REFETCHING_LOG.
   */
  private async dropFrozen(base: NetworkBase, key: string): Promise<void> {
    while (this.dropping) await this.dropping
    if (this.closed || base !== this.base || !base.frozenWriters.has(key)) return
    // An indexer's copy is the network's history of that writer (indexer-history.ts): it
    // keeps it, and reopens to read on (Hypercore 11.37.1 forgets a freeze at open).
    if (base.autobase.isIndexer) return this.reopenKeeping(base)
    // From now on this device takes that writer's core from indexers first (indexer-history.ts).
    this.forked.add(key)
    // A member that keeps showing two histories would have this device drop and reopen at
    // every meeting: at most once per REDROP_MS per writer; meanwhile that writer waits.
    const wait = (this.droppedAt.get(key) ?? -Infinity) + REDROP_MS - Date.now()
    if (wait > 0) {
      setTimeout(() => void this.dropFrozen(base, key), wait).unref()
      return
    }
    this.droppedAt.set(key, Date.now())
    this.dropping = (async () => {
      try {
        const dropped = await this.whileClosed(async () => null, () => dropWriterCopy(this.options.dir, key))
        this.emit('warning', new Error(`writer ${key} signed two histories of its core: ${dropped ? 'dropped this device\'s copy and fetching it again' : 'this device held no copy of it'}`))
      } catch (error) {
        this.emit('warning', error)
      } finally {
        this.dropping = null
      }
    })()
    await this.dropping
  }

  /**
   * Writers (hex) that showed this device two histories and whose copy it dropped: from then on
   * taken from indexers only (indexer-history.ts). Kept over reopens, not over a restart.
   */
  readonly forked = new Set<string>()

  /** Set once another device was found signing with this device's keys (until the node restarts). */
  keysUsedElsewhere = false

  /** The refusal every write answers once another device signs with this device's keys. */
  private keysUsedElsewhereError(): NodeError {
    return new NodeError('KEYS_USED_ELSEWHERE', "another device signs with this collective's keys: a peer passed on a history of this device's log that it never wrote. This device writes nothing more until it is restarted (what it holds is kept, and it reads on); find the other device, a copy of this one's data, and stop it first")
  }

  /**
   * Hypercore froze this device's own writer core: a peer passed on a second signed history of
   * it, which only a device holding the same keys can have made (a copied data directory, or
   * someone working past DATA_DIR_COPY). The freeze closed every session of the core, and with
   * it Autobase. The node refuses every write from now on (KEYS_USED_ELSEWHERE, also as a
   * 'fault' event for the clerk): writing on would extend a history that peers holding the
   * other one refuse, and split the network (docs/reliability.md, seed 69).
   *
   * Which history it keeps follows the rule every device applies (indexer-history.ts): an
   * indexer keeps its own, which is what it signed; any other device's own history is only one
   * of two, and the network's is the one the indexers hold, so it drops its core like another
   * device's copy and takes it back from the indexers (its entries that were not theirs are
   * gone from the network anyway: no indexer will ever read them).
   */
  private async ownFrozen(base: NetworkBase): Promise<void> {
    if (!this.keysUsedElsewhere) {
      this.keysUsedElsewhere = true
      const error = this.keysUsedElsewhereError()
      this.emit('warning', error)
      this.emit('fault', { code: error.code, message: error.message })
    }
    if (base.autobase.isIndexer) return this.reopenKeeping(base)
    const key = base.autobase.local.key.toString('hex')
    this.forked.add(key)
    return this.reopenKeeping(base, key)
  }

  /**
   * Closes the base and opens it again, after Hypercore froze a core this device keeps (its
   * own, or as an indexer another device's: Hypercore 11.37.1 forgets a freeze at open,
   * frozen-writers.ts), or, given `dropOwn` (this device's writer key), drops its own core in
   * between. Counted as a drop under way at once (calls answer REFETCHING_LOG: the freeze of
   * its own core has closed Autobase). No pause between two reopens, unlike a drop of another
   * device's copy: without one this device reads nothing, and the peers that pass the other
   * history on stop once they dropped it.
   */
  private async reopenKeeping(base: NetworkBase, dropOwn: string | null = null): Promise<void> {
    if (this.reopening) return
    this.reopening = (async () => {
      while (this.dropping) await this.dropping
      if (this.closed || base !== this.base) return
      let release = () => {}
      this.pausing = new Promise<void>((resolve) => (release = resolve))
      try {
        // Autobase may already have closed itself on the freeze: its close need not succeed.
        await this.closeBase().catch(() => {})
        if (dropOwn !== null) {
          await dropWriterCopy(this.options.dir, dropOwn)
          // The record of what this device wrote (writer-record.ts) would refuse the emptied
          // core at open: it restarts at 0 and follows the core back (NetworkBase).
          await writeWriterRecord(this.options.dir, { key: dropOwn, length: 0 })
        }
        if (!this.closed) await this.openBase({})
      } catch (error) {
        // As after a drop of another device's copy: told, not a storage fault (a swarm that
        // cannot start again is not the disk's).
        this.emit('warning', error)
      } finally {
        this.pausing = null
        release()
      }
    })().finally(() => (this.reopening = null))
    await this.reopening
  }

  /** The reopen after a freeze of this device's own core, if one is under way. */
  private reopening: Promise<void> | null = null

  /** After a storage fault: closes what is left of the base and opens it again. */
  protected async reopenBase(): Promise<void> {
    // A failed base may not close cleanly; what matters is that the new one opens.
    await this.closeBase().catch(() => {})
    await this.openBase({})
  }

  /** Appends to this device's writer core; a storage failure becomes the node's fault. */
  protected async write(bytes: Uint8Array | Uint8Array[]): Promise<void> {
    const base = this.requireBase()
    if (this.keysUsedElsewhere) throw this.keysUsedElsewhereError()
    // Both wait for a forked writer's copy to come back: this device's own (below), or another
    // device's that this device's own unordered entries reference (Autobase could not append).
    if ((await base.ownLogComingBack()) || (await base.ownEntriesWaiting()))
      throw refetchingLog()
    try {
      await base.append(bytes)
    } catch (error) {
      // A backup closing the base under an append is no storage fault (that append fails).
      throw (this.pausing ? null : this.storage.report(error)) ?? error
    }
  }
}
