// What each entry of the bench mix writes into the view, per key kind (issue 14, item 3): the
// keys an apply call of BENCH_BATCH entries changes (each once per call, as Hyperbee writes
// them), their count and bytes (key + JSON value, no tree) per entry and per log byte. Entries
// carry their place in a writer core (`at`) as on a node, unless BENCH_KEYS_COPY=1.
//
//   BENCH_VIEW=3000 node --import tsx test/bench/view-keys.ts
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import type { BatchOp, KeyValueStore } from '../../core/ledger/store.ts'
import { buildMix } from './ledger.ts'

const n = Number(process.env.BENCH_VIEW ?? 3000)
const batch = Number(process.env.BENCH_BATCH ?? 100)
const copy = process.env.BENCH_KEYS_COPY === '1'
const mix = buildMix(n)
const memory = new MemoryStore()
let touched = new Map<string, BatchOp>()
const store: KeyValueStore = {
  get: (k) => memory.get(k),
  put: (k, v) => memory.put(k, v),
  del: (k) => memory.del(k),
  range: (o) => memory.range(o),
  batch: async (ops) => {
    for (const op of ops) touched.set(op.key, op)
    await memory.batch(ops)
  }
}
/** Key kind: the first path segment, and `meta/` keys by name. */
const kind = (key: string) => (key.startsWith('meta/') ? key : key.split('/')[0]!)
const count = new Map<string, number>()
const bytes = new Map<string, number>()
const flush = () => {
  for (const [key, op] of touched) {
    if (op.type !== 'put') continue
    const k = kind(key)
    count.set(k, (count.get(k) ?? 0) + 1)
    bytes.set(k, (bytes.get(k) ?? 0) + Buffer.byteLength(key) + Buffer.byteLength(JSON.stringify(op.value)))
  }
  touched = new Map()
}
const ledger = new Ledger(store)
for (const [i, e] of mix.entries.entries()) {
  await ledger.apply(copy ? { bytes: e.bytes, writer: e.writer } : { bytes: e.bytes, writer: e.writer, at: i })
  if ((i + 1) % batch === 0) flush()
}
flush()
const logBytes = mix.entries.reduce((s, e) => s + e.bytes.byteLength, 0)
const rows = [...bytes.entries()].sort((a, b) => b[1] - a[1])
console.log(`${n} entries, ${Math.round(logBytes / n)} B each, ${batch} per call, ${copy ? 'entries copied' : 'entries by place'}`)
console.log('| key | keys/entry | bytes / log bytes |\n|---|--:|--:|')
for (const [k, b] of rows) console.log(`| ${k} | ${(count.get(k)! / n).toFixed(2)} | ${(b / logBytes).toFixed(3)} |`)
const total = rows.reduce((s, [, b]) => s + b, 0)
const keys = [...count.values()].reduce((s, c) => s + c, 0)
console.log(`| total | ${(keys / n).toFixed(2)} | ${(total / logBytes).toFixed(2)} |`)
