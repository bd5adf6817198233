// A view written before workloads were indexed by day (docs/protocol.md §16): it holds each
// wallet's day as a running sum under workday/<wallet>/<day> and indexes workloads as
// workloadOf/<wallet>/<id>. Today's ledger, reopened on such a view, must decide every entry
// as it would on a view it wrote itself (same outcomes, same digest): it reads the old sums
// and keeps them right on a reversal, and writes only the new index.
import { beforeEach, describe, expect, it } from 'vitest'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import { transaction } from '../../core/ledger/queries.ts'
import type { KeyValueStore } from '../../core/ledger/store.ts'
import type { LedgerEntry, Outcome } from '../../core/ledger/types.ts'
import { define, start, workload } from '../helpers/economy.ts'
import { expectAccepted, Harness } from '../helpers/harness.ts'
import { olderLayout } from '../helpers/older-layout.ts'
import { expectRejected, view } from '../helpers/rules.ts'

const HOUR = 60n * 1_000_000n
/** The ledger, keeping every entry it was handed (to replay them on a fresh store). */
class Recording extends Ledger {
  constructor(store: KeyValueStore, readonly entries: LedgerEntry[]) {
    super(store)
  }
  override apply(entry: LedgerEntry): Promise<Outcome> {
    this.entries.push(entry)
    return super.apply(entry)
  }
}

let h: Harness
const entries: LedgerEntry[] = []
beforeEach(() => {
  h = new Harness()
  entries.length = 0
  h.ledger = new Recording(olderLayout(h.store), entries)
})

describe('a view of the older workday layout, reopened', () => {
  it('decides as a view of today\'s layout: the old sums count, a reversal takes from them, only the new index is written', async () => {
    await h.network([['Mill', ['producer']], ['Bakery', ['producer']]])
    const flour = await define(h, 'Mill', 'Flour')
    const { production } = await start(h, 'Mill', flour)
    const anna = h.w('Anna').key
    const old8 = await workload(h, 'Mill', production, 'Anna', 8n * HOUR)
    await workload(h, 'Mill', production, 'Anna', 12n * HOUR)
    expect(await view(h, `workday/${anna}/2026-04-01`)).toBe(String(20n * HOUR))
    expect(await view(h, `workloadOf/${anna}/${old8}`)).toBe('2026-04')

    // The older tx/<id> holds the whole record: read as today's, joined with its log/<seq>.
    expect(Object.keys((await view(h, `tx/${old8}`)) as object).sort()).toEqual(['id', 'seq', 'status', 'type', 'writer'])
    expect(await transaction(h.store, old8)).toMatchObject({ id: old8, type: 'production.workload', status: 'accepted', writer: h.c('Mill').deviceKey })

    // The node is updated: today's ledger on the same view.
    h.ledger = new Recording(h.store, entries)
    const full = await expectRejected(h, 'WORKDAY_FULL', () => h.do('production.workload', { production, wallet: anna, minutes: String(5n * HOUR), performedAt: h.time }, ['Mill']))
    expect(full.reason).toMatch(/^that person already has 20 h recorded on 2026-04-01/)
    const new3 = await workload(h, 'Mill', production, 'Anna', 3n * HOUR)
    expect(await view(h, `tx/${new3}`)).toEqual({ seq: expect.any(Number), status: 'accepted' })
    expect(await view(h, `workloadOf/${anna}/2026-04-01/${new3}`)).toBe(String(3n * HOUR))
    expect(await view(h, `workday/${anna}/2026-04-01`)).toBe(String(20n * HOUR))
    await expectRejected(h, 'WORKDAY_FULL', () => h.do('production.workload', { production, wallet: anna, minutes: String(2n * HOUR), performedAt: h.time }, ['Mill']))

    // Reversing an old workload takes it from the old sum and the old index; a new one, from the new index.
    expectAccepted(await h.do('workload.reverse', { workload: old8, reason: 'typed 8 for 0' }, ['Mill']))
    expect(await view(h, `workday/${anna}/2026-04-01`)).toBe(String(12n * HOUR))
    expect(await view(h, `workloadOf/${anna}/${old8}`)).toBeUndefined()
    expectAccepted(await h.do('workload.reverse', { workload: new3, reason: 'typed 3 for 0' }, ['Mill']))
    expect(await view(h, `workloadOf/${anna}/2026-04-01/${new3}`)).toBeUndefined()
    expect(await view(h, `workday/${anna}/2026-04-01`)).toBe(String(12n * HOUR))
    await workload(h, 'Mill', production, 'Anna', 12n * HOUR)
    await expectRejected(h, 'WORKDAY_FULL', () => h.do('production.workload', { production, wallet: anna, minutes: '1', performedAt: h.time }, ['Mill']))

    // The same entries on a fresh store, decided by today's ledger alone: the same outcomes and digest.
    const fresh = new Ledger(new MemoryStore())
    const statuses: string[] = []
    for (const entry of entries) {
      const o = await fresh.apply(entry)
      statuses.push(`${o.status}:${o.code ?? ''}`)
    }
    const logged: string[] = []
    for await (const [, record] of h.store.range({ gte: 'log/', lt: 'log0' })) {
      const r = record as { status: string; code?: string }
      logged.push(`${r.status}:${r.code ?? ''}`)
    }
    expect(logged).toEqual(statuses)
    expect(await h.ledger.digest()).toBe(await fresh.digest())
  })
})
