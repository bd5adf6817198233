// Stores for the property tests: one that records what each batch changed (and, on request,
// what the ledger read), one that keeps values as JSON text as the Hyperbee view does.
import { MemoryStore } from '../../../core/ledger/memory-store.ts'
import type { BatchOp, Json, RangeOptions } from '../../../core/ledger/store.ts'

export interface Change {
  key: string
  /** JSON of the value before the batch (from a shadow copy, so in-place mutation cannot hide it). */
  before?: string
  after?: string
}

/**
 * A MemoryStore that records what each batch changed (with the values before, kept as JSON
 * in a shadow map) and, while asked to, which keys and ranges the ledger read.
 */
export class RecordingStore extends MemoryStore {
  readonly shadow = new Map<string, string>()
  changes: Change[] = []
  reads: Set<string> | null = null
  ranges: RangeOptions[] | null = null

  override async get(key: string): Promise<Json | undefined> {
    return this.getNow(key)
  }

  // The ledger reads through getNow (State), so the reads are recorded here.
  override getNow(key: string): Json | undefined {
    this.reads?.add(key)
    return super.getNow(key)
  }

  override async *range(options: RangeOptions): AsyncIterable<[string, Json]> {
    this.ranges?.push(options)
    yield* super.range(options)
  }

  override async batch(ops: BatchOp[]): Promise<void> {
    const seen = new Map<string, Change>()
    for (const op of ops) {
      const change = seen.get(op.key) ?? { key: op.key, before: this.shadow.get(op.key) }
      seen.set(op.key, change)
      if (op.type === 'put') {
        change.after = JSON.stringify(op.value)
        this.shadow.set(op.key, change.after)
      } else {
        delete change.after
        this.shadow.delete(op.key)
      }
    }
    this.changes = [...seen.values()].filter((c) => c.before !== c.after)
    await super.batch(ops)
  }
}

/**
 * Values kept as JSON text, as the Hyperbee view encodes them: a replay on it must decide
 * the same as on MemoryStore (structuredClone keeps `undefined` fields and BigInts; JSON
 * does not).
 */
export class JsonStore extends MemoryStore {
  override async get(key: string): Promise<Json | undefined> {
    return this.getNow(key)
  }

  override getNow(key: string): Json | undefined {
    const value = super.getNow(key)
    return value === undefined ? undefined : JSON.parse(value as string)
  }

  override async batch(ops: BatchOp[]): Promise<void> {
    await super.batch(ops.map((op) => (op.type === 'put' ? { ...op, value: JSON.stringify(op.value) } : op)))
  }

  /** (MemoryStore's range reads through this.) */
  override entries(options: RangeOptions = {}): Iterable<[string, Json]> {
    return [...super.entries(options)].map(([key, value]) => [key, JSON.parse(value as string)])
  }
}

export function scan<T = any>(store: MemoryStore, prefix: string): Array<[string, T]> {
  return [...store.entries({ gte: prefix, lt: prefix + '\uffff' })] as Array<[string, T]>
}

export function dump(store: MemoryStore): string {
  return JSON.stringify([...store.entries()])
}
