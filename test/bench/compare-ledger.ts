// The in-memory ledger of another checkout beside this one's, in one process, on one mix:
// the before/after figures of a change to the ledger's own cost, as ratios to sodium's
// one-core rate measured in the same run (the machines are shared; only such ratios compare).
//
//   git archive <commit> core test/bench package.json | tar -x -C /tmp/base
//   ln -s "$PWD/node_modules" /tmp/base/node_modules
//   BENCH_BASE=/tmp/base BENCH_N=10000 BENCH_REPEAT=3 node --import tsx test/bench/compare-ledger.ts
//
// Runs alternate (base, this, base, this, ...) so that a change in the machine's load hits
// both alike; the best of each is kept. Both must reach the same digest.
import { loadavg } from 'node:os'
import { resolve } from 'node:path'
import * as here from './ledger.ts'

const base: typeof here = await import(resolve(process.env.BENCH_BASE ?? '', 'test/bench/ledger.ts'))
const n = Number(process.env.BENCH_N ?? 10_000)
const repeat = Number(process.env.BENCH_REPEAT ?? 3)
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ')

console.log(`${n} entries, best of ${repeat}, load at start ${load()}`)
const mix = here.buildMix(n)
let sodium = Infinity
const best = { base: { pre: Infinity, thread: Infinity }, here: { pre: Infinity, thread: Infinity } }
const digests = new Set<string>()
for (let i = 0; i < repeat; i++) {
  sodium = Math.min(sodium, here.timeSodium(mix))
  for (const [name, lib] of [['base', base], ['here', here]] as const) {
    const pre = await lib.timeLedgerPreverified(mix)
    const piped = await lib.timeLedgerPipelined(mix, 1)
    for (const r of [pre, piped]) {
      if (r.accepted !== n) throw new Error(`${name}: ${n - r.accepted} entries refused`)
      digests.add(r.digest)
    }
    best[name].pre = Math.min(best[name].pre, pre.seconds)
    if (piped.applyThread !== undefined) best[name].thread = Math.min(best[name].thread, piped.applyThread)
  }
}
if (digests.size !== 1) throw new Error(`the two ledgers reached different digests: ${[...digests].join(', ')}`)
const ratio = (s: number) => (sodium / s).toFixed(2)
console.log(`sodium alone: ${sodium.toFixed(3)} CPU s for ${mix.signatures.length} signatures; digest ${[...digests][0]}`)
console.log('| ratio to sodium | base | this |')
console.log('|---|--:|--:|')
console.log(`| apply loop, signatures checked beforehand (CPU) | ${ratio(best.base.pre)} (${best.base.pre.toFixed(3)} s) | ${ratio(best.here.pre)} (${best.here.pre.toFixed(3)} s) |`)
console.log(`| pipelined, 1 worker, apply thread CPU | ${ratio(best.base.thread)} (${best.base.thread.toFixed(2)} s) | ${ratio(best.here.thread)} (${best.here.thread.toFixed(2)} s) |`)
console.log(`load at end ${load()}`)
