// What an office waits for from others (clerk finding 8): the Overview lists what we signed
// and another collective has yet to co-sign, beside what others wait for from us, and drops it
// once it is co-signed or declined; a declined offer is among our rejected entries, by name.
import { beforeEach, describe, expect, it } from 'vitest'
import * as views from '../../core/node/views.ts'
import { collectivize, define } from '../helpers/economy.ts'
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
const offer = (quantity: string) =>
  h.do('resource.transfer', { lot: flourLot, quantity, to: h.c('Bakery').id }, ['Mill', 'Bakery'], {
    sign: ['Mill'],
    expires: h.time + 60 * 60_000
  })
const needs = async (who: string, now = h.time) =>
  (await views.overview(h.store, h.c(who).id, now)).needs

describe('what we wait for from others', () => {
  it('lists our offer with whom, what and since when, until the Bakery co-signs it', async () => {
    const pending = await offer('3')
    expect(pending.status).toBe('pending')
    const since = pending.tx.time
    const expires = pending.tx.expires!
    const mill = await needs('Mill')
    expect(mill.waiting).toEqual([
      {
        id: pending.id,
        type: 'resource.transfer',
        summary: { from: 'Mill', to: 'Bakery', product: 'Flour', unit: 'unit', quantity: '3' },
        waitingFor: ['Bakery'],
        since,
        expires,
        expired: false
      }
    ])
    // The mirror: it needs the Bakery, and the Bakery waits for nothing of ours.
    expect(mill.cosign).toEqual([])
    expect((await needs('Bakery')).cosign.map((p) => p.id)).toEqual([pending.id])
    expect((await needs('Bakery')).waiting).toEqual([])
    // Past its expiry it is said to be expired, not silently dropped.
    expect((await needs('Mill', expires + 1)).waiting[0]?.expired).toBe(true)

    expectAccepted(
      await h.do(
        'cosign',
        { tx: pending.id!, signer: h.c('Bakery').id, sig: h.cosignature(pending.tx, 'Bakery') },
        ['Bakery']
      )
    )
    expect((await needs('Mill')).waiting).toEqual([])
  })

  it('drops a declined offer from the list and shows it among our rejected entries, by name', async () => {
    const pending = await offer('4')
    expectAccepted(
      await h.do('cosign.decline', { tx: pending.id!, reason: 'not ours' }, ['Bakery'])
    )
    const mill = await needs('Mill')
    expect(mill.waiting).toEqual([])
    expect(mill.rejections.map((r) => ({ id: r.id, code: r.code, declined: r.declined }))).toEqual([
      { id: pending.id, code: 'DECLINED', declined: { by: 'Bakery', reason: 'not ours' } }
    ])
    // The Bakery's own rejected entries hold nothing: it declined, it was not refused.
    expect((await needs('Bakery')).rejections).toEqual([])
  })
})
