// The ledger's KeyValueStore over the Hyperbee view, so that the same ledger code that runs on
// MemoryStore in replays and fuzzing decides every transaction inside Autobase's `apply`.
//
// Inside `apply` the store is an ApplyStore (see openApplyStore): one apply call's writes stay
// in memory, where its reads see them, and each key written in the call reaches the view once,
// in key order, in one Hyperbee batch at the end of the call. Outside `apply` (the UI's
// queries) a HyperbeeStore wraps the read-only public view or a snapshot of it; writes throw.
//
// Keys: see key-codec.ts -- Hyperbee's byte order equals JS `<` on our keys, for every string.
// Values: JSON. A value comes back as a fresh object, as from MemoryStore.
import type Hyperbee from 'hyperbee'
import type { BeeNode, BeeRange, HyperbeeBatch } from 'hyperbee'
import type { BatchOp, EntrySource, Json, KeyValueStore, RangeOptions } from '../ledger/store.ts'
import { rememberBlocks } from './bee-cache.ts'
import { jsonCodec, keyCodec } from './key-codec.ts'

/** Hyperbee options for the view: the same codecs wherever the view is opened. */
export const VIEW_ENCODING = {
  keyEncoding: keyCodec,
  valueEncoding: jsonCodec,
  // The view is Autobase's business; Hyperbee's own replication extension would only add
  // chatter on connections that already replicate the view core.
  extension: false
} as const

type BeeLike = Hyperbee<string, Json> | HyperbeeBatch<string, Json>

export class HyperbeeStore implements KeyValueStore {
  /**
   * The first storage error this store saw. The ledger turns any exception into a rejection,
   * which is right for its own bugs (every node has them) but wrong for a read that failed on
   * this device only: `apply` checks this and fails instead of recording a divergent outcome.
   */
  failure: unknown = null

  /** Where a log record that keeps its entry's place gets the bytes (store.ts). */
  readonly entry?: EntrySource

  constructor(private readonly db: BeeLike, entry?: EntrySource) {
    if (entry !== undefined) this.entry = entry
  }

  async get(key: string): Promise<Json | undefined> {
    const node = await this.guard(() => this.db.get(key))
    return node === null ? undefined : node.value
  }

  async put(key: string, value: Json): Promise<void> {
    await this.guard(() => this.db.put(key, value))
  }

  async del(key: string): Promise<void> {
    await this.guard(() => this.db.del(key))
  }

  async batch(ops: BatchOp[]): Promise<void> {
    // One put or del after the other (each its own block); inside apply, ApplyStore does this.
    for (const op of ops) {
      if (op.type === 'put') await this.guard(() => this.db.put(op.key, op.value))
      else await this.guard(() => this.db.del(op.key))
    }
  }

  async *range(options: RangeOptions): AsyncIterable<[string, Json]> {
    const range = toBeeRange(options)
    if (range === null) return
    try {
      for await (const node of this.db.createReadStream(range)) yield [node.key, node.value]
    } catch (err) {
      this.noteFailure(err)
      throw err
    }
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation()
    } catch (err) {
      this.noteFailure(err)
      throw err
    }
  }

  private noteFailure(err: unknown): void {
    // A TypeError or RangeError is the caller's bug (a key that is no string, a BigInt in a
    // value): the same on every device, so the ledger may reject the entry for it.
    if (err instanceof TypeError || err instanceof RangeError) return
    this.failure ??= err
  }
}

/**
 * Translates the contract's range into Hyperbee's. The contract allows `gt` and `gte` (or
 * `lt` and `lte`) together and means both; Hyperbee takes one of each, so keep the tighter.
 * A limit of 0 or less yields nothing (as MemoryStore does); Hyperbee reads -1 as "no limit".
 */
function toBeeRange(options: RangeOptions): BeeRange<string> | null {
  const range: BeeRange<string> = { reverse: !!options.reverse }
  const { gt, gte, lt, lte, limit } = options
  if (limit !== undefined) {
    if (limit <= 0) return null
    if (Number.isFinite(limit)) range.limit = Math.floor(limit)
  }
  if (gt !== undefined && (gte === undefined || gt >= gte)) range.gt = gt
  else if (gte !== undefined) range.gte = gte
  if (lt !== undefined && (lte === undefined || lt <= lte)) range.lt = lt
  else if (lte !== undefined) range.lte = lte
  return range
}

/**
 * One apply call's store. Writes go to an in-memory overlay (JSON text, so a value is copied
 * when put and parsed afresh when read); reads see the overlay first, then what this call
 * already read from the view (the view does not change during the call), then the view.
 * `flush()` writes each key of the overlay once, in key order, into one Hyperbee batch and
 * appends it; a key whose final value the view already holds (as far as this call read it)
 * costs no block. Every device runs the same code on the same apply calls (one per append
 * batch of one writer), so the view's blocks are the same everywhere.
 */
export class ApplyStore implements KeyValueStore {
  /** See HyperbeeStore.failure: the first storage error, which must fail the apply. */
  failure: unknown = null
  /** This call's writes: JSON text, or null for a deletion. */
  private readonly writes = new Map<string, string | null>()
  /** What this call read from the view: JSON text, or null for a missing key. */
  private readonly reads = new Map<string, string | null>()
  /** The overlay's keys in order, while no new key has been written. */
  private sorted: string[] | null = null

  /** `bee`, a batch of the view, reads and writes values as JSON text (keys as the view). */
  constructor(private readonly bee: HyperbeeBatch<string, string>) {}

  async get(key: string): Promise<Json | undefined> {
    checkKey(key)
    const text = await this.text(key)
    return text === null ? undefined : JSON.parse(text)
  }

  async put(key: string, value: Json): Promise<void> {
    checkKey(key)
    this.write(key, encodeValue(value))
  }

  async del(key: string): Promise<void> {
    checkKey(key)
    this.write(key, null)
  }

  async batch(ops: BatchOp[]): Promise<void> {
    // Encode every value first: an op the store refuses leaves the overlay as it was.
    const texts = ops.map((op) => {
      checkKey(op.key)
      return op.type === 'put' ? encodeValue(op.value) : null
    })
    for (let i = 0; i < ops.length; i++) this.write(ops[i]!.key, texts[i]!)
  }

  async *range(options: RangeOptions): AsyncIterable<[string, Json]> {
    const range = toBeeRange(options)
    if (range === null) return
    const limit = range.limit ?? Infinity
    // The overlay's keys within the bounds, in the order asked for; each can replace or hide
    // at most one row of the view, so the view need give at most `limit` more rows.
    const own = this.ordered().filter((key) => within(key, options))
    if (options.reverse) own.reverse()
    if (range.limit !== undefined) range.limit += own.length
    const before = options.reverse
      ? (a: string, b: string) => a > b
      : (a: string, b: string) => a < b
    let count = 0
    let next = 0
    try {
      for await (const node of this.bee.createReadStream(range) as AsyncIterable<
        BeeNode<string, string>
      >) {
        // Overlay keys before this row come first.
        while (next < own.length && before(own[next]!, node.key)) {
          const key = own[next++]!
          const text = this.writes.get(key)!
          if (text === null) continue
          yield [key, JSON.parse(text)]
          if (++count >= limit) return
        }
        if (next < own.length && own[next] === node.key) {
          const text = this.writes.get(own[next++]!)!
          if (text === null) continue
          yield [node.key, JSON.parse(text)]
        } else {
          this.reads.set(node.key, node.value)
          yield [node.key, JSON.parse(node.value)]
        }
        if (++count >= limit) return
      }
    } catch (err) {
      this.noteFailure(err)
      throw err
    }
    for (; next < own.length && count < limit; next++) {
      const text = this.writes.get(own[next]!)!
      if (text === null) continue
      yield [own[next]!, JSON.parse(text)]
      count++
    }
  }

  /**
   * Writes the overlay into the batch, each key once and in order, and appends it; then hands
   * the blocks to Hyperbee's cache, which the next call's reads would otherwise fetch from
   * storage (see bee-cache.ts).
   */
  async flush(): Promise<void> {
    const written: Array<[string, string | null]> = []
    try {
      for (const key of this.ordered()) {
        const text = this.writes.get(key)!
        const viewed = this.reads.get(key)
        if (text === viewed) continue // the view holds this already (or lacks a deleted key)
        if (text === null) await this.bee.del(key)
        else await this.bee.put(key, text)
        written.push([key, text])
      }
      await this.bee.flush()
    } catch (err) {
      this.noteFailure(err)
      await this.discard().catch(() => {})
      throw err
    }
    rememberBlocks(this.bee, written)
  }

  /** Drops this call's writes and releases the view's write lock (after a failure). */
  async discard(): Promise<void> {
    this.writes.clear()
    this.sorted = null
    await this.bee.close()
  }

  private async text(key: string): Promise<string | null> {
    const own = this.writes.get(key)
    if (own !== undefined) return own
    const read = this.reads.get(key)
    if (read !== undefined) return read
    let node: BeeNode<string, string> | null
    try {
      node = await this.bee.get(key)
    } catch (err) {
      this.noteFailure(err)
      throw err
    }
    const text = node === null ? null : node.value
    // Another read of the same key may have finished first; the view is the same for both.
    this.reads.set(key, text)
    return text
  }

  private write(key: string, text: string | null): void {
    if (this.sorted !== null && !this.writes.has(key)) this.sorted = null
    this.writes.set(key, text)
  }

  /** The overlay's keys in JS `<` order (the view's byte order, see key-codec.ts). */
  private ordered(): string[] {
    this.sorted ??= [...this.writes.keys()].sort()
    return this.sorted
  }

  private noteFailure(err: unknown): void {
    // As HyperbeeStore's: TypeError and RangeError are the caller's bugs, not the device's.
    if (err instanceof TypeError || err instanceof RangeError) return
    this.failure ??= err
  }
}

/** Keys are strings; anything else is the caller's bug (as Hyperbee's key codec would say). */
function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') throw new TypeError(`a key must be a string, not ${typeof key}`)
}

/** JSON text of a value: a TypeError for what JSON cannot hold (BigInt, cycles, undefined). */
function encodeValue(value: Json): string {
  const text = JSON.stringify(value)
  if (text === undefined) throw new TypeError(`${typeof value} is no JSON value`)
  return text
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
 * One store per `apply` call. Call `flush()` once at the end of the call, after the last
 * entry -- Autobase records the view's length right after `apply` returns, so a write left in
 * the overlay would be lost from the view. If `flush()` fails, nothing of the call is written.
 */
export function openApplyStore(view: Hyperbee<string, Json>): {
  store: ApplyStore
  flush(): Promise<void>
  /** Drops the call's writes and releases the view's write lock (after a failure). */
  discard(): Promise<void>
} {
  // update: false -- inside apply the view is local; never wait on the network for it.
  const store = new ApplyStore(view.batch<string>({ update: false, valueEncoding: 'utf-8' }))
  return { store, flush: () => store.flush(), discard: () => store.discard() }
}
