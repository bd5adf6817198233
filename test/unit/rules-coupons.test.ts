// PROTOCOL §7 (§6.4, §6.5), §9.3: coupons are claimed once per workload after the month's
// final revision, and spent at a dispatcher only from origins in its subsystem.
import { beforeEach, describe, expect, it } from 'vitest'
import { expectAccepted, Harness } from '../helpers/harness.ts'
import { define, finalize, pass, produce } from '../helpers/economy.ts'
import { expectRejected, view } from '../helpers/rules.ts'

let h: Harness
beforeEach(async () => {
  h = new Harness()
  // Mill — Shop — Farm — Store; Shop and Store dispatch
  await h.network([['Mill', ['producer']], ['Shop', ['dispatcher']], ['Farm', ['producer']], ['Store', ['dispatcher']]])
})
const balance = async (wallet: string, origin: string): Promise<bigint> => BigInt((await view(h, `balance/${h.w(wallet).key}/${h.c(origin).id}`)) ?? '0')
const claim = (workload: string, revision: string, by = 'Anna') => h.do('coupon.claim', { workload, revision }, [by], { writer: 'Mill' })
const spend = (amount: bigint, dispatcher: string, sign?: string[]) =>
  h.do('coupon.spend', { wallet: h.w('Anna').key, dispatcher: h.c(dispatcher).id, amount: String(amount) }, ['Anna', dispatcher], { writer: dispatcher, ...(sign ? { sign } : {}) })

describe('rules: claiming coupons (§6.4)', () => {
  it('pays floor(l·(a−t)/a) to the workload\'s wallet once, after the final revision (NOT_FINAL, WRONG_REVISION, ALREADY_CLAIMED, WRONG_SIGNERS, UNKNOWN_WORKLOAD)', async () => {
    const flour = await define(h, 'Mill', 'Flour')
    const soup = await define(h, 'Farm', 'Soup')
    await pass(h, { kind: 'commons.add', payload: { product: soup } }, ['Mill', 'Shop', 'Farm'])
    const l = 1_000_001n
    const commons = 299_999n
    const { workloads: [workload] } = await produce(h, 'Mill', flour, { micro: [l], wallet: 'Anna' })
    await produce(h, 'Farm', soup, { micro: [commons], wallet: 'Ben' })
    const march = await finalize(h, '2026-03')
    await expectRejected(h, 'NOT_FINAL', () => claim(workload!, march))
    const april = await finalize(h, '2026-04')
    await expectRejected(h, 'WRONG_REVISION', () => claim(workload!, march))
    await expectRejected(h, 'WRONG_SIGNERS', () => claim(workload!, april, 'Ben'))
    await expectRejected(h, 'UNKNOWN_WORKLOAD', () => claim('ab'.repeat(32), april))

    const a = l + commons
    const t = commons
    expectAccepted(await claim(workload!, april))
    expect(await balance('Anna', 'Mill')).toBe((l * (a - t)) / a)
    expect(await view(h, `outstanding/${h.c('Mill').id}`)).toBe(String((l * (a - t)) / a))
    expect((await view(h, `workload/${workload}`)).claimedBy).toBeDefined()
    await expectRejected(h, 'ALREADY_CLAIMED', () => claim(workload!, april))
  })
})

describe('rules: spending coupons (§6.5)', () => {
  const mill = 100_000_000n
  const farm = 50_000_000n
  beforeEach(async () => {
    const flour = await define(h, 'Mill', 'Flour')
    const milk = await define(h, 'Farm', 'Milk')
    const fromMill = await produce(h, 'Mill', flour, { micro: [mill], wallet: 'Anna' })
    const fromFarm = await produce(h, 'Farm', milk, { micro: [farm], wallet: 'Anna' })
    const april = await finalize(h, '2026-04')
    expectAccepted(await claim(fromMill.workloads[0]!, april))
    expectAccepted(await claim(fromFarm.workloads[0]!, april))
    expect(await balance('Anna', 'Mill')).toBe(mill)
    expect(await balance('Anna', 'Farm')).toBe(farm)
  })

  it('deletes coupons when the wallet and the dispatcher sign; never more than the wallet holds (OVERSPEND, WRONG_ROLE)', async () => {
    await expectRejected(h, 'OVERSPEND', () => spend(mill + farm + 1n, 'Shop'))
    await expectRejected(h, 'WRONG_ROLE', () => spend(1n, 'Farm'))
    await expectRejected(h, 'WRONG_SIGNERS', () => h.do('coupon.spend', { wallet: h.w('Anna').key, dispatcher: h.c('Shop').id, amount: '1' }, ['Shop']))
    const spent = await spend(mill + farm, 'Shop')
    expectAccepted(spent)
    // a coupon is spent once: the same spend again is a duplicate
    await expectRejected(h, 'DUPLICATE', () => h.submit(spent.tx, 'Shop'))
    expect(await balance('Anna', 'Mill')).toBe(0n)
    expect(await balance('Anna', 'Farm')).toBe(0n)
    expect(await view(h, `balance/${h.w('Anna').key}/${h.c('Mill').id}`)).toBeUndefined()
    expect((await view(h, 'meta/totals')).spent).toBe(String(mill + farm))
    await expectRejected(h, 'OVERSPEND', () => spend(1n, 'Shop'))
  })

  it('takes coupons origin by origin in key order when several origins are in the subsystem', async () => {
    const amount = 120_000_000n
    expectAccepted(await spend(amount, 'Store'))
    const [first, second] = [['Mill', mill], ['Farm', farm]].sort((x, y) => (h.c(x[0] as string).id < h.c(y[0] as string).id ? -1 : 1)) as Array<[string, bigint]>
    const fromFirst = amount < first![1] ? amount : first![1]
    expect(await balance('Anna', first![0])).toBe(first![1] - fromFirst)
    expect(await balance('Anna', second![0])).toBe(second![1] - (amount - fromFirst))
  })

  it('spends only coupons whose origin is in the dispatcher\'s subsystem (COUPON_OTHER_SUBSYSTEM)', async () => {
    expectAccepted(await h.do('trust.cancel', { peer: h.c('Farm').id, reason: 'dispute' }, ['Shop']))
    // Mill and Shop on one side, Farm and Store on the other
    expectAccepted(await spend(60_000_000n, 'Shop'))
    expect(await balance('Anna', 'Mill')).toBe(mill - 60_000_000n)
    expect(await balance('Anna', 'Farm')).toBe(farm)
    await expectRejected(h, 'COUPON_OTHER_SUBSYSTEM', () => spend(mill - 60_000_000n + 1n, 'Shop'))
    expectAccepted(await spend(farm, 'Store'))
    expect(await balance('Anna', 'Farm')).toBe(0n)
    expect(await balance('Anna', 'Mill')).toBe(mill - 60_000_000n)
    await expectRejected(h, 'COUPON_OTHER_SUBSYSTEM', () => spend(1n, 'Store'))
  })

  it('waits for the dispatcher\'s co-signature and checks the balance when it arrives', async () => {
    const first = await spend(mill + farm, 'Shop', ['Anna'])
    expect(first.status).toBe('pending')
    expect(await balance('Anna', 'Mill')).toBe(mill)
    expectAccepted(await spend(farm, 'Shop'))
    const done = await h.do('cosign', { tx: first.id!, signer: h.c('Shop').id, sig: h.cosignature(first.tx, 'Shop') }, ['Shop'])
    expect(done.status).toBe('accepted')
    expect(done.completed).toMatchObject({ status: 'rejected', code: 'OVERSPEND' })
    expect((await view(h, `tx/${first.id}`)).status).toBe('rejected')
    expect((await balance('Anna', 'Mill')) + (await balance('Anna', 'Farm'))).toBe(mill)
  })
})
