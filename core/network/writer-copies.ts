// Every device keeps a full copy of every writer's core, so that any member can bring any
// other up to date.
//
// Autobase alone keeps only what its linearizer needs. A device that fast-forwards to the
// indexers' signed state (16 or more system blocks behind) fetches the system and view cores
// but only the last block of each indexer's writer core, and never the entries in between.
// A member that can reach only such a device (the indexer is away, or not reachable from
// where it is) needs exactly those entries, finds no one who holds them, and stays behind
// for as long as the indexer is away: its own fast-forward asks that device for a block
// whose Merkle proof it cannot give, and after one failed fast-forward Autobase waits five
// minutes before trying again. The simulator found this (docs/reliability.md, seeds 105 and
// 162; test/integration/relay-after-fast-forward.test.ts). A ledger's log is small next to
// its view, and a local-first member is meant to hold the whole of it anyway.
import type Autobase from 'autobase'
import type Corestore from 'corestore'
import type Hypercore from 'hypercore'
import type { Download } from 'hypercore'
import { isFrozen } from './frozen-writers.ts'
import { onlyFromIndexers } from './indexer-history.ts'

interface Copy {
  core: Hypercore
  range: Download | null
}

/**
 * Tells every peer of the core how long it is, once the copy is whole.
 *
 * Hypercore 11.37.1 tells a peer its length only with a proof from the peer's own length, and
 * works out whether it can give that proof when either length changes. A device that
 * fast-forwarded lacks the Merkle nodes for that proof, so it says nothing; once the copy
 * has filled in those nodes, no length has changed and it still says nothing, and the peer
 * waits for the writer's next append or a new connection (the simulator's seed 162 stalled
 * here for 30 s until every link was reconnected). Asking each peer to signal again makes it
 * work this out anew. `signalUpgrade` is Hypercore's own, not its declared API: if a later
 * version drops it, this does nothing and the next append or connection still heals it.
 */
function announceLength(core: Hypercore): void {
  for (const peer of core.peers as Array<{ signalUpgrade?: () => void }>) {
    if (typeof peer.signalUpgrade === 'function') peer.signalUpgrade()
  }
}

/** Hypercore's replicator peer: what `askIfLonger` reads, and the wire it asks on. */
interface LengthPeer {
  remoteSynced?: boolean
  remoteFork?: number
  remoteLength?: number
  wireRequest?: { send(message: object): void }
}

/**
 * Asks every peer that says it holds as much of this device's own core as this device wrote,
 * or more, for its signed roots at this device's length. Hypercore compares roots only when it
 * verifies a block it asked for, and never asks for a writable core's blocks, so without this
 * a member that took a twin whole (as long as this device's core, or longer: the simulator's
 * seed 334) and this device never compare, and neither ever takes the other's entries. The
 * request is the one Hypercore's `_checkIfConflict` sends (not its declared API), and the
 * answer goes through Hypercore's own conflict check: a different history freezes the core
 * here, and the node takes it back from the indexers (node-lifecycle.ts `ownFrozen`). Each
 * peer is asked once per length it names.
 *
 * Not `_checkIfConflict` itself: it pauses the peer until the answer comes, and a paused peer
 * is sent none of this device's new blocks (`broadcastRange`) and its requests are dropped,
 * never answered later (hypercore lib/replicator.js `isActive`), so a peer that asked in that
 * moment could wait for ever.
 */
function askIfLonger(core: Hypercore, asked: WeakMap<object, number>): void {
  const length = core.length
  const fork = (core as unknown as { fork?: number }).fork ?? 0
  if (length === 0) return
  for (const peer of core.peers as unknown as LengthPeer[]) {
    const remote = peer.remoteLength ?? 0
    if (!peer.remoteSynced || peer.remoteFork !== fork || remote < length || asked.get(peer) === remote) continue
    asked.set(peer, remote)
    peer.wireRequest?.send({ id: 0, fork, block: null, hash: null, seek: null, upgrade: { start: 0, length } })
  }
}

export class WriterCopies {
  private readonly copies = new Map<string, Copy>()
  private running: Promise<void> | null = null
  private again = false
  private closed = false
  /** The system's member count when it was last listed whole: members are only ever added. */
  private listed = -1

  constructor(
    private readonly corestore: Corestore,
    private readonly autobase: Autobase<unknown>,
    /**
     * Told (with the writer key, hex) when Hypercore freezes another device's writer core here,
     * or finds it frozen at open: that device signed two histories (frozen-writers.ts).
     */
    private readonly onfrozen: (key: string) => void = () => {},
    /**
     * Told when Hypercore freezes this device's OWN writer core: a peer passed on a signed
     * history of it that this device never wrote, so another device signs with its keys.
     */
    private readonly onownfrozen: () => void = () => {},
    /**
     * Writers (hex) that showed this device two histories and whose copy it dropped: their
     * cores are replicated only with indexers from now on (indexer-history.ts). Guarded here,
     * before any connection starts, so no other peer is asked for them first.
     */
    private readonly forked: ReadonlySet<string> = new Set()
  ) {
    for (const hex of forked) {
      const core = this.corestore.get({ key: Buffer.from(hex, 'hex') })
      onlyFromIndexers(core, this.autobase)
      this.guarded.push(core)
    }
  }

  /** The early sessions of forked writers' cores that carry the guard until the copies open. */
  private readonly guarded: Hypercore[] = []

  /** Starts copying any writer not copied yet (call after every update; calls coalesce). */
  refresh(): void {
    if (this.closed) return
    if (this.running) {
      this.again = true
      return
    }
    this.running = this.run().finally(() => {
      this.running = null
      if (this.again && !this.closed) {
        this.again = false
        this.refresh()
      }
    })
  }

  private async run(): Promise<void> {
    for (const key of await this.writerKeys()) {
      if (this.closed) return
      const hex = key.toString('hex')
      if (this.copies.has(hex)) continue
      const core = this.corestore.get({ key })
      this.copies.set(hex, { core, range: null })
      const own = key.equals(this.autobase.local.key)
      if (this.forked.has(hex)) onlyFromIndexers(core, this.autobase)
      // Registered before ready: the session is then one Hypercore tells of a conflict (before
      // it closes every session of that core, Autobase's among them).
      core.on('conflict', () => (own ? this.onownfrozen() : this.onfrozen(hex)))
      try {
        await core.ready()
      } catch {
        this.copies.delete(hex)
        continue
      }
      if (this.closed) break
      // Frozen before this open, should Hypercore remember it (11.37.1 does not: see frozen-writers.ts).
      if (isFrozen(core)) {
        if (own) this.onownfrozen()
        else this.onfrozen(hex)
        continue
      }
      // A core Autobase has not opened here lacks its 'referrer' mark, and Autobase's wakeup
      // follows only marked cores: a copy dropped and fetched again (frozen-writers.ts) would
      // grow without Autobase looking at it (the simulator's seed 103: the indexer never took
      // the forker's next entries). Asking Autobase to look opens its reader, which marks it.
      if (!own && (await core.getUserData('referrer').catch(() => null)) == null) {
        this.autobase.hintWakeup([{ key, length: -1 }])
      }
      if (own) {
        // Once a second per peer and length (a proof of a few hashes and a signature).
        const asked = new WeakMap<object, number>()
        this.ownWatch = setInterval(() => askIfLonger(core, asked), 1000)
        this.ownWatch.unref()
      }
      // A live range: it follows the core as the writer appends.
      this.copies.set(hex, { core, range: core.download({ start: 0, end: -1 }) })
      core.on('download', () => {
        if (core.contiguousLength === core.length) announceLength(core)
      })
    }
    if (this.closed) await this.closeCopies()
  }

  /**
   * The writers Autobase knows: the system's members (removed ones too: their entries are
   * part of the log) and the writers it has open. The system is read between applies; a read
   * that a concurrent apply breaks is retried at the next update.
   */
  private async writerKeys(): Promise<Buffer[]> {
    const keys = new Map<string, Buffer>()
    // Not in Autobase's declared API (types/autobase.d.ts): the writers it has open now.
    const open = (this.autobase as unknown as { activeWriters?: Iterable<{ core: Hypercore }> })
      .activeWriters
    for (const writer of open ?? []) keys.set(writer.core.key.toString('hex'), writer.core.key)
    const system = this.autobase.system
    if (system === null || system.members === this.listed) return [...keys.values()]
    const members = system.members
    try {
      for await (const { key } of system.list()) keys.set(key.toString('hex'), key)
      this.listed = members
    } catch {
      // Left for the next update's refresh.
    }
    return [...keys.values()]
  }

  /** Looks for peers holding more of this device's own core than it wrote (askIfLonger). */
  private ownWatch: NodeJS.Timeout | null = null

  async close(): Promise<void> {
    this.closed = true
    if (this.ownWatch) clearInterval(this.ownWatch)
    await this.running?.catch(() => {})
    await this.closeCopies()
  }

  private async closeCopies(): Promise<void> {
    const copies = [...this.copies.values()]
    this.copies.clear()
    for (const core of this.guarded.splice(0)) await core.close().catch(() => {})
    for (const { core, range } of copies) {
      range?.destroy()
      await core.close().catch(() => {})
    }
  }
}
