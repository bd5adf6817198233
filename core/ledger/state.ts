// A write buffer over the store for one transaction. Handlers read and write through it;
// the ledger commits it in one batch when the transaction is accepted and drops it when it
// is rejected, so a rejection can never leave half a change behind.
import type { Key, Prefix } from './keys.ts'
import type { BatchOp, Json, KeyValueStore, RangeOptions } from './store.ts'

const DELETED = Symbol('deleted')
/** A key read from the store and found absent: one lookup in `reads` then answers both questions. */
const ABSENT = Symbol('absent')
/** The answer for an absent key: settled, shared, never changed. */
const NOTHING: Promise<undefined> = Promise.resolve(undefined)

/** The store itself failed (a disk error, a closed view): not a property of the entry. */
export class StorageError extends Error {
  readonly code = 'STORAGE'
  constructor(override readonly cause: unknown) {
    super(`the view could not be read: ${(cause as Error)?.message ?? String(cause)}`)
  }
}

/**
 * Records are handed out as shallow copies: handlers change a record by reassigning its fields
 * and putting it back, never by reaching into what the store holds.
 */
function copy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value
  return (Array.isArray(value) ? value.slice() : { ...value }) as T
}

export class State {
  private writes = new Map<string, Json | typeof DELETED>()
  /** What this transaction already read from the store (handlers read some keys often). */
  private reads = new Map<string, Json | typeof ABSENT>()

  constructor(readonly store: KeyValueStore) {}

  /**
   * The record under `key`, of the type keys.ts gives it. Not itself async: handlers call this
   * a dozen times an entry, and a second promise around `read`'s cost as much as the read.
   */
  get<T>(key: Key<T>): Promise<T | undefined> {
    return this.read(key) as Promise<T | undefined>
  }

  /**
   * What a key holds, untyped: for keys that come out of a range. Not an async function: most
   * answers are known at once (this buffer, what it read before, a store in memory) and come
   * back as a settled promise, an absent key's a shared one.
   */
  read(key: string): Promise<Json | undefined> {
    const local = this.writes.get(key)
    if (local === DELETED) return NOTHING
    if (local !== undefined) return Promise.resolve(local)
    const read = this.reads.get(key)
    if (read !== undefined) return read === ABSENT ? NOTHING : Promise.resolve(copy(read))
    if (this.store.getNow === undefined) return this.readStore(key)
    let value: Json | undefined
    try {
      value = this.store.getNow(key)
    } catch (error) {
      return Promise.reject(new StorageError(error))
    }
    return Promise.resolve(this.remember(key, value))
  }

  private async readStore(key: string): Promise<Json | undefined> {
    let value: Json | undefined
    try {
      value = await this.store.get(key)
    } catch (error) {
      throw new StorageError(error)
    }
    return this.remember(key, value)
  }

  /** Notes what the store holds under `key`, and hands out a copy. */
  private remember(key: string, value: Json | undefined): Json | undefined {
    this.reads.set(key, value === undefined ? ABSENT : value)
    return copy(value)
  }

  put<T>(key: Key<T>, value: T): void {
    // The one place a record becomes JSON: keys.ts types every key with a JSON-shaped record.
    this.writes.set(key, value as Json)
  }

  /** Writes what a key held back, untyped (copying records between keys of one kind). */
  write(key: string, value: Json): void {
    this.writes.set(key, value)
  }

  del(key: string): void {
    this.writes.set(key, DELETED)
  }

  /** Entries in key order, this buffer's writes included. For small ranges only. */
  async range(options: RangeOptions): Promise<Array<[string, Json]>> {
    const merged = new Map<string, Json>()
    const { limit, ...bounds } = options
    try {
      for await (const [key, value] of this.store.range({ ...bounds, reverse: false })) merged.set(key, copy(value))
    } catch (error) {
      throw new StorageError(error)
    }
    for (const [key, value] of this.writes) {
      if (!within(key, bounds)) continue
      if (value === DELETED) merged.delete(key)
      else merged.set(key, value)
    }
    const entries = [...merged.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    if (options.reverse) entries.reverse()
    return limit === undefined ? entries : entries.slice(0, limit)
  }

  /** All keys starting with `prefix`, in order, with their records. */
  async prefixed<T>(prefix: Prefix<T>): Promise<Array<[string, T]>> {
    return (await this.range({ gte: prefix, lt: prefix + '\uffff' })) as Array<[string, T]>
  }

  operations(): BatchOp[] {
    const ops: BatchOp[] = []
    for (const [key, value] of this.writes) {
      ops.push(value === DELETED ? { type: 'del', key } : { type: 'put', key, value })
    }
    return ops
  }

  discard(): void {
    this.writes.clear()
    this.reads.clear()
  }
}

function within(key: string, o: RangeOptions): boolean {
  return (
    (o.gt === undefined || key > o.gt) &&
    (o.gte === undefined || key >= o.gte) &&
    (o.lt === undefined || key < o.lt) &&
    (o.lte === undefined || key <= o.lte)
  )
}

/**
 * A nested buffer: reads fall through to `parent`, writes stay here until `mergeInto`.
 * Used when a co-signature completes a transaction that may still be refused on its own.
 */
export function childState(parent: State): State {
  const store: KeyValueStore = {
    get: (key) => parent.read(key),
    put: async (key, value) => parent.write(key, value),
    del: async (key) => parent.del(key),
    batch: async (ops) => {
      for (const op of ops) {
        if (op.type === 'put') parent.write(op.key, op.value)
        else parent.del(op.key)
      }
    },
    range: (options) => iterate(parent.range(options))
  }
  return new State(store)
}

export function mergeInto(child: State, parent: State): void {
  for (const op of child.operations()) {
    if (op.type === 'put') parent.write(op.key, op.value)
    else parent.del(op.key)
  }
}

async function* iterate(entries: Promise<Array<[string, Json]>>): AsyncIterable<[string, Json]> {
  yield* await entries
}
