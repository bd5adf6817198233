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
}

/** The writer keys (hex) of the indexers the system lists now. */
function indexerKeys(autobase: Autobase<unknown>): Set<string> {
  const system = (autobase as unknown as { system?: { indexers?: Array<{ key: Buffer }> } | null }).system
  return new Set((system?.indexers ?? []).map(({ key }) => key.toString('hex')))
}

/** Whether the device at the other end of this replication stream is an indexer now. */
export function isIndexerPeer(autobase: Autobase<unknown>, remotePublicKey: Buffer | null | undefined): boolean {
  if (!remotePublicKey) return false
  return indexerKeys(autobase).has(writerKeyOf(remotePublicKey).toString('hex'))
}

/**
 * From now on replicates `core` (a forked writer's, opened but perhaps not ready) only with
 * peers that are indexers. The check runs at each of Hypercore's calls, so a peer that joins
 * or leaves the indexer set counts from then on.
 */
export function onlyFromIndexers(core: Hypercore, autobase: Autobase<unknown>): void {
  const guard = (peer: Peer) => {
    if (Object.prototype.hasOwnProperty.call(peer, 'isActive')) return
    const active = peer.isActive.bind(peer)
    peer.isActive = () => isIndexerPeer(autobase, peer.remotePublicKey) && active()
  }
  core.on('peer-add', guard)
  for (const peer of core.peers as unknown as Peer[]) guard(peer)
}
