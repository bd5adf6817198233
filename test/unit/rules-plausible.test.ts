// What a clerk tried (hands-on trial of 2026-12-02, findings 3, 6 and 12): an oven lasting 10^23
// years and an order of 10^20 loaves were accepted; "Ask for strong trust" pressed twice put
// two requests before the partner. The body schemas bound quantities and durabilities
// (core/protocol/limits.ts) and a pair has one waiting trust request (docs/protocol.md §5.7),
// each refused with its own code and a sentence, the same on every node; an answer to a request
// already settled says how it was settled.
import { beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_EXPIRY_MS } from '../../core/ledger/handlers/cosign.ts'
import { transactionId } from '../../core/protocol/encoding.ts'
import { MAX_DURABILITY_MINUTES, MAX_QUANTITY } from '../../core/protocol/limits.ts'
import { expectAccepted, Harness } from '../helpers/harness.ts'
import { define, produce } from '../helpers/economy.ts'
import { expectRejected, view } from '../helpers/rules.ts'

let h: Harness
beforeEach(async () => {
  h = new Harness()
  await h.network([['Mill', ['producer']], ['Bakery', ['producer', 'dispatcher']]])
})

describe('rules: plausible magnitudes', () => {
  it('refuses a durability above 100 years (DURABILITY_ABOVE_MAXIMUM) and accepts the bound itself', async () => {
    const oven = (name: string, durability: string) =>
      h.do('product.define', { name, unit: 'piece', kind: 'meansOfProduction', durability }, ['Bakery'])
    const refused = await expectRejected(h, 'DURABILITY_ABOVE_MAXIMUM', () => oven('Oven', '99999999999999999999999'))
    expect(refused.reason).toContain('100 years')
    await expectRejected(h, 'DURABILITY_ABOVE_MAXIMUM', () => oven('Oven', String(MAX_DURABILITY_MINUTES + 1n)))
    expectAccepted(await oven('Oven', String(MAX_DURABILITY_MINUTES)))
  })

  it('refuses an order, a collectivization and an output above 10^15 units (QUANTITY_ABOVE_MAXIMUM)', async () => {
    const bread = await define(h, 'Bakery', 'Rye bread')
    const huge = '99999999999999999999'
    const order = await expectRejected(h, 'QUANTITY_ABOVE_MAXIMUM', () =>
      h.do('order.place', { producer: h.c('Bakery').id, product: bread, quantity: huge }, ['Bakery'])
    )
    expect(order.reason).toContain(huge)
    await expectRejected(h, 'QUANTITY_ABOVE_MAXIMUM', () =>
      h.do('resource.collectivize', { product: bread, quantity: String(MAX_QUANTITY + 1n) }, ['Bakery'])
    )
    expectAccepted(await h.do('order.place', { producer: h.c('Bakery').id, product: bread, quantity: String(MAX_QUANTITY) }, ['Bakery']))
    // An inventory count is bounded the same way, before the lot is even looked at.
    const flour = (await produce(h, 'Mill', await define(h, 'Mill', 'Flour'), { micro: [90n], quantity: 9 })).lots[0]!
    await expectRejected(h, 'QUANTITY_ABOVE_MAXIMUM', () =>
      h.do('inventory.count', { lot: flour, counted: String(MAX_QUANTITY + 1n) }, ['Mill'])
    )
  })
})

describe('rules: one waiting request for strong trust per pair', () => {
  beforeEach(async () => {
    expectAccepted(await h.do('collective.register', { name: 'Shop', roles: ['dispatcher'], devices: [h.c('Shop').deviceKey] }, ['Shop'], { writer: 'Mill' }))
  })
  const ask = (from: string, to: string, options: { time?: number; expires?: number } = {}) =>
    h.do('trust.establish', { a: h.c(from).id, b: h.c(to).id }, [from, to], { sign: [from], writer: 'Mill', ...options })

  it('refuses a second request while the first waits, in either order (TRUST_REQUEST_PENDING)', async () => {
    const first = await ask('Mill', 'Shop')
    expect(first.status).toBe('pending')
    const again = await expectRejected(h, 'TRUST_REQUEST_PENDING', () => ask('Mill', 'Shop'))
    expect(again.reason).toContain('Shop')
    await expectRejected(h, 'TRUST_REQUEST_PENDING', () => ask('Shop', 'Mill'))
    expect(await view(h, `pendingFor/${h.c('Shop').id}/${first.id}`)).toBe('trust.establish')
    // The partner answers the one request, and it takes effect.
    const done = expectAccepted(
      await h.do('cosign', { tx: first.id!, signer: h.c('Shop').id, sig: h.cosignature(first.tx, 'Shop') }, ['Shop'], { writer: 'Mill' })
    )
    expect(done.completed).toEqual({ id: first.id, status: 'accepted' })
  })

  it('takes a new request once the first was declined or has expired', async () => {
    const first = await ask('Mill', 'Shop')
    expectAccepted(await h.do('cosign.decline', { tx: first.id!, reason: 'not yet' }, ['Shop'], { writer: 'Mill' }))
    const second = await ask('Mill', 'Shop')
    expect(second.status).toBe('pending')
    const late = await ask('Mill', 'Shop', { time: second.tx.time + DEFAULT_EXPIRY_MS + 1 })
    expect(late.status).toBe('pending')
  })

  it('does not hold back a request that comes with both signatures', async () => {
    expect((await ask('Mill', 'Shop')).status).toBe('pending')
    expectAccepted(await h.do('trust.establish', { a: h.c('Mill').id, b: h.c('Shop').id }, ['Mill', 'Shop']))
  })

  it('says what became of a request answered again: completed, or declined with the reason (NOT_PENDING)', async () => {
    const first = await ask('Mill', 'Shop')
    const cosign = (tx: typeof first.tx) =>
      h.do('cosign', { tx: transactionId(tx), signer: h.c('Shop').id, sig: h.cosignature(tx, 'Shop') }, ['Shop'], { writer: 'Mill' })
    expectAccepted(await h.do('cosign.decline', { tx: first.id!, reason: 'not yet' }, ['Shop'], { writer: 'Mill' }))
    const declined = await expectRejected(h, 'NOT_PENDING', () => cosign(first.tx))
    expect(declined.reason).toMatch(/it was declined by .*: not yet$/)
    const second = await ask('Mill', 'Shop')
    expectAccepted(await cosign(second.tx))
    const completed = await expectRejected(h, 'NOT_PENDING', () => cosign(second.tx))
    expect(completed.reason).toContain('it was completed and took effect')
  })
})
