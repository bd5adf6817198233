// The small key-value interface the ledger runs on. The in-memory store (replay, fuzzing,
// simulation) and the Hyperbee view (core/network) both implement it, so the same ledger
// code decides every transaction the same way on both.
//
// Keys are strings ordered by their UTF-16 code units (plain `<` comparison); values are
// JSON-compatible (BigInts are stored as decimal strings by the ledger itself).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export type BatchOp = { type: 'put'; key: string; value: Json } | { type: 'del'; key: string }

export interface RangeOptions {
  gt?: string
  gte?: string
  lt?: string
  lte?: string
  reverse?: boolean
  limit?: number
}

export interface KeyValueStore {
  get(key: string): Promise<Json | undefined>
  /**
   * The same answer as `get`, at once: only for stores that hold every value in memory. The
   * ledger reads a dozen keys an entry, and a promise per read was a tenth of its own work.
   */
  getNow?(key: string): Json | undefined
  put(key: string, value: Json): Promise<void>
  del(key: string): Promise<void>
  /** Applies all operations at once, in order. */
  batch(ops: BatchOp[]): Promise<void>
  /** Entries in key order (or reverse), within the bounds. */
  range(options: RangeOptions): AsyncIterable<[string, Json]>
  /**
   * The bytes of the entry at block `at` of writer core `writer` (hex), for a `log/<seq>` that
   * keeps the entry's place rather than a copy (keys.ts `EntryPlace`): the node reads them from
   * its copy of that core. Undefined when this store has no such source or this device does not
   * hold that block (yet). Readers only: `apply` never reads an entry back.
   */
  entry?: EntrySource
}

/** Reads an entry's bytes from where it lies (see KeyValueStore.entry). */
export type EntrySource = (writer: string, at: number) => Promise<Uint8Array | undefined>
