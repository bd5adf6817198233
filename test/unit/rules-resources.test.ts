// PROTOCOL §4, §5, §7 (prices): product types, collectivization, transfer along strong trust,
// write-offs, inventory counts, dispatch, and the dispatchers' price basis.
import { beforeEach, describe, expect, it } from 'vitest'
import { expectAccepted, Harness, µ } from '../helpers/harness.ts'
import { collectivize, define, lot, produce, start, transfer, valueAccount } from '../helpers/economy.ts'
import { expectRejected, view } from '../helpers/rules.ts'

let h: Harness
beforeEach(async () => {
  h = new Harness()
  // Mill — Bakery — Shop; Bakery and Shop are dispatchers
  await h.network([['Mill', ['producer']], ['Bakery', ['producer', 'dispatcher']], ['Shop', ['dispatcher']]])
})
const totals = async () => (await view(h, 'meta/totals')) as Record<string, string>
const tally = async (name: string, period = '2026-04') => (await view(h, `tally/${h.c(name).id}/${period}`)) ?? { a: '0', c: '0', w: '0' }
const subsystem = async (name: string): Promise<string> => (await view(h, `collective/${h.c(name).id}`)).subsystem

describe('rules: product types and collectivization', () => {
  it('defines a product type once per name, by a member (PRODUCT_NAME_TAKEN, NOT_MEMBER, INVALID_BODY)', async () => {
    const flour = await define(h, 'Mill', 'Flour')
    expect(await view(h, `product/${flour}`)).toMatchObject({ name: 'Flour', kind: 'consumable', definedBy: h.c('Mill').id })
    await expectRejected(h, 'PRODUCT_NAME_TAKEN', () => h.do('product.define', { name: 'FLOUR', unit: 'kg', kind: 'consumable' }, ['Bakery']))
    await expectRejected(h, 'INVALID_BODY', () => h.do('product.define', { name: 'Oven', unit: 'piece', kind: 'meansOfProduction' }, ['Bakery']))
    expectAccepted(await h.do('collective.register', { name: 'Farm', roles: ['producer'], devices: [h.c('Farm').deviceKey] }, ['Farm'], { writer: 'Mill' }))
    await expectRejected(h, 'NOT_MEMBER', () => h.do('product.define', { name: 'Milk', unit: 'l', kind: 'consumable' }, ['Farm'], { writer: 'Mill' }))
  })

  it('collectivizes goods with value 0, machines with a one-element tree of value 0 (UNKNOWN_PRODUCT)', async () => {
    const grain = await collectivize(h, 'Mill', await define(h, 'Mill', 'Grain'), 1000)
    expect(await lot(h, grain)).toMatchObject({ owner: h.c('Mill').id, quantity: '1000', value: '0' })
    const mill = await collectivize(h, 'Mill', await define(h, 'Mill', 'Millstone', 'meansOfProduction', 600_000), 1)
    const stored = await lot(h, mill)
    expect(stored.value).toBe('0')
    expect(stored.tree.elements[stored.tree.root]).toMatchObject({ v: '0', d: '600000', children: [] })
    await expectRejected(h, 'UNKNOWN_PRODUCT', () => h.do('resource.collectivize', { product: 'ab'.repeat(32), quantity: '1' }, ['Mill']))
  })
})

describe('rules: transfer (§3.2)', () => {
  let flour: string
  let flourLot: string
  beforeEach(async () => {
    flour = await define(h, 'Mill', 'Flour')
    flourLot = (await produce(h, 'Mill', flour, { micro: [100n], quantity: 3 })).lots[0]!
  })

  it('moves value in proportion to quantity, the last units taking the rest', async () => {
    const first = await transfer(h, flourLot, 1, 'Mill', 'Bakery')
    expect(await lot(h, first)).toMatchObject({ owner: h.c('Bakery').id, quantity: '1', value: String((100n * 1n) / 3n) })
    expect(await lot(h, flourLot)).toMatchObject({ quantity: '2', value: String(100n - (100n * 1n) / 3n) })
    const second = await transfer(h, flourLot, 2, 'Mill', 'Bakery')
    expect((await lot(h, second)).value).toBe(String(100n - (100n * 1n) / 3n))
    expect(await lot(h, flourLot)).toBeUndefined()
    expect(await view(h, `lotOf/${h.c('Mill').id}/${flourLot}`)).toBeUndefined()
  })

  it('moves goods only along strong trust, between two members, within the lot (NO_STRONG_TRUST, NOT_MEMBER, SAME_OWNER, QUANTITY_TOO_LARGE, UNKNOWN_LOT)', async () => {
    const give = (to: string, quantity = '1', lotId = flourLot) => h.do('resource.transfer', { lot: lotId, quantity, to: h.c(to).id }, ['Mill', to], { writer: 'Mill' })
    await expectRejected(h, 'NO_STRONG_TRUST', () => give('Shop'))
    await expectRejected(h, 'QUANTITY_TOO_LARGE', () => give('Bakery', '4'))
    await expectRejected(h, 'SAME_OWNER', () => h.do('resource.transfer', { lot: flourLot, quantity: '1', to: h.c('Mill').id }, ['Mill']))
    await expectRejected(h, 'UNKNOWN_LOT', () => give('Bakery', '1', `${'ab'.repeat(32)}:0`))
    expectAccepted(await h.do('collective.register', { name: 'Farm', roles: ['producer'], devices: [h.c('Farm').deviceKey] }, ['Farm'], { writer: 'Mill' }))
    await expectRejected(h, 'NOT_MEMBER', () => give('Farm'))
    expectAccepted(await give('Bakery', '3'))
  })

  it('counts deliveries against the receiver\'s order with the giver (ORDER_MISMATCH, UNKNOWN_ORDER)', async () => {
    const order = expectAccepted(await h.do('order.place', { producer: h.c('Mill').id, product: flour, quantity: '3' }, ['Bakery'])).id!
    const own = expectAccepted(await h.do('order.place', { producer: h.c('Mill').id, product: flour, quantity: '3' }, ['Mill'])).id!
    const give = (orderId: string) => h.do('resource.transfer', { lot: flourLot, quantity: '1', to: h.c('Bakery').id, order: orderId }, ['Mill', 'Bakery'])
    await expectRejected(h, 'ORDER_MISMATCH', () => give(own))
    await expectRejected(h, 'UNKNOWN_ORDER', () => give('cd'.repeat(32)))
    expectAccepted(await give(order))
    expect((await view(h, `order/${order}`)).delivered).toBe('1')
  })

  it('does not move a machine while it is allocated (LOT_ALLOCATED)', async () => {
    const oven = await collectivize(h, 'Mill', await define(h, 'Mill', 'Oven', 'meansOfProduction', 1000), 1)
    const { production } = await start(h, 'Mill', flour)
    expectAccepted(await h.do('production.allocate', { production, lot: oven }, ['Mill']))
    await expectRejected(h, 'LOT_ALLOCATED', () => h.do('resource.transfer', { lot: oven, quantity: '1', to: h.c('Bakery').id }, ['Mill', 'Bakery']))
    await expectRejected(h, 'LOT_ALLOCATED', () => h.do('resource.writeoff', { lot: oven, quantity: '1', reason: 'broken' }, ['Mill']))
  })
})

describe('rules: write-off (§3.3) and inventory (§2.2)', () => {
  let bread: string
  let shopLot: string
  beforeEach(async () => {
    bread = await define(h, 'Bakery', 'Bread')
    const cycle = await produce(h, 'Bakery', bread, { micro: [100n], quantity: 10 })
    shopLot = await transfer(h, cycle.lots[0]!, 10, 'Bakery', 'Shop')
  })

  it('writes off exclusive goods by the owner: their value leaves and counts into w (QUANTITY_TOO_LARGE)', async () => {
    const gone = (100n * 3n) / 10n
    const writeoff = expectAccepted(await h.do('resource.writeoff', { lot: shopLot, quantity: '3', reason: 'mouldy' }, ['Shop']))
    expect(await view(h, `writeoff/${writeoff.id}`)).toEqual({ lot: shopLot, product: bread, owner: h.c('Shop').id, quantity: '3', value: String(gone), reason: 'mouldy' })
    expect(await lot(h, shopLot)).toMatchObject({ quantity: '7', value: String(100n - gone) })
    expect((await totals()).writtenOff).toBe(String(gone))
    expect((await tally('Shop')).w).toBe(String(gone))
    await expectRejected(h, 'QUANTITY_TOO_LARGE', () => h.do('resource.writeoff', { lot: shopLot, quantity: '8', reason: 'mouldy' }, ['Shop']))
  })

  it('writes off a machine at the value it has not transferred yet', async () => {
    const ovenType = await define(h, 'Mill', 'Oven', 'meansOfProduction', 1000)
    const oven = (await produce(h, 'Mill', ovenType, { micro: [BigInt(µ(10))] })).lots[0]!
    const flour = await define(h, 'Mill', 'Flour')
    await produce(h, 'Mill', flour, { machines: [{ lot: oven, minutesUsed: 300 }] })
    const transferred = (BigInt(µ(10)) * 300n) / 1000n
    expect((await lot(h, oven)).value).toBe(String(BigInt(µ(10)) - transferred))
    const w = BigInt((await tally('Mill')).w)
    expectAccepted(await h.do('resource.writeoff', { lot: oven, quantity: '1', reason: 'cracked' }, ['Mill']))
    expect(BigInt((await tally('Mill')).w) - w).toBe(BigInt(µ(10)) - transferred)
    const { worked, held } = await valueAccount(h)
    expect(held).toBe(worked)
  })

  it('turns an inventory shortfall at a dispatcher into a write-off (INVENTORY_SURPLUS, WRONG_ROLE)', async () => {
    const counted = await h.do('inventory.count', { lot: shopLot, counted: '7' }, ['Shop'])
    expectAccepted(counted)
    const gone = (100n * 3n) / 10n
    expect(await lot(h, shopLot)).toMatchObject({ quantity: '7', value: String(100n - gone) })
    expect(await view(h, `writeoff/${counted.id}`)).toMatchObject({ lot: shopLot, quantity: '3', value: String(gone), reason: 'inventory' })
    expect((await totals()).writtenOff).toBe(String(gone))
    expect((await tally('Shop')).w).toBe(String(gone))
    expect(await view(h, `stock/${h.c('Shop').id}/${bread}`)).toEqual({ value: String(100n - gone), quantity: '7' })
    expectAccepted(await h.do('inventory.count', { lot: shopLot, counted: '7' }, ['Shop']))
    expect((await totals()).writtenOff).toBe(String(gone))
    await expectRejected(h, 'INVENTORY_SURPLUS', () => h.do('inventory.count', { lot: shopLot, counted: '8' }, ['Shop']))
    const millLot = await collectivize(h, 'Mill', await define(h, 'Mill', 'Flour'), 5)
    await expectRejected(h, 'WRONG_ROLE', () => h.do('inventory.count', { lot: millLot, counted: '4' }, ['Mill']))
  })
})

describe('rules: dispatch (§2.2) and prices (§6.2)', () => {
  let bread: string
  beforeEach(async () => {
    bread = await define(h, 'Bakery', 'Bread')
  })
  const price = async (sub: string) => view(h, `price/${sub}/${bread}`)

  it('hands goods out at a dispatcher: the value leaves, stock and price follow (WRONG_ROLE, QUANTITY_TOO_LARGE)', async () => {
    const cycle = await produce(h, 'Bakery', bread, { micro: [70n], quantity: 7 })
    const shopLot = await transfer(h, cycle.lots[0]!, 7, 'Bakery', 'Shop')
    expectAccepted(await h.do('dispatch.record', { lot: shopLot, quantity: '2' }, ['Shop']))
    expect((await totals()).dispatched).toBe(String((70n * 2n) / 7n))
    expect(await view(h, `stock/${h.c('Shop').id}/${bread}`)).toEqual({ value: String(70n - (70n * 2n) / 7n), quantity: '5' })
    await expectRejected(h, 'QUANTITY_TOO_LARGE', () => h.do('dispatch.record', { lot: shopLot, quantity: '6' }, ['Shop']))
    const millLot = await collectivize(h, 'Mill', await define(h, 'Mill', 'Flour'), 5)
    await expectRejected(h, 'WRONG_ROLE', () => h.do('dispatch.record', { lot: millLot, quantity: '1' }, ['Mill']))
    const { worked, held } = await valueAccount(h)
    expect(held).toBe(worked)
  })

  it('keeps price/<subsystem>/<product> = value and quantity of the dispatchers\' lots, across split and merge', async () => {
    const atBakery = (await produce(h, 'Bakery', bread, { micro: [90n], quantity: 3 })).lots[0]!
    const toShop = (await produce(h, 'Bakery', bread, { micro: [50n], quantity: 5 })).lots[0]!
    await transfer(h, toShop, 5, 'Bakery', 'Shop')
    // Mill is no dispatcher: its bread is not priced
    await transfer(h, atBakery, 1, 'Bakery', 'Mill')
    const one = await subsystem('Bakery')
    const bakeryKeeps = 90n - (90n * 1n) / 3n
    expect(await price(one)).toEqual({ value: String(bakeryKeeps + 50n), quantity: String(2 + 5) })

    const cut = expectAccepted(await h.do('trust.cancel', { peer: h.c('Shop').id, reason: 'dispute' }, ['Bakery'])).id!
    expect(await subsystem('Shop')).toBe(cut)
    expect(await price(one)).toEqual({ value: String(bakeryKeeps), quantity: '2' })
    expect(await price(cut)).toEqual({ value: '50', quantity: '5' })

    expectAccepted(await h.do('trust.establish', { a: h.c('Mill').id, b: h.c('Shop').id }, ['Mill', 'Shop']))
    const merged = await subsystem('Shop')
    expect(await price(merged)).toEqual({ value: String(bakeryKeeps + 50n), quantity: '7' })
    expect(await price(merged === one ? cut : one)).toBeUndefined()
  })
})
