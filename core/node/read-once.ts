// One screen query's reads, each key read once: a page of the log names the same production,
// lot or order in many rows (a month's workloads on one production), and each row's summary
// reads it again. Only for the length of one query: the view moves on between queries.
import type { Json, KeyValueStore } from '../ledger/store.ts'

export function readOnce(store: KeyValueStore): KeyValueStore {
  const read = new Map<string, Promise<Json | undefined>>()
  return {
    get(key) {
      let value = read.get(key)
      if (value === undefined) read.set(key, (value = store.get(key)))
      return value
    },
    range: (options) => store.range(options),
    // A query writes nothing; these pass through so that the wrapper stays a KeyValueStore.
    put: (key, value) => (read.delete(key), store.put(key, value)),
    del: (key) => (read.delete(key), store.del(key)),
    batch: (ops) => (read.clear(), store.batch(ops)),
    // A log record may keep its entry's place: the entry is read where the store reads it.
    ...(store.entry ? { entry: store.entry } : {})
  }
}
