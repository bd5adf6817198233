// One seed, start to end: build the network, run the schedule's steps (each followed by
// settling the links and the oracle on every live node whose view changed), then heal
// everything and demand one digest on every node.
import * as queries from '../../core/ledger/queries.ts'
import { checkNode, OracleError, type Violation } from './oracle.ts'
import { runFault } from './faults.ts'
import {
  DEFAULT_SCHEDULE,
  generate,
  isFault,
  type ScheduleOptions,
  type Step
} from './schedule.ts'
import { MINUTE, Sim, StuckError } from './sim.ts'
import { runWork } from './workload.ts'
import { afterLived, startLived, stopLived } from './lived.ts'
import { networkState, viewState } from './diagnose.ts'

export interface RunOptions {
  seed: number
  /** Run only these step indices of the seed's schedule (a shrunk reproduction). */
  only?: number[]
  schedule?: ScheduleOptions
  root?: string
  /** Called when a check is put off, with the node's view as it stands (diagnose.ts). */
  onDefer?: (state: string) => void
  /** Called after each step (progress, tracing). */
  onStep?: (index: number, step: Step, outcome: string) => void
}

export interface RunResult {
  seed: number
  /** Indices of the steps that ran. */
  ran: number[]
  /** What each step that ran came to ('workload:accepted', 'fault', 'no-op', …), by index. */
  trace: Record<number, string>
  violations: Violation[]
  /** The step index at which the first violation showed, or -1 at the final check. */
  failedAt: number | null
  /** Faults by kind ('diskFull at open', 'fork' …: some kinds name their moment or outcome). */
  faults: Record<string, number>
  outcomes: Record<string, number>
  /** Log entries on the nodes at the end (one number: they agree). */
  entries: number
  nodes: number
  ms: number
  /** Replication streams that ended on their own and were reconnected. */
  repaired: number
  /** Checks put off because a node's view was not all local (its blocks' holder out of reach). */
  deferred: number
  /** Settles that stalled and went through after every link was reconnected. */
  stalls: number
  /** The slowest step (its index, kind and milliseconds), for keeping runs short. */
  slowest: { index: number; kind: string; ms: number }
}

export async function runSeed(options: RunOptions): Promise<RunResult> {
  const started = Date.now()
  const all = generate(options.seed, options.schedule ?? DEFAULT_SCHEDULE)
  const indices = options.only ?? all.map((_, i) => i)
  const result: RunResult = {
    seed: options.seed,
    ran: [],
    trace: {},
    violations: [],
    failedAt: null,
    faults: {},
    outcomes: {},
    entries: 0,
    nodes: 0,
    ms: 0,
    slowest: { index: -1, kind: '', ms: 0 },
    repaired: 0,
    stalls: 0,
    deferred: 0
  }
  // In-process links hold no handle of the event loop: the lived clock keeps it alive, so a
  // wait for data that never comes fails the step instead of ending the process silently.
  startLived()
  const sim = await Sim.start({ seed: options.seed, root: options.root ?? '/dev/shm' })
  result.nodes = sim.nodes.length
  const checked = new Map<number, string>()

  /** The oracle on every live node whose view changed since it was last checked. */
  const check = async (): Promise<Violation[]> => {
    const out: Violation[] = []
    // Nodes of a settled group usually hold the very same view: the same core, length and
    // Merkle root mean the same bytes, so one read and one verdict serve them all.
    const verdicts = new Map<string, Violation[]>()
    for (const node of sim.nodes) if (node.full) await node.expectDiskFull()
    for (const node of sim.up()) {
      const { digest } = await queries.digest(node.require().store())
      const key = `${digest}/${node.restarts}`
      if (checked.get(node.index) === key) continue
      checked.set(node.index, key)
      const core = node.require().requireBase().view.core
      const same = `${core.key.toString('hex')}/${core.length}/${(await core.treeHash()).toString('hex')}`
      const verdict = verdicts.get(same)
      if (verdict) {
        out.push(...verdict.map((v) => ({ ...v, node: node.name })))
        continue
      }
      // A node whose view is not all local (after the indexer's ack its blocks are the
      // indexer's) reads them from its peers; when no linked peer holds them the read waits.
      // Such a check is put off (counted); the final check, over a full mesh, reaches all.
      const wait = afterLived(DEFER_MS)
      const checked_ = await Promise.race([
        checkNode(node, sim.signed),
        wait.promise.then(() => null)
      ])
      wait.cancel()
      if (checked_ === null) {
        result.deferred++
        options.onDefer?.(viewState(node))
        checked.delete(node.index)
        continue
      }
      verdicts.set(same, checked_)
      out.push(...checked_)
    }
    return out
  }

  try {
    for (const index of indices) {
      const step = all[index]
      if (!step) continue
      result.ran.push(index)
      sim.tick(step.dt * MINUTE)
      const stepStarted = Date.now()
      let outcome = ''
      try {
        await withTimeout(STEP_LIMIT_MS, `step ${index} (${step.kind})`, async () => {
          if (isFault(step.kind)) {
            const done = await runFault(sim, step.kind, step)
            outcome = done ? 'fault' : 'no-op'
            const label = typeof done === 'string' ? done : step.kind
            if (done) result.faults[label] = (result.faults[label] ?? 0) + 1
          } else {
            outcome = `${step.kind}:${await runWork(sim, step.kind, step)}`
          }
          // A step that did nothing leaves the network as the last settle left it (settled);
          // an ack appends even when its step counts as skipped.
          const idle = outcome === 'no-op' || (outcome.endsWith(':skipped') && step.kind !== 'ack')
          if (!idle) await sim.settle()
        })
      } catch (error) {
        result.violations.push(asViolation(error, step.kind, sim))
        result.failedAt = index
        break
      }
      result.outcomes[outcome] = (result.outcomes[outcome] ?? 0) + 1
      result.trace[index] = outcome
      const took = Date.now() - stepStarted
      if (took > result.slowest.ms) result.slowest = { index, kind: step.kind, ms: took }
      options.onStep?.(index, step, `${outcome} (${took} ms)`)
      let found: Violation[] = []
      try {
        await withTimeout(
          STEP_LIMIT_MS,
          `the oracle after step ${index} (${step.kind})`,
          async () => {
            found = await check()
          }
        )
      } catch (error) {
        found = [asViolation(error, 'oracle', sim)]
      }
      if (found.length > 0) {
        result.violations.push(...found)
        result.failedAt = index
        break
      }
    }
    if (result.violations.length === 0) {
      await withTimeout(STEP_LIMIT_MS, 'the final heal', () => finish(sim, result, check)).catch(
        (error) => {
          result.violations.push(asViolation(error, 'final heal', sim))
          result.failedAt = -1
        }
      )
    }
    result.repaired = sim.repaired
    result.stalls = sim.stalls
  } finally {
    stopLived()
    await sim.close()
    result.ms = Date.now() - started
  }
  return result
}

/** Heals everything (restarts, releases, a full mesh, an ack), then demands one digest. */
async function finish(
  sim: Sim,
  result: RunResult,
  check: () => Promise<Violation[]>
): Promise<void> {
  try {
    for (const node of sim.nodes) {
      if (node.full) await node.freeDisk()
      if (node.down) {
        await node.open()
        node.restarts++
      }
    }
    sim.links.releaseAll()
    for (let i = 0; i < sim.nodes.length; i++)
      for (let j = i + 1; j < sim.nodes.length; j++) sim.links.connect(i, j)
    await sim.settle()
    await sim.nodes[0]!.require().requireBase().autobase.ack()
    await sim.settle()
  } catch (error) {
    result.violations.push(asViolation(error, 'final heal'))
    result.failedAt = -1
    return
  }
  const states = await Promise.all(
    sim.nodes.map(async (n) => ({ name: n.name, ...(await queries.digest(n.require().store())) }))
  )
  result.entries = states[0]!.length
  if (new Set(states.map((s) => `${s.digest}/${s.length}`)).size > 1) {
    result.violations.push({
      rule: '9.1',
      node: '*',
      message: `digests differ after everything was delivered: ${states.map((s) => `${s.name} ${s.length} ${s.digest.slice(0, 12)}`).join('; ')}`
    })
  }
  result.violations.push(...(await check()))
  if (result.violations.length > 0) result.failedAt = -1
}

// Bounds are in lived milliseconds (lived.ts), so that a starved process is not taken for a
// stuck one.
/** How long the oracle waits for a node's view before putting its check off. */
const DEFER_MS = 15_000

/** A step that neither ends nor fails: reported as a liveness violation, not a silent hang. */
const STEP_LIMIT_MS = Number(process.env.SIM_STEP_MS ?? 180_000)

async function withTimeout(ms: number, what: string, run: () => Promise<void>): Promise<void> {
  const wait = afterLived(ms)
  const timeout = wait.promise.then(() => {
    throw new StuckError(`${what} did not end within ${ms} ms (lived)`)
  })
  timeout.catch(() => {})
  try {
    await Promise.race([run(), timeout])
  } finally {
    wait.cancel()
  }
}

function asViolation(error: unknown, during: string, sim?: Sim): Violation {
  if (error instanceof OracleError)
    return { rule: error.rule, node: '*', message: `${during}: ${error.message}` }
  if (error instanceof StuckError)
    return {
      rule: 'liveness',
      node: '*',
      message: `${during}: ${error.message}${sim ? `\n  where it stood: ${networkState(sim)}` : ''}`
    }
  const e = error as Error & { code?: string }
  return {
    rule: 'crash',
    node: '*',
    message: `${during}: ${e.name}${e.code ? ` ${e.code}` : ''}: ${e.message}\n${e.stack ?? ''}`
  }
}
