// The simulator catches a rule broken on purpose: with coupon.claim forgetting that a
// workload was claimed (test/sim/broken.ts), some seed within 200 claims a workload twice;
// the oracle reports it (PROTOCOL §9.3), the shrinker cuts the schedule, and the printed
// command, run again, fails the same way. The same seed and steps pass with the rule intact.
import { describe, expect, it } from 'vitest'
import { breakRule } from './broken.ts'
import { runSeed, type RunResult } from './run.ts'
import { parseIndices } from './schedule.ts'
import { reproduction, shrink } from './shrink.ts'

const MAX_SEEDS = 200

describe('a rule broken on purpose', () => {
  it('a workload claimed twice is caught within 200 seeds, and the printed reproduction replays it', { timeout: 3_600_000 }, async () => {
    const restore = breakRule('double-claim')
    let found: RunResult | null = null
    let command = ''
    try {
      for (let seed = 1; seed <= MAX_SEEDS && !found; seed++) {
        const result = await runSeed({ seed })
        if (result.violations.some((v) => v.rule === 'claim')) found = result
      }
      expect(found, `no seed of ${MAX_SEEDS} caught the double claim`).not.toBeNull()
      const shrunk = await shrink(found!, { budget: 6 })
      command = reproduction(found!.seed, shrunk.steps, ['--break double-claim'])
      console.log(`caught at seed ${found!.seed}, step ${found!.failedAt}: ${found!.violations[0]!.message}\nreproduce with: ${command}`)

      // The printed command, as the command line reads it.
      const seed = Number(/--seed (\d+)/.exec(command)![1])
      const only = parseIndices(/--only (\S+)/.exec(command)![1]!)
      const replay = await runSeed({ seed, only })
      expect(replay.violations.map((v) => v.rule)).toContain('claim')
    } finally {
      restore()
    }
    // With the rule intact, the same steps keep every invariant.
    const intact = await runSeed({ seed: found!.seed, only: parseIndices(/--only (\S+)/.exec(command)![1]!) })
    expect(intact.violations).toEqual([])
  })
})
