// Reproductions of ledger bugs found by the property tests (properties-*.test.ts), kept as
// regression tests now that the fixes have landed.
import { describe, expect, it } from 'vitest'
import { encodeTransaction } from '../../core/protocol/encoding.ts'
import { expectAccepted, Harness, MINUTE } from '../helpers/harness.ts'

describe('ledger bug reproductions', () => {
  // Found as: "a rejected entry rewrote the record of an earlier transaction". An accepted
  // transaction appended again by a device of no member collective was refused with
  // UNKNOWN_WRITER, and that refusal overwrote tx/<id>: the view then called an applied
  // transaction rejected. Fixed by 3a665e3 (untracked refusals leave tx/<id> alone).
  it('a stranger-written copy of an accepted transaction leaves its record alone', async () => {
    const h = new Harness()
    await h.network([['Mill', ['producer']], ['Shop', ['dispatcher']]])
    const flour = await h.do('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' }, ['Mill'])
    expectAccepted(flour)
    const before = await h.store.get(`tx/${flour.id}`)
    const copy = await h.raw(encodeTransaction(flour.tx), 'Stranger')
    expect([copy.status, copy.code]).toEqual(['rejected', 'UNKNOWN_WRITER'])
    expect(await h.store.get(`tx/${flour.id}`)).toEqual(before)
    expect((before as any).status).toBe('accepted')
  })

  // Found while checking expiry (PROTOCOL §2: a co-signed transaction "can expire"). A late
  // `cosign` was refused as EXPIRED, but appending the pending transaction again with the
  // missing signature completed it: a resubmission carries the original's declared time, so
  // it never looked expired. Fixed by 162a5e7 (co-signatures only by cosign entries).
  it('a pending transfer past its expiry cannot be completed by appending it again with the missing signature', async () => {
    const h = new Harness()
    await h.network([['Mill', ['producer']], ['Shop', ['dispatcher']]])
    const flour = expectAccepted(await h.do('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' }, ['Mill']))
    const lot = expectAccepted(await h.do('resource.collectivize', { product: flour.id!, quantity: '10' }, ['Mill']))
    const transfer = await h.do('resource.transfer', { lot: `${lot.id}:0`, quantity: '10', to: h.c('Shop').id }, ['Mill', 'Shop'], { sign: ['Mill'], expires: h.time + 2 * MINUTE })
    expect(transfer.status).toBe('pending')
    const late = await h.do('cosign', { tx: transfer.id!, signer: h.c('Shop').id, sig: h.cosignature(transfer.tx, 'Shop') }, ['Shop'], { time: h.time + 60 * MINUTE })
    expect([late.status, late.code]).toEqual(['rejected', 'EXPIRED'])
    const again = await h.submit({ ...transfer.tx, sigs: { ...transfer.tx.sigs, [h.c('Shop').id]: h.cosignature(transfer.tx, 'Shop') } }, 'Shop')
    expect(again.status).toBe('rejected')
    expect(again.completed).toBeUndefined()
    expect(await h.store.get(`lot/${transfer.id}:0`)).toBeUndefined()
    expect(((await h.store.get(`lot/${lot.id}:0`)) as any).owner).toBe(h.c('Mill').id)
  })
})
