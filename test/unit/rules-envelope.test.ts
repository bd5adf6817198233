// PROTOCOL §2: every entry is one signed transaction; bad bytes, bad envelopes, bad or
// missing signatures, repeats and strangers' devices are rejected with a code and a sentence,
// and change nothing.
import { beforeEach, describe, expect, it } from 'vitest'
import { MAX_QUANTITY } from '../../core/protocol/limits.ts'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import type { LedgerEntry } from '../../core/ledger/types.ts'
import { sign } from '../../core/protocol/crypto.ts'
import { encodeTransaction, signingBytes, transactionId } from '../../core/protocol/encoding.ts'
import { MAX_ENTRY_BYTES, type Transaction } from '../../core/protocol/envelope.ts'
import { expectAccepted, Harness } from '../helpers/harness.ts'
import { collectivize, define } from '../helpers/economy.ts'
import { expectRejected, view } from '../helpers/rules.ts'

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value))

describe('rules: the first entry and the writers', () => {
  it('accepts a first registration written by its own device and makes that device a writer', async () => {
    const h = new Harness()
    const outcome = expectAccepted(await h.do('collective.register', { name: 'Mill', roles: ['producer'], devices: [h.c('Mill').deviceKey] }, ['Mill']))
    expect(outcome.effects).toEqual([{ kind: 'writer.add', key: h.c('Mill').deviceKey }])
    expect((await view(h, `collective/${h.c('Mill').id}`)).member).toBe(true)
  })

  it('rejects a first entry that is not a registration (NO_NETWORK)', async () => {
    const h = new Harness()
    h.c('Mill')
    await expectRejected(h, 'NO_NETWORK', () => h.do('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' }, ['Mill']))
  })

  it('rejects a first registration written by a device it does not list (UNKNOWN_WRITER)', async () => {
    const h = new Harness()
    h.c('Other')
    await expectRejected(h, 'UNKNOWN_WRITER', () =>
      h.do('collective.register', { name: 'Mill', roles: ['producer'], devices: [h.c('Mill').deviceKey] }, ['Mill'], { writer: 'Other' })
    )
  })

  it('rejects entries from a device no collective owns, and from a non-member\'s device, until it joins (UNKNOWN_WRITER)', async () => {
    const h = new Harness()
    await h.network([['Mill', ['producer']]])
    await expectRejected(h, 'UNKNOWN_WRITER', () => h.do('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' }, ['Mill'], { writer: 'Stranger' }))
    // Bakery registers (carried by Mill's device) but has no trust yet: its device is no writer.
    expectAccepted(await h.do('collective.register', { name: 'Bakery', roles: ['dispatcher'], devices: [h.c('Bakery').deviceKey] }, ['Bakery'], { writer: 'Mill' }))
    await expectRejected(h, 'UNKNOWN_WRITER', () => h.do('product.define', { name: 'Bread', unit: 'loaf', kind: 'consumable' }, ['Bakery']))
    const trust = expectAccepted(await h.do('trust.establish', { a: h.c('Mill').id, b: h.c('Bakery').id }, ['Mill', 'Bakery']))
    expect(trust.effects).toEqual([{ kind: 'writer.add', key: h.c('Bakery').deviceKey }])
    expectAccepted(await h.do('product.define', { name: 'Bread', unit: 'loaf', kind: 'consumable' }, ['Bakery']))
  })
})

describe('rules: bytes and envelope', () => {
  let h: Harness
  beforeEach(async () => {
    h = new Harness()
    await h.network([['Mill', ['producer']], ['Bakery', ['producer', 'dispatcher']]])
  })
  const signed = () => h.tx('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' }, ['Mill'])

  it('rejects bytes that are not JSON, or not UTF-8 (MALFORMED)', async () => {
    const outcome = await expectRejected(h, 'MALFORMED', () => h.raw(Buffer.from('{"v":1,"type":'), 'Mill'))
    expect(outcome.id).toBeNull()
    await expectRejected(h, 'MALFORMED', () => h.raw(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'Mill'))
    await expectRejected(h, 'MALFORMED', () => h.raw(Buffer.alloc(0), 'Mill'))
  })

  it('rejects an entry over the size limit before parsing it (TOO_LARGE)', async () => {
    const tx = signed()
    const huge = { ...tx, body: { ...tx.body, name: 'x'.repeat(MAX_ENTRY_BYTES) } }
    await expectRejected(h, 'TOO_LARGE', () => h.raw(bytes(huge), 'Mill'))
  })

  it('rejects an unknown type, e.g. a coupon transfer between wallets (UNKNOWN_TYPE)', async () => {
    const tx = { ...signed(), type: 'coupon.transfer', body: { from: h.w('Anna').key, to: h.w('Ben').key, amount: '1' } }
    await expectRejected(h, 'UNKNOWN_TYPE', () => h.raw(bytes(tx), 'Mill'))
  })

  it('rejects a broken envelope (INVALID_ENVELOPE)', async () => {
    const tx = signed()
    await expectRejected(h, 'INVALID_ENVELOPE', () => h.raw(bytes({ ...tx, v: 2 }), 'Mill'))
    await expectRejected(h, 'INVALID_ENVELOPE', () => h.raw(bytes({ ...tx, time: tx.time + 0.5 }), 'Mill'))
    await expectRejected(h, 'INVALID_ENVELOPE', () => h.raw(bytes({ ...tx, time: 1e300 }), 'Mill'))
    await expectRejected(h, 'INVALID_ENVELOPE', () => h.raw(bytes({ ...tx, extra: true }), 'Mill'))
    await expectRejected(h, 'INVALID_ENVELOPE', () => h.raw(bytes([tx]), 'Mill'))
    await expectRejected(h, 'INVALID_ENVELOPE', () => h.raw(bytes({ ...tx, signers: [tx.signers[0], tx.signers[0]] }), 'Mill'))
  })

  it('rejects a body that breaks its schema, huge numbers included (INVALID_BODY)', async () => {
    const product = await define(h, 'Mill', 'Flour')
    const collect = (quantity: unknown) => {
      const tx = h.tx('resource.collectivize', { product, quantity: '1' }, ['Mill'])
      return h.raw(bytes({ ...tx, body: { product, quantity } }), 'Mill')
    }
    for (const quantity of ['1'.repeat(31), '-1', '0', '1e3', '01', ' 1', 1, 1e400, null]) {
      await expectRejected(h, 'INVALID_BODY', () => collect(quantity))
    }
    // 1e400 is Infinity to JSON.parse: written out by hand, not by JSON.stringify
    const tx = h.tx('resource.collectivize', { product, quantity: '1' }, ['Mill'])
    const text = JSON.stringify(tx).replace('"quantity":"1"', '"quantity":1e400')
    await expectRejected(h, 'INVALID_BODY', () => h.raw(Buffer.from(text), 'Mill'))
    await expectRejected(h, 'INVALID_BODY', () => h.do('trust.establish', { a: h.c('Mill').id, b: h.c('Mill').id }, ['Mill']))
  })

  it('accepts the largest amounts the schema allows and keeps them exact', async () => {
    const product = await define(h, 'Mill', 'Grain')
    const huge = MAX_QUANTITY
    const lotId = await collectivize(h, 'Mill', product, huge)
    const moved = await h.do('resource.transfer', { lot: lotId, quantity: String(huge - 1n), to: h.c('Bakery').id }, ['Mill', 'Bakery'])
    expectAccepted(moved)
    expect((await view(h, `lot/${lotId}`)).quantity).toBe('1')
    expect((await view(h, `lot/${moved.id}:0`)).quantity).toBe(String(huge - 1n))
  })
})

describe('rules: signatures', () => {
  let h: Harness
  beforeEach(async () => {
    h = new Harness()
    await h.network([['Mill', ['producer']], ['Bakery', ['producer', 'dispatcher']]])
  })
  const define = () => h.tx('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' }, ['Mill'], { sign: [] })

  it('rejects an unsigned transaction: one signer (MISSING_SIGNATURE), co-signed (UNSIGNED)', async () => {
    await expectRejected(h, 'MISSING_SIGNATURE', () => h.submit(define(), 'Mill'))
    await expectRejected(h, 'UNSIGNED', () => h.do('trust.establish', { a: h.c('Mill').id, b: h.c('Bakery').id }, ['Mill', 'Bakery'], { sign: [] }))
  })

  it('rejects a transaction signed by the wrong collective (WRONG_SIGNERS)', async () => {
    const flour = expectAccepted(await h.do('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' }, ['Mill'])).id!
    const lotId = await collectivize(h, 'Mill', flour, 10)
    // Bakery writes off Mill's lot
    await expectRejected(h, 'WRONG_SIGNERS', () => h.do('resource.writeoff', { lot: lotId, quantity: '1', reason: 'spoiled' }, ['Bakery']))
    // two signers where one is wanted; any signer on a revision, which takes none
    await expectRejected(h, 'WRONG_SIGNERS', () => h.do('resource.collectivize', { product: flour, quantity: '1' }, ['Mill', 'Bakery']))
    await expectRejected(h, 'WRONG_SIGNERS', () => h.do('revision.final', { period: '2026-03' }, ['Mill']))
    await expectRejected(h, 'WRONG_SIGNERS', () => h.do('resource.collectivize', { product: flour, quantity: '1' }, []))
    expectAccepted(await h.do('resource.writeoff', { lot: lotId, quantity: '1', reason: 'spoiled' }, ['Mill']))
  })

  it('rejects a forged or stale signature (BAD_SIGNATURE)', async () => {
    const tx = define()
    const forged: Transaction = { ...tx, sigs: { [h.c('Mill').id]: sign(signingBytes(tx), h.c('Bakery').identity.secretKey).toString('hex') } }
    await expectRejected(h, 'BAD_SIGNATURE', () => h.raw(encodeTransaction(forged), 'Mill'))
    const good = h.tx('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' }, ['Mill'])
    const tampered = { ...good, body: { ...good.body, name: 'Sugar' } }
    await expectRejected(h, 'BAD_SIGNATURE', () => h.raw(encodeTransaction(tampered), 'Mill'))
    expectAccepted(await h.submit(good, 'Mill'))
  })

  it('rejects a signature by a key that is not a signer (UNEXPECTED_SIGNATURE)', async () => {
    const tx = define()
    const signedBy = (name: string) => sign(signingBytes(tx), h.c(name).identity.secretKey).toString('hex')
    const extra: Transaction = { ...tx, sigs: { [h.c('Mill').id]: signedBy('Mill'), [h.c('Bakery').id]: signedBy('Bakery') } }
    await expectRejected(h, 'UNEXPECTED_SIGNATURE', () => h.raw(encodeTransaction(extra), 'Mill'))
  })

  it('rejects the same transaction twice, accepted or rejected the first time (DUPLICATE)', async () => {
    const tx = h.tx('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' }, ['Mill'])
    expectAccepted(await h.submit(tx, 'Mill'))
    await expectRejected(h, 'DUPLICATE', () => h.submit(tx, 'Bakery'))
    const taken = h.tx('product.define', { name: 'flour', unit: 'kg', kind: 'consumable' }, ['Bakery'])
    await expectRejected(h, 'PRODUCT_NAME_TAKEN', () => h.submit(taken, 'Bakery'))
    // a transaction refused by a rule stays refused: replaying it later cannot make it happen
    await expectRejected(h, 'DUPLICATE', () => h.submit(taken, 'Bakery'))
  })

  it('does not let a forged copy appended first block the genuine transaction', async () => {
    const genuine = h.tx('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' }, ['Mill'])
    const forged: Transaction = { ...genuine, sigs: { [h.c('Mill').id]: sign(signingBytes(genuine), h.c('Bakery').identity.secretKey).toString('hex') } }
    await expectRejected(h, 'BAD_SIGNATURE', () => h.raw(encodeTransaction(forged), 'Bakery'))
    const unsigned: Transaction = { ...genuine, sigs: {} }
    await expectRejected(h, 'MISSING_SIGNATURE', () => h.raw(encodeTransaction(unsigned), 'Bakery'))
    await expectRejected(h, 'UNKNOWN_WRITER', () => h.submit(genuine, 'Stranger'))
    expect(await view(h, `tx/${transactionId(genuine)}`)).toBeUndefined()
    expectAccepted(await h.submit(genuine, 'Mill'))
  })
})

describe('rules: determinism (invariant 1)', () => {
  it('gives a second node fed the same entries, garbage included, the same view and digest', async () => {
    const h = new Harness()
    const entries: LedgerEntry[] = []
    const apply = h.ledger.apply.bind(h.ledger)
    h.ledger.apply = (entry) => (entries.push(entry), apply(entry))
    await h.network([['Mill', ['producer']], ['Bakery', ['dispatcher']]])
    await h.raw(Buffer.from('not json'), 'Mill')
    await h.do('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' }, ['Bakery'], { sign: [] })
    const flour = await define(h, 'Mill', 'Flour')
    await h.do('resource.transfer', { lot: await collectivize(h, 'Mill', flour, 3), quantity: '2', to: h.c('Bakery').id }, ['Mill', 'Bakery'], { sign: ['Mill'] })
    const replica = new Ledger(new MemoryStore())
    for (const entry of entries) await replica.apply(entry)
    expect(await replica.digest()).toBe(await h.ledger.digest())
    expect([...(replica.store as MemoryStore).entries()]).toEqual([...h.store.entries()])
  })
})
