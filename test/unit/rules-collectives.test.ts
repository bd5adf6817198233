// PROTOCOL §1, §3: collectives and devices, strong trust, subsystems as connected components,
// their split and merge, and settlement across a split.
import { beforeEach, describe, expect, it } from 'vitest'
import { parity } from '../../core/ledger/queries.ts'
import { encodeTransaction } from '../../core/protocol/encoding.ts'
import { expectAccepted, Harness, µ } from '../helpers/harness.ts'
import { collectivize, define, finalize, lot, produce, transfer, valueAccount } from '../helpers/economy.ts'
import { expectRejected, view } from '../helpers/rules.ts'

const subsystemOf = async (h: Harness, name: string): Promise<string> => (await view(h, `collective/${h.c(name).id}`)).subsystem

describe('rules: collectives and devices', () => {
  let h: Harness
  beforeEach(async () => {
    h = new Harness()
    await h.network([['Mill', ['producer']]])
  })

  it('registers a collective once, with devices nobody else has (ALREADY_REGISTERED, DEVICE_TAKEN)', async () => {
    const register = (name: string, devices: string[]) => h.do('collective.register', { name, roles: ['producer'], devices }, [name], { writer: 'Mill' })
    expectAccepted(await register('Farm', [h.c('Farm').deviceKey]))
    await expectRejected(h, 'ALREADY_REGISTERED', () => register('Farm', [h.c('Other').deviceKey]))
    await expectRejected(h, 'DEVICE_TAKEN', () => register('Dairy', [h.c('Farm').deviceKey]))
    await expectRejected(h, 'INVALID_BODY', () => register('Dairy', []))
  })

  it('binds and unbinds devices, never the last one (DEVICE_TAKEN, UNKNOWN_DEVICE, LAST_DEVICE)', async () => {
    const laptop = h.c('Mill laptop').deviceKey
    const bound = expectAccepted(await h.do('device.bind', { device: laptop }, ['Mill']))
    expect(bound.effects).toEqual([{ kind: 'writer.add', key: laptop }])
    await expectRejected(h, 'DEVICE_TAKEN', () => h.do('device.bind', { device: laptop }, ['Mill']))
    const unbound = expectAccepted(await h.do('device.unbind', { device: laptop }, ['Mill']))
    expect(unbound.effects).toEqual([{ kind: 'writer.remove', key: laptop }])
    await expectRejected(h, 'UNKNOWN_DEVICE', () => h.do('device.unbind', { device: laptop }, ['Mill']))
    await expectRejected(h, 'DEVICE_UNBOUND', () => h.ledger.apply({ bytes: encodeTransaction(h.tx('device.bind', { device: h.c('Other').deviceKey }, ['Mill'])), writer: laptop }))
    await expectRejected(h, 'UNKNOWN_WRITER', () => h.ledger.apply({ bytes: encodeTransaction(h.tx('device.bind', { device: h.c('Other').deviceKey }, ['Mill'])), writer: h.c('Stranger').deviceKey }))
    await expectRejected(h, 'LAST_DEVICE', () => h.do('device.unbind', { device: h.c('Mill').deviceKey }, ['Mill']))
  })

  it('binds a restored device in place of the old one, whose later entries are DEVICE_UNBOUND', async () => {
    const old = h.c('Mill').deviceKey
    const restored = h.c('Mill restored').deviceKey
    const bound = expectAccepted(await h.do('device.bind', { device: restored, replaces: old }, ['Mill'], { writer: 'Mill' }))
    expect(bound.effects).toEqual([
      { kind: 'writer.add', key: restored },
      { kind: 'writer.remove', key: old }
    ])
    expect((await view(h, `collective/${h.c('Mill').id}`)).devices).toEqual([restored])
    expect(await view(h, `unboundDevice/${old}`)).toEqual({ collective: h.c('Mill').id, tx: bound.id, replacedBy: restored })
    // The old machine ran on and wrote after the takeover: refused by name, nothing changes.
    const late = h.tx('product.define', { name: 'Rye', unit: 'kg', kind: 'consumable' }, ['Mill'])
    await expectRejected(h, 'DEVICE_UNBOUND', () => h.ledger.apply({ bytes: encodeTransaction(late), writer: old }))
    // The restored device writes for the Mill.
    expectAccepted(await h.ledger.apply({ bytes: encodeTransaction(late), writer: restored }))
    // Binding the old key again (the machine is back, deliberately) lifts the refusal.
    expectAccepted(await h.do('device.bind', { device: old }, ['Mill'], { writer: 'Mill restored' }))
    expect(await view(h, `unboundDevice/${old}`)).toBeUndefined()
  })

  it('replaces only its own devices (UNKNOWN_DEVICE); one already unbound is not replaced twice', async () => {
    expectAccepted(await h.do('collective.register', { name: 'Farm', roles: ['producer'], devices: [h.c('Farm').deviceKey] }, ['Farm'], { writer: 'Mill' }))
    await expectRejected(h, 'UNKNOWN_DEVICE', () => h.do('device.bind', { device: h.c('Mill tablet').deviceKey, replaces: h.c('Farm').deviceKey }, ['Mill']))
    await expectRejected(h, 'INVALID_BODY', () => h.do('device.bind', { device: h.c('Mill tablet').deviceKey, replaces: h.c('Mill tablet').deviceKey }, ['Mill']))
    const laptop = h.c('Mill laptop').deviceKey
    expectAccepted(await h.do('device.bind', { device: laptop }, ['Mill']))
    const unbind = expectAccepted(await h.do('device.unbind', { device: laptop }, ['Mill']))
    const tablet = h.c('Mill tablet').deviceKey
    const bound = expectAccepted(await h.do('device.bind', { device: tablet, replaces: laptop }, ['Mill']))
    expect(bound.effects).toEqual([{ kind: 'writer.add', key: tablet }])
    expect(await view(h, `unboundDevice/${laptop}`)).toEqual({ collective: h.c('Mill').id, tx: unbind.id })
  })

  it('binds at most 64 devices to a collective (TOO_MANY_DEVICES)', async () => {
    for (let i = 1; i < 64; i++) expectAccepted(await h.do('device.bind', { device: h.c(`Mill device ${i}`).deviceKey }, ['Mill']))
    expect((await view(h, `collective/${h.c('Mill').id}`)).devices).toHaveLength(64)
    await expectRejected(h, 'TOO_MANY_DEVICES', () => h.do('device.bind', { device: h.c('Mill device 64').deviceKey }, ['Mill']))
  })
})

describe('rules: strong trust', () => {
  let h: Harness
  beforeEach(async () => {
    h = new Harness()
    await h.network([['Mill', ['producer']], ['Bakery', ['producer', 'dispatcher']]])
    for (const name of ['Farm', 'Dairy']) {
      expectAccepted(await h.do('collective.register', { name, roles: ['producer'], devices: [h.c(name).deviceKey] }, [name], { writer: 'Mill' }))
    }
  })
  const trust = (a: string, b: string) => h.do('trust.establish', { a: h.c(a).id, b: h.c(b).id }, [a, b], { writer: 'Mill' })

  it('lets a member bring a new collective in, once (NOT_MEMBER, ALREADY_TRUSTED, UNKNOWN_COLLECTIVE)', async () => {
    await expectRejected(h, 'NOT_MEMBER', () => trust('Farm', 'Dairy'))
    await expectRejected(h, 'UNKNOWN_COLLECTIVE', () => trust('Mill', 'Nobody'))
    expectAccepted(await trust('Mill', 'Farm'))
    await expectRejected(h, 'ALREADY_TRUSTED', () => trust('Farm', 'Mill'))
    expect(await view(h, `edge/${h.c('Farm').id}/${h.c('Mill').id}`)).toBeDefined()
    expect(await subsystemOf(h, 'Farm')).toBe(await subsystemOf(h, 'Bakery'))
    expect((await view(h, `subsystem/${await subsystemOf(h, 'Farm')}`)).size).toBe(3)
  })

  it('cancels only existing trust (NO_STRONG_TRUST); a collective left alone leaves the network', async () => {
    await expectRejected(h, 'NO_STRONG_TRUST', () => h.do('trust.cancel', { peer: h.c('Farm').id, reason: 'never met' }, ['Mill']))
    expectAccepted(await trust('Bakery', 'Farm'))
    const cancel = expectAccepted(await h.do('trust.cancel', { peer: h.c('Bakery').id, reason: 'cheated' }, ['Farm']))
    expect(cancel.effects).toEqual([{ kind: 'writer.remove', key: h.c('Farm').deviceKey }])
    expect(await view(h, `edge/${h.c('Farm').id}/${h.c('Bakery').id}`)).toBeUndefined()
    await expectRejected(h, 'UNKNOWN_WRITER', () => h.do('product.define', { name: 'Milk', unit: 'l', kind: 'consumable' }, ['Farm']))
    await expectRejected(h, 'NOT_MEMBER', () => h.do('product.define', { name: 'Milk', unit: 'l', kind: 'consumable' }, ['Farm'], { writer: 'Mill' }))
  })
})

describe('rules: subsystems split and merge, settlement across the split', () => {
  let h: Harness
  beforeEach(async () => {
    h = new Harness()
    // Mill — Bakery — Farm — Shop
    await h.network([['Mill', ['producer']], ['Bakery', ['producer', 'dispatcher']], ['Farm', ['producer']], ['Shop', ['dispatcher']]])
  })

  it('splits a subsystem in two when a cancellation cuts the graph, and merges it back', async () => {
    const one = await subsystemOf(h, 'Mill')
    for (const name of ['Bakery', 'Farm', 'Shop']) expect(await subsystemOf(h, name)).toBe(one)
    const cancel = expectAccepted(await h.do('trust.cancel', { peer: h.c('Farm').id, reason: 'dispute' }, ['Bakery']))
    const split = await view(h, `split/${cancel.id}`)
    const ids = (...names: string[]) => names.map((n) => h.c(n).id).sort()
    expect(split.parts.map((p: any) => [...p.members].sort()).sort()).toEqual([ids('Mill', 'Bakery'), ids('Farm', 'Shop')].sort())
    expect(await subsystemOf(h, 'Mill')).toBe(await subsystemOf(h, 'Bakery'))
    expect(await subsystemOf(h, 'Farm')).toBe(await subsystemOf(h, 'Shop'))
    expect(await subsystemOf(h, 'Mill')).not.toBe(await subsystemOf(h, 'Farm'))
    for (const part of split.parts) expect((await view(h, `subsystem/${part.subsystem}`)).size).toBe(2)

    expectAccepted(await h.do('trust.establish', { a: h.c('Mill').id, b: h.c('Shop').id }, ['Mill', 'Shop']))
    const merged = await subsystemOf(h, 'Mill')
    for (const name of ['Bakery', 'Farm', 'Shop']) expect(await subsystemOf(h, name)).toBe(merged)
    expect((await view(h, `subsystem/${merged}`)).size).toBe(4)
    expect([...h.store.entries({ gte: 'subsystem/', lt: 'subsystem/\uffff' })]).toHaveLength(1)
  })

  it('does not split when the cancelled edge was on a cycle', async () => {
    expectAccepted(await h.do('trust.establish', { a: h.c('Mill').id, b: h.c('Shop').id }, ['Mill', 'Shop']))
    const cancel = expectAccepted(await h.do('trust.cancel', { peer: h.c('Farm').id, reason: 'dispute' }, ['Bakery']))
    expect(await view(h, `split/${cancel.id}`)).toBeUndefined()
    expect(await subsystemOf(h, 'Farm')).toBe(await subsystemOf(h, 'Bakery'))
    await expectRejected(h, 'UNKNOWN_SPLIT', () =>
      h.do('settlement.record', { split: cancel.id!, from: h.c('Farm').id, to: h.c('Bakery').id, lots: [{ lot: `${cancel.id}:0`, quantity: '1' }] }, ['Farm', 'Bakery'])
    )
  })

  it('shows each part\'s parity and records a co-signed settlement across the split, never within a part', async () => {
    const bread = await define(h, 'Farm', 'Bread')
    // Anna works 100 minutes at Farm; the bread goes to Shop; April is closed; Anna claims.
    const cycle = await produce(h, 'Farm', bread, { micro: [BigInt(µ(100))], wallet: 'Anna', quantity: 10 })
    const shopLot = await transfer(h, cycle.lots[0]!, 10, 'Farm', 'Shop')
    const revision = await finalize(h, '2026-04')
    expectAccepted(await h.do('coupon.claim', { workload: cycle.workloads[0]!, revision }, ['Anna'], { writer: 'Farm' }))
    const cancel = expectAccepted(await h.do('trust.cancel', { peer: h.c('Farm').id, reason: 'dispute' }, ['Bakery'])).id!

    const before = (await parity(h.store, cancel))!
    const partOf = (p: typeof before, name: string) => p.parts.find((part) => part.members.includes(h.c(name).id))!
    // no tax in April (no commons, no write-offs): Anna holds all 100 minutes, Shop holds the bread
    expect(partOf(before, 'Shop')).toMatchObject({ coupons: µ(100), goods: µ(100) })
    expect(partOf(before, 'Bakery')).toMatchObject({ coupons: '0', goods: '0' })

    const settle = (from: string, to: string, lotId: string, quantity: string, sign?: string[]) =>
      h.do('settlement.record', { split: cancel, from: h.c(from).id, to: h.c(to).id, lots: [{ lot: lotId, quantity }] }, [from, to], sign ? { sign } : {})
    await expectRejected(h, 'NOT_ACROSS_SPLIT', () => settle('Shop', 'Farm', shopLot, '3'))
    await expectRejected(h, 'NOT_ACROSS_SPLIT', () => settle('Shop', 'Nobody', shopLot, '3'))
    await expectRejected(h, 'LOT_NOT_OWNED', () => settle('Farm', 'Bakery', shopLot, '3'))
    await expectRejected(h, 'QUANTITY_TOO_LARGE', () => settle('Shop', 'Bakery', shopLot, '11'))
    // one bad lot refuses the whole settlement, the good one included
    const farmLot = await collectivize(h, 'Farm', bread, 2)
    await expectRejected(h, 'LOT_NOT_OWNED', () =>
      h.do('settlement.record', { split: cancel, from: h.c('Shop').id, to: h.c('Bakery').id, lots: [{ lot: shopLot, quantity: '1' }, { lot: farmLot, quantity: '1' }] }, ['Shop', 'Bakery'])
    )
    await expectRejected(h, 'UNKNOWN_SPLIT', () => h.do('settlement.record', { split: cycle.output, from: h.c('Shop').id, to: h.c('Bakery').id, lots: [{ lot: shopLot, quantity: '1' }] }, ['Shop', 'Bakery']))

    // co-signed: pending with Shop's signature, effective with Bakery's
    const pending = await settle('Shop', 'Bakery', shopLot, '3', ['Shop'])
    expect(pending.status).toBe('pending')
    expect((await lot(h, shopLot)).quantity).toBe('10')
    const done = await h.do('cosign', { tx: pending.id!, signer: h.c('Bakery').id, sig: h.cosignature(pending.tx, 'Bakery') }, ['Bakery'])
    expect(done.completed?.status).toBe('accepted')
    expect((await lot(h, shopLot)).value).toBe(µ(70))
    expect(await lot(h, `${pending.id}:0`)).toMatchObject({ owner: h.c('Bakery').id, quantity: '3', value: µ(30) })
    expect((await view(h, `split/${cancel}`)).settlements).toEqual([pending.id])
    const after = (await parity(h.store, cancel))!
    expect(partOf(after, 'Shop').goods).toBe(µ(70))
    expect(partOf(after, 'Bakery').goods).toBe(µ(30))
    const { worked, held } = await valueAccount(h)
    expect(held).toBe(worked)

    // once the parts trust each other again, goods move by transfer, not settlement
    expectAccepted(await h.do('trust.establish', { a: h.c('Bakery').id, b: h.c('Farm').id }, ['Bakery', 'Farm']))
    await expectRejected(h, 'NOT_SPLIT', () => settle('Shop', 'Bakery', shopLot, '1'))
  })

  it('lets a collective cut off alone settle with the part it left', async () => {
    const milk = await define(h, 'Shop', 'Milk')
    const milkLot = await collectivize(h, 'Shop', milk, 5)
    const cancel = expectAccepted(await h.do('trust.cancel', { peer: h.c('Shop').id, reason: 'dispute' }, ['Farm'])).id!
    expect((await view(h, `collective/${h.c('Shop').id}`)).member).toBe(false)
    // Shop's device writes no more; Farm's device carries the settlement Shop signed.
    const settled = await h.do('settlement.record', { split: cancel, from: h.c('Shop').id, to: h.c('Farm').id, lots: [{ lot: milkLot, quantity: '5' }] }, ['Shop', 'Farm'], { writer: 'Farm' })
    expectAccepted(settled)
    expect((await lot(h, `${settled.id}:0`)).owner).toBe(h.c('Farm').id)
  })
})
