// Multi-step actions as core workflows, without an interface: claiming all of a wallet's
// coupons, and the shop's till, whose recorded dispatches cannot be matched to the spends
// that paid for them by their place in the log (docs/protocol.md §12).
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as q from '../../core/ledger/queries.ts'
import { createWallet } from '../../core/node/keys.ts'
import type { Intent } from '../../core/protocol/intents.ts'
import { TILL_FILE } from '../../core/workflows/till.ts'
import { apiHost, type ApiHost } from './api-host.ts'

// One minute in µmin (it was an hour, and 90 hours in one day broke the 24-hour cap).
const MINUTE = 1_000_000n
const hosts: ApiHost[] = []
afterEach(async () => {
  for (const api of hosts.splice(0)) await api.close()
})

async function accepted(api: ApiHost, intent: Intent, words?: string[]): Promise<string> {
  const result = await api.call('tx.submit', { intent, ...(words ? { words } : {}) })
  expect(result, intent.type).toMatchObject({ status: 'accepted' })
  return result.id
}

/** A shop (producer and dispatcher) that baked bread and milled flour in April with two wallets' work. */
async function shop() {
  const api = await apiHost()
  hosts.push(api)
  await api.call('setup.create', { name: 'Shop', roles: ['producer', 'dispatcher'] })
  const me = api.node.requireIdentity().id
  const anna = createWallet()
  const ben = createWallet()
  const products: Record<string, string> = {}
  for (const [name, minutes, worker] of [
    ['Bread', 90n, anna],
    ['Flour', 30n, ben]
  ] as const) {
    const product = await accepted(api, {
      type: 'product.define',
      body: { name, unit: 'piece', kind: 'consumable' }
    })
    products[name] = product
    const order = await accepted(api, {
      type: 'order.place',
      body: { producer: me, product, quantity: '10' }
    })
    const estimate = await accepted(api, {
      type: 'estimate.publish',
      body: { order, minutes: String(minutes * MINUTE) }
    })
    const production = await accepted(api, { type: 'production.start', body: { estimate } })
    for (const wallet of [worker, worker === anna ? ben : anna]) {
      await accepted(api, {
        type: 'production.workload',
        body: {
          production,
          wallet: wallet.key,
          minutes: String(minutes * MINUTE),
          performedAt: api.clock.now - 1000
        }
      })
    }
    await accepted(api, {
      type: 'production.output',
      body: { production, outputs: [{ product, quantity: '10' }] }
    })
  }
  return { api, me, anna, ben, bread: products.Bread!, flour: products.Flour! }
}

const typesInLog = async (api: ApiHost) =>
  (await q.log(api.node.store(), { limit: 1000 })).map((r) => r.type)

describe('claiming coupons', () => {
  it(
    'claims every claimable workload of a wallet in one call; the ledger refuses a month not yet final',
    { timeout: 120_000 },
    async () => {
      const { api, anna } = await shop()
      const [first] = (await q.workloads(api.node.store(), { wallet: anna.key })).map((w) => w.id)
      const early = await api.call('wallet.claim', { words: anna.words, workloads: [first!] })
      expect(early.results[0]!.result).toMatchObject({
        status: 'refused',
        code: 'NOT_FINAL',
        appended: false
      })
      expect(await api.call('wallet.claim', { words: anna.words })).toEqual({
        results: [],
        claimed: 0
      })

      api.clock.now = Date.UTC(2026, 4, 9)
      await accepted(api, { type: 'revision.final', body: { period: '2026-04' } })
      const claim = await api.call('wallet.claim', { words: anna.words })
      expect(claim.claimed).toBe(2)
      expect((await api.call('view.wallet', { key: anna.key })).balances.length).toBe(1)
      expect(await api.call('wallet.claim', { words: anna.words })).toEqual({
        results: [],
        claimed: 0
      })
    }
  )
})

describe('the till', () => {
  /** Two sales in the given order, then the till closes; returns the log's types and the dispatch bodies. */
  async function day(order: 'anna-first' | 'ben-first') {
    const s = await shop()
    s.api.clock.now = Date.UTC(2026, 4, 9)
    await accepted(s.api, { type: 'revision.final', body: { period: '2026-04' } })
    for (const w of [s.anna, s.ben]) await s.api.call('wallet.claim', { words: w.words })
    const sales = {
      anna: () =>
        s.api.call('shop.checkout', {
          lines: [{ product: s.bread, quantity: '2' }],
          words: s.anna.words
        }),
      ben: () =>
        s.api.call('shop.checkout', {
          lines: [
            { product: s.flour, quantity: '3' },
            { product: s.bread, quantity: '1' }
          ],
          words: s.ben.words
        })
    }
    const first = (await q.digest(s.api.node.store())).length
    for (const who of order === 'anna-first'
      ? (['anna', 'ben'] as const)
      : (['ben', 'anna'] as const)) {
      expect(await sales[who]()).toMatchObject({ status: 'paid' })
    }
    const beforeClose = (await typesInLog(s.api)).slice(first)
    expect(beforeClose).toEqual(['coupon.spend', 'coupon.spend'])
    const closed = await s.api.call('shop.close', {})
    expect(closed.left).toEqual({})
    const log = await q.log(s.api.node.store(), { limit: 1000, after: first - 1 })
    const dispatches = []
    for (const record of log.filter((r) => r.type === 'dispatch.record')) {
      const tx = await s.api.call('view.transaction', { id: record.id! })
      dispatches.push({
        seq: record.seq,
        status: tx.record?.status,
        product: closed.dispatches.find((d) => d.result.id === record.id)?.product,
        quantity: closed.dispatches.find((d) => d.result.id === record.id)?.quantity
      })
    }
    return { s, spends: log.filter((r) => r.type === 'coupon.spend').map((r) => r.seq), dispatches }
  }

  it(
    'records the goods in one batch at the close, in an order no spend determines',
    { timeout: 180_000 },
    async () => {
      const a = await day('anna-first')
      const b = await day('ben-first')
      for (const { spends, dispatches } of [a, b]) {
        // Every dispatch comes after every spend of the session: no neighbour to match.
        expect(Math.min(...dispatches.map((d) => d.seq))).toBeGreaterThan(Math.max(...spends))
        expect(dispatches.every((d) => d.status === 'accepted')).toBe(true)
      }
      // Whichever person paid first, the dispatches are one per product (the sales summed),
      // in the order of the products' ids, so position says nothing. (The two days are two
      // shops with their own random ids, so their bread and flour may sort either way.)
      for (const { dispatches } of [a, b]) {
        const products = dispatches.map((d) => d.product!)
        expect(products).toEqual([...products].sort())
      }
      const shape = (d: typeof a.dispatches) =>
        d.map(({ product, quantity }) => [
          product === a.s.bread || product === b.s.bread ? 'bread' : 'flour',
          quantity
        ])
      expect(shape(b.dispatches).sort()).toEqual(shape(a.dispatches).sort())
      expect(shape(a.dispatches).sort()).toEqual([
        ['bread', '3'],
        ['flour', '3']
      ])
    }
  )

  it(
    'keeps an open session across a restart, owner-only, and counts it against the stock before payment',
    { timeout: 120_000 },
    async () => {
      const s = await shop()
      s.api.clock.now = Date.UTC(2026, 4, 9)
      await accepted(s.api, { type: 'revision.final', body: { period: '2026-04' } })
      await s.api.call('wallet.claim', { words: s.anna.words })
      // 10 loaves worth 180 minutes: 5 cost 90.
      expect(
        await s.api.call('shop.checkout', {
          lines: [{ product: s.bread, quantity: '5' }],
          words: s.anna.words
        })
      ).toMatchObject({ status: 'paid', amount: String(90n * MINUTE) })
      const file = await stat(join(s.api.dir, TILL_FILE))
      expect(file.mode & 0o077).toBe(0)
      // 10 loaves held, 5 handed out but not yet recorded: 6 more are refused before payment.
      expect(
        await s.api.call('shop.checkout', {
          lines: [{ product: s.bread, quantity: '6' }],
          words: s.anna.words
        })
      ).toMatchObject({
        status: 'short',
        lines: [{ product: s.bread, wanted: '6', available: '5' }]
      })

      await s.api.node.close()
      const { CollectiveNode } = await import('../../core/node/collective-node.ts')
      s.api.host.node = s.api.node = await CollectiveNode.open({
        dir: s.api.dir,
        swarm: false,
        now: () => s.api.clock.now
      })
      expect(await s.api.call('shop.till', {})).toMatchObject({
        sales: 1,
        goods: { [s.bread]: '5' }
      })
      const closed = await s.api.call('shop.close', {})
      expect(closed.dispatches.map((d) => [d.quantity, d.result.status])).toEqual([
        ['5', 'accepted']
      ])
      expect((await s.api.call('shop.till', {})).goods).toEqual({})
    }
  )
})
