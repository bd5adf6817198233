// PROTOCOL §7 (§6.3): the final revision of a month: when it may be appended, a, c, w and the
// tax, the write-off limit with its debt, the rounding account, and workloads after it.
// Expected numbers are computed here from the inputs with BigInt, never read back.
import { beforeEach, describe, expect, it } from 'vitest'
import { expectAccepted, Harness, MINUTE } from '../helpers/harness.ts'
import { DAY, define, finalize, pass, produce, start, workload } from '../helpers/economy.ts'
import { expectRejected, view } from '../helpers/rules.ts'

const MAY_END = Date.UTC(2026, 5, 1)
const APRIL_END = Date.UTC(2026, 4, 1)
const GRACE = 7 * DAY

let h: Harness
let sub: string
let flour: string
let soup: string
beforeEach(async () => {
  h = new Harness()
  await h.network([['Mill', ['producer']], ['Kitchen', ['producer', 'dispatcher']], ['Shop', ['dispatcher']]])
  sub = (await view(h, `collective/${h.c('Mill').id}`)).subsystem
  flour = await define(h, 'Mill', 'Flour')
  soup = await define(h, 'Kitchen', 'Soup')
  await pass(h, { kind: 'commons.add', payload: { product: soup } }, ['Kitchen', 'Shop'])
})
const revisionOf = async (id: string) => view(h, `revision/${id}/${sub}`)
const close = (period: string, time: number) => h.do('revision.final', { period }, [], { time, writer: 'Mill' })

describe('rules: when a month can be closed', () => {
  it('is refused before the end of the month plus the grace time, accepted from then on (EARLY_REVISION)', async () => {
    await expectRejected(h, 'EARLY_REVISION', () => close('2026-04', h.time))
    await expectRejected(h, 'EARLY_REVISION', () => close('2026-04', APRIL_END + GRACE - 1))
    await expectRejected(h, 'EARLY_REVISION', () => close('2026-05', APRIL_END + GRACE + MINUTE))
    expectAccepted(await close('2026-04', APRIL_END + GRACE))
    expect(await view(h, `closed/${h.c('Mill').id}/2026-04`)).toBeDefined()
  })

  it('closes a month once (ALREADY_FINAL), also a month without any work', async () => {
    const march = await finalize(h, '2026-03')
    expect(await revisionOf(march)).toMatchObject({ a: '0', c: '0', w: '0', taxed: '0', claimable: '0', rounding: '0' })
    await expectRejected(h, 'ALREADY_FINAL', () => close('2026-03', MAY_END))
  })

  it('refuses workloads for a closed month, not for the next one (PERIOD_CLOSED)', async () => {
    const { production } = await start(h, 'Mill', flour)
    await workload(h, 'Mill', production, 'Anna', 5n)
    await finalize(h, '2026-04')
    h.time = Date.UTC(2026, 4, 10)
    const late = { production, wallet: h.w('Anna').key, minutes: '5', performedAt: Date.UTC(2026, 3, 30) }
    await expectRejected(h, 'PERIOD_CLOSED', () => h.do('production.workload', late, ['Mill']))
    expectAccepted(await h.do('production.workload', { ...late, performedAt: Date.UTC(2026, 4, 9) }, ['Mill']))
    expect(await view(h, `tally/${h.c('Mill').id}/2026-05`)).toMatchObject({ a: '5' })
  })

  it('counts a write-off declared inside a closed month into the next open one', async () => {
    const lot = (await produce(h, 'Mill', flour, { micro: [40n], quantity: 4 })).lots[0]!
    await finalize(h, '2026-04')
    h.time = Date.UTC(2026, 4, 10)
    expectAccepted(await h.do('resource.writeoff', { lot, quantity: '1', reason: 'late' }, ['Mill'], { time: Date.UTC(2026, 3, 29) }))
    expect(await view(h, `tally/${h.c('Mill').id}/2026-05`)).toMatchObject({ w: '10' })
  })
})

describe('rules: the numbers of a final revision (§6.3, §8, §9.4)', () => {
  it('fixes a, c, w, the tax, the claims and the rounding exactly; carries write-offs above a/10 as debt into the next month', async () => {
    // April: exclusive flour at Mill (l1, l2), commons soup at Kitchen (l3); one third of the flour written off
    const l1 = 1_000_003n
    const l2 = 2_000_001n
    const l3 = 333_334n
    const flourCycle = await produce(h, 'Mill', flour, { micro: [l1, l2], wallet: 'Anna', quantity: 3 })
    const soupCycle = await produce(h, 'Kitchen', soup, { micro: [l3], wallet: 'Ben' })
    expectAccepted(await h.do('resource.writeoff', { lot: flourCycle.lots[0]!, quantity: '1', reason: 'damp' }, ['Mill']))
    const a = l1 + l2 + l3
    const c = l3
    const wRaw = (l1 + l2) / 3n
    const cap = a / 10n
    const w = wRaw < cap ? wRaw : cap
    const debt = wRaw - w
    const t = c + w < a ? c + w : a
    const claim = (l: bigint) => (l * (a - t)) / a
    const claims = [l1, l2, l3].map(claim)
    const rounding = a - t - claims.reduce((x, y) => x + y, 0n)
    expect(debt).toBeGreaterThan(0n)
    expect(rounding).toBeGreaterThan(0n)

    const april = await finalize(h, '2026-04')
    expect(await revisionOf(april)).toMatchObject({
      period: '2026-04',
      a: String(a),
      c: String(c),
      w: String(w),
      wRaw: String(wRaw),
      debtIn: '0',
      debtOut: String(debt),
      taxed: String(t),
      claimable: String(claims.reduce((x, y) => x + y, 0n)),
      rounding: String(rounding)
    })
    expect(await view(h, `debt/${sub}`)).toBe(String(debt))

    // every claim is floor(l·(a−t)/a); Σ claimable + taxed + rounding = a
    const workloads = [...flourCycle.workloads, ...soupCycle.workloads]
    const wallets = ['Anna', 'Anna', 'Ben']
    for (const [i, id] of workloads.entries()) expectAccepted(await h.do('coupon.claim', { workload: id, revision: april }, [wallets[i]!], { writer: 'Mill' }))
    const anna = BigInt(await view(h, `balance/${h.w('Anna').key}/${h.c('Mill').id}`))
    const ben = BigInt(await view(h, `balance/${h.w('Ben').key}/${h.c('Kitchen').id}`))
    expect(anna).toBe(claims[0]! + claims[1]!)
    expect(ben).toBe(claims[2]!)
    expect(anna + ben + t + rounding).toBe(a)
    expect((await view(h, 'meta/totals')).claimed).toBe(String(anna + ben))

    // May: work only; the debt counts up to a/10 of May and the rest carries on
    h.time = Date.UTC(2026, 4, 5)
    const l4 = 4_000_000n
    await produce(h, 'Mill', flour, { micro: [l4], wallet: 'Anna' })
    const mayCap = l4 / 10n
    const mayW = debt < mayCap ? debt : mayCap
    const may = await finalize(h, '2026-05')
    expect(await revisionOf(may)).toMatchObject({ a: String(l4), c: '0', wRaw: '0', debtIn: String(debt), w: String(mayW), debtOut: String(debt - mayW), taxed: String(mayW) })
    expect(await view(h, `debt/${sub}`)).toBe(debt - mayW > 0n ? String(debt - mayW) : undefined)
  })

  it('closes each subsystem with its own numbers', async () => {
    await produce(h, 'Mill', flour, { micro: [700n] })
    await produce(h, 'Kitchen', soup, { micro: [300n] })
    const cut = expectAccepted(await h.do('trust.cancel', { peer: h.c('Kitchen').id, reason: 'dispute' }, ['Mill'])).id!
    const april = await finalize(h, '2026-04')
    const records = [...h.store.entries({ gte: `revision/${april}/`, lt: `revision/${april}/\uffff` })].map(([, r]) => r as any)
    expect(records).toHaveLength(2)
    const mill = records.find((r) => r.members.includes(h.c('Mill').id))
    const kitchen = records.find((r) => r.members.includes(h.c('Kitchen').id))
    expect(mill).toMatchObject({ a: '700', c: '0' })
    // both parts keep the commons list: Kitchen's soup is taxed in full
    expect(kitchen).toMatchObject({ a: '300', c: '300', taxed: '300', claimable: '0' })
    expect([mill.subsystem, kitchen.subsystem].sort()).toEqual([sub, cut].sort())
  })
})
