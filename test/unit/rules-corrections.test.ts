// Issue 10, corrections as transactions: a workload reversed, an order withdrawn or declined,
// an estimate replaced, a product type retired, and a person's day capped at 24 hours. Each
// accepted while nothing is built on it, refused (and changing nothing) once something is.
import { beforeEach, describe, expect, it } from 'vitest'
import { expectAccepted, Harness, µ } from '../helpers/harness.ts'
import { DAY, define, finalize, pass, produce, start, transfer, valueAccount, workload } from '../helpers/economy.ts'
import { expectRejected, view } from '../helpers/rules.ts'

let h: Harness
let flour: string
beforeEach(async () => {
  h = new Harness()
  await h.network([['Mill', ['producer']], ['Bakery', ['producer', 'dispatcher']], ['Farm', ['producer']]])
  flour = await define(h, 'Mill', 'Flour')
})
const conserved = async () => {
  const { worked, held } = await valueAccount(h)
  expect(held).toBe(worked)
}
const HOUR = 60n * 1_000_000n
/** A wallet's workloads on one UTC day, as the view indexes them (workday.ts sums this range). */
const day = async (wallet: string, date: string) => {
  const rows: Array<[string, unknown]> = []
  for await (const row of h.store.range({ gte: `workloadOf/${wallet}/${date}/`, lt: `workloadOf/${wallet}/${date}/\uffff` })) rows.push(row)
  return rows
}
const sum = (rows: Array<[string, unknown]>) => rows.reduce((s, [, v]) => s + BigInt(v as string), 0n)

describe('rules: reversing a workload', () => {
  const reverse = (workload: string, by = 'Mill') => h.do('workload.reverse', { workload, reason: 'typed 8 hours instead of 6' }, [by])

  it('takes out everything the workload added, and keeps the record marked', async () => {
    const { production } = await start(h, 'Mill', flour)
    const kept = await workload(h, 'Mill', production, 'Anna', 6n * HOUR)
    const wrong = await workload(h, 'Mill', production, 'Anna', 8n * HOUR)
    const mill = h.c('Mill').id
    const anna = h.w('Anna').key
    const reversal = expectAccepted(await reverse(wrong)).id!
    expect(await view(h, `workload/${wrong}`)).toMatchObject({ reversedBy: reversal, reversalReason: 'typed 8 hours instead of 6' })
    expect(await view(h, `production/${production}`)).toMatchObject({ workloads: String(6n * HOUR), value: String(6n * HOUR) })
    expect(await view(h, `tally/${mill}/2026-04`)).toEqual({ a: String(6n * HOUR), c: '0', w: '0' })
    expect((await view(h, 'meta/totals')).worked).toBe(String(6n * HOUR))
    expect(await day(anna, '2026-04-01')).toEqual([[`workloadOf/${anna}/2026-04-01/${kept}`, String(6n * HOUR)]])
    expect(await view(h, `workloadIn/${mill}/2026-04/${anna}/${wrong}`)).toBeUndefined()
    expect(await view(h, `workloadIn/${mill}/2026-04/${anna}/${kept}`)).toBe(String(6n * HOUR))
    await conserved()
  })

  it('takes a commons workload out of c as well', async () => {
    const soup = await define(h, 'Bakery', 'Soup')
    await pass(h, { kind: 'commons.add', payload: { product: soup } }, ['Bakery', 'Mill'])
    const { production } = await start(h, 'Bakery', soup)
    const id = await workload(h, 'Bakery', production, 'Anna', HOUR)
    expect(await view(h, `tally/${h.c('Bakery').id}/2026-04`)).toMatchObject({ a: String(HOUR), c: String(HOUR) })
    expectAccepted(await reverse(id, 'Bakery'))
    expect(await view(h, `tally/${h.c('Bakery').id}/2026-04`)).toMatchObject({ a: '0', c: '0' })
  })

  it('is signed by the workload\'s collective, once (WRONG_SIGNERS, UNKNOWN_WORKLOAD, WORKLOAD_REVERSED)', async () => {
    const { production } = await start(h, 'Mill', flour)
    const id = await workload(h, 'Mill', production, 'Anna', HOUR)
    await expectRejected(h, 'WRONG_SIGNERS', () => reverse(id, 'Bakery'))
    await expectRejected(h, 'UNKNOWN_WORKLOAD', () => reverse('ef'.repeat(32)))
    expectAccepted(await reverse(id))
    await expectRejected(h, 'WORKLOAD_REVERSED', () => reverse(id))
  })

  it('is refused once the production delivered its output: the value is in the goods (PRODUCTION_DONE)', async () => {
    const { workloads } = await produce(h, 'Mill', flour, { micro: [HOUR], wallet: 'Anna' })
    await expectRejected(h, 'PRODUCTION_DONE', () => reverse(workloads[0]!))
    await conserved()
  })

  it('is refused after the final revision of its month, so coupons never meet a reversal (PERIOD_CLOSED)', async () => {
    const { production } = await start(h, 'Mill', flour)
    const id = await workload(h, 'Mill', production, 'Anna', HOUR)
    const revision = await finalize(h, '2026-04')
    await expectRejected(h, 'PERIOD_CLOSED', () => reverse(id))
    expectAccepted(await h.do('coupon.claim', { workload: id, revision }, ['Anna'], { writer: 'Mill' }))
  })

  it('leaves a reversed workload out of the month: Σ claimable + taxed + rounding = a, and it earns no coupons (WORKLOAD_REVERSED)', async () => {
    const { production } = await start(h, 'Mill', flour)
    const kept = await workload(h, 'Mill', production, 'Anna', 3n * HOUR)
    const wrong = await workload(h, 'Mill', production, 'Boris', 7n * HOUR)
    expectAccepted(await reverse(wrong))
    const revision = await finalize(h, '2026-04')
    const record = await view(h, `revision/${revision}/${(await view(h, `collective/${h.c('Mill').id}`)).subsystem}`)
    expect(record.a).toBe(String(3n * HOUR))
    expect(BigInt(record.claimable) + BigInt(record.taxed) + BigInt(record.rounding)).toBe(3n * HOUR)
    await expectRejected(h, 'WORKLOAD_REVERSED', () => h.do('coupon.claim', { workload: wrong, revision }, ['Boris'], { writer: 'Mill' }))
    expectAccepted(await h.do('coupon.claim', { workload: kept, revision }, ['Anna'], { writer: 'Mill' }))
  })
})

describe('rules: 24 hours a day per person', () => {
  it('sums a wallet\'s workloads per UTC day across collectives, and refuses past 24 hours (WORKDAY_FULL)', async () => {
    const mills = (await start(h, 'Mill', flour)).production
    const bakes = (await start(h, 'Bakery', await define(h, 'Bakery', 'Bread'))).production
    const night = Date.UTC(2026, 3, 1, 0, 30)
    await workload(h, 'Mill', mills, 'Anna', 20n * HOUR, night)
    const more = (minutes: bigint, performedAt: number) => h.do('production.workload', { production: bakes, wallet: h.w('Anna').key, minutes: String(minutes), performedAt }, ['Bakery'])
    const refused = await expectRejected(h, 'WORKDAY_FULL', () => more(4n * HOUR + 1n, night))
    // In a clerk's words (finding 5): who, which day, what is there, what more fits.
    expect(refused.reason).toBe(
      'that person already has 20 h recorded on 2026-04-01 (UTC); 4 h more would make more than 24 hours: at most 4 h more fit on that day'
    )
    expectAccepted(await more(4n * HOUR, night))
    // another wallet, and the next UTC day, are their own
    await workload(h, 'Bakery', bakes, 'Boris', 24n * HOUR, night)
    h.time = Date.UTC(2026, 3, 3)
    expectAccepted(await more(HOUR, Date.UTC(2026, 3, 2, 0, 0)))
    await expectRejected(h, 'WORKDAY_FULL', () => more(1n, Date.UTC(2026, 3, 1, 23, 59, 59, 999)))
    expect(sum(await day(h.w('Anna').key, '2026-04-01'))).toBe(24n * HOUR)
  })

  it('refuses a single workload of more than 24 hours, and frees the day when one is reversed', async () => {
    const { production } = await start(h, 'Mill', flour)
    const body = (minutes: bigint) => ({ production, wallet: h.w('Anna').key, minutes: String(minutes), performedAt: h.time })
    const whole = await expectRejected(h, 'WORKDAY_FULL', () => h.do('production.workload', body(25n * HOUR), ['Mill']))
    expect(whole.reason).toBe('that person has nothing recorded on 2026-04-01 (UTC) yet; 25 h would make more than 24 hours: at most 24 h fit on that day')
    const full = expectAccepted(await h.do('production.workload', body(24n * HOUR), ['Mill'])).id!
    const none = await expectRejected(h, 'WORKDAY_FULL', () => h.do('production.workload', body(1n), ['Mill']))
    expect(none.reason).toBe('that person already has 24 h recorded on 2026-04-01 (UTC); 0.000001 min more would make more than 24 hours: nothing more fits on that day')
    expectAccepted(await h.do('workload.reverse', { workload: full, reason: 'a whole day is not possible' }, ['Mill']))
    expect(await day(h.w('Anna').key, '2026-04-01')).toEqual([])
    expectAccepted(await h.do('production.workload', body(8n * HOUR), ['Mill']))
  })
})

describe('rules: withdrawing and declining an order', () => {
  const place = (by = 'Bakery') => h.do('order.place', { producer: h.c('Mill').id, product: flour, quantity: '10' }, [by])

  it('lets the orderer withdraw an open, estimated or started order; a running production goes on for the producer', async () => {
    const open = expectAccepted(await place()).id!
    expectAccepted(await h.do('order.withdraw', { order: open, reason: 'we found flour elsewhere' }, ['Bakery']))
    expect(await view(h, `order/${open}`)).toMatchObject({ status: 'withdrawn', reason: 'we found flour elsewhere' })
    await expectRejected(h, 'ORDER_CLOSED', () => h.do('estimate.publish', { order: open, minutes: µ(5) }, ['Mill']))

    const started = await start(h, 'Mill', flour, { orderer: 'Bakery' })
    await workload(h, 'Mill', started.production, 'Anna', HOUR)
    expectAccepted(await h.do('order.withdraw', { order: started.order }, ['Bakery']))
    expect((await view(h, `order/${started.order}`)).status).toBe('withdrawn')
    const output = expectAccepted(await h.do('production.output', { production: started.production, outputs: [{ product: flour, quantity: '10' }] }, ['Mill'])).id!
    expect((await view(h, `order/${started.order}`)).status).toBe('withdrawn')
    expect(await view(h, `lot/${output}:0`)).toMatchObject({ owner: h.c('Mill').id, value: String(HOUR) })
    await expectRejected(h, 'ORDER_CLOSED', () => h.do('resource.transfer', { lot: `${output}:0`, quantity: '10', to: h.c('Bakery').id, order: started.order }, ['Mill', 'Bakery']))
    await conserved()
  })

  it('is the orderer\'s alone, and closed by the output, a rejection or a withdrawal (WRONG_SIGNERS, UNKNOWN_ORDER, ORDER_CLOSED)', async () => {
    const placed = expectAccepted(await place()).id!
    await expectRejected(h, 'WRONG_SIGNERS', () => h.do('order.withdraw', { order: placed }, ['Mill']))
    await expectRejected(h, 'UNKNOWN_ORDER', () => h.do('order.withdraw', { order: 'ef'.repeat(32) }, ['Bakery']))
    expectAccepted(await h.do('order.reject', { order: placed, reason: 'no capacity' }, ['Mill']))
    await expectRejected(h, 'ORDER_CLOSED', () => h.do('order.withdraw', { order: placed }, ['Bakery']))
    const produced = await produce(h, 'Mill', flour, { orderer: 'Bakery' })
    await expectRejected(h, 'ORDER_CLOSED', () => h.do('order.withdraw', { order: produced.order }, ['Bakery']))
    await expectRejected(h, 'ORDER_CLOSED', () => h.do('order.reject', { order: produced.order, reason: 'too late' }, ['Mill']))
    const withdrawn = expectAccepted(await place()).id!
    expectAccepted(await h.do('order.withdraw', { order: withdrawn }, ['Bakery']))
    await expectRejected(h, 'ORDER_CLOSED', () => h.do('order.withdraw', { order: withdrawn }, ['Bakery']))
    await expectRejected(h, 'ORDER_CLOSED', () => h.do('order.reject', { order: withdrawn, reason: 'late' }, ['Mill']))
  })

  it('lets the producer decline a started order before the output; its estimate can then not start again (ORDER_CLOSED)', async () => {
    const order = expectAccepted(await place()).id!
    const first = expectAccepted(await h.do('estimate.publish', { order, minutes: µ(60) }, ['Mill'])).id!
    expectAccepted(await h.do('order.reject', { order, reason: 'the mill broke down' }, ['Mill']))
    await expectRejected(h, 'ORDER_CLOSED', () => h.do('production.start', { estimate: first }, ['Mill']))
    const started = await start(h, 'Mill', flour, { orderer: 'Bakery' })
    expectAccepted(await h.do('order.reject', { order: started.order, reason: 'the mill broke down' }, ['Mill']))
    expect(await view(h, `order/${started.order}`)).toMatchObject({ status: 'rejected' })
    expect((await view(h, `production/${started.production}`)).status).toBe('running')
  })
})

describe('rules: replacing an estimate', () => {
  it('replaces an estimate before production starts; the order points to the new one, and only it starts', async () => {
    const order = expectAccepted(await h.do('order.place', { producer: h.c('Mill').id, product: flour, quantity: '1' }, ['Bakery'])).id!
    const wrong = expectAccepted(await h.do('estimate.publish', { order, minutes: µ(6_000_001) }, ['Mill'])).id!
    await expectRejected(h, 'VOTE_REQUIRED', () => h.do('production.start', { estimate: wrong }, ['Mill']))
    const right = expectAccepted(await h.do('estimate.replace', { estimate: wrong, minutes: µ(600), reason: 'one zero too many' }, ['Mill'])).id!
    expect(await view(h, `estimate/${right}`)).toMatchObject({ order, minutes: µ(600), replaces: wrong })
    expect(await view(h, `estimate/${wrong}`)).toMatchObject({ replacedBy: right })
    expect(await view(h, `order/${order}`)).toMatchObject({ status: 'estimated', estimate: right })
    await expectRejected(h, 'ESTIMATE_REPLACED', () => h.do('production.start', { estimate: wrong }, ['Mill']))
    await expectRejected(h, 'ESTIMATE_REPLACED', () => h.do('estimate.replace', { estimate: wrong, minutes: µ(1) }, ['Mill']))
    await expectRejected(h, 'ESTIMATE_REPLACED', () => h.do('proposal.create', { kind: 'production', payload: { estimate: wrong }, closesAt: h.time + DAY }, ['Mill']))
    expectAccepted(await h.do('production.start', { estimate: right }, ['Mill']))
    await expectRejected(h, 'ESTIMATE_USED', () => h.do('estimate.replace', { estimate: right, minutes: µ(700) }, ['Mill']))
  })

  it('is the producer\'s, on an order still open to it (WRONG_SIGNERS, UNKNOWN_ESTIMATE, ORDER_CLOSED)', async () => {
    const order = expectAccepted(await h.do('order.place', { producer: h.c('Mill').id, product: flour, quantity: '1' }, ['Bakery'])).id!
    const estimate = expectAccepted(await h.do('estimate.publish', { order, minutes: µ(60) }, ['Mill'])).id!
    await expectRejected(h, 'WRONG_SIGNERS', () => h.do('estimate.replace', { estimate, minutes: µ(50) }, ['Bakery']))
    await expectRejected(h, 'UNKNOWN_ESTIMATE', () => h.do('estimate.replace', { estimate: 'ef'.repeat(32), minutes: µ(50) }, ['Mill']))
    expectAccepted(await h.do('order.withdraw', { order }, ['Bakery']))
    await expectRejected(h, 'ORDER_CLOSED', () => h.do('estimate.replace', { estimate, minutes: µ(50) }, ['Mill']))
  })
})

describe('rules: retiring a product type', () => {
  const retire = (product: string, by = 'Mill') => h.do('product.retire', { product, reason: 'misspelt' }, [by])

  it('retires an unused type and frees its name; nothing may name it afterwards (PRODUCT_RETIRED)', async () => {
    const typo = await define(h, 'Mill', 'Fluor')
    const retired = expectAccepted(await retire(typo)).id!
    expect(await view(h, `product/${typo}`)).toMatchObject({ name: 'Fluor', retiredBy: retired })
    const again = await define(h, 'Bakery', 'FLUOR')
    expect(again).not.toBe(typo)
    await expectRejected(h, 'PRODUCT_RETIRED', () => retire(typo))
    await expectRejected(h, 'PRODUCT_RETIRED', () => h.do('resource.collectivize', { product: typo, quantity: '1' }, ['Mill']))
    await expectRejected(h, 'PRODUCT_RETIRED', () => h.do('order.place', { producer: h.c('Mill').id, product: typo, quantity: '1' }, ['Bakery']))
    const { production } = await start(h, 'Mill', flour)
    await workload(h, 'Mill', production, 'Anna', HOUR)
    await expectRejected(h, 'PRODUCT_RETIRED', () => h.do('production.output', { production, outputs: [{ product: typo, quantity: '1' }] }, ['Mill']))
  })

  it('is the definer\'s, and refused once anything named the type (WRONG_SIGNERS, UNKNOWN_PRODUCT, PRODUCT_IN_USE)', async () => {
    await expectRejected(h, 'WRONG_SIGNERS', () => retire(flour, 'Bakery'))
    await expectRejected(h, 'UNKNOWN_PRODUCT', () => retire('ef'.repeat(32)))
    const ordered = await define(h, 'Mill', 'Bran')
    expectAccepted(await h.do('order.place', { producer: h.c('Mill').id, product: ordered, quantity: '1' }, ['Bakery']))
    await expectRejected(h, 'PRODUCT_IN_USE', () => retire(ordered))
    const stocked = await define(h, 'Mill', 'Sack')
    expectAccepted(await h.do('resource.collectivize', { product: stocked, quantity: '1' }, ['Mill']))
    await expectRejected(h, 'PRODUCT_IN_USE', () => retire(stocked))
    const voted = await define(h, 'Mill', 'Water')
    expectAccepted(await h.do('proposal.create', { kind: 'commons.add', payload: { product: voted }, closesAt: h.time + DAY }, ['Mill']))
    await expectRejected(h, 'PRODUCT_IN_USE', () => retire(voted))
    // a refused use does not count
    const unused = await define(h, 'Mill', 'Semolina')
    await expectRejected(h, 'UNKNOWN_ORDER', () => h.do('order.place', { producer: h.c('Mill').id, product: unused, quantity: '1', references: ['ef'.repeat(32)] }, ['Bakery']))
    expectAccepted(await retire(unused))
  })

  it('keeps transfers of a used type working', async () => {
    const lot = (await produce(h, 'Mill', flour, { quantity: 4 })).lots[0]!
    await transfer(h, lot, 2, 'Mill', 'Bakery')
    await expectRejected(h, 'PRODUCT_IN_USE', () => retire(flour))
  })
})
