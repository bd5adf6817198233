// Shrinking a failing schedule: delta debugging (ddmin) over the step indices that ran up to
// the failure, keeping a smaller set whenever it still fails the same rule. Each try is a
// whole run of the seed with only those steps (steps pick among what exists when they run,
// so any subset runs). The result is printed as one command that reproduces it.
import { formatIndices } from './schedule.ts'
import { runSeed, type RunOptions, type RunResult } from './run.ts'

export interface Shrunk {
  steps: number[]
  result: RunResult
  tries: number
}

export async function shrink(
  failed: RunResult,
  options: Omit<RunOptions, 'seed' | 'only'> & {
    budget?: number
    onTry?: (steps: number[], fails: boolean) => void
  } = {}
): Promise<Shrunk> {
  const rule = failed.violations[0]?.rule
  const budget = options.budget ?? 40
  let tries = 0
  let best: Shrunk = { steps: failed.ran, result: failed, tries: 0 }
  const fails = async (steps: number[]): Promise<boolean> => {
    tries++
    const result = await runSeed({ ...options, seed: failed.seed, only: steps })
    const same = result.violations.some((v) => v.rule === rule)
    options.onTry?.(steps, same)
    if (same && steps.length <= best.steps.length) best = { steps, result, tries }
    return same
  }
  let current = failed.ran
  // Cheap cuts first: the steps that did nothing, then every fault, then ddmin.
  const last = failed.ran[failed.ran.length - 1]
  const idle = (i: number) => i !== last && /skipped|no-op/.test(failed.trace[i] ?? '')
  for (const cut of [idle, (i: number) => i !== last && failed.trace[i] === 'fault']) {
    const candidate = current.filter((i) => !cut(i))
    if (candidate.length < current.length && tries < budget && (await fails(candidate)))
      current = candidate
  }
  let n = 2
  while (current.length >= 2 && tries < budget) {
    const size = Math.ceil(current.length / n)
    let reduced = false
    for (let i = 0; i < n && tries < budget; i++) {
      const complement = current.filter((_, k) => k < i * size || k >= (i + 1) * size)
      if (complement.length === 0 || complement.length === current.length) continue
      if (await fails(complement)) {
        current = complement
        n = Math.max(n - 1, 2)
        reduced = true
        break
      }
    }
    if (!reduced) {
      if (n >= current.length) break
      n = Math.min(current.length, n * 2)
    }
  }
  return { ...best, tries }
}

/** The one command that runs this reproduction. */
export function reproduction(seed: number, steps: number[], extra: string[] = []): string {
  return ['npm run sim --', `--seed ${seed}`, `--only ${formatIndices(steps)}`, ...extra].join(' ')
}
