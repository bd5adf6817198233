// Reordering (PROTOCOL §9, invariant 1 and the oracle's robustness): any order of a
// history's entries keeps every invariant, whatever the outcomes become; and two adjacent
// entries that touch disjoint state (by the keys and ranges each one read and wrote) commute
// exactly: same outcomes, same view apart from log positions.
//
// PROPERTY_SCALE multiplies the number of runs (0.1 for a quick look, 5 for a soak). On a
// failure fast-check prints the seed and the shrunk path: pass `{ seed, path }` to fc.assert
// to replay exactly that history.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LedgerEntry } from '../../core/ledger/types.ts'
import { checkShadow, checkState, historyArb, independent, normalizedView, Runner, World } from './properties/index.ts'

const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.PROPERTY_SCALE ?? 1)))

/** Sorts `items` by the random keys (ties keep their order): a random permutation fast-check can shrink. */
function permute<T>(items: T[], sortKeys: number[]): T[] {
  return items
    .map((item, i) => [item, sortKeys[i % sortKeys.length]! * 1000 + i / items.length] as const)
    .sort((x, y) => x[1] - y[1])
    .map(([item]) => item)
}

async function run(entries: LedgerEntry[]): Promise<Runner> {
  const runner = new Runner()
  for (const entry of entries) await runner.apply(entry)
  checkState(runner.store, runner.model)
  checkShadow(runner.store)
  return runner
}

describe('reordered histories', () => {
  it('keep every invariant in any order (whole history, or everything after the setup, or local shuffles)', { timeout: 600_000 }, async () => {
    let histories = 0
    let entries = 0
    let changedOutcomes = 0
    await fc.assert(
      fc.asyncProperty(
        historyArb(20, 70),
        fc.constantFrom('all', 'after-setup', 'local'),
        fc.array(fc.nat(50), { minLength: 1, maxLength: 160 }),
        async (spec, how, sortKeys) => {
          const built = await new World(spec).build()
          const head = how === 'all' ? [] : built.entries.slice(0, built.setup)
          const tail = how === 'all' ? built.entries : built.entries.slice(built.setup)
          // local: only entries within the same window of 4 trade places
          const order = how === 'local' ? permute(tail.map((e, i) => [e, i] as const), sortKeys.map((k, i) => Math.floor(i / 4) * 51 + k)).map(([e]) => e) : permute(tail, sortKeys)
          const runner = await run([...head, ...order])
          histories++
          entries += runner.steps.length
          changedOutcomes += runner.counts.accepted !== built.runner.counts.accepted ? 1 : 0
        }
      ),
      { numRuns: runs(400) }
    )
    console.log(`reordered: ${histories} histories, ${entries} entries; ${changedOutcomes} reorderings changed how many entries were accepted`)
  })

  it('swaps adjacent independent entries without changing any outcome or the view', { timeout: 600_000 }, async () => {
    let swapped = 0
    let histories = 0
    await fc.assert(
      fc.asyncProperty(historyArb(20, 70), fc.array(fc.boolean(), { minLength: 200, maxLength: 200 }), async (spec, choose) => {
        const built = await new World(spec, { recordReads: true }).build()
        const steps = built.runner.steps
        // choose non-overlapping independent pairs
        const order = built.entries.map((_, i) => i)
        for (let i = 0; i + 1 < order.length; i++) {
          if (choose[i % choose.length] && independent(steps[i]!, steps[i + 1]!)) {
            order[i] = i + 1
            order[i + 1] = i
            swapped++
            i++
          }
        }
        const runner = await run(order.map((i) => built.entries[i]!))
        for (let at = 0; at < order.length; at++) {
          const original = steps[order[at]!]!.outcome
          const now = runner.steps[at]!.outcome
          expect([now.id, now.status, now.code, now.completed], `entry ${order[at]} at ${at}`).toEqual([original.id, original.status, original.code, original.completed])
        }
        expect(normalizedView(runner.store)).toBe(normalizedView(built.runner.store))
        histories++
      }),
      { numRuns: runs(400) }
    )
    console.log(`commuted: ${histories} histories, ${swapped} independent adjacent pairs swapped`)
  })
})
