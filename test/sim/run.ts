// One seed, start to end: build the network, run the schedule's steps (each followed by
// settling the links and the oracle on every live node whose view changed), then heal
// everything and demand one digest on every node.
import * as queries from '../../core/ledger/queries.ts'
import { checkNode, type Violation } from './oracle.ts'
import { runFault } from './faults.ts'
import { DEFAULT_SCHEDULE, generate, isFault, type ScheduleOptions, type Step, type StepKind } from './schedule.ts'
import { MINUTE, Sim, StuckError } from './sim.ts'
import { runWork } from './workload.ts'

export interface RunOptions {
  seed: number
  /** Run only these step indices of the seed's schedule (a shrunk reproduction). */
  only?: number[]
  schedule?: ScheduleOptions
  root?: string
  /** Called after each step (progress, tracing). */
  onStep?: (index: number, step: Step, outcome: string) => void
}

export interface RunResult {
  seed: number
  /** Indices of the steps that ran. */
  ran: number[]
  violations: Violation[]
  /** The step index at which the first violation showed, or -1 at the final check. */
  failedAt: number | null
  faults: Partial<Record<StepKind, number>>
  outcomes: Record<string, number>
  /** Log entries on the nodes at the end (one number: they agree). */
  entries: number
  nodes: number
  ms: number
}

export async function runSeed(options: RunOptions): Promise<RunResult> {
  const started = Date.now()
  const all = generate(options.seed, options.schedule ?? DEFAULT_SCHEDULE)
  const indices = options.only ?? all.map((_, i) => i)
  const result: RunResult = { seed: options.seed, ran: [], violations: [], failedAt: null, faults: {}, outcomes: {}, entries: 0, nodes: 0, ms: 0 }
  const sim = await Sim.start({ seed: options.seed, root: options.root ?? '/dev/shm' })
  result.nodes = sim.nodes.length
  const checked = new Map<number, string>()

  /** The oracle on every live node whose view changed since it was last checked. */
  const check = async (): Promise<Violation[]> => {
    const out: Violation[] = []
    for (const node of sim.up()) {
      const { digest } = await queries.digest(node.require().store())
      const key = `${digest}/${node.restarts}`
      if (checked.get(node.index) === key) continue
      checked.set(node.index, key)
      out.push(...(await checkNode(node, sim.signed)))
    }
    return out
  }

  try {
    for (const index of indices) {
      const step = all[index]
      if (!step) continue
      result.ran.push(index)
      sim.tick(step.dt * MINUTE)
      let outcome: string
      try {
        if (isFault(step.kind)) {
          outcome = (await runFault(sim, step.kind, step)) ? 'fault' : 'no-op'
          if (outcome === 'fault') result.faults[step.kind] = (result.faults[step.kind] ?? 0) + 1
        } else {
          outcome = `${step.kind}:${await runWork(sim, step.kind, step)}`
        }
        await sim.settle()
      } catch (error) {
        result.violations.push(asViolation(error, step.kind))
        result.failedAt = index
        break
      }
      result.outcomes[outcome] = (result.outcomes[outcome] ?? 0) + 1
      options.onStep?.(index, step, outcome)
      const found = await check()
      if (found.length > 0) {
        result.violations.push(...found)
        result.failedAt = index
        break
      }
    }
    if (result.violations.length === 0) await finish(sim, result, check)
  } finally {
    await sim.close()
    result.ms = Date.now() - started
  }
  return result
}

/** Heals everything (restarts, releases, a full mesh, an ack), then demands one digest. */
async function finish(sim: Sim, result: RunResult, check: () => Promise<Violation[]>): Promise<void> {
  try {
    for (const node of sim.nodes) {
      if (!node.up) {
        await node.open()
        node.restarts++
      }
    }
    sim.links.releaseAll()
    for (let i = 0; i < sim.nodes.length; i++) for (let j = i + 1; j < sim.nodes.length; j++) sim.links.connect(i, j)
    await sim.settle()
    await sim.nodes[0]!.require().requireBase().autobase.ack()
    await sim.settle()
  } catch (error) {
    result.violations.push(asViolation(error, 'final heal'))
    result.failedAt = -1
    return
  }
  const states = await Promise.all(sim.nodes.map(async (n) => ({ name: n.name, ...(await queries.digest(n.require().store())) })))
  result.entries = states[0]!.length
  if (new Set(states.map((s) => `${s.digest}/${s.length}`)).size > 1) {
    result.violations.push({ rule: '9.1', node: '*', message: `digests differ after everything was delivered: ${states.map((s) => `${s.name} ${s.length} ${s.digest.slice(0, 12)}`).join('; ')}` })
  }
  result.violations.push(...(await check()))
  if (result.violations.length > 0) result.failedAt = -1
}

function asViolation(error: unknown, during: string): Violation {
  if (error instanceof StuckError) return { rule: 'liveness', node: '*', message: `${during}: ${error.message}` }
  const e = error as Error & { code?: string }
  return { rule: 'crash', node: '*', message: `${during}: ${e.name}${e.code ? ` ${e.code}` : ''}: ${e.message}\n${e.stack ?? ''}` }
}
