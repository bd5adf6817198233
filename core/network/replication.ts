// How far each connected device's copy of the network's writer cores is from ours, from
// Hypercore's own replication state: for every writer core, the length we hold and, per peer
// on the replication stream, the contiguous length that peer told us it holds. Nothing here
// is stored or applied: it is a reading of the live connections (the node keeps the history,
// see core/node/sync-status.ts).
import type { NetworkBase } from './base.ts'

export interface CoreLengths {
  /** Blocks of this writer core we hold, from the start without a gap. */
  ours: number
  /** Per connected device (its Noise key, hex): the blocks it holds without a gap. */
  peers: Map<string, number>
}

interface PeerInfo {
  remotePublicKey?: Uint8Array | null
  remoteOpened?: boolean
  remoteContiguousLength: number
}

interface CoreSession {
  ready(): Promise<void>
  close(): Promise<void>
  contiguousLength: number
  peers: PeerInfo[]
  get(index: number, options?: { wait?: boolean }): Promise<{ node?: { value?: unknown } } | null>
}

/** Opens a session of a writer core that decodes Autobase's entries (acks have no value). */
function writerCore(base: NetworkBase, key: string): CoreSession {
  // Autobase decrypts and decodes its writer cores with its own encoding; _makeWriterCore is
  // how it opens them itself (autobase is pinned in package.json, so this cannot move).
  return (base.autobase as unknown as { _makeWriterCore(key: Buffer): CoreSession })._makeWriterCore(Buffer.from(key, 'hex'))
}

/** The lengths of every active writer core: ours and each connected peer's. */
export async function replicationState(base: NetworkBase): Promise<Map<string, CoreLengths>> {
  const out = new Map<string, CoreLengths>()
  for (const { key } of await base.writers()) {
    const core = writerCore(base, key)
    try {
      await core.ready()
      const peers = new Map<string, number>()
      for (const peer of core.peers) {
        // A peer that has not opened this core yet has told us nothing about it.
        if (!peer.remotePublicKey || peer.remoteOpened === false) continue
        peers.set(Buffer.from(peer.remotePublicKey).toString('hex'), peer.remoteContiguousLength)
      }
      out.set(key, { ours: core.contiguousLength, peers })
    } finally {
      await core.close()
    }
  }
  return out
}

/**
 * The entries in blocks [from, to) of writer core `key`, without Autobase's acks (an
 * indexer's empty block). Reads only blocks we hold, at most `limit` of them; `beyond` counts
 * the blocks not read (as entries: an upper bound).
 */
export async function entriesBetween(base: NetworkBase, key: string, from: number, to: number, limit = 1000): Promise<{ values: Uint8Array[]; beyond: number }> {
  if (to <= from) return { values: [], beyond: 0 }
  const core = writerCore(base, key)
  try {
    await core.ready()
    const end = Math.min(to, core.contiguousLength, from + limit)
    const values: Uint8Array[] = []
    for (let i = from; i < end; i++) {
      const value = (await core.get(i, { wait: false }))?.node?.value
      if (value instanceof Uint8Array) values.push(value)
    }
    return { values, beyond: Math.max(0, to - Math.max(end, from)) }
  } finally {
    await core.close()
  }
}
