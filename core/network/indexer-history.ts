// Which history of a forked writer a device takes: the indexers'.
//
// A device whose keys signed two histories of its writer core (frozen-writers.ts) leaves the
// network with two sets of blocks for the same (writer, length), and nothing Autobase signs
// names blocks, only lengths (docs/reliability.md, "A member that forks its own core", point 4).
// A device that drops its frozen copy and fetches "whatever its peers give" can take either
// again, and two such devices hand a twin back and forth for good (the simulator's seed 69).
//
// The rule every device computes alike: the network's history of a writer is the one its
// indexers hold. An indexer reads a writer's entries only from the copy it holds, and what it
// signs is what it read there, so its copy up to what it signed is the confirmed history by
// definition; an indexer therefore never drops a copy (node-lifecycle.ts reopens it as it is).
// Every other device that met two histories of a writer drops its copy and from then on asks
// for that core only from peers that are indexers now: a connection's Noise key is the peer's
// device key, and the writer key of a device is derived from it (keys.ts `writerKeyOf`), so
// the device compares that with the indexer set the system lists. Taking blocks only from an
// indexer, it cannot take a history that contradicts what an indexer confirmed: an indexer
// gives only its own copy.
//
// Hypercore has no per-peer filter; its replicator asks (and answers) a peer only while that
// peer `isActive()`. That method is Hypercore's own, not its declared API
// (types/hypercore.d.ts); for such a core it is answered false for every peer that is no
// indexer, so this device neither asks them for it nor passes its copy of it to them (they ask
// the indexers too, or, not knowing of the fork yet, take it from an indexer or meet the fork
// themselves).
import type Autobase from 'autobase'
import type Hypercore from 'hypercore'
import { writerKeyOf } from './keys.ts'

/** Hypercore's replicator peer: only what the rule reads and overrides. */
interface Peer {
  remotePublicKey?: Buffer | null
  isActive: () => boolean
  replicator?: { peers: Peer[] }
  core?: { state?: { length: number } }
  remoteSynced?: boolean
  remoteLength?: number
}

/** The writer keys (hex) of the indexers the system lists now. */
function indexerKeys(autobase: Autobase<unknown>): Set<string> {
  const system = (autobase as unknown as { system?: { indexers?: Array<{ key: Buffer }> } | null }).system
  return new Set((system?.indexers ?? []).map(({ key }) => key.toString('hex')))
}

/** The writer key (hex) of the device at the other end of a replication stream, or null. */
function writerOfPeer(remotePublicKey: Buffer | null | undefined): string | null {
  return remotePublicKey ? writerKeyOf(remotePublicKey).toString('hex') : null
}

/** Whether the device at the other end of this replication stream is an indexer now. */
export function isIndexerPeer(autobase: Autobase<unknown>, remotePublicKey: Buffer | null | undefined): boolean {
  const writer = writerOfPeer(remotePublicKey)
  return writer !== null && indexerKeys(autobase).has(writer)
}

/**
 * From now on replicates `core` (a forked writer's, opened but perhaps not ready) with peers
 * that are indexers first: another peer is asked (and answered) only once this device holds
 * as much of the core as every connected indexer has told it holds. So the copy is the
 * indexers' as far as theirs goes, and may grow past it from anyone (a member between the
 * indexer and the forker relays the forker's later entries); with no indexer connected, every
 * peer counts, as before the fork (the copy taken then may be either history; the next indexer
 * met shows the other, and it drops again). Waiting for an indexer instead would hold that
 * writer, and every entry that depends on it, in any group of members that reaches none, or
 * reaches the forker only through a member that does. The check runs at each of Hypercore's
 * calls, so a peer that joins or leaves the indexer set counts from then on.
 */
export function onlyFromIndexers(core: Hypercore, autobase: Autobase<unknown>): void {
  core.on('peer-add', (peer: Peer) => guard(peer, autobase))
  for (const peer of core.peers as unknown as Peer[]) guard(peer, autobase)
}

/** Each guarded peer's writer key and Hypercore's own answer (a peer is guarded once). */
const guarded = new WeakMap<Peer, { writer: string | null; active: () => boolean }>()

function guard(peer: Peer, autobase: Autobase<unknown>): void {
  if (guarded.has(peer)) return
  const own = { writer: writerOfPeer(peer.remotePublicKey), active: peer.isActive.bind(peer) }
  guarded.set(peer, own)
  peer.isActive = () => {
    if (!own.active()) return false
    const indexers = indexerKeys(autobase)
    if (own.writer !== null && indexers.has(own.writer)) return true
    // Another peer only once this device holds all the connected indexers hold (each of them
    // has told its length): beyond that, a block only extends the indexers' history, and
    // Hypercore checks it against the tree this device holds (a different one is a conflict).
    const length = peer.core?.state?.length ?? 0
    for (const other of peer.replicator?.peers ?? []) {
      const it = guarded.get(other)
      if (!it || it.writer === null || !indexers.has(it.writer) || !it.active()) continue
      if (!other.remoteSynced || (other.remoteLength ?? 0) > length) return false
    }
    return true
  }
}
