// A copy of another device's writer core that Hypercore froze, and how a node gets past it.
//
// A device whose key signed two histories of its writer core (its data directory restored on a
// second laptop, or on purpose) makes every peer that sees both signed roots for one length
// freeze that core (hypercore/lib/core.js `checkConflict`): every session is closed, and a
// frozen core asks no peer for anything again. (The flag is written into the core's record but
// 11.37.1 does not read it back at open, `parseHeader`: a restart forgets it. A later version
// may not.) Autobase then never reads another entry of that writer on this device, and every
// entry of any member that depends on one of them waits for good: the network is split
// (docs/reliability.md, "A member that forks its own core"). No rule in `apply` reaches it,
// because `apply` never sees the entries this device cannot read.
//
// What this device can do is drop its copy of that core and fetch it again from its peers, with
// the base closed (the node does it, node-lifecycle.ts): whichever history it held, and whether
// or not Hypercore would remember the freeze, it then holds what its peers give it, the
// indexers first (indexer-history.ts: which history the network keeps). Hypercore
// 11.37.1's own `purge()` throws (it calls methods its session and core lack), so the core's
// records are deleted through hypercore-storage's `deleteCore`, which is what `purge` means to
// do. Its own writer core only a device that is no indexer drops, once another device was found
// signing with its keys (node-lifecycle.ts `ownFrozen`): an indexer's is what it signed.
import { join } from 'node:path'
import Corestore from 'corestore'
import Hypercore from 'hypercore'
import { CORESTORE_DIR } from './keys.ts'

/** Hypercore's internal core behind a session (not in its declared API, types/hypercore.d.ts). */
interface CoreInternals {
  core?: { header?: { frozen?: boolean }; storage?: { core?: unknown } } | null
}

/** Whether Hypercore froze this core after it met two histories of it. */
export function isFrozen(core: Hypercore): boolean {
  return (core as unknown as CoreInternals).core?.header?.frozen === true
}

/**
 * Deletes this device's copy of the writer core `key` (hex) from the Corestore in `dir`; the
 * base must be closed (RocksDB's lock). Answers whether there was one to drop.
 */
export async function dropWriterCopy(dir: string, key: string): Promise<boolean> {
  const store = new Corestore(Hypercore.defaultStorage(join(dir, CORESTORE_DIR)))
  try {
    await store.ready()
    const core = store.get({ key: Buffer.from(key, 'hex'), active: false })
    await core.ready()
    const pointer = (core as unknown as CoreInternals).core?.storage?.core
    await core.close()
    if (pointer === undefined) return false
    await store.storage.deleteCore(pointer)
    return true
  } finally {
    await store.close()
  }
}
