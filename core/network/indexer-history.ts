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
 * From now on replicates `core` (a forked writer's, opened but perhaps not ready) only with
 * peers that are indexers, while one is connected; with none connected, with every peer, as
 * before the fork (the copy it then takes may be either history; the next indexer it meets
 * shows it the other, and it drops again). Waiting for an indexer instead would hold that
 * writer, and every entry that depends on it, in any group of members that reaches none (a
 * member linked only to one that is), for as long as that lasts. The check runs at each of
 * Hypercore's calls, so a peer that joins or leaves the indexer set counts from then on.
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
    // No indexer among this core's peers that can be asked: every peer may be.
    for (const other of peer.replicator?.peers ?? []) {
      const it = guarded.get(other)
      if (it && it.writer !== null && indexers.has(it.writer) && it.active()) return false
    }
    return true
  }
}
