// Period statements (docs/protocol.md §19): fixed for every collective a final revision
// closes, their value movements adding up to the change of stock, and the statements'
// Merkle tree in fixing order. Expected figures are computed here from the inputs.
import { beforeEach, describe, expect, it } from 'vitest'
import { frontierRoot, inclusionProof, rootOf, verifyInclusion } from '../../core/checkpoint/merkle.ts'
import { expectedStock, statementHash, type StatementRecord } from '../../core/ledger/statements.ts'
import type { SubsystemStatementRecord } from '../../core/ledger/subsystem-statements.ts'
import { makeSubsystemReport } from '../../core/reports/subsystem-make.ts'
import { expectAccepted, Harness } from '../helpers/harness.ts'
import { define, finalize, lot, produce, transfer } from '../helpers/economy.ts'
import { expectRejected, view } from '../helpers/rules.ts'

let h: Harness
let flour: string
let bread: string
let oven: string
beforeEach(async () => {
  h = new Harness()
  await h.network([['Mill', ['producer']], ['Bakery', ['producer', 'dispatcher']], ['Shop', ['dispatcher']]])
  flour = await define(h, 'Mill', 'Flour')
  bread = await define(h, 'Bakery', 'Bread')
  oven = await define(h, 'Bakery', 'Oven', 'meansOfProduction', 100_000)
})

const statementOf = (name: string, period: string): Promise<StatementRecord> => view(h, `statement/${h.c(name).id}/${period}`)

async function stockOf(name: string): Promise<bigint> {
  let total = 0n
  for (const [key] of h.store.entries({ gte: `lotOf/${h.c(name).id}/`, lt: `lotOf/${h.c(name).id}/\uffff` })) {
    total += BigInt((await lot(h, key.split('/')[2]!)).value)
  }
  return total
}

/** A month of the mill and the bakery: flour made, moved, written off, baked and sold. */
async function april() {
  const flourRun = await produce(h, 'Mill', flour, { micro: [30_000_001n, 10_000_000n], wallet: 'Anna', quantity: 10 })
  const flourLot = flourRun.lots[0]!
  const moved = await transfer(h, flourLot, 6, 'Mill', 'Bakery')
  expectAccepted(await h.do('resource.writeoff', { lot: flourLot, quantity: '1', reason: 'damp' }, ['Mill']))
  const ovenRun = await produce(h, 'Bakery', oven, { micro: [6_000_000n], wallet: 'Ben' })
  const ovenLot = ovenRun.lots[0]!
  const breadRun = await produce(h, 'Bakery', bread, { micro: [20_000_000n], wallet: 'Ben', quantity: 4, consume: [{ lot: moved, quantity: 6 }], machines: [{ lot: ovenLot, minutesUsed: 60 }] })
  expectAccepted(await h.do('dispatch.record', { lot: breadRun.lots[0]!, quantity: '1' }, ['Bakery']))
  return { flourRun, flourLot, moved, breadRun, ovenRun }
}

describe('rules: period statements', () => {
  it('fixes a statement for each collective the revision closes, with its work, tax and movements', async () => {
    const { flourRun, flourLot, moved, breadRun, ovenRun } = await april()
    const flourValue = 40_000_001n
    const movedValue = BigInt((await view(h, `production/${breadRun.production}`)).consumed)
    const revision = await finalize(h, '2026-04')
    const record = await view(h, `revision/${revision}/${(await view(h, `collective/${h.c('Mill').id}`)).subsystem}`)

    const mill = await statementOf('Mill', '2026-04')
    const millWrittenOff = flourValue - movedValue - BigInt((await lot(h, flourLot)).value)
    const a = BigInt(record.a)
    const t = BigInt(record.taxed)
    const claim = (l: bigint) => (l * (a - t)) / a
    expect(mill).toMatchObject({
      v: 1,
      period: '2026-04',
      revision,
      workloads: 2,
      a: '40000001',
      c: '0',
      claimable: String(claim(30_000_001n) + claim(10_000_000n)),
      w: String(millWrittenOff),
      tax: { a: record.a, taxed: record.taxed },
      movements: { in: '0', out: String(movedValue), made: String(flourValue), used: '0', writtenOff: String(millWrittenOff), dispatched: '0', other: '0' },
      stockStart: '0',
      stockEnd: String(await stockOf('Mill'))
    })
    expect(mill.to).toBe((await h.ledger.length()) - 1)

    const bakery = await statementOf('Bakery', '2026-04')
    const production = await view(h, `production/${breadRun.production}`)
    const dispatched = BigInt(production.value) - BigInt((await lot(h, breadRun.lots[0]!)).value)
    expect(bakery.movements).toEqual({
      in: String(movedValue),
      out: '0',
      made: String(BigInt(production.value) + BigInt((await view(h, `production/${ovenRun.production}`)).value)),
      used: String(BigInt(production.consumed) + BigInt(production.transfers)),
      writtenOff: '0',
      dispatched: String(dispatched),
      other: '0'
    })
    expect(BigInt(production.transfers)).toBeGreaterThan(0n)
    expect(bakery.stockEnd).toBe(String(await stockOf('Bakery')))
    // Every collective's movements add up to the change of its stock.
    for (const name of ['Mill', 'Bakery', 'Shop']) {
      const s = await statementOf(name, '2026-04')
      expect(expectedStock(s), name).toBe(BigInt(s.stockEnd))
    }
    // Each movement is kept as an item with its transaction, for the report's details.
    const items = [...h.store.entries({ gte: `moved/${h.c('Mill').id}/`, lt: `moved/${h.c('Mill').id}/\uffff` })].map(([, v]) => v as any)
    expect(items.map((i) => [i.kind, i.type])).toEqual([
      ['made', 'production.output'],
      ['out', 'resource.transfer'],
      ['writtenOff', 'resource.writeoff']
    ])
    expect(items[0].production).toBe(flourRun.production)
    const firstKey = [...h.store.entries({ gte: `moved/${h.c('Mill').id}/2026-04/`, lt: `moved/${h.c('Mill').id}/2026-04/\uffff` })][0]![0]
    expect(mill.from).toBe(Number(firstKey.split('/')[3]))
    expect(items[1]).toMatchObject({ counterparty: h.c('Bakery').id, quantity: '6', lot: flourLot })
    expect(moved).toBeTruthy()
    // The month's bucket stays: later months start from it; nothing is counted into May yet.
    expect(await view(h, `movement/${h.c('Mill').id}/2026-05`)).toBeUndefined()
  })

  it('starts the next statement where the last ended: its stock, its log position', async () => {
    await april()
    await finalize(h, '2026-04')
    const first = await statementOf('Mill', '2026-04')
    h.time = Date.UTC(2026, 4, 12)
    const run = await produce(h, 'Mill', flour, { micro: [5_000_000n], wallet: 'Anna', quantity: 5 })
    await transfer(h, run.lots[0]!, 2, 'Mill', 'Bakery')
    await finalize(h, '2026-05')
    const second = await statementOf('Mill', '2026-05')
    expect(second.from).toBeGreaterThan(first.to)
    expect(second.stockStart).toBe(first.stockEnd)
    expect(second.movements.made).toBe('5000000')
    expect(second.movements.out).toBe('2000000')
    expect(expectedStock(second)).toBe(BigInt(second.stockEnd))
    expect(await view(h, `lastStatement/${h.c('Mill').id}`)).toBe('2026-05')
  })

  it('counts movements into the month of their declared time, whatever order the months close in', async () => {
    // Everything happens on 2 July; April and May are closed afterwards, in two orders.
    const july = async (order: string[]) => {
      h = new Harness()
      await h.network([['Mill', ['producer']], ['Bakery', ['producer', 'dispatcher']], ['Shop', ['dispatcher']]])
      flour = await define(h, 'Mill', 'Flour')
      bread = await define(h, 'Bakery', 'Bread')
      oven = await define(h, 'Bakery', 'Oven', 'meansOfProduction', 100_000)
      h.time = Date.UTC(2026, 6, 2)
      await april()
      for (const period of order) await finalize(h, period)
      const figures = async (name: string, period: string) => {
        const { revision: _r, from: _f, to: _t, index: _i, ...rest } = await statementOf(name, period)
        return rest
      }
      const out: Record<string, unknown> = {}
      for (const name of ['Mill', 'Bakery', 'Shop']) for (const period of order) out[`${name} ${period}`] = await figures(name, period)
      return out
    }
    const backwards = await july(['2026-05', '2026-04', '2026-06', '2026-07'])
    const forwards = await july(['2026-04', '2026-05', '2026-06', '2026-07'])
    expect(backwards).toEqual(forwards)
    for (const name of ['Mill', 'Bakery']) {
      for (const period of ['2026-04', '2026-05', '2026-06']) {
        const s = await statementOf(name, period)
        expect(s.movements, `${name} ${period}`).toEqual({ in: '0', out: '0', made: '0', used: '0', writtenOff: '0', dispatched: '0', other: '0' })
        expect([s.stockStart, s.stockEnd], `${name} ${period}`).toEqual(['0', '0'])
      }
      const s = await statementOf(name, '2026-07')
      expect(BigInt(s.movements.made), name).toBeGreaterThan(0n)
      expect(s.stockStart).toBe('0')
      expect(s.stockEnd).toBe(String(await stockOf(name)))
    }
  })

  it('keeps the stock at a month\'s end out of the next month\'s movements', async () => {
    await april()
    h.time = Date.UTC(2026, 4, 3)
    const run = await produce(h, 'Mill', flour, { micro: [5_000_000n], wallet: 'Anna', quantity: 5 })
    await finalize(h, '2026-04')
    const april_ = await statementOf('Mill', '2026-04')
    expect(BigInt(april_.stockEnd)).toBe((await stockOf('Mill')) - BigInt((await lot(h, run.lots[0]!)).value))
    h.time = Date.UTC(2026, 4, 12)
    await finalize(h, '2026-05')
    const may = await statementOf('Mill', '2026-05')
    expect(may.stockStart).toBe(april_.stockEnd)
    expect(may.movements.made).toBe('5000000')
    expect(may.stockEnd).toBe(String(await stockOf('Mill')))
  })

  it('counts a movement dated in a closed month into the month after the latest closed one', async () => {
    const { flourLot } = await april()
    await finalize(h, '2026-04')
    const closed = await statementOf('Mill', '2026-04')
    // Declared on 20 April, appended after April's revision: April's signed figures stay.
    expectAccepted(await h.do('resource.writeoff', { lot: flourLot, quantity: '1', reason: 'late count' }, ['Mill'], { time: Date.UTC(2026, 3, 20) }))
    expect(await statementOf('Mill', '2026-04')).toEqual(closed)
    const late = await view(h, `movement/${h.c('Mill').id}/2026-05`)
    expect(BigInt(late.writtenOff)).toBeGreaterThan(0n)
    h.time = Date.UTC(2026, 4, 12)
    await finalize(h, '2026-05')
    const may = await statementOf('Mill', '2026-05')
    expect(may.stockStart).toBe(closed.stockEnd)
    expect(may.movements.writtenOff).toBe(late.writtenOff)
    expect(may.stockEnd).toBe(String(await stockOf('Mill')))
  })

  it('counts a co-signed transfer when it completes, not while it waits', async () => {
    const run = await produce(h, 'Mill', flour, { micro: [9_000_000n], wallet: 'Anna', quantity: 3 })
    const pending = await h.do('resource.transfer', { lot: run.lots[0]!, quantity: '3', to: h.c('Bakery').id }, ['Mill', 'Bakery'], { sign: ['Mill'] })
    expect(pending.status).toBe('pending')
    expect((await view(h, `movement/${h.c('Mill').id}/2026-04`)).out).toBe('0')
    const sig = h.cosignature(pending.tx, 'Bakery')
    expectAccepted(await h.do('cosign', { tx: pending.id!, signer: h.c('Bakery').id, sig }, ['Bakery']))
    expect((await view(h, `movement/${h.c('Mill').id}/2026-04`)).out).toBe('9000000')
    expect((await view(h, `movement/${h.c('Bakery').id}/2026-04`)).in).toBe('9000000')
  })

  it('records nothing for a refused movement', async () => {
    const run = await produce(h, 'Mill', flour, { micro: [9_000_000n], quantity: 3 })
    const before = await view(h, `movement/${h.c('Mill').id}/2026-04`)
    await expectRejected(h, 'QUANTITY_TOO_LARGE', () => h.do('resource.writeoff', { lot: run.lots[0]!, quantity: '4', reason: 'gone' }, ['Mill']))
    expect(await view(h, `movement/${h.c('Mill').id}/2026-04`)).toEqual(before)
  })

  it('appends the statements to a Merkle tree in fixing order, each provable by its path', async () => {
    await april()
    const revisions: Record<string, string> = { '2026-04': await finalize(h, '2026-04') }
    h.time = Date.UTC(2026, 4, 12)
    revisions['2026-05'] = await finalize(h, '2026-05')
    const ids = ['Mill', 'Bakery', 'Shop'].map((n) => h.c(n).id).sort()
    const subsystem = (await view(h, `collective/${ids[0]}`)).subsystem
    // Per month: each collective's statement in id order, then the subsystem's.
    const expected: Array<StatementRecord | SubsystemStatementRecord> = []
    for (const period of ['2026-04', '2026-05']) {
      for (const id of ids) expected.push(await view(h, `statement/${id}/${period}`))
      expected.push(await view(h, `subsystemStatement/${subsystem}/${period}/${revisions[period]}`))
    }
    expect(expected.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    const leaves = expected.map((s) => statementHash(s))
    const stored = [...h.store.entries({ gte: 'statementAt/', lt: 'statementAt/\uffff' })].map(([, v]) => (v as any).leaf)
    expect(stored).toEqual(leaves.map((l) => l.toString('hex')))
    expect(await view(h, 'statementAt/000000000003')).toMatchObject({ subsystem, period: '2026-04' })
    const tree = await view(h, 'meta/statements')
    expect(tree.size).toBe(8)
    const root = rootOf(leaves)
    expect(frontierRoot(tree)).toBe(root.toString('hex'))
    for (const [i, leaf] of leaves.entries()) expect(verifyInclusion(leaf, i, 8, inclusionProof(leaves, i), root)).toBe(true)
    // The leaf is the statement without its index: changing any figure changes the leaf.
    expect(statementHash({ ...expected[0]!, a: '1' }).equals(leaves[0]!)).toBe(false)
    expect(statementHash({ ...expected[0]!, index: 99 }).equals(leaves[0]!)).toBe(true)
  })

  it('fixes the subsystem\'s statement: the revision\'s figures, its prices and the parity of coupons and goods', async () => {
    const { breadRun } = await april()
    const revision = await finalize(h, '2026-04')
    const subsystem = (await view(h, `collective/${h.c('Mill').id}`)).subsystem
    const record = await view(h, `revision/${revision}/${subsystem}`)
    const april_: SubsystemStatementRecord = await view(h, `subsystemStatement/${subsystem}/2026-04/${revision}`)
    expect(april_).toMatchObject({
      v: 1,
      kind: 'subsystem',
      subsystem,
      period: '2026-04',
      revision,
      members: ['Mill', 'Bakery', 'Shop'].map((n) => h.c(n).id).sort(),
      a: record.a,
      c: record.c,
      w: record.w,
      wRaw: record.wRaw,
      taxed: record.taxed,
      claimable: record.claimable,
      rounding: record.rounding
    })
    // Prices: the dispatchers' stock per product type, as the view's price basis holds it.
    const basis = [...h.store.entries({ gte: `price/${subsystem}/`, lt: `price/${subsystem}/\uffff` })]
    expect(april_.prices).toEqual(basis.map(([k, v]) => ({ product: k.split('/')[2], ...(v as object) })))
    const loaves = BigInt((await lot(h, breadRun.lots[0]!)).value)
    expect(april_.prices).toEqual([{ product: bread, value: String(loaves), quantity: '3' }])
    // Parity: nothing claimed yet; the bakery's three loaves are exclusive goods.
    expect(april_.parity).toEqual({ coupons: '0', exclusiveGoods: String(loaves), commonsGoods: '0' })

    // Ben claims his April coupons: May's statement shows them outstanding against the same loaves.
    const bakery = h.c('Bakery').id
    for (const [key] of h.store.entries({ gte: `workloadIn/${bakery}/2026-04/`, lt: `workloadIn/${bakery}/2026-04/\uffff` })) {
      expectAccepted(await h.do('coupon.claim', { workload: key.split('/')[4]!, revision }, ['Ben'], { writer: 'Bakery' }))
    }
    h.time = Date.UTC(2026, 4, 12)
    const mayRevision = await finalize(h, '2026-05')
    const may: SubsystemStatementRecord = await view(h, `subsystemStatement/${subsystem}/2026-05/${mayRevision}`)
    expect(may.parity).toEqual({ coupons: (await statementOf('Bakery', '2026-04')).claimable, exclusiveGoods: String(loaves), commonsGoods: '0' })
    expect(may).toMatchObject({ a: '0', claimable: '0', index: 7 })
  })

  it('gives a collective that joins after its month was closed a second statement of the subsystem, and rewrites none', async () => {
    await april()
    const first = await finalize(h, '2026-04')
    const subsystem = (await view(h, `collective/${h.c('Mill').id}`)).subsystem
    const before: SubsystemStatementRecord = await view(h, `subsystemStatement/${subsystem}/2026-04/${first}`)
    // A dairy registers in May and is trusted by the shop: it joins the subsystem (the larger
    // part keeps its id) with its April still open, so April can be closed once more, for it.
    h.time = Date.UTC(2026, 4, 3)
    expectAccepted(await h.do('collective.register', { name: 'Dairy', roles: ['producer'], devices: [h.c('Dairy').deviceKey] }, ['Dairy'], { writer: 'Mill' }))
    expectAccepted(await h.do('trust.establish', { a: h.c('Shop').id, b: h.c('Dairy').id }, ['Shop', 'Dairy'], { writer: 'Shop' }))
    expect((await view(h, `collective/${h.c('Dairy').id}`)).subsystem).toBe(subsystem)
    const second = await finalize(h, '2026-04', Date.UTC(2026, 4, 12))
    expect(second).not.toBe(first)
    expect(await view(h, `subsystemStatement/${subsystem}/2026-04/${first}`)).toEqual(before)
    const late: SubsystemStatementRecord = await view(h, `subsystemStatement/${subsystem}/2026-04/${second}`)
    expect(late).toMatchObject({ revision: second, members: [h.c('Dairy').id], a: '0', index: before.index + 2 })
    expect(await view(h, `statement/${h.c('Dairy').id}/2026-04`)).toMatchObject({ revision: second, index: before.index + 1 })
    // Each maker's report takes the statement of the revision that closed its own month.
    expect((await makeSubsystemReport(h.store, h.c('Mill').id, '2026-04')).report.statement.revision).toBe(first)
    expect((await makeSubsystemReport(h.store, h.c('Dairy').id, '2026-04', subsystem)).report.statement.revision).toBe(second)
    await expect(finalize(h, '2026-04', Date.UTC(2026, 4, 13))).rejects.toThrow(/ALREADY_FINAL/)
  })
})
