// PROTOCOL §6 (production cycle), §8 (exact arithmetic), §9.2 (value conservation) and §4
// (value trees of assembled machines).
import { beforeEach, describe, expect, it } from 'vitest'
import { expectAccepted, Harness, µ } from '../helpers/harness.ts'
import { collectivize, define, lot, produce, start, transfer, valueAccount, workload } from '../helpers/economy.ts'
import { expectRejected, view } from '../helpers/rules.ts'

let h: Harness
let flour: string
beforeEach(async () => {
  h = new Harness()
  // Mill — Bakery — Farm; Shop only dispatches
  await h.network([['Mill', ['producer']], ['Bakery', ['producer', 'dispatcher']], ['Farm', ['producer']], ['Shop', ['dispatcher']]])
  flour = await define(h, 'Mill', 'Flour')
})
const conserved = async () => {
  const { worked, held } = await valueAccount(h)
  expect(held).toBe(worked)
}

describe('rules: orders, estimates, start (§5)', () => {
  const order = (by: string, producer: string, product = flour, references?: string[]) =>
    h.do('order.place', { producer: h.c(producer).id, product, quantity: '10', ...(references ? { references } : {}) }, [by])

  it('places orders with itself or a strongly trusted producer (NO_STRONG_TRUST, WRONG_ROLE, UNKNOWN_PRODUCT, UNKNOWN_ORDER)', async () => {
    const own = expectAccepted(await order('Mill', 'Mill')).id!
    expectAccepted(await order('Bakery', 'Mill', flour, [own]))
    await expectRejected(h, 'NO_STRONG_TRUST', () => order('Mill', 'Farm'))
    await expectRejected(h, 'WRONG_ROLE', () => order('Farm', 'Shop'))
    await expectRejected(h, 'UNKNOWN_PRODUCT', () => order('Bakery', 'Mill', 'ef'.repeat(32)))
    await expectRejected(h, 'UNKNOWN_ORDER', () => order('Bakery', 'Mill', flour, ['ef'.repeat(32)]))
  })

  it('lets only the producer reject or estimate an open order (WRONG_SIGNERS, ORDER_CLOSED)', async () => {
    const placed = expectAccepted(await order('Bakery', 'Mill')).id!
    await expectRejected(h, 'WRONG_SIGNERS', () => h.do('order.reject', { order: placed, reason: 'no' }, ['Bakery']))
    expectAccepted(await h.do('order.reject', { order: placed, reason: 'over capacity' }, ['Mill']))
    expect(await view(h, `order/${placed}`)).toMatchObject({ status: 'rejected', reason: 'over capacity' })
    await expectRejected(h, 'ORDER_CLOSED', () => h.do('order.reject', { order: placed, reason: 'again' }, ['Mill']))
    await expectRejected(h, 'ORDER_CLOSED', () => h.do('estimate.publish', { order: placed, minutes: µ(5) }, ['Mill']))
    const open = expectAccepted(await order('Bakery', 'Mill')).id!
    expectAccepted(await h.do('estimate.publish', { order: open, minutes: µ(5) }, ['Mill']))
    await expectRejected(h, 'ORDER_CLOSED', () => h.do('estimate.publish', { order: open, minutes: µ(6) }, ['Mill']))
  })

  it('starts one production per estimate (ESTIMATE_USED, UNKNOWN_ESTIMATE); a started order can still be declined (rules-corrections)', async () => {
    const { estimate, production } = await start(h, 'Mill', flour)
    expect(await view(h, `production/${production}`)).toMatchObject({ status: 'running', producer: h.c('Mill').id, value: '0' })
    await expectRejected(h, 'ESTIMATE_USED', () => h.do('production.start', { estimate }, ['Mill']))
    await expectRejected(h, 'UNKNOWN_ESTIMATE', () => h.do('production.start', { estimate: 'ef'.repeat(32) }, ['Mill']))
  })

  it('marks the order produced once its production delivers its output, and it stays closed (ORDER_CLOSED)', async () => {
    const { order, production } = await start(h, 'Mill', flour)
    expect((await view(h, `order/${order}`)).status).toBe('started')
    await workload(h, 'Mill', production, 'Anna', 10n)
    expectAccepted(await h.do('production.output', { production, outputs: [{ product: flour, quantity: '1' }] }, ['Mill']))
    expect((await view(h, `order/${order}`)).status).toBe('produced')
    await expectRejected(h, 'ORDER_CLOSED', () => h.do('order.reject', { order, reason: 'too late' }, ['Mill']))
    await expectRejected(h, 'ORDER_CLOSED', () => h.do('estimate.publish', { order, minutes: '1' }, ['Mill']))
  })
})

describe('rules: inside a production', () => {
  let production: string
  beforeEach(async () => {
    production = (await start(h, 'Mill', flour)).production
  })

  it('consumes only the producer\'s own free lots, within their quantity (LOT_NOT_OWNED, QUANTITY_TOO_LARGE)', async () => {
    const grain = await define(h, 'Bakery', 'Grain')
    const valued = (await produce(h, 'Mill', grain, { micro: [90n], quantity: 9 })).lots[0]!
    const bakerys = await collectivize(h, 'Bakery', grain, 5)
    await expectRejected(h, 'LOT_NOT_OWNED', () => h.do('production.consume', { production, lot: bakerys, quantity: '1' }, ['Mill']))
    await expectRejected(h, 'QUANTITY_TOO_LARGE', () => h.do('production.consume', { production, lot: valued, quantity: '10' }, ['Mill']))
    expectAccepted(await h.do('production.consume', { production, lot: valued, quantity: '4' }, ['Mill']))
    expect(await view(h, `production/${production}`)).toMatchObject({ consumed: String((90n * 4n) / 9n), value: String((90n * 4n) / 9n) })
    expect((await lot(h, valued)).value).toBe(String(90n - (90n * 4n) / 9n))
    await conserved()
  })

  it('records workloads by the producer, never before they were performed (WORKLOAD_IN_FUTURE, WRONG_SIGNERS, UNKNOWN_PRODUCTION)', async () => {
    const body = (performedAt: number) => ({ production, wallet: h.w('Anna').key, minutes: µ(30), performedAt })
    await expectRejected(h, 'WORKLOAD_IN_FUTURE', () => h.do('production.workload', body(h.time + 10 * 60_000), ['Mill']))
    await expectRejected(h, 'WRONG_SIGNERS', () => h.do('production.workload', body(h.time), ['Bakery']))
    await expectRejected(h, 'UNKNOWN_PRODUCTION', () => h.do('production.workload', { ...body(h.time), production: 'ef'.repeat(32) }, ['Mill']))
    const id = await workload(h, 'Mill', production, 'Anna', BigInt(µ(30)))
    expect(await view(h, `workload/${id}`)).toMatchObject({ wallet: h.w('Anna').key, minutes: µ(30), period: '2026-04', collective: h.c('Mill').id })
    expect(await view(h, `tally/${h.c('Mill').id}/2026-04`)).toEqual({ a: µ(30), c: '0', w: '0' })
    expect((await view(h, 'meta/totals')).worked).toBe(µ(30))
  })

  it('allocates a machine to one production at a time, only a machine (LOT_ALLOCATED, NOT_MEANS_OF_PRODUCTION, NOT_ALLOCATED)', async () => {
    const oven = await collectivize(h, 'Mill', await define(h, 'Mill', 'Oven', 'meansOfProduction', 1000), 1)
    const sacks = await collectivize(h, 'Mill', await define(h, 'Mill', 'Sack'), 5)
    await expectRejected(h, 'NOT_ALLOCATED', () => h.do('production.deallocate', { production, lot: oven, minutesUsed: '1' }, ['Mill']))
    expectAccepted(await h.do('production.allocate', { production, lot: oven }, ['Mill']))
    const other = (await start(h, 'Mill', flour)).production
    await expectRejected(h, 'LOT_ALLOCATED', () => h.do('production.allocate', { production: other, lot: oven }, ['Mill']))
    await expectRejected(h, 'LOT_ALLOCATED', () => h.do('production.consume', { production: other, lot: oven, quantity: '1' }, ['Mill']))
    await expectRejected(h, 'NOT_MEANS_OF_PRODUCTION', () => h.do('production.allocate', { production, lot: sacks }, ['Mill']))
    await expectRejected(h, 'NOT_ALLOCATED', () => h.do('production.deallocate', { production: other, lot: oven, minutesUsed: '1' }, ['Mill']))
    expectAccepted(await h.do('production.deallocate', { production, lot: oven, minutesUsed: '10' }, ['Mill']))
    expectAccepted(await h.do('production.allocate', { production: other, lot: oven }, ['Mill']))
    // a huge number of minutes wears the machine out exactly, no further
    expectAccepted(await h.do('production.deallocate', { production: other, lot: oven, minutesUsed: '9'.repeat(30) }, ['Mill']))
    expect((await lot(h, oven)).tree.elements[(await lot(h, oven)).tree.root]).toMatchObject({ age: String(10n ** 30n - 1n + 10n), transferred: '0' })
  })

  it('refuses the output while a machine is still allocated (MOP_STILL_ALLOCATED), and anything after the output (PRODUCTION_DONE)', async () => {
    const oven = await collectivize(h, 'Mill', await define(h, 'Mill', 'Oven', 'meansOfProduction', 1000), 1)
    expectAccepted(await h.do('production.allocate', { production, lot: oven }, ['Mill']))
    await workload(h, 'Mill', production, 'Anna', 10n)
    const output = { production, outputs: [{ product: flour, quantity: '1' }] }
    await expectRejected(h, 'MOP_STILL_ALLOCATED', () => h.do('production.output', output, ['Mill']))
    expectAccepted(await h.do('production.deallocate', { production, lot: oven, minutesUsed: '5' }, ['Mill']))
    expectAccepted(await h.do('production.output', output, ['Mill']))
    await expectRejected(h, 'PRODUCTION_DONE', () => h.do('production.output', output, ['Mill']))
    await expectRejected(h, 'PRODUCTION_DONE', () => h.do('production.workload', { production, wallet: h.w('Anna').key, minutes: '1', performedAt: h.time }, ['Mill']))
  })
})

describe('rules: value conservation, exact (§6, §8, §9.2)', () => {
  it('splits a production\'s value among outputs by largest remainder; declared values must be exact (VALUE_NOT_CONSERVED)', async () => {
    const bran = await define(h, 'Mill', 'Bran')
    const { production } = await start(h, 'Mill', flour)
    await workload(h, 'Mill', production, 'Anna', 100n)
    await workload(h, 'Mill', production, 'Ben', 1n)
    const total = 101n
    // weights 1 and 2 (independently): floors 33 and 67 with remainders 2 and 1 → the last µmin goes to the first
    const floors = [(total * 1n) / 3n, (total * 2n) / 3n]
    const expected = floors[0]! + floors[1]! === total ? floors : [floors[0]! + 1n, floors[1]!]
    const outputs = (values?: bigint[]) => [
      { product: flour, quantity: '2', weight: '1', ...(values ? { value: String(values[0]) } : {}) },
      { product: bran, quantity: '1', weight: '2', ...(values ? { value: String(values[1]) } : {}) }
    ]
    await expectRejected(h, 'VALUE_NOT_CONSERVED', () => h.do('production.output', { production, outputs: outputs([expected[0]!, expected[1]! + 1n]) }, ['Mill']))
    await expectRejected(h, 'VALUE_NOT_CONSERVED', () => h.do('production.output', { production, outputs: outputs([expected[1]!, expected[0]!]) }, ['Mill']))
    await expectRejected(h, 'VALUE_NOT_CONSERVED', () => h.do('production.output', { production, outputs: [outputs(expected)[0]!, outputs()[1]!] }, ['Mill']))
    await expectRejected(h, 'UNKNOWN_PRODUCT', () => h.do('production.output', { production, outputs: [{ product: 'ef'.repeat(32), quantity: '1' }] }, ['Mill']))
    const out = expectAccepted(await h.do('production.output', { production, outputs: outputs(expected) }, ['Mill'])).id!
    expect((await lot(h, `${out}:0`)).value).toBe(String(expected[0]))
    expect((await lot(h, `${out}:1`)).value).toBe(String(expected[1]))
    expect(expected[0]! + expected[1]!).toBe(total)
  })

  it('conserves value exactly through production, transfer, splitting and machine wear', async () => {
    const ovenType = await define(h, 'Mill', 'Oven', 'meansOfProduction', 7)
    const bread = await define(h, 'Bakery', 'Bread')
    // an oven worth 1000 µmin; wears over 7 minutes of use: T(k) = floor(1000·min(k,7)/7)
    const oven = (await produce(h, 'Mill', ovenType, { micro: [1000n] })).lots[0]!
    const T = (k: bigint) => (1000n * (k < 7n ? k : 7n)) / 7n
    const uses = [3n, 3n, 5n]
    let age = 0n
    let flourLots: string[] = []
    for (const minutes of uses) {
      const before = BigInt((await lot(h, oven)).value)
      const cycle = await produce(h, 'Mill', flour, { micro: [13n], quantity: 3, machines: [{ lot: oven, minutesUsed: minutes }] })
      const worn = T(age + minutes) - T(age)
      age += minutes
      expect(BigInt((await lot(h, oven)).value)).toBe(before - worn)
      expect((await lot(h, cycle.lots[0]!)).value).toBe(String(13n + worn))
      flourLots.push(cycle.lots[0]!)
      await conserved()
    }
    expect((await lot(h, oven)).value).toBe('0')
    // spread the flour around: 1 of 3 to Bakery, consumed in odd pieces
    flourLots = await Promise.all(flourLots.map((l) => transfer(h, l, 2, 'Mill', 'Bakery')))
    await conserved()
    const { production } = await start(h, 'Bakery', bread)
    for (const l of flourLots) expectAccepted(await h.do('production.consume', { production, lot: l, quantity: '1' }, ['Bakery']))
    await conserved()
    await workload(h, 'Bakery', production, 'Cleo', 7n)
    const out = expectAccepted(await h.do('production.output', { production, outputs: [{ product: bread, quantity: '5' }, { product: bread, quantity: '2' }] }, ['Bakery'])).id!
    await conserved()
    expectAccepted(await h.do('dispatch.record', { lot: `${out}:0`, quantity: '3' }, ['Bakery']))
    expectAccepted(await h.do('resource.writeoff', { lot: `${out}:1`, quantity: '1', reason: 'burnt' }, ['Bakery']))
    await conserved()
    expect((await view(h, 'meta/totals')).worked).toBe(String(1000n + 3n * 13n + 7n))
  })
})

describe('rules: value trees of assembled machines (§4, §6)', () => {
  it('gives a single machine output a tree: root v = work + plain inputs + wear, children = the components', async () => {
    const Y = 356 * 24 * 60
    const board = await define(h, 'Mill', 'Mainboard', 'meansOfProduction', 12 * Y)
    const cpu = await define(h, 'Mill', 'CPU', 'meansOfProduction', 9 * Y)
    const paste = await define(h, 'Mill', 'Heat paste', 'consumable', 5 * Y)
    const tape = await define(h, 'Mill', 'Tape')
    const boardWithCpu = await define(h, 'Mill', 'Mainboard with CPU', 'meansOfProduction', 5 * Y)
    const boardLot = (await produce(h, 'Mill', board, { micro: [BigInt(µ(600))] })).lots[0]!
    const cpuLot = (await produce(h, 'Mill', cpu, { micro: [BigInt(µ(1250)), BigInt(µ(1250))], wallets: ['Chiara', 'Dmitri'] })).lots[0]!
    const pasteLot = (await produce(h, 'Mill', paste, { micro: [BigInt(µ(30))] })).lots[0]!
    const tapeLot = (await produce(h, 'Mill', tape, { micro: [BigInt(µ(4))], quantity: 2 })).lots[0]!

    const { production } = await start(h, 'Mill', boardWithCpu)
    await expectRejected(h, 'COMPONENT_NEEDS_DURABILITY', () => h.do('production.consume', { production, lot: tapeLot, quantity: '1', asComponent: true }, ['Mill']))
    for (const part of [boardLot, cpuLot, pasteLot]) {
      expectAccepted(await h.do('production.consume', { production, lot: part, quantity: '1', asComponent: true }, ['Mill']))
    }
    expectAccepted(await h.do('production.consume', { production, lot: tapeLot, quantity: '1' }, ['Mill']))
    await workload(h, 'Mill', production, 'Anna', BigInt(µ(10)))
    const out = expectAccepted(await h.do('production.output', { production, outputs: [{ product: boardWithCpu, quantity: '1' }] }, ['Mill'])).id!
    const assembled = await lot(h, `${out}:0`)
    const tree = assembled.tree
    const root = tree.elements[tree.root]
    // root: 10 minutes of work + 1 of 2 tapes (plain input), no machine wear
    expect(root.v).toBe(String(BigInt(µ(10)) + BigInt(µ(4)) / 2n))
    expect(root.children).toHaveLength(3)
    const children = root.children.map((id: string) => tree.elements[id])
    expect(children.map((c: any) => c.v).sort()).toEqual([µ(2500), µ(30), µ(600)].sort())
    expect(root.d).toBe(String(5 * Y))
    // v*(root) = v(root) + Σ children = the lot's value (the proposal's 3140 plus the tape)
    const vStar = [root, ...children].reduce((sum: bigint, e: any) => sum + BigInt(e.v), 0n)
    expect(assembled.value).toBe(String(vStar))
    expect(vStar).toBe(BigInt(µ(3140)) + BigInt(µ(2)))
    await conserved()
  })
})
