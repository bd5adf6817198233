// What the screens read. They list orders, productions and workloads as a ledger book reads: in
// the order their transactions entered the log (workloads by the day they were performed), not
// in the order of their ids, which are hashes; the oracle is the log itself. A filter on
// workloads gives what filtering all of them would, from the collective's own index. And the
// overview asks for the co-signatures that can still be given, not the expired ones.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as q from '../../core/ledger/queries.ts'
import type { KeyValueStore } from '../../core/ledger/store.ts'
import * as views from '../../core/node/views.ts'
import { parseScenario, runScenario } from '../../core/scenario/run.ts'
import { Harness, MINUTE } from '../helpers/harness.ts'
import { define, produce } from '../helpers/economy.ts'
import { withOutcome } from '../../core/ledger/log-record.ts'
import type { StoredLogRecord } from '../../core/ledger/keys.ts'

const bakery = () =>
  parseScenario(
    readFileSync(new URL('../../assets/scenarios/bakery-month.yaml', import.meta.url), 'utf8'),
    'bakery'
  )

/** Ids of the accepted transactions of `type`, in log order. */
async function logged(store: KeyValueStore, type: string): Promise<string[]> {
  const ids: string[] = []
  for await (const [, value] of store.range({ gte: 'log/', lt: 'log0' })) {
    const record = withOutcome(value as unknown as StoredLogRecord)
    if (record.type === type && record.status === 'accepted' && record.id !== null) ids.push(record.id)
  }
  return ids
}

describe('views list records in log order', () => {
  it('orders, productions and workloads of the bakery month', async () => {
    const { store } = await runScenario(bakery())
    const bakeryId = (await q.collectives(store)).find((c) => c.name === 'Bakery')!.id
    const millId = (await q.collectives(store)).find((c) => c.name === 'Mill')!.id

    const orders = (await views.orders(store, bakeryId)).map((o) => o.id)
    const placed = await logged(store, 'order.place')
    expect(orders.length).toBeGreaterThan(2)
    expect(orders).toEqual(placed.filter((id) => orders.includes(id)))
    // Not merely the ids' own order (which would make this test pass by chance).
    expect(orders).not.toEqual([...orders].sort())

    const productions = (await views.productions(store)).map((p) => p.id)
    expect(productions).toEqual(await logged(store, 'production.start'))

    const workloads = await views.workloads(store, {})
    const inLog = await logged(store, 'production.workload')
    expect(workloads.map((w) => w.id).sort()).toEqual([...inLog].sort())
    for (let i = 1; i < workloads.length; i++) {
      const [a, b] = [workloads[i - 1]!, workloads[i]!]
      expect(
        a.performedAt < b.performedAt ||
          (a.performedAt === b.performedAt && inLog.indexOf(a.id) < inLog.indexOf(b.id))
      ).toBe(true)
    }
    const mills = await views.workloads(store, { collective: millId, period: workloads[0]!.period })
    expect(mills.length).toBeGreaterThan(1)
  })
})

describe('workload filters', () => {
  it('give what filtering every workload gives, for each collective, period and wallet', async () => {
    const { store } = await runScenario(bakery())
    const all = await q.workloads(store)
    const ids = (list: Array<{ id: string }>) => list.map((w) => w.id).sort()
    const collectives = [...new Set(all.map((w) => w.collective))]
    const periods = [...new Set(all.map((w) => w.period))]
    const wallets = [...new Set(all.map((w) => w.wallet))]
    expect(collectives.length).toBeGreaterThan(1)
    expect(wallets.length).toBeGreaterThan(1)
    for (const collective of collectives) {
      expect(ids(await q.workloads(store, { collective }))).toEqual(ids(all.filter((w) => w.collective === collective)))
      for (const period of periods) {
        const expected = all.filter((w) => w.collective === collective && w.period === period)
        expect(ids(await q.workloads(store, { collective, period }))).toEqual(ids(expected))
      }
      for (const wallet of wallets) {
        const expected = all.filter((w) => w.collective === collective && w.wallet === wallet)
        expect(ids(await q.workloads(store, { wallet, collective }))).toEqual(ids(expected))
      }
    }
  })
})

describe('the overview', () => {
  it('counts the co-signatures still to give, not the expired ones', async () => {
    const h = new Harness()
    await h.network([['Mill', ['producer']], ['Bakery', ['producer', 'dispatcher']]])
    const flour = (await produce(h, 'Mill', await define(h, 'Mill', 'Flour'), { micro: [90n], quantity: 9 })).lots[0]!
    const expires = h.time + 60 * MINUTE
    const offer = await h.do('resource.transfer', { lot: flour, quantity: '3', to: h.c('Bakery').id }, ['Mill', 'Bakery'], { sign: ['Mill'], expires })
    expect(offer.status).toBe('pending')
    const bakery = h.c('Bakery').id
    expect((await views.pending(h.store, bakery)).map((p) => p.id)).toEqual([offer.id])
    expect((await views.overview(h.store, bakery, expires)).needs.cosign.map((p) => p.id)).toEqual([offer.id])
    expect((await views.overview(h.store, bakery, expires + 1)).needs.cosign).toEqual([])
    // The list itself keeps it, so that the office can see it and decline it.
    expect(await views.pending(h.store, bakery)).toHaveLength(1)
  })
})
