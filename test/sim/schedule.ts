// A schedule: the seed's list of steps, drawn before anything runs. A step names its kind,
// an actor (a number taken modulo the node count) and raw random numbers that pick among
// whatever exists when the step runs (a lot, a pending co-signature, a link). So any subset
// of a schedule still runs, which is what lets the shrinker drop steps.
import { Prng } from './prng.ts'

export const WORK = {
  define: 3,
  collectivize: 6,
  start: 4,
  consume: 5,
  allocate: 2,
  deallocate: 2,
  workload: 14,
  output: 5,
  transfer: 7,
  cosign: 8,
  decline: 1,
  trust: 2,
  cancel: 1,
  writeoff: 2,
  dispatch: 3,
  revision: 4,
  claim: 10,
  spend: 5,
  propose: 1,
  vote: 3,
  ack: 3
} as const

export const FAULTS = {
  partition: 4,
  heal: 4,
  delay: 3,
  release: 3,
  kill: 3,
  restart: 3,
  garbage: 3,
  replay: 3,
  cosignTwice: 2,
  diskFull: 2,
  diskFree: 2,
  fork: 1
} as const

export type WorkKind = keyof typeof WORK
export type FaultKind = keyof typeof FAULTS
export type StepKind = WorkKind | FaultKind

export interface Step {
  kind: StepKind
  actor: number
  r: [number, number, number, number]
  /** Minutes the declared clock moves before the step. */
  dt: number
}

export interface ScheduleOptions {
  steps: number
  /** Percent of steps that are faults. */
  faultPercent: number
  /** Fault kinds left out (e.g. to run the workload alone). */
  without?: FaultKind[]
}

/**
 * A forked writer (fork.ts) is left out by default. A node that finds a fork drops its copy of
 * that core and fetches it again (core/network/frozen-writers.ts), which heals most forks, but
 * not a twin whose history a peer took whole (it held none of the forker's entries): that
 * peer's proof then freezes the forker's own core on its node (docs/reliability.md, "A member
 * that forks its own core"; seeds 69 and 164). `--fork` puts it in.
 */
export const DEFAULT_SCHEDULE: ScheduleOptions = { steps: 40, faultPercent: 30, without: ['fork'] }

export function isFault(kind: StepKind): kind is FaultKind {
  return kind in FAULTS
}

export function generate(seed: number, options: ScheduleOptions = DEFAULT_SCHEDULE): Step[] {
  const rng = new Prng(seed)
  const faults = Object.fromEntries(
    Object.entries(FAULTS).filter(([k]) => !options.without?.includes(k as FaultKind))
  ) as Record<FaultKind, number>
  const steps: Step[] = []
  for (let i = 0; i < options.steps; i++) {
    const fault = Object.keys(faults).length > 0 && rng.chance(options.faultPercent)
    const kind: StepKind = fault ? rng.weighted(faults) : rng.weighted(WORK)
    // The schedule spans about 75 days whatever its length: April and May close, claims follow.
    const dt = rng.between(0, Math.floor((2 * 75 * 24 * 60) / options.steps))
    steps.push({
      kind,
      actor: rng.int(1 << 16),
      r: [rng.next(), rng.next(), rng.next(), rng.next()],
      dt
    })
  }
  return steps
}

/** "0-4,7,9-12" for step indices, and back. */
export function formatIndices(indices: number[]): string {
  const out: string[] = []
  for (let i = 0; i < indices.length; i++) {
    let j = i
    while (j + 1 < indices.length && indices[j + 1] === indices[j]! + 1) j++
    out.push(i === j ? String(indices[i]) : `${indices[i]}-${indices[j]}`)
    i = j
  }
  return out.join(',')
}

export function parseIndices(text: string): number[] {
  const out: number[] = []
  for (const part of text.split(',').filter(Boolean)) {
    const [a, b] = part.split('-').map(Number) as [number, number | undefined]
    for (let i = a; i <= (b ?? a); i++) out.push(i)
  }
  return out
}
