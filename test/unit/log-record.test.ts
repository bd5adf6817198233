// log/<seq> leaves a transaction's id and type to its entry's text (core/ledger/log-record.ts):
// every reader gets them back exactly as the ledger decided them, and entries whose text says
// nothing keep them (null) in the record.
import { beforeEach, describe, expect, it } from 'vitest'
import type { StoredLogRecord } from '../../core/ledger/keys.ts'
import { withOutcome } from '../../core/ledger/log-record.ts'
import { log, transaction } from '../../core/ledger/queries.ts'
import { expectAccepted, Harness } from '../helpers/harness.ts'
import { define } from '../helpers/economy.ts'

let h: Harness
beforeEach(async () => {
  h = new Harness()
  await h.network([['Mill', ['producer']], ['Bakery', ['producer']]])
})
const stored = async (seq: number) => (await h.store.get(`log/${String(seq).padStart(12, '0')}`)) as unknown as StoredLogRecord

describe('log/<seq>: id and type from the entry\'s text', () => {
  it('stores neither for a decoded transaction, accepted or refused, and every reader gets the decided ones back', async () => {
    const flour = await define(h, 'Mill', 'Flour')
    const accepted = expectAccepted(await h.do('order.place', { producer: h.c('Mill').id, product: flour, quantity: '1' }, ['Bakery']))
    const refused = await h.do('order.place', { producer: h.c('Mill').id, product: 'f'.repeat(64), quantity: '1' }, ['Bakery'])
    expect(refused.status).toBe('rejected')
    for (const outcome of [accepted, refused]) {
      const record = await stored(outcome.seq)
      expect(record).not.toHaveProperty('id')
      expect(record).not.toHaveProperty('type')
      expect(withOutcome(record)).toMatchObject({ id: outcome.id, type: 'order.place', status: outcome.status })
    }
    const page = await log(h.store, { after: accepted.seq - 1, limit: 2 })
    expect(page.map((r) => [r.seq, r.id, r.type, r.status])).toEqual([
      [accepted.seq, accepted.id, 'order.place', 'accepted'],
      [refused.seq, refused.id, 'order.place', 'rejected']
    ])
    expect(page[0]).not.toHaveProperty('text')
    expect(await transaction(h.store, accepted.id!)).toMatchObject({ id: accepted.id, type: 'order.place', writer: h.c('Bakery').deviceKey, seq: accepted.seq })
  })

  it('keeps id and type (null) for bytes that are no transaction, as text or as base64', async () => {
    const text = await h.raw(new TextEncoder().encode('{"not":"a transaction"}'), 'Mill')
    const binary = await h.raw(new Uint8Array([0xff, 0xfe, 0x00]), 'Mill')
    expect(await stored(text.seq)).toMatchObject({ id: null, type: null, status: 'rejected', text: '{"not":"a transaction"}' })
    expect(await stored(binary.seq)).toMatchObject({ id: null, type: null, status: 'rejected', base64: '//4A' })
  })

  it('reads a record of an older view, which holds both, as it stands', () => {
    const older = { id: 'a'.repeat(64), type: 'order.place', status: 'accepted', writer: 'b'.repeat(64), text: 'not even JSON' } as StoredLogRecord
    expect(withOutcome(older)).toEqual(older)
  })
})
