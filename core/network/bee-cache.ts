// Hyperbee keeps the tree nodes it has read in a cache (by block seq), but forgets the blocks a
// batch appended. The next apply call walks the paths the last one wrote, so it would read each
// of those nodes back from storage, one RocksDB read and decryption apiece (~3.5 per entry in
// the network bench, ~1/4 of the apply's CPU). `rememberBlocks` hands them to the cache
// instead, decoded as Hyperbee decodes a block it reads.
//
// This leans on Hyperbee 2's internals (2.27): a batch keeps its encoded blocks in `appending`
// after `flush()`, and the tree caches `{ key, value, index, inflated }` in `_nodeCache` and the
// key bytes in `_keyCache`, both by seq. Anything not as expected and the caches are left
// alone: reads then go to storage, as before. Each block must decode to the key (and a value or
// a deletion) written in its place, or none is remembered. kv-store-contract.test.ts checks the
// entries against those Hyperbee makes itself, so an upgrade that changes them fails there.
import messages from 'hyperbee/lib/messages.js'
import { decodeKey } from './key-codec.ts'

interface SeqCache<T> {
  set(seq: number, value: T): void
}

export interface CachedNode {
  key: Uint8Array
  value: Uint8Array | null
  index: Uint8Array
  inflated: null
}

interface BatchInternals {
  appending?: unknown
  core?: { length?: unknown; fork?: unknown }
  tree?: {
    core?: { fork?: unknown }
    _nodeCache?: SeqCache<CachedNode> | null
    _keyCache?: SeqCache<Uint8Array> | null
  }
}

/**
 * After `batch.flush()`: puts the blocks it appended into the tree's caches. `written` is what
 * the batch was given, in order: each put is one block, a deletion one block or none (when the
 * key was not there).
 */
export function rememberBlocks(batch: unknown, written: Array<[string, string | null]>): void {
  const { appending, core, tree } = batch as BatchInternals
  if (!Array.isArray(appending) || appending.length === 0 || typeof core?.length !== 'number')
    return
  const nodeCache = tree?._nodeCache
  const keyCache = tree?._keyCache
  if (typeof nodeCache?.set !== 'function' || typeof keyCache?.set !== 'function') return
  if (tree?.core?.fork !== core.fork) return
  const start = core.length - appending.length
  if (start < 1) return

  const nodes: CachedNode[] = []
  let next = 0
  for (const block of appending) {
    if (!(block instanceof Uint8Array)) return
    // One exactly-sized copy per block: the key, value and index are views into it (as into a
    // block read from storage), and later changes to the batch's buffers cannot reach them.
    const copy = Buffer.allocUnsafeSlow(block.byteLength)
    copy.set(block)
    let node: { key: Uint8Array; value: Uint8Array | null; index: Uint8Array }
    try {
      node = messages.Node.decode(copy)
    } catch {
      return
    }
    const key = decodeKey(node.key)
    // Skip the deletions that wrote nothing; a put always wrote its block.
    while (next < written.length && written[next]![0] !== key && written[next]![1] === null) next++
    if (next === written.length || written[next]![0] !== key) return
    if ((written[next]![1] === null) !== (node.value === null)) return
    next++
    nodes.push({ key: node.key, value: node.value ?? null, index: node.index, inflated: null })
  }
  for (; next < written.length; next++) if (written[next]![1] !== null) return

  for (let i = 0; i < nodes.length; i++) {
    nodeCache.set(start + i, nodes[i]!)
    keyCache.set(start + i, nodes[i]!.key)
  }
}
