// The in-memory ledger of another checkout beside this one's, in one process, on one mix:
// the before/after figures of a change to the ledger's own cost, as ratios to sodium's
// one-core rate measured in the same run (the machines are shared; only such ratios compare).
//
//   git archive <commit> core test/bench package.json | tar -x -C /tmp/base
//   ln -s "$PWD/node_modules" /tmp/base/node_modules
//   BENCH_BASE=/tmp/base BENCH_N=10000 BENCH_REPEAT=6 node --expose-gc --import tsx test/bench/compare-ledger.ts
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
// Each repeat's this/base cost, pair by pair: the load moves less within a pair than across the run.
const paired = { pre: [] as number[], thread: [] as number[] }
for (let i = 0; i < repeat; i++) {
  sodium = Math.min(sodium, here.timeSodium(mix))
  const run = { base: { pre: 0, thread: 0 }, here: { pre: 0, thread: 0 } }
  // Alternate which goes first, so neither always runs on a warmer (or colder) machine.
  const order = i % 2 === 0 ? (['base', 'here'] as const) : (['here', 'base'] as const)
  for (const name of order) {
    const lib = name === 'base' ? base : here
    // Each run starts on a collected heap (node --expose-gc), not paying for the last one's store.
    const gc = (globalThis as { gc?: () => void }).gc
    gc?.()
    const pre = await lib.timeLedgerPreverified(mix)
    gc?.()
    const piped = await lib.timeLedgerPipelined(mix, 1)
    for (const r of [pre, piped]) {
      if (r.accepted !== n) throw new Error(`${name}: ${n - r.accepted} entries refused`)
      digests.add(r.digest)
    }
    run[name] = { pre: pre.seconds, thread: piped.applyThread ?? NaN }
    best[name].pre = Math.min(best[name].pre, pre.seconds)
    if (piped.applyThread !== undefined) best[name].thread = Math.min(best[name].thread, piped.applyThread)
  }
  paired.pre.push(run.here.pre / run.base.pre)
  paired.thread.push(run.here.thread / run.base.thread)
  console.log(`repeat ${i + 1}: base ${run.base.pre.toFixed(3)} / ${run.base.thread.toFixed(2)} s, this ${run.here.pre.toFixed(3)} / ${run.here.thread.toFixed(2)} s (preverified CPU / apply thread CPU), load ${load()}`)
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
if (digests.size !== 1) throw new Error(`the two ledgers reached different digests: ${[...digests].join(', ')}`)
const ratio = (s: number) => (sodium / s).toFixed(2)
console.log(`sodium alone: ${sodium.toFixed(3)} CPU s for ${mix.signatures.length} signatures; digest ${[...digests][0]}`)
console.log('| ratio to sodium | base | this |')
console.log('|---|--:|--:|')
console.log(`| apply loop, signatures checked beforehand (CPU) | ${ratio(best.base.pre)} (${best.base.pre.toFixed(3)} s) | ${ratio(best.here.pre)} (${best.here.pre.toFixed(3)} s) |`)
console.log(`| pipelined, 1 worker, apply thread CPU | ${ratio(best.base.thread)} (${best.base.thread.toFixed(2)} s) | ${ratio(best.here.thread)} (${best.here.thread.toFixed(2)} s) |`)
console.log(`median of the pairs, this / base: preverified ${median(paired.pre).toFixed(2)}, apply thread ${median(paired.thread).toFixed(2)}`)
console.log(`load at end ${load()}`)
