// The ledger's KeyValueStore over the Hyperbee view, so that the same ledger code that runs on
// MemoryStore in replays and fuzzing decides every transaction inside Autobase's `apply`.
//
// Inside `apply` the store wraps one Hyperbee *batch* per apply call (see openApplyStore):
// reads go through the batch, so they see the writes made earlier in the same call, and
// nothing reaches the view core until `flush()` at the end of the call. Outside `apply` (the
// UI's queries) it wraps the read-only public view or a snapshot of it; writes there throw.
//
// Keys: see key-codec.ts -- Hyperbee's byte order equals JS `<` on our keys, for every string.
// Values: JSON. A value comes back as a fresh object (MemoryStore hands back the very object
// that was put; the ledger must not mutate values after putting them, or the two diverge).
import type Hyperbee from 'hyperbee'
import type { BeeRange, HyperbeeBatch } from 'hyperbee'
import type { BatchOp, Json, KeyValueStore, RangeOptions } from '../ledger/store.ts'
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

  constructor(private readonly db: BeeLike) {}

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
    // Inside apply the db is already a Hyperbee batch: the ops become visible to later reads
    // at once and reach the core together at the end of the apply call.
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
 * One store per `apply` call: a Hyperbee batch that sees its own writes. Call `flush()` once
 * at the end of the call, after the last entry -- Autobase records the view's length right
 * after `apply` returns, so a write left in the batch would be lost from the view.
 */
export function openApplyStore(view: Hyperbee<string, Json>): {
  store: HyperbeeStore
  flush(): Promise<void>
  /** Drops the batch's writes and releases the view's write lock (after a failure). */
  discard(): Promise<void>
} {
  // update: false -- inside apply the view is local; never wait on the network for it.
  const batch = view.batch({ update: false })
  return {
    store: new HyperbeeStore(batch),
    flush: () => batch.flush(),
    discard: () => batch.close()
  }
}
