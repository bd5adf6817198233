// The log as an audit trail (core/node/audit.ts): rows with names, amounts and products and
// their transaction's present status; one transaction with who signed it and by which entry.
import { beforeEach, describe, expect, it } from 'vitest'
import { auditTransaction } from '../../core/node/audit.ts'
import * as views from '../../core/node/views.ts'
import { transactionId } from '../../core/protocol/encoding.ts'
import { collectivize, define, start, workload } from '../helpers/economy.ts'
import { expectAccepted, Harness } from '../helpers/harness.ts'

let h: Harness
let flourLot: string
beforeEach(async () => {
  h = new Harness()
  await h.network([
    ['Mill', ['producer']],
    ['Bakery', ['producer', 'dispatcher']]
  ])
  flourLot = await collectivize(h, 'Mill', await define(h, 'Mill', 'Flour'), 9)
})
const offer = () =>
  h.do(
    'resource.transfer',
    { lot: flourLot, quantity: '3', to: h.c('Bakery').id },
    ['Mill', 'Bakery'],
    { sign: ['Mill'] }
  )

describe('the log as an audit trail', () => {
  it('shows who, what and the present status of a transfer co-signed since', async () => {
    const pending = await offer()
    expect(pending.status).toBe('pending')
    // The receiver's list of what waits for it says what is offered, not only "Transfer".
    const [waiting] = await views.pending(h.store, h.c('Bakery').id)
    expect(waiting?.summary).toEqual({
      from: 'Mill',
      to: 'Bakery',
      product: 'Flour',
      unit: 'unit',
      quantity: '3'
    })
    const cosign = expectAccepted(
      await h.do(
        'cosign',
        { tx: pending.id!, signer: h.c('Bakery').id, sig: h.cosignature(pending.tx, 'Bakery') },
        ['Bakery']
      )
    )
    const { entries } = await views.log(h.store, {})
    const row = entries.find((e) => e.id === pending.id)!
    expect(row.status).toBe('pending')
    expect(row.now).toEqual({ status: 'accepted' })
    expect(row.summary).toEqual({
      from: 'Mill',
      to: 'Bakery',
      product: 'Flour',
      unit: 'unit',
      quantity: '3'
    })
    const answer = entries.find((e) => e.id === cosign.id)!
    expect(answer.summary).toEqual({
      from: 'Bakery',
      answers: { id: pending.id, type: 'resource.transfer' }
    })
    // Search by names, and by the present status.
    expect((await views.log(h.store, { search: 'bakery' })).entries.map((e) => e.id)).toContain(
      pending.id
    )
    expect((await views.log(h.store, { status: 'pending' })).entries).toEqual([])
  })

  it('opens one transaction: what it says, who signed it and how, what settled it', async () => {
    const pending = await offer()
    const before = await auditTransaction(h.store, pending.id!)
    expect(before.record?.status).toBe('pending')
    expect(before.signatures.map((s) => [s.name, s.signed])).toEqual([
      ['Mill', true],
      ['Bakery', false]
    ])
    expect(before.settledBy).toBeNull()
    const cosign = expectAccepted(
      await h.do(
        'cosign',
        { tx: pending.id!, signer: h.c('Bakery').id, sig: h.cosignature(pending.tx, 'Bakery') },
        ['Bakery']
      )
    )
    const after = await auditTransaction(h.store, pending.id!)
    expect(after.tx && transactionId(after.tx)).toBe(pending.id)
    expect(after.signatures.map((s) => [s.name, s.signed, s.by?.id ?? null])).toEqual([
      ['Mill', true, null],
      ['Bakery', true, cosign.id]
    ])
    expect(after.settledBy).toEqual({ id: cosign.id, type: 'cosign', signerName: 'Bakery' })
    expect((await auditTransaction(h.store, cosign.id!)).completes).toBe(pending.id)
  })

  it('says who declined a transaction, and keeps what a refusal refused', async () => {
    const pending = await offer()
    const decline = expectAccepted(
      await h.do('cosign.decline', { tx: pending.id!, reason: 'not ours' }, ['Bakery'])
    )
    const audit = await auditTransaction(h.store, pending.id!)
    // The ledger's record names the decliner by its key; the clerk reads its name.
    expect(audit.record).toMatchObject({
      status: 'rejected',
      code: 'DECLINED',
      reason: 'declined by Bakery: not ours'
    })
    const row = (await views.log(h.store, {})).entries.find((e) => e.id === pending.id)!
    expect(row.now).toEqual({
      status: 'rejected',
      code: 'DECLINED',
      reason: 'declined by Bakery: not ours'
    })
    // Structured too, so that each language words it (the German line for DECLINED names nobody).
    expect(row.declined).toEqual({ by: 'Bakery', reason: 'not ours' })
    const answer = (await views.log(h.store, {})).entries.find((e) => e.id === decline.id)!
    expect(answer.summary).toEqual({
      from: 'Bakery',
      answers: { id: pending.id, type: 'resource.transfer' },
      reason: 'not ours'
    })
    expect(audit.settledBy).toEqual({
      id: decline.id,
      type: 'cosign.decline',
      signerName: 'Bakery'
    })
    const refused = await h.do(
      'resource.writeoff',
      { lot: flourLot, quantity: '99', reason: 'damp' },
      ['Mill']
    )
    expect(refused.status).toBe('rejected')
    expect((await auditTransaction(h.store, refused.id!)).summary).toMatchObject({
      from: 'Mill',
      product: 'Flour',
      quantity: '99'
    })
  })

  it('says whose workload a reversal took back: how many hours, which day, and why', async () => {
    const { production } = await start(h, 'Mill', await define(h, 'Mill', 'Bread'))
    const id = await workload(h, 'Mill', production, 'Anna', 20n * 60n * 1_000_000n)
    const reversal = expectAccepted(
      await h.do('workload.reverse', { workload: id, reason: 'typed 20 hours instead of 7' }, [
        'Mill'
      ])
    )
    const row = (await views.log(h.store, {})).entries.find((e) => e.id === reversal.id)!
    expect(row.summary).toEqual({
      from: 'Mill',
      product: 'Bread',
      unit: 'unit',
      amount: String(20n * 60n * 1_000_000n),
      wallet: h.w('Anna').key,
      day: new Date(h.time).toISOString().slice(0, 10),
      reason: 'typed 20 hours instead of 7'
    })
    expect((await views.log(h.store, { search: 'instead of 7' })).entries.map((e) => e.id)).toEqual(
      [reversal.id]
    )
    // The estimate and the start name what they are for (they were a bare "5 h" and an empty row).
    const { entries } = await views.log(h.store, {})
    const started = entries.find((e) => e.type === 'production.start')!
    expect(started.summary).toEqual({ from: 'Mill', product: 'Bread', unit: 'unit', quantity: '1' })
    const estimated = entries.find((e) => e.type === 'estimate.publish')!
    expect(estimated.summary).toEqual({
      from: 'Mill',
      product: 'Bread',
      unit: 'unit',
      quantity: '1',
      amount: '1000000'
    })
  })
})
