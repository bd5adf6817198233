// npm run sim -- --seeds N [--seed S] [--jobs J] [--only 0-4,7] [--steps 40]
//                [--break double-claim] [--no-shrink] [--keep-going] [--json out.json] [--trace]
//                [--fork]   (a member forking its own core among the faults: schedule.ts)
// Runs seeds S … S+N−1 (S = 1 by default), in J processes (one per core by default). A
// failing seed prints its violations, is shrunk to the fewest steps that still fail the same
// way, and prints the one command that replays it.
import { spawn } from 'node:child_process'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { breakRule, type BrokenRule } from './broken.ts'
import { runSeed, type RunResult } from './run.ts'
import { DEFAULT_SCHEDULE, parseIndices } from './schedule.ts'
import { reproduction, shrink } from './shrink.ts'

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    jobs: { type: 'string', default: String(availableParallelism()) },
    stride: { type: 'string', default: '1' },
    only: { type: 'string' },
    steps: { type: 'string' },
    break: { type: 'string' },
    'no-shrink': { type: 'boolean', default: false },
    'keep-going': { type: 'boolean', default: false },
    json: { type: 'string' },
    trace: { type: 'boolean', default: false },
    fork: { type: 'boolean', default: false }
  }
})

interface Totals {
  seeds: number
  failed: number
  steps: number
  entries: number
  faults: Record<string, number>
  outcomes: Record<string, number>
  violations: number
  stalls: number
  ms: number
  /** CPU time of the processes that ran seeds (user + system), in ms. */
  cpuMs: number
  failures: Array<{ seed: number; violations: RunResult['violations']; reproduction: string }>
}

const emptyTotals = (): Totals => ({ seeds: 0, failed: 0, steps: 0, entries: 0, faults: {}, outcomes: {}, violations: 0, stalls: 0, ms: 0, cpuMs: 0, failures: [] })
const add = (into: Record<string, number>, from: Record<string, number | undefined>) => {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + (n ?? 0)
}

const first = Number(values.seed)
const count = Number(values.seeds)
const stride = Number(values.stride)
const jobs = Math.max(1, Math.min(Number(values.jobs), count))
const schedule = { ...DEFAULT_SCHEDULE, ...(values.steps ? { steps: Number(values.steps) } : {}), ...(values.fork ? { without: [] } : {}) }
const only = values.only ? parseIndices(values.only) : undefined
const extra = [...(values.steps ? [`--steps ${values.steps}`] : []), ...(values.break ? [`--break ${values.break}`] : []), ...(values.fork ? ['--fork'] : [])]

/** Runs the seeds in this process. */
async function runHere(seeds: number[]): Promise<Totals> {
  const restore = values.break ? breakRule(values.break as BrokenRule) : () => {}
  const totals = emptyTotals()
  try {
    for (const seed of seeds) {
      const result = await runSeed({ seed, schedule, ...(only ? { only } : {}), onDefer: (state) => console.log(`  seed ${seed}: a check put off: ${state}`), ...(values.trace ? { onStep: (i, step, outcome) => console.log(`  step ${i} ${step.kind} → ${outcome}`) } : {}) })
      totals.seeds++
      totals.steps += result.ran.length
      totals.entries += result.entries
      totals.stalls += result.stalls
      add(totals.faults, result.faults)
      for (const [outcome, n] of Object.entries(result.outcomes)) add(totals.outcomes, { [outcome.split(':')[1]?.split(' ')[0] ?? outcome]: n })
      const faults = Object.values(result.faults).reduce((a, b) => a! + b!, 0)
      const line = `seed ${seed}: ${result.nodes} nodes, ${result.ran.length} steps, ${result.entries} entries, ${faults} faults (${Object.entries(result.faults).map(([k, n]) => `${k}:${n}`).join(',')}), ${result.ms} ms (slowest step ${result.slowest.index} ${result.slowest.kind} ${result.slowest.ms} ms${result.repaired ? `, ${result.repaired} links repaired` : ''}${result.stalls ? `, ${result.stalls} stalls healed by reconnecting` : ''}${result.deferred ? `, ${result.deferred} checks put off` : ''})`
      if (result.violations.length === 0) {
        console.log(`${line}: ok`)
        continue
      }
      totals.failed++
      totals.violations += result.violations.length
      console.log(`${line}: FAILED at ${result.failedAt === -1 ? 'the final check' : `step ${result.failedAt}`}`)
      for (const v of result.violations) console.log(`  [${v.rule}] ${v.node}: ${v.message}`)
      let steps = result.ran
      if (!values['no-shrink'] && !only) {
        console.log(`  seed ${seed}: shrinking…`)
        const shrunk = await shrink(result, { schedule, onTry: (s, fails) => console.log(`    ${s.length} steps: ${fails ? 'still fails' : 'passes'}`) })
        steps = shrunk.steps
        console.log(`  seed ${seed}: shrunk to ${steps.length} of ${result.ran.length} steps in ${shrunk.tries} runs`)
      }
      const command = reproduction(seed, steps, extra)
      console.log(`  seed ${seed}: reproduce with: ${command}`)
      totals.failures.push({ seed, violations: result.violations, reproduction: command })
      if (!values['keep-going']) break
    }
  } finally {
    restore()
  }
  return totals
}

/** Splits the seeds over `jobs` child processes (seed k, k+jobs, …) and adds up their totals. */
async function runInChildren(): Promise<Totals> {
  const cli = fileURLToPath(import.meta.url)
  const passOn = process.argv.slice(2).filter((arg, i, all) => !['--seed', '--seeds', '--jobs', '--stride', '--json'].includes(arg) && !['--seed', '--seeds', '--jobs', '--stride', '--json'].includes(all[i - 1]!))
  const children = Array.from({ length: jobs }, async (_, k) => {
    const out = join(tmpdir(), `stachanov-sim-${process.pid}-${k}.json`)
    const seeds = Math.ceil((count - k) / jobs)
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...passOn, '--seed', String(first + k), '--seeds', String(seeds), '--stride', String(jobs), '--jobs', '1', '--json', out], { stdio: ['ignore', 'inherit', 'inherit'] })
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    try {
      return JSON.parse(await readFile(out, 'utf8')) as Totals
    } catch {
      // The child ended without its totals: that is a failure of the run, never a pass.
      console.log(`job ${k} (seeds ${first + k}, ${first + k + jobs}, …) ended with code ${code} and no totals`)
      return { ...emptyTotals(), failed: 1, violations: 1 }
    } finally {
      await rm(out, { force: true })
    }
  })
  const all = emptyTotals()
  for (const part of await Promise.all(children)) {
    for (const key of ['seeds', 'failed', 'steps', 'entries', 'violations', 'stalls', 'cpuMs'] as const) all[key] += part[key]
    add(all.faults, part.faults)
    add(all.outcomes, part.outcomes)
    all.failures.push(...part.failures)
  }
  return all
}

const started = Date.now()
const totals = jobs > 1 ? await runInChildren() : await runHere(Array.from({ length: count }, (_, i) => first + i * stride))
totals.ms = Date.now() - started
if (jobs === 1) {
  const cpu = process.cpuUsage()
  totals.cpuMs = Math.round((cpu.user + cpu.system) / 1000)
}
if (values.json) await writeFile(values.json, JSON.stringify(totals, null, 2) + '\n')
if (stride === 1) {
  console.log(`\n${totals.seeds} seeds, ${totals.failed} failed; ${totals.steps} steps, ${totals.entries} log entries, violations ${totals.violations}, stalls healed ${totals.stalls}, ${(totals.ms / 1000).toFixed(1)} s (CPU ${(totals.cpuMs / 1000).toFixed(1)} s, ${jobs} jobs)`)
  console.log(`faults: ${Object.entries(totals.faults).map(([k, n]) => `${k} ${n}`).join(', ')}`)
  console.log(`outcomes: ${Object.entries(totals.outcomes).map(([k, n]) => `${k} ${n}`).join(', ')}`)
  for (const f of totals.failures) console.log(`FAILED seed ${f.seed}: ${f.reproduction}`)
}
process.exitCode = totals.failed > 0 ? 1 : 0
