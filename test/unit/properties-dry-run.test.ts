// The dry run tells exactly what appending would do, and does nothing. On random histories
// (the generator of test/unit/properties/, valid and corrupt entries alike) every entry is
// first dry-run against the current view: the runner checks that the store and digest did
// not change, and that the outcome (status, code, sentence, effects, digest) equals what
// applying the same entry then gives.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { historyArb, World } from './properties/index.ts'

const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.PROPERTY_SCALE ?? 1)))

describe('dry run', () => {
  it(
    'foretells the outcome of every entry of random histories and changes nothing',
    { timeout: 600_000 },
    async () => {
      let entries = 0
      const codes = new Set<string>()
      await fc.assert(
        fc.asyncProperty(historyArb(30, 90), async (spec) => {
          const { runner } = await new World(spec, { dryRun: true }).build()
          expect(runner.counts.foretold).toBe(runner.steps.length)
          entries += runner.steps.length
          for (const step of runner.steps) if (step.outcome.code) codes.add(step.outcome.code)
        }),
        { numRuns: runs(60) }
      )
      console.log(
        `dry run: ${entries} entries foretold, ${codes.size} distinct refusal codes among them`
      )
      expect(codes.size).toBeGreaterThan(20)
    }
  )
})
