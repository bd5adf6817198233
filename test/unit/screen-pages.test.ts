// The screens' bounded queries (issue 14) against a full scan of the same built history: the
// ledger's totals (holding/), its running and open indexes, and pages that, read one after
// another, give exactly the full list, with the boundaries (a page that ends on the last row,
// one row more or less, past the end) said right.
import { beforeAll, describe, expect, it } from 'vitest'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import * as pages from '../../core/ledger/pages.ts'
import * as q from '../../core/ledger/queries.ts'
import * as views from '../../core/node/views.ts'
import { buildMix } from '../bench/ledger.ts'
import { define, produce, workload } from '../helpers/economy.ts'
import { expectAccepted, Harness } from '../helpers/harness.ts'

let store: MemoryStore
let collectives: string[]
let periods: string[]

beforeAll(async () => {
  store = new MemoryStore()
  const ledger = new Ledger(store)
  for (const entry of buildMix(2500).entries) await ledger.apply(entry)
  collectives = (await q.collectives(store)).map((c) => c.id)
  periods = [...new Set((await q.workloads(store)).map((w) => w.period))].sort()
}, 120_000)

/** Every page of `read`, from the start, each checked to hold at most `limit` rows. */
async function allPages<T>(limit: number, read: (after: string | undefined) => Promise<{ rows: T[]; next: string | null }>): Promise<{ rows: T[]; count: number }> {
  const rows: T[] = []
  let after: string | undefined
  let count = 0
  for (;;) {
    const page = await read(after)
    count++
    expect(page.rows.length).toBeLessThanOrEqual(limit)
    rows.push(...page.rows)
    if (page.next === null) return { rows, count }
    expect(page.rows.length).toBe(limit)
    after = page.next
  }
}

describe('totals and indexes kept by the ledger', () => {
  it('the history is big enough to mean something', async () => {
    expect(collectives.length).toBeGreaterThan(3)
    expect((await q.lots(store)).length).toBeGreaterThan(50)
    expect(periods.length).toBeGreaterThan(0)
    // The mix finishes most of what it starts; the harness test below has open and running ones.
    expect((await q.productions(store)).some((p) => p.status === 'done')).toBe(true)
  })

  it('holdings are what summing every lot of the owner gives, by product type', async () => {
    for (const owner of collectives) {
      const lots = await q.lots(store, owner)
      const held = await pages.holdings(store, owner)
      expect(held.lots).toBe(lots.length)
      expect(held.value).toBe(String(lots.reduce((s, l) => s + BigInt(l.value), 0n)))
      const byProduct = new Map<string, { lots: number; value: bigint }>()
      for (const l of lots) {
        const h = byProduct.get(l.product) ?? { lots: 0, value: 0n }
        byProduct.set(l.product, { lots: h.lots + 1, value: h.value + BigInt(l.value) })
      }
      expect(held.byProduct.map((h) => [h.product, h.lots, h.value])).toEqual([...byProduct].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, h]) => [p, h.lots, String(h.value)]))
    }
  })

  it('running productions and open orders are what filtering all of them gives', async () => {
    const ids = (list: Array<{ id: string }>) => list.map((x) => x.id).sort()
    for (const c of collectives) {
      const expected = (await q.productions(store, c)).filter((p) => p.status === 'running')
      expect(ids(await pages.runningProductions(store, c))).toEqual(ids(expected))
      expect(ids(await views.productions(store, c, { running: true }))).toEqual(ids(expected))
      const open = (await q.orders(store, c)).filter((o) => o.role === 'received' && o.status === 'open')
      expect(ids(await pages.openOrders(store, c))).toEqual(ids(open))
    }
  })

  it('an order leaves the open ones when it is declined, withdrawn or estimated; a production leaves the running ones when it delivers', async () => {
    const h = new Harness()
    await h.network([['Mill', ['producer']], ['Bakery', ['producer', 'dispatcher']]])
    const flour = await define(h, 'Mill', 'Flour')
    const mill = h.c('Mill').id
    const place = async (by: string) => expectAccepted(await h.do('order.place', { producer: mill, product: flour, quantity: '5' }, [by])).id!
    const [declined, withdrawn, estimated, waiting] = [await place('Bakery'), await place('Bakery'), await place('Bakery'), await place('Bakery')]
    await place('Mill') // its own order: nothing for it to answer
    const open = async () => (await pages.openOrders(h.store, mill)).map((o) => o.id).sort()
    expect(await open()).toEqual([declined, withdrawn, estimated, waiting].sort())
    expectAccepted(await h.do('order.reject', { order: declined, reason: 'no rye this week' }, ['Mill']))
    expectAccepted(await h.do('order.withdraw', { order: withdrawn }, ['Bakery']))
    const estimate = expectAccepted(await h.do('estimate.publish', { order: estimated, minutes: '1000000' }, ['Mill'])).id!
    expect(await open()).toEqual([waiting])
    expect((await views.overview(h.store, mill, h.time)).needs.orders.map((o) => o.id)).toEqual([waiting])

    const production = expectAccepted(await h.do('production.start', { estimate }, ['Mill'])).id!
    await produce(h, 'Mill', flour, { micro: [90n], quantity: 3 })
    const running = async () => (await pages.runningProductions(h.store, mill)).map((p) => p.id)
    expect(await running()).toEqual([production])
    expect((await views.overview(h.store, mill, h.time)).running.map((p) => p.id)).toEqual([production])
    expect((await q.productions(h.store, mill)).filter((p) => p.status === 'done')).toHaveLength(1)
    await workload(h, 'Mill', production, 'Anna', 60n * 1_000_000n)
    expectAccepted(await h.do('production.output', { production, outputs: [{ product: flour, quantity: '5' }] }, ['Mill']))
    expect(await running()).toEqual([])
    // The lots it made count in the holdings at once.
    expect((await pages.holdings(h.store, mill)).lots).toBe((await q.lots(h.store, mill)).length)
  })

  it('the overview counts what a full scan counts', async () => {
    const now = Date.UTC(2026, 4, 20)
    for (const c of collectives) {
      const o = await views.overview(store, c, now)
      const lots = await q.lots(store, c)
      expect(o.lots).toBe(lots.length)
      expect(o.stockValue).toBe(String(lots.reduce((s, l) => s + BigInt(l.value), 0n)))
      expect(o.running.map((p) => p.id).sort()).toEqual((await q.productions(store, c)).filter((p) => p.status === 'running').map((p) => p.id).sort())
      expect(o.needs.orders.map((x) => x.id).sort()).toEqual((await q.orders(store, c)).filter((x) => x.role === 'received' && x.status === 'open').map((x) => x.id).sort())
    }
  })
})

describe('stock, a page at a time', () => {
  it('pages give every lot once, in id order, with the boundaries right', async () => {
    const owner = (await Promise.all(collectives.map(async (c) => [c, (await q.lots(store, c)).length] as const))).sort((a, b) => b[1] - a[1])[0]![0]
    const all = (await q.lots(store, owner)).map((l) => l.id)
    expect(all.length).toBeGreaterThan(10)
    for (const limit of [1, 7, all.length - 1, all.length, all.length + 1]) {
      const { rows, count } = await allPages(limit, async (after) => {
        const page = await pages.lotsPage(store, owner, { limit, ...(after !== undefined ? { after } : {}) })
        return { rows: page.lots.map((l) => l.id), next: page.next }
      })
      expect(rows).toEqual(all)
      expect(count).toBe(Math.ceil(all.length / limit))
    }
    // Past the last lot: an empty page that says it is the last.
    expect(await pages.lotsPage(store, owner, { after: all.at(-1)!, limit: 5 })).toEqual({ lots: [], next: null })
    // The screen's rows are the full list's rows; its totals are the owner's, not the page's.
    const screen = await views.stockPage(store, owner, undefined, { limit: 3 })
    expect(screen.lots).toEqual((await views.lots(store, owner)).slice(0, 3))
    expect(screen.total.lots).toBe(all.length)
  })
})

describe('people, a page at a time', () => {
  it('workers of a month with their hours are what grouping every workload gives', async () => {
    let checked = 0
    let manyMonths = 0
    for (const c of collectives) {
      for (const period of periods) {
        const workloads = await q.workloads(store, { collective: c, period })
        const sums = new Map<string, bigint>()
        for (const w of workloads) sums.set(w.wallet, (sums.get(w.wallet) ?? 0n) + BigInt(w.minutes))
        const expected = [...sums].sort(([a], [b]) => (a < b ? -1 : 1)).map(([wallet, m]) => ({ wallet, minutes: String(m) }))
        for (const limit of [1, 2, Math.max(1, expected.length)]) {
          const { rows } = await allPages(limit, async (after) => {
            const page = await pages.workersIn(store, c, period, { limit, ...(after !== undefined ? { after } : {}) })
            return { rows: page.workers, next: page.next }
          })
          expect(rows).toEqual(expected)
        }
        for (const { wallet, minutes } of expected) expect(await pages.hoursIn(store, c, period, wallet)).toBe(minutes)
        const screen = await views.people(store, c, period, { wallets: expected.slice(0, 2).map((w) => w.wallet).concat('0'.repeat(64)), limit: 2 })
        expect(screen.hours['0'.repeat(64)]).toBe('0')
        for (const w of expected.slice(0, 2)) expect(screen.hours[w.wallet]).toBe(w.minutes)
        expect(screen.total).toBe(String(workloads.reduce((s, w) => s + BigInt(w.minutes), 0n)))
        // "50 of 312": how many worked in all, with the first page only.
        expect(screen.count).toEqual({ count: expected.length, atLeast: false })
        if (expected[0]) expect((await views.people(store, c, period, { after: expected[0].wallet, limit: 2 })).count).toBeNull()
        // Reading at most so many workloads: all of them gives the count; one fewer says "more".
        expect(await pages.workersCount(store, c, period, workloads.length)).toEqual({ count: expected.length, atLeast: false })
        if (workloads.length > 0) expect((await pages.workersCount(store, c, period, workloads.length - 1)).atLeast).toBe(true)
        if (expected.length > 1) checked++
      }
      // The months anyone worked for it, newest first: what every workload's month gives.
      const months = [...new Set((await q.workloads(store, { collective: c })).map((w) => w.period))].sort().reverse()
      expect(await pages.workMonths(store, c)).toEqual(months)
      if (months.length > 1) manyMonths++
    }
    expect(checked).toBeGreaterThan(0)
    expect(manyMonths).toBeGreaterThan(0)
  })
})
