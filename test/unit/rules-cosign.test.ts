// PROTOCOL §2: co-signed transactions wait in the log with some signatures; `cosign` entries
// by the missing signers complete them, checked against the state of that moment. A required signer may decline; missing signatures expire.
import { beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_EXPIRY_MS } from '../../core/ledger/handlers/cosign.ts'
import { dryRunSigned } from '../../core/ledger/dry-run.ts'
import { transactionId } from '../../core/protocol/encoding.ts'
import type { Transaction } from '../../core/protocol/envelope.ts'
import { expectAccepted, Harness, MINUTE } from '../helpers/harness.ts'
import { define, lot, produce } from '../helpers/economy.ts'
import { expectRejected, snapshot, view } from '../helpers/rules.ts'

let h: Harness
let flourLot: string
beforeEach(async () => {
  h = new Harness()
  await h.network([['Mill', ['producer']], ['Bakery', ['producer', 'dispatcher']], ['Shop', ['dispatcher']]])
  flourLot = (await produce(h, 'Mill', await define(h, 'Mill', 'Flour'), { micro: [90n], quantity: 9 })).lots[0]!
})
const offer = (quantity = '3', options: { expires?: number; time?: number } = {}) =>
  h.do('resource.transfer', { lot: flourLot, quantity, to: h.c('Bakery').id }, ['Mill', 'Bakery'], { sign: ['Mill'], ...options })
const cosign = (tx: Transaction, by = 'Bakery', options: { time?: number; signer?: string } = {}) =>
  h.do('cosign', { tx: transactionId(tx), signer: h.c(options.signer ?? by).id, sig: h.cosignature(tx, by) }, [by], options.time ? { time: options.time } : {})
/** The view without the co-signing bookkeeping (pending records, reserved lots, the audit trail) and the log's clock. */
const withoutPending = (view: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(view).filter(([key]) => !/^(pending|reserved\/|answerOf\/)/.test(key)))

describe('rules: waiting for a co-signature', () => {
  it('keeps a transaction with a missing co-signature pending, without effect', async () => {
    const before = snapshot(h.store)
    const pending = await offer()
    expect(pending.status).toBe('pending')
    expect(withoutPending(snapshot(h.store))).toEqual(withoutPending(before))
    expect(await view(h, `pending/${pending.id}`)).toMatchObject({ missing: [h.c('Bakery').id] })
    expect(await view(h, `pendingFor/${h.c('Bakery').id}/${pending.id}`)).toBe('resource.transfer')
    expect((await view(h, `tx/${pending.id}`)).status).toBe('pending')
  })

  it('completes it with a cosign entry by the missing signer', async () => {
    const pending = await offer()
    const done = expectAccepted(await cosign(pending.tx))
    expect(done.completed).toEqual({ id: pending.id, status: 'accepted' })
    expect(await lot(h, `${pending.id}:0`)).toMatchObject({ owner: h.c('Bakery').id, quantity: '3', value: '30' })
    expect((await view(h, `tx/${pending.id}`)).status).toBe('accepted')
    expect(await view(h, `pending/${pending.id}`)).toBeUndefined()
    expect(await view(h, `pendingFor/${h.c('Bakery').id}/${pending.id}`)).toBeUndefined()
  })

  it('refuses the same transaction again, even with more signatures: they come as cosign entries (ALREADY_PENDING)', async () => {
    const pending = await offer()
    const full = { ...pending.tx, sigs: { ...pending.tx.sigs, [h.c('Bakery').id]: h.cosignature(pending.tx, 'Bakery') } }
    await expectRejected(h, 'ALREADY_PENDING', () => h.submit(full, 'Bakery'))
    await expectRejected(h, 'ALREADY_PENDING', () => h.submit(pending.tx, 'Mill'))
    expect((await view(h, `tx/${pending.id}`)).status).toBe('pending')
    expectAccepted(await cosign(pending.tx))
    await expectRejected(h, 'DUPLICATE', () => h.submit(full, 'Bakery'))
  })

  it('reports the completed transaction\'s effects, e.g. a new member\'s devices', async () => {
    expectAccepted(await h.do('collective.register', { name: 'Farm', roles: ['producer'], devices: [h.c('Farm').deviceKey] }, ['Farm'], { writer: 'Mill' }))
    const pending = await h.do('trust.establish', { a: h.c('Mill').id, b: h.c('Farm').id }, ['Mill', 'Farm'], { sign: ['Mill'] })
    expect(pending.status).toBe('pending')
    const done = expectAccepted(await h.do('cosign', { tx: pending.id!, signer: h.c('Farm').id, sig: h.cosignature(pending.tx, 'Farm') }, ['Farm'], { writer: 'Mill' }))
    expect(done.effects).toEqual([{ kind: 'writer.add', key: h.c('Farm').deviceKey }])
  })

  it('refuses co-signatures that add nothing, come from a stranger or do not verify (NOTHING_NEW, UNEXPECTED_SIGNATURE, BAD_SIGNATURE, NOT_PENDING, WRONG_SIGNERS)', async () => {
    const pending = await offer()
    await expectRejected(h, 'NOTHING_NEW', () => cosign(pending.tx, 'Mill'))
    await expectRejected(h, 'UNEXPECTED_SIGNATURE', () => cosign(pending.tx, 'Shop'))
    const wrong = h.tx('resource.transfer', { lot: flourLot, quantity: '4', to: h.c('Bakery').id }, ['Mill', 'Bakery'])
    await expectRejected(h, 'BAD_SIGNATURE', () => h.do('cosign', { tx: pending.id!, signer: h.c('Bakery').id, sig: h.cosignature(wrong, 'Bakery') }, ['Bakery']))
    await expectRejected(h, 'NOT_PENDING', () => cosign(wrong))
    // the cosign entry itself must be signed by the signer it names
    await expectRejected(h, 'WRONG_SIGNERS', () => h.do('cosign', { tx: pending.id!, signer: h.c('Bakery').id, sig: h.cosignature(pending.tx, 'Bakery') }, ['Shop']))
    expectAccepted(await cosign(pending.tx))
    const late = await expectRejected(h, 'NOT_PENDING', () => cosign(pending.tx))
    // The sentence names the transaction's type: tx/<id> keeps only its fate, the type is its entry's.
    expect(late.reason).toBe('this resource.transfer waits for no signature: it was completed and took effect')
  })

  it('decides the completed transaction by the rules of the moment it completes', async () => {
    const pending = await offer('5')
    // The lot is reserved, but the trust the transfer travels along can go meanwhile.
    expectAccepted(await h.do('trust.cancel', { peer: h.c('Mill').id, reason: 'we part ways' }, ['Bakery']))
    const before = snapshot(h.store)
    const done = expectAccepted(await cosign(pending.tx))
    expect(done.completed).toMatchObject({ id: pending.id, status: 'rejected', code: 'NO_STRONG_TRUST' })
    expect(withoutPending(snapshot(h.store))).toEqual(withoutPending(before))
    expect(await view(h, `tx/${pending.id}`)).toMatchObject({ status: 'rejected', code: 'NO_STRONG_TRUST' })
  })
})

describe('rules: a lot with a pending transfer is reserved (docs/protocol.md §5)', () => {
  const again = (quantity = '2', sign = ['Mill']) =>
    h.do('resource.transfer', { lot: flourLot, quantity, to: h.c('Bakery').id }, ['Mill', 'Bakery'], { sign })

  it('refuses a second transfer of the lot, pending or fully signed, and any other use of it (LOT_RESERVED)', async () => {
    const pending = await offer('3')
    const before = snapshot(h.store)
    await expectRejected(h, 'LOT_RESERVED', () => again())
    await expectRejected(h, 'LOT_RESERVED', () => again('2', ['Mill', 'Bakery']))
    await expectRejected(h, 'LOT_RESERVED', () => h.do('resource.writeoff', { lot: flourLot, quantity: '1', reason: 'damp' }, ['Mill']))
    expect(withoutPending(snapshot(h.store))).toEqual(withoutPending(before))
    expect(await view(h, `reserved/${flourLot}`)).toBe(pending.id)
    // The reserving transfer itself still completes, and frees the rest of the lot.
    expect(expectAccepted(await cosign(pending.tx)).completed).toEqual({ id: pending.id, status: 'accepted' })
    expect(await view(h, `reserved/${flourLot}`)).toBeUndefined()
    expect((await again()).status).toBe('pending')
  })

  it('frees the lot when the transfer is declined or has expired', async () => {
    const pending = await offer('3')
    expectAccepted(await h.do('cosign.decline', { tx: pending.id!, reason: 'not ours' }, ['Bakery']))
    const second = await again('9')
    expect(second.status).toBe('pending')
    const late = second.tx.time + DEFAULT_EXPIRY_MS + 1
    await expectRejected(h, 'LOT_RESERVED', () => h.do('resource.writeoff', { lot: flourLot, quantity: '1', reason: 'damp' }, ['Mill'], { time: late - 1 }))
    expectAccepted(await h.do('resource.writeoff', { lot: flourLot, quantity: '1', reason: 'damp' }, ['Mill'], { time: late }))
  })

  it('says so in the dry run before anything is signed', async () => {
    await offer('3')
    const tx = h.tx('resource.transfer', { lot: flourLot, quantity: '1', to: h.c('Bakery').id }, ['Mill', 'Bakery'])
    const outcome = await dryRunSigned(h.store, tx, h.c('Mill').deviceKey)
    expect(outcome).toMatchObject({ status: 'rejected', code: 'LOT_RESERVED' })
  })
})

describe('rules: decline and expiry', () => {
  it('lets a missing signer decline; the transaction never takes effect (DECLINED, WRONG_SIGNERS, NOT_PENDING)', async () => {
    const pending = await offer()
    await expectRejected(h, 'WRONG_SIGNERS', () => h.do('cosign.decline', { tx: pending.id!, reason: 'not ours' }, ['Mill']))
    await expectRejected(h, 'WRONG_SIGNERS', () => h.do('cosign.decline', { tx: pending.id! }, ['Shop']))
    const declined = expectAccepted(await h.do('cosign.decline', { tx: pending.id!, reason: 'we ordered rye' }, ['Bakery']))
    expect(declined.effects).toEqual([])
    expect(await view(h, `tx/${pending.id}`)).toMatchObject({ status: 'rejected', code: 'DECLINED' })
    expect((await view(h, `tx/${pending.id}`)).reason).toMatch(/declined by .*we ordered rye/)
    expect(await view(h, `pending/${pending.id}`)).toBeUndefined()
    expect(await view(h, `pendingFor/${h.c('Bakery').id}/${pending.id}`)).toBeUndefined()
    const late = await expectRejected(h, 'NOT_PENDING', () => cosign(pending.tx))
    expect(late.reason).toMatch(/^this resource\.transfer waits for no signature any more: it was declined by .*we ordered rye$/)
    await expectRejected(h, 'NOT_PENDING', () => h.do('cosign.decline', { tx: pending.id! }, ['Bakery']))
    const full = { ...pending.tx, sigs: { ...pending.tx.sigs, [h.c('Bakery').id]: h.cosignature(pending.tx, 'Bakery') } }
    await expectRejected(h, 'DUPLICATE', () => h.submit(full, 'Bakery'))
    expect((await lot(h, flourLot)).quantity).toBe('9')
  })

  it('accepts co-signatures up to the declared expiry and refuses them after it (EXPIRED)', async () => {
    const start = h.time + MINUTE
    const expires = start + 60 * MINUTE
    const pending = await offer('3', { time: start, expires })
    expect((await view(h, `pending/${pending.id}`)).expires).toBe(expires)
    await expectRejected(h, 'EXPIRED', () => cosign(pending.tx, 'Bakery', { time: expires + 1 }))
    expect((await view(h, `tx/${pending.id}`)).status).toBe('pending')
    expectAccepted(await cosign(pending.tx, 'Bakery', { time: expires }))
  })

  it('expires after 30 days by default, and refuses a transaction that expires before it was signed (EXPIRED)', async () => {
    const pending = await offer()
    expect((await view(h, `pending/${pending.id}`)).expires).toBe(pending.tx.time + DEFAULT_EXPIRY_MS)
    await expectRejected(h, 'EXPIRED', () => cosign(pending.tx, 'Bakery', { time: pending.tx.time + DEFAULT_EXPIRY_MS + 1 }))
    await expectRejected(h, 'EXPIRED', () => offer('1', { time: h.time + MINUTE, expires: h.time }))
  })
})
