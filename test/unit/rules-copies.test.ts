// docs/protocol.md §3: no refusal is recorded against a transaction's id before the entry's
// signatures are verified. A copy of someone's transaction with its signatures stripped or
// forged, appended early by another member's device, is refused without a trace, and the
// genuine transaction is decided on its own later. A copy carrying real signatures is the
// signers' own request, whoever appends it: it may be decided early (and stays decided).
import { beforeEach, describe, expect, it } from 'vitest'
import { GENESIS_DIGEST, Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import { transaction } from '../../core/ledger/queries.ts'
import type { LedgerEntry, Outcome } from '../../core/ledger/types.ts'
import { hash, sign } from '../../core/protocol/crypto.ts'
import { encodeTransaction, signingBytes, transactionId } from '../../core/protocol/encoding.ts'
import type { Transaction } from '../../core/protocol/envelope.ts'
import { define, lot } from '../helpers/economy.ts'
import { expectAccepted, Harness } from '../helpers/harness.ts'
import { expectRejected, snapshot, view } from '../helpers/rules.ts'

let h: Harness
let flour: string
/** Every entry the harness's ledger applied, to replay it on other stores. */
let applied: LedgerEntry[]

beforeEach(async () => {
  h = new Harness()
  applied = []
  const apply = h.ledger.apply.bind(h.ledger)
  h.ledger.apply = (entry) => (applied.push(entry), apply(entry))
  await h.network([
    ['Mill', ['producer']],
    ['Bakery', ['producer', 'dispatcher']]
  ])
  flour = await define(h, 'Mill', 'Flour')
})

const stripped = (tx: Transaction): Transaction => ({ ...tx, sigs: {} })
/** Under each signer's key, a signature made with a forger's key. */
const forged = (tx: Transaction): Transaction => ({
  ...tx,
  sigs: Object.fromEntries(
    tx.signers.map((key) => [
      key,
      sign(signingBytes(tx), h.c('Forger').identity.secretKey).toString('hex')
    ])
  )
})

/**
 * The Mill's collectivization of flour, not appended yet, and the Mill's write-off of part of
 * the lot it will create: a transaction the state does not allow before the first is in.
 */
function collectivizeAndWriteoff() {
  const collectivize = h.tx('resource.collectivize', { product: flour, quantity: '5' }, ['Mill'])
  const writeoff = h.tx(
    'resource.writeoff',
    { lot: `${transactionId(collectivize)}:0`, quantity: '1', reason: 'spoiled' },
    ['Mill']
  )
  return { collectivize, writeoff }
}

describe('rules: copies appended before the genuine transaction', () => {
  it('refuses a stripped copy without a trace, then accepts the genuine one (MISSING_SIGNATURE)', async () => {
    const { collectivize, writeoff } = collectivizeAndWriteoff()
    // Before the lot exists the state would refuse the write-off (UNKNOWN_LOT): it must not
    // get that far on an entry no one signed.
    await expectRejected(h, 'MISSING_SIGNATURE', () => h.submit(stripped(writeoff), 'Bakery'))
    expect(await view(h, `tx/${transactionId(writeoff)}`)).toBeUndefined()
    expectAccepted(await h.submit(collectivize, 'Mill'))
    expectAccepted(await h.submit(writeoff, 'Mill'))
    expect((await lot(h, `${transactionId(collectivize)}:0`)).quantity).toBe('4')
  })

  it('refuses a copy with a forged signature without a trace, then accepts the genuine one (BAD_SIGNATURE)', async () => {
    const { collectivize, writeoff } = collectivizeAndWriteoff()
    await expectRejected(h, 'BAD_SIGNATURE', () => h.submit(forged(writeoff), 'Bakery'))
    expect(await view(h, `tx/${transactionId(writeoff)}`)).toBeUndefined()
    expectAccepted(await h.submit(collectivize, 'Mill'))
    expectAccepted(await h.submit(writeoff, 'Mill'))
  })

  it('does not let a stripped or forged copy of a co-signed transaction block it (UNSIGNED, BAD_SIGNATURE)', async () => {
    const { collectivize } = collectivizeAndWriteoff()
    const lotId = `${transactionId(collectivize)}:0`
    const transfer = h.tx(
      'resource.transfer',
      { lot: lotId, quantity: '2', to: h.c('Bakery').id },
      ['Mill', 'Bakery']
    )
    await expectRejected(h, 'UNSIGNED', () => h.submit(stripped(transfer), 'Bakery'))
    await expectRejected(h, 'BAD_SIGNATURE', () => h.submit(forged(transfer), 'Bakery'))
    expect(await view(h, `tx/${transactionId(transfer)}`)).toBeUndefined()
    expectAccepted(await h.submit(collectivize, 'Mill'))
    expectAccepted(await h.submit(transfer, 'Mill'))
  })

  it('does not let an unsigned copy of a decline, appended before the pending transaction, block it (MISSING_SIGNATURE)', async () => {
    const { collectivize } = collectivizeAndWriteoff()
    expectAccepted(await h.submit(collectivize, 'Mill'))
    const offer = h.tx(
      'resource.transfer',
      { lot: `${transactionId(collectivize)}:0`, quantity: '2', to: h.c('Bakery').id },
      ['Mill', 'Bakery'],
      { sign: ['Mill'] }
    )
    const decline = h.tx('cosign.decline', { tx: transactionId(offer), reason: 'we ordered rye' }, [
      'Bakery'
    ])
    // The decline's signers come from the pending transaction, which is not there yet (NOT_PENDING).
    await expectRejected(h, 'MISSING_SIGNATURE', () => h.submit(stripped(decline), 'Mill'))
    await expectRejected(h, 'BAD_SIGNATURE', () => h.submit(forged(decline), 'Mill'))
    expect((await h.submit(offer, 'Mill')).status).toBe('pending')
    expectAccepted(await h.submit(decline, 'Bakery'))
    expect(await view(h, `tx/${transactionId(offer)}`)).toMatchObject({
      status: 'rejected',
      code: 'DECLINED'
    })
  })

  it('decides both orders of a stripped copy and the genuine one to one view, each digest as §15 says', async () => {
    const setup = applied.slice()
    const { collectivize, writeoff } = collectivizeAndWriteoff()
    const entry = (tx: Transaction, by: string): LedgerEntry => ({
      bytes: encodeTransaction(tx),
      writer: h.c(by).deviceKey
    })
    const copy = entry(stripped(writeoff), 'Bakery')
    const [c, w] = [entry(collectivize, 'Mill'), entry(writeoff, 'Mill')]

    const run = async (order: LedgerEntry[]) => {
      const store = new MemoryStore()
      const ledger = new Ledger(store)
      const outcomes: Outcome[] = []
      for (const e of [...setup, ...order]) outcomes.push(await ledger.apply(e))
      return {
        store,
        ledger,
        outcomes,
        tail: outcomes.slice(setup.length).map((o) => [o.status, o.code ?? ''])
      }
    }
    const first = await run([copy, c, w])
    const last = await run([c, w, copy])
    expect(first.tail).toEqual([
      ['rejected', 'MISSING_SIGNATURE'],
      ['accepted', ''],
      ['accepted', '']
    ])
    expect(last.tail).toEqual([
      ['accepted', ''],
      ['accepted', ''],
      ['rejected', 'DUPLICATE']
    ])
    // The same transactions took effect: the view is the same but for the log's bookkeeping.
    expect(snapshot(first.store)).toEqual(snapshot(last.store))
    // The digest chains the outcomes in order (docs/protocol.md §15), so the two differ.
    for (const { ledger, outcomes } of [first, last]) {
      const documented = outcomes.reduce((previous, o, seq) => {
        const line = `${seq}|${o.id ?? ''}|${o.status}|${o.code ?? ''}`
        return hash(Buffer.from(previous, 'hex'), Buffer.from(line)).toString('hex')
      }, GENESIS_DIGEST)
      expect(await ledger.digest()).toBe(documented)
    }
    expect(await first.ledger.digest()).not.toBe(await last.ledger.digest())
  })
})

describe('rules: copies that carry real signatures', () => {
  it('lets any member append a signed transaction early: refused, recorded, and then a DUPLICATE for its author', async () => {
    const { collectivize, writeoff } = collectivizeAndWriteoff()
    // A replay by the Bakery's device before the lot exists decides the Mill's write-off.
    await expectRejected(h, 'UNKNOWN_LOT', () => h.submit(writeoff, 'Bakery'))
    expect(await transaction(h.store, transactionId(writeoff))).toMatchObject({
      status: 'rejected',
      code: 'UNKNOWN_LOT',
      writer: h.c('Bakery').deviceKey
    })
    expectAccepted(await h.submit(collectivize, 'Mill'))
    await expectRejected(h, 'DUPLICATE', () => h.submit(writeoff, 'Mill'))
    // The author signs again (a new time is a new id); the refused one can never come back.
    expectAccepted(await h.do('resource.writeoff', writeoff.body, ['Mill']))
    expect((await lot(h, `${transactionId(collectivize)}:0`)).quantity).toBe('4')
  })

  it('keeps a co-signed transaction copied with only some of its signatures pending: the missing signer co-signs', async () => {
    const { collectivize } = collectivizeAndWriteoff()
    expectAccepted(await h.submit(collectivize, 'Mill'))
    const transfer = h.tx(
      'resource.transfer',
      { lot: `${transactionId(collectivize)}:0`, quantity: '2', to: h.c('Bakery').id },
      ['Mill', 'Bakery']
    )
    const millOnly = { ...transfer, sigs: { [h.c('Mill').id]: transfer.sigs[h.c('Mill').id]! } }
    expect((await h.submit(millOnly, 'Mill')).status).toBe('pending')
    await expectRejected(h, 'ALREADY_PENDING', () => h.submit(transfer, 'Bakery'))
    const done = expectAccepted(
      await h.do(
        'cosign',
        {
          tx: transactionId(transfer),
          signer: h.c('Bakery').id,
          sig: transfer.sigs[h.c('Bakery').id]!
        },
        ['Bakery']
      )
    )
    expect(done.completed).toEqual({ id: transactionId(transfer), status: 'accepted' })
  })
})
