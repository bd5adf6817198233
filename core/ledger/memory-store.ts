// An in-memory KeyValueStore on a sorted B-tree: replay, scenarios, fuzzing and benchmarks.
import BTreeModule from 'sorted-btree'
import type { BatchOp, Json, KeyValueStore, RangeOptions } from './store.ts'

// sorted-btree is CommonJS with `exports.default`: Node's loader hands us `exports`, Vite's
// interop hands us the class itself.
const BTree: typeof BTreeModule.default = (BTreeModule as any).default ?? BTreeModule

/**
 * Values go in and come out as copies, as they do from Hyperbee: a handler that changes a
 * record it read must never change the store behind the ledger's back.
 */
export class MemoryStore implements KeyValueStore {
  private tree = new BTree<string, Json>()

  get size(): number {
    return this.tree.size
  }

  async get(key: string): Promise<Json | undefined> {
    const value = this.tree.get(key)
    return value === undefined ? undefined : copy(value)
  }

  async put(key: string, value: Json): Promise<void> {
    this.tree.set(key, copy(value))
  }

  async del(key: string): Promise<void> {
    this.tree.delete(key)
  }

  async batch(ops: BatchOp[]): Promise<void> {
    for (const op of ops) {
      if (op.type === 'put') this.tree.set(op.key, copy(op.value))
      else this.tree.delete(op.key)
    }
  }

  async *range(options: RangeOptions): AsyncIterable<[string, Json]> {
    for (const entry of this.entries(options)) yield entry
  }

  /** Synchronous range, for callers that hold no async context (tests, exports). */
  *entries(options: RangeOptions = {}): Iterable<[string, Json]> {
    const { limit = Infinity } = options
    let count = 0
    const inside = (key: string): boolean =>
      (options.gt === undefined || key > options.gt) &&
      (options.gte === undefined || key >= options.gte) &&
      (options.lt === undefined || key < options.lt) &&
      (options.lte === undefined || key <= options.lte)
    if (!options.reverse) {
      const low = options.gte ?? options.gt
      for (const [key, value] of this.tree.entries(low)) {
        if (count >= limit) return
        if (options.lt !== undefined && key >= options.lt) return
        if (options.lte !== undefined && key > options.lte) return
        if (!inside(key)) continue
        count++
        yield [key, copy(value)]
      }
    } else {
      const high = options.lte ?? options.lt
      for (const [key, value] of this.tree.entriesReversed(high)) {
        if (count >= limit) return
        if (options.gt !== undefined && key <= options.gt) return
        if (options.gte !== undefined && key < options.gte) return
        if (!inside(key)) continue
        count++
        yield [key, copy(value)]
      }
    }
  }
}

/** Scalars are immutable; objects and arrays are copied. */
function copy(value: Json): Json {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value
}
