// PROTOCOL §7 (§6.1, §6.3): commons and exclusive goods per subsystem, decided by vote;
// commons production never uses exclusive goods, except a machine marked repurposed, whose
// wear then counts into c.
import { beforeEach, describe, expect, it } from 'vitest'
import { expectAccepted, Harness, µ } from '../helpers/harness.ts'
import { collectivize, define, finalize, lot, pass, produce, start, workload } from '../helpers/economy.ts'
import { expectRejected, view } from '../helpers/rules.ts'

let h: Harness
let soup: string
let flour: string
let sub: string
beforeEach(async () => {
  h = new Harness()
  await h.network([['Mill', ['producer']], ['Kitchen', ['producer', 'dispatcher']], ['Shop', ['dispatcher']]])
  soup = await define(h, 'Kitchen', 'Soup')
  flour = await define(h, 'Mill', 'Flour')
  sub = (await view(h, `collective/${h.c('Mill').id}`)).subsystem
})
const tally = async (name: string) => (await view(h, `tally/${h.c(name).id}/2026-04`)) ?? { a: '0', c: '0', w: '0' }
const makeCommons = (product: string) => pass(h, { kind: 'commons.add', payload: { product } }, ['Kitchen', 'Shop'])

describe('rules: the commons list', () => {
  it('makes a product type commons in the subsystem by a passed vote, and exclusive again by another', async () => {
    expect(await view(h, `commons/${sub}/${soup}`)).toBeUndefined()
    const exclusive = await start(h, 'Kitchen', soup)
    expect((await view(h, `production/${exclusive.production}`)).commons).toBe(false)
    await makeCommons(soup)
    expect(await view(h, `commons/${sub}/${soup}`)).toBeDefined()
    const commons = await start(h, 'Kitchen', soup)
    expect((await view(h, `production/${commons.production}`)).commons).toBe(true)
    await pass(h, { kind: 'commons.remove', payload: { product: soup } }, ['Mill', 'Shop'])
    expect(await view(h, `commons/${sub}/${soup}`)).toBeUndefined()
  })
})

describe('rules: commons production (§6.1, §6.3)', () => {
  let production: string
  beforeEach(async () => {
    await makeCommons(soup)
    production = (await start(h, 'Kitchen', soup)).production
  })

  it('does not consume exclusive goods; commons goods are fine (COMMONS_USES_EXCLUSIVE)', async () => {
    const exclusiveFlour = await collectivize(h, 'Kitchen', flour, 10)
    await expectRejected(h, 'COMMONS_USES_EXCLUSIVE', () => h.do('production.consume', { production, lot: exclusiveFlour, quantity: '1' }, ['Kitchen']))
    const leftover = (await produce(h, 'Kitchen', soup, { micro: [40n], quantity: 4 })).lots[0]!
    expectAccepted(await h.do('production.consume', { production, lot: leftover, quantity: '1' }, ['Kitchen']))
    // the other way round is allowed: exclusive production may use commons goods
    const bread = await define(h, 'Kitchen', 'Bread')
    const exclusive = (await start(h, 'Kitchen', bread)).production
    expectAccepted(await h.do('production.consume', { production: exclusive, lot: leftover, quantity: '1' }, ['Kitchen']))
  })

  it('makes only commons goods: its work is paid for by everyone\'s tax (COMMONS_MAKES_EXCLUSIVE)', async () => {
    await workload(h, 'Kitchen', production, 'Anna', 2_000_000n)
    await expectRejected(h, 'COMMONS_MAKES_EXCLUSIVE', () =>
      h.do('production.output', { production, outputs: [{ product: soup, quantity: '9' }, { product: flour, quantity: '1' }] }, ['Kitchen'])
    )
    expectAccepted(await h.do('production.output', { production, outputs: [{ product: soup, quantity: '10' }] }, ['Kitchen']))
  })

  it('uses an exclusive machine only when repurposed, and only then (COMMONS_USES_EXCLUSIVE, REPURPOSE_NOT_NEEDED)', async () => {
    const stove = await collectivize(h, 'Kitchen', await define(h, 'Kitchen', 'Stove', 'meansOfProduction', 100), 1)
    await expectRejected(h, 'COMMONS_USES_EXCLUSIVE', () => h.do('production.allocate', { production, lot: stove }, ['Kitchen']))
    const bread = await define(h, 'Kitchen', 'Bread')
    const exclusive = (await start(h, 'Kitchen', bread)).production
    await expectRejected(h, 'REPURPOSE_NOT_NEEDED', () => h.do('production.allocate', { production: exclusive, lot: stove, repurposed: true }, ['Kitchen']))
    const potType = await define(h, 'Kitchen', 'Soup pot', 'meansOfProduction', 100)
    await makeCommons(potType)
    const pot = await collectivize(h, 'Kitchen', potType, 1)
    await expectRejected(h, 'REPURPOSE_NOT_NEEDED', () => h.do('production.allocate', { production, lot: pot, repurposed: true }, ['Kitchen']))
    expectAccepted(await h.do('production.allocate', { production, lot: pot }, ['Kitchen']))
    expectAccepted(await h.do('production.allocate', { production, lot: stove, repurposed: true }, ['Kitchen']))
    expect((await view(h, `production/${production}`)).allocated).toEqual([{ lot: pot, repurposed: false }, { lot: stove, repurposed: true }])
  })

  it('counts commons workloads and the repurposed machine\'s wear into c, and the revision takes them', async () => {
    const stoveType = await define(h, 'Mill', 'Stove', 'meansOfProduction', 600)
    // an exclusive stove worth 900 minutes, made at Mill and moved to Kitchen
    const made = (await produce(h, 'Mill', stoveType, { micro: [BigInt(µ(900))], wallet: 'Ben' })).lots[0]!
    const stove = `${expectAccepted(await h.do('resource.transfer', { lot: made, quantity: '1', to: h.c('Kitchen').id }, ['Mill', 'Kitchen'])).id}:0`
    expectAccepted(await h.do('production.allocate', { production, lot: stove, repurposed: true }, ['Kitchen']))
    await workload(h, 'Kitchen', production, 'Anna', BigInt(µ(50)))
    const before = BigInt((await tally('Kitchen')).c)
    expect(before).toBe(BigInt(µ(50)))
    expectAccepted(await h.do('production.deallocate', { production, lot: stove, minutesUsed: '45' }, ['Kitchen']))
    const wear = (BigInt(µ(900)) * 45n) / 600n
    expect(BigInt((await tally('Kitchen')).c)).toBe(BigInt(µ(50)) + wear)
    expect(BigInt((await lot(h, stove)).value)).toBe(BigInt(µ(900)) - wear)
    expect(await tally('Kitchen')).toMatchObject({ a: µ(50) })

    const revision = await finalize(h, '2026-04')
    const record = await view(h, `revision/${revision}/${sub}`)
    expect(record.a).toBe(String(BigInt(µ(900)) + BigInt(µ(50))))
    expect(record.c).toBe(String(BigInt(µ(50)) + wear))
  })

  it('counts write-offs of exclusive goods into w, never of commons goods', async () => {
    const soupLot = (await produce(h, 'Kitchen', soup, { micro: [30n], quantity: 3 })).lots[0]!
    const flourLot = (await produce(h, 'Kitchen', flour, { micro: [20n], quantity: 2 })).lots[0]!
    expectAccepted(await h.do('resource.writeoff', { lot: soupLot, quantity: '3', reason: 'spilt' }, ['Kitchen']))
    expect((await tally('Kitchen')).w).toBe('0')
    expectAccepted(await h.do('resource.writeoff', { lot: flourLot, quantity: '1', reason: 'damp' }, ['Kitchen']))
    expect((await tally('Kitchen')).w).toBe('10')
    expect((await view(h, 'meta/totals')).writtenOff).toBe('40')
  })
})
