import { describe, expect, it } from 'vitest'
import { Harness, expectAccepted, µ, APRIL, MINUTE } from '../helpers/harness.ts'

describe('ledger smoke', () => {
  it('runs a small economy end to end', async () => {
    const h = new Harness()
    await h.network([['Mill', ['producer']], ['Bakery', ['producer', 'dispatcher']]])
    const flour = await h.do('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' }, ['Mill'])
    expectAccepted(flour)
    const bread = expectAccepted(await h.do('product.define', { name: 'Bread', unit: 'loaf', kind: 'consumable' }, ['Bakery']))
    const order = await h.do('order.place', { producer: h.c('Mill').id, product: flour.id!, quantity: '100' }, ['Bakery'])
    expectAccepted(order)
    const estimate = expectAccepted(await h.do('estimate.publish', { order: order.id!, minutes: µ(120) }, ['Mill']))
    const start = expectAccepted(await h.do('production.start', { estimate: estimate.id! }, ['Mill']))
    expectAccepted(await h.do('production.workload', { production: start.id!, wallet: h.w('Anna').key, minutes: µ(120), performedAt: APRIL + MINUTE }, ['Mill']))
    const out = expectAccepted(await h.do('production.output', { production: start.id!, outputs: [{ product: flour.id!, quantity: '100' }] }, ['Mill']))
    const transfer = await h.do('resource.transfer', { lot: `${out.id}:0`, quantity: '100', to: h.c('Bakery').id, order: order.id! }, ['Mill', 'Bakery'], { sign: ['Mill'] })
    expect(transfer.status).toBe('pending')
    const cosign = await h.do('cosign', { tx: transfer.id!, signer: h.c('Bakery').id, sig: h.cosignature(transfer.tx, 'Bakery') }, ['Bakery'])
    expect(cosign.reason ?? '').toBe('')
    expect(cosign.status).toBe('accepted')
    expect(cosign.completed?.status).toBe('accepted')
    const lot = (await h.store.get(`lot/${transfer.id}:0`)) as any
    expect(lot.value).toBe(µ(120))
    expect(lot.owner).toBe(h.c('Bakery').id)

    const revision = await h.do('revision.final', { period: '2026-04' }, [], { time: Date.UTC(2026, 4, 9) })
    expectAccepted(revision)
    const claim = await h.do('coupon.claim', { workload: (await firstWorkload(h)), revision: revision.id! }, ['Anna'], { writer: 'Bakery' })
    expectAccepted(claim)
    expect(await h.store.get(`balance/${h.w('Anna').key}/${h.c('Mill').id}`)).toBe(µ(120))
    const spend = await h.do('coupon.spend', { wallet: h.w('Anna').key, dispatcher: h.c('Bakery').id, amount: µ(20) }, ['Anna', 'Bakery'])
    expectAccepted(spend)
    expect(await h.store.get(`balance/${h.w('Anna').key}/${h.c('Mill').id}`)).toBe(µ(100))
    void bread
  })
})

async function firstWorkload(h: Harness): Promise<string> {
  for await (const [key] of h.store.range({ gte: 'workload/', lt: 'workload/~' })) return key.slice('workload/'.length)
  throw new Error('no workload')
}
