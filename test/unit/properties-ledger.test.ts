// Property tests of the ledger on random histories (PROTOCOL §8, §9). Each history is
// generated step by step against the live state and checked after every entry (a rejection
// changes nothing but its own bookkeeping, coupons never move between wallets, the totals
// equal an independent tally of accepted outcomes, revisions are recomputed exactly) and
// after the whole history (value conservation, lots and their owner index, value trees,
// coupons, revisions, subsystems by our own BFS, stock and prices), then replayed on a fresh
// ledger, which must reach the same digest and the same store contents.
//
// PROPERTY_SCALE multiplies the number of runs (0.1 for a quick look, 5 for a soak). On a
// failure fast-check prints the seed and the shrunk path: pass `{ seed, path }` to fc.assert
// to replay exactly that history. The 10-minute timeouts are a net for a hang, not a speed
// goal: these runs are CPU-bound and take 1 to 6 minutes as the machine's load varies.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import type { LedgerEntry } from '../../core/ledger/types.ts'
import { checkParity, checkShadow, checkState, coverage, dump, historyArb, JsonStore, World, type HistorySpec, type Runner } from './properties/index.ts'

const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.PROPERTY_SCALE ?? 1)))

function newStats() {
  return { histories: 0, entries: 0, accepted: 0, pending: 0, rejected: 0, completed: 0, revisions: 0, claims: 0, spends: 0, types: new Map<string, number>(), reached: new Map<string, number>() }
}
type Stats = ReturnType<typeof newStats>

function tally(stats: Stats, runner: Runner): void {
  for (const [k, n] of Object.entries(coverage(runner.store))) if (n > 0) stats.reached.set(k, (stats.reached.get(k) ?? 0) + 1)
  stats.histories++
  stats.entries += runner.steps.length
  for (const k of ['accepted', 'pending', 'rejected', 'completed', 'revisions', 'claims', 'spends'] as const) stats[k] += runner.counts[k]
  for (const [type, n] of runner.types) stats.types.set(type, (stats.types.get(type) ?? 0) + n)
}

function report(title: string, stats: Stats): void {
  console.log(
    `${title}: ${stats.histories} histories, ${stats.entries} entries (${stats.accepted} accepted, ${stats.pending} pending, ${stats.rejected} rejected), ` +
      `${stats.completed} co-signature completions, ${stats.revisions} revision records, ${stats.claims} claims, ${stats.spends} spends\n` +
      `  accepted by type: ${[...stats.types].sort().map(([t, n]) => `${t} ${n}`).join(', ')}\n` +
      `  histories reaching: ${[...stats.reached].map(([k, n]) => `${k} ${n}`).join(', ')}`
  )
}

async function replay(entries: LedgerEntry[], store: MemoryStore): Promise<Ledger> {
  const ledger = new Ledger(store)
  for (const entry of entries) await ledger.apply(entry)
  return ledger
}

/** Builds the history (checking every entry), checks the final state, replays it. */
async function checkHistory(stats: Stats, spec: HistorySpec, json: boolean): Promise<void> {
  const { runner, entries } = await new World(spec).build()
  checkState(runner.store, runner.model)
  checkShadow(runner.store)
  await checkParity(runner.store)
  tally(stats, runner)
  // Invariant 1: the same entries on a fresh ledger give the same digest and the same view;
  // half of the replays keep values as JSON text, as the Hyperbee view does.
  const store = json ? new JsonStore() : new MemoryStore()
  const again = await replay(entries, store)
  expect(await again.digest()).toBe(await runner.ledger.digest())
  expect(dump(store)).toBe(dump(runner.store))
}

describe('ledger properties on random histories', () => {
  it('keeps every invariant after every entry and after every history, and replays to the same view', { timeout: 600_000 }, async () => {
    const stats = newStats()
    await fc.assert(
      fc.asyncProperty(historyArb(30, 90), fc.boolean(), (spec, json) => checkHistory(stats, spec, json)),
      { numRuns: runs(900) }
    )
    report('ledger properties', stats)
  })

  it('keeps them on long histories that reach debt, several revisions and assembled machines', { timeout: 600_000 }, async () => {
    const stats = newStats()
    await fc.assert(
      fc.asyncProperty(historyArb(120, 220, fc.constantFrom(3, 8)), fc.boolean(), (spec, json) => checkHistory(stats, spec, json)),
      { numRuns: runs(60) }
    )
    report('long histories', stats)
  })
})
