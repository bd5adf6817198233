// An in-memory KeyValueStore: replay, scenarios, fuzzing and benchmarks. Values are frozen,
// deeply, when they go in, so a handler that changed a record it read could never change the
// store behind the ledger's back: it would throw instead, and the property tests (which replay
// on a JSON store too) would see the difference. A Map answers point reads; a sorted B-tree
// of the keys answers ranges.
//
// Most keys are never read by a range (log/…, tx/…, workload/…), and keeping every new key
// sorted cost the ledger more than anything else in this store. So new keys wait in a list
// per top-level prefix (the text before the first '/'), and join the B-tree only when a range
// could reach that prefix: every key of prefix P lies in [P, P + '0'), as '/' < '0'.
import BTreeModule from 'sorted-btree'
import type { BatchOp, Json, KeyValueStore, RangeOptions } from './store.ts'

// sorted-btree is CommonJS with `exports.default`: Node's loader hands us `exports`, Vite's
// interop hands us the class itself.
const BTree = (BTreeModule as { default?: typeof BTreeModule.default }).default ?? (BTreeModule as unknown as typeof BTreeModule.default)

export class MemoryStore implements KeyValueStore {
  private values = new Map<string, Json>()
  // Keys compare by UTF-16 code units, as the KeyValueStore contract says; a plain comparator
  // is also much cheaper than the library's type-checking default.
  private order = new BTree<string, true>(undefined, (a, b) => (a < b ? -1 : a > b ? 1 : 0))
  /**
   * Keys put since their prefix was last merged into `order`, by prefix. A key listed here
   * may have been deleted (or listed twice) since: merging checks `values`.
   */
  private pending = new Map<string, string[]>()

  get size(): number {
    return this.values.size
  }

  async get(key: string): Promise<Json | undefined> {
    return this.values.get(key)
  }

  /** State reads through this, not `get`: a subclass that changes one must change both. */
  getNow(key: string): Json | undefined {
    return this.values.get(key)
  }

  async put(key: string, value: Json): Promise<void> {
    this.set(key, value)
  }

  async del(key: string): Promise<void> {
    this.delete(key)
  }

  async batch(ops: BatchOp[]): Promise<void> {
    for (const op of ops) {
      if (op.type === 'put') this.set(op.key, op.value)
      else this.delete(op.key)
    }
  }

  async *range(options: RangeOptions): AsyncIterable<[string, Json]> {
    for (const entry of this.entries(options)) yield entry
  }

  /** Synchronous range, for callers that hold no async context (tests, exports). */
  *entries(options: RangeOptions = {}): Iterable<[string, Json]> {
    this.index(options)
    for (const key of this.keys(options)) yield [key, this.values.get(key)!]
  }

  private set(key: string, value: Json): void {
    const size = this.values.size
    this.values.set(key, freeze(value))
    // A new key (the map grew, found by one lookup rather than a `has` first) waits for ranges.
    if (this.values.size === size) return
    const slash = key.indexOf('/')
    const prefix = slash < 0 ? key : key.slice(0, slash)
    const list = this.pending.get(prefix)
    if (list) list.push(key)
    else this.pending.set(prefix, [key])
  }

  private delete(key: string): void {
    // A key still pending is not in the B-tree; deleting it there is then a harmless miss.
    if (this.values.delete(key)) this.order.delete(key)
  }

  /** Merges the pending keys of every prefix the range could reach into the B-tree. */
  private index(o: RangeOptions): void {
    for (const [prefix, list] of this.pending) {
      const end = prefix + '0'
      const outside =
        (o.gt !== undefined && o.gt >= end) ||
        (o.gte !== undefined && o.gte >= end) ||
        (o.lt !== undefined && o.lt <= prefix) ||
        (o.lte !== undefined && o.lte < prefix)
      if (outside) continue
      for (const key of list) if (this.values.has(key)) this.order.set(key, true)
      this.pending.delete(prefix)
    }
  }

  private *keys(options: RangeOptions): Iterable<string> {
    const { limit = Infinity } = options
    let count = 0
    const inside = (key: string): boolean =>
      (options.gt === undefined || key > options.gt) &&
      (options.gte === undefined || key >= options.gte) &&
      (options.lt === undefined || key < options.lt) &&
      (options.lte === undefined || key <= options.lte)
    if (!options.reverse) {
      for (const [key] of this.order.entries(options.gte ?? options.gt)) {
        if (count >= limit) return
        if (options.lt !== undefined && key >= options.lt) return
        if (options.lte !== undefined && key > options.lte) return
        if (!inside(key)) continue
        count++
        yield key
      }
    } else {
      for (const [key] of this.order.entriesReversed(options.lte ?? options.lt)) {
        if (count >= limit) return
        if (options.gt !== undefined && key <= options.gt) return
        if (options.gte !== undefined && key < options.gte) return
        if (!inside(key)) continue
        count++
        yield key
      }
    }
  }
}

/** Freezes a JSON value and everything inside it (already frozen parts are skipped). */
function freeze(value: Json): Json {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value
  Object.freeze(value)
  // Loops rather than Object.values: no array per record, on the ledger's hottest write path.
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) freeze(value[i]!)
  else for (const key in value) freeze(value[key]!)
  return value
}
