// Every transaction type goes through the API as a typed intent (`tx.submit` through
// `dispatch`, a real node on disk): the ledger's rules decide who signs, a refusal comes
// back with the ledger's code and sentence before anything is appended, and an appended
// transaction's result is what the view recorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keys } from '../../core/ledger/keys.ts'
import * as q from '../../core/ledger/queries.ts'
import { encodeTransaction, transactionId } from '../../core/protocol/encoding.ts'
import type { Intent } from '../../core/protocol/intents.ts'
import { createTransaction, signatureFor, signTransaction } from '../../core/protocol/sign.ts'
import { TX_TYPES, type TxType } from '../../core/protocol/types.ts'
import { createWallet, walletFromWords } from '../../core/node/keys.ts'
import type { SubmitResult } from '../../core/node/submit.ts'
import { admitPartner, apiHost, type ApiHost } from './api-host.ts'

const MINUTE = 60_000_000n
const DAY = 24 * 60 * 60 * 1000

describe('the API takes intents', () => {
  let api: ApiHost
  const sent = new Map<TxType, SubmitResult>()

  beforeAll(async () => {
    api = await apiHost()
    await api.call('setup.create', { name: 'Bakery', roles: ['producer', 'dispatcher'] })
  }, 60_000)
  afterAll(() => api.close())

  /** Submits an intent and checks that its result is what the view says. */
  async function submit(intent: Intent, words?: string[]): Promise<SubmitResult> {
    const before = (await q.digest(api.node.store())).length
    const result = await api.call('tx.submit', { intent, ...(words ? { words } : {}) })
    const after = (await q.digest(api.node.store())).length
    if (result.status === 'refused' && !result.appended) {
      expect(after, `${intent.type} refused before appending`).toBe(before)
    } else {
      expect(after).toBe(before + 1)
      const record = await q.transaction(api.node.store(), result.id)
      expect(record?.status).toBe(result.status === 'refused' ? 'rejected' : result.status)
    }
    if (!sent.has(intent.type) || result.status !== 'refused') sent.set(intent.type, result)
    return result
  }
  const accepted = async (intent: Intent, words?: string[]) => {
    const result = await submit(intent, words)
    expect(result, intent.type).toMatchObject({ status: 'accepted' })
    return result.id
  }
  /** The partner co-signs what waits for it, as its own node would, through a cosign intent. */
  async function cosignAs(partner: { identity: { id: string }; words: string[] }, id: string) {
    const pending = await q.read(api.node.store(), keys.pending(id))
    const sig = signatureFor(pending!.tx, walletFromWords(partner.words))
    return submit(
      { type: 'cosign', body: { tx: id, signer: partner.identity.id, sig } },
      partner.words
    )
  }

  it(
    'sends each of the 34 types, with the ledger deciding who signs',
    { timeout: 120_000 },
    async () => {
      const me = api.node.requireIdentity().id
      const mill = await admitPartner(api)
      const device = 'cd'.repeat(32)
      await accepted({ type: 'device.bind', body: { device } })
      await accepted({ type: 'device.unbind', body: { device } })
      const grain = await accepted({
        type: 'product.define',
        body: { name: 'Grain', unit: 'kg', kind: 'consumable' }
      })
      const oven = await accepted({
        type: 'product.define',
        body: { name: 'Oven', unit: 'piece', kind: 'meansOfProduction', durability: '600' }
      })
      const grainLot = `${await accepted({ type: 'resource.collectivize', body: { product: grain, quantity: '100' } })}:0`
      const ovenLot = `${await accepted({ type: 'resource.collectivize', body: { product: oven, quantity: '1' } })}:0`

      // A transfer: the ledger names the receiver as co-signer (the interface names no one).
      const transfer = await submit({
        type: 'resource.transfer',
        body: { lot: grainLot, quantity: '10', to: mill.identity.id }
      })
      expect(transfer).toMatchObject({ status: 'pending', missing: [mill.identity.id] })
      expect(await cosignAs(mill, transfer.id)).toMatchObject({
        status: 'accepted',
        completed: { id: transfer.id, status: 'accepted' }
      })

      await accepted({
        type: 'resource.writeoff',
        body: { lot: grainLot, quantity: '1', reason: 'mould' }
      })
      await accepted({ type: 'inventory.count', body: { lot: grainLot, counted: '88' } })
      await accepted({ type: 'dispatch.record', body: { lot: grainLot, quantity: '1' } })

      const rejectMe = await accepted({
        type: 'order.place',
        body: { producer: me, product: grain, quantity: '1' }
      })
      await accepted({ type: 'order.reject', body: { order: rejectMe, reason: 'no time' } })
      const order = await accepted({
        type: 'order.place',
        body: { producer: me, product: grain, quantity: '5' }
      })
      const estimate = await accepted({
        type: 'estimate.publish',
        body: { order, minutes: String(600n * MINUTE) }
      })
      const production = await accepted({ type: 'production.start', body: { estimate } })
      await accepted({
        type: 'production.consume',
        body: { production, lot: grainLot, quantity: '5' }
      })
      const wallet = createWallet()
      const workload = await accepted({
        type: 'production.workload',
        body: {
          production,
          wallet: wallet.key,
          // MINUTE is an hour of µmin here (60,000,000): 8 hours; a day holds at most 24.
          minutes: String(8n * MINUTE),
          performedAt: api.clock.now - 1000
        }
      })
      // Corrections: a workload typed twice, an estimate replaced, an order withdrawn, a
      // misspelt product type retired.
      const twice = await accepted({
        type: 'production.workload',
        body: {
          production,
          wallet: wallet.key,
          minutes: String(7n * MINUTE),
          performedAt: api.clock.now - 1000
        }
      })
      await accepted({ type: 'workload.reverse', body: { workload: twice, reason: 'typed twice' } })
      const withdrawMe = await accepted({
        type: 'order.place',
        body: { producer: me, product: grain, quantity: '2' }
      })
      const guess = await accepted({
        type: 'estimate.publish',
        body: { order: withdrawMe, minutes: String(60n * MINUTE) }
      })
      await accepted({
        type: 'estimate.replace',
        body: { estimate: guess, minutes: String(30n * MINUTE) }
      })
      await accepted({ type: 'order.withdraw', body: { order: withdrawMe } })
      const typo = await accepted({
        type: 'product.define',
        body: { name: 'Grian', unit: 'kg', kind: 'consumable' }
      })
      await accepted({ type: 'product.retire', body: { product: typo } })
      await accepted({ type: 'production.allocate', body: { production, lot: ovenLot } })
      await accepted({
        type: 'production.deallocate',
        body: { production, lot: ovenLot, minutesUsed: '30' }
      })
      await accepted({
        type: 'production.output',
        body: { production, outputs: [{ product: grain, quantity: '5' }] }
      })

      const proposal = await accepted({
        type: 'proposal.create',
        body: { kind: 'commons.add', payload: { product: oven }, closesAt: api.clock.now + DAY }
      })
      await accepted({ type: 'vote.cast', body: { proposal, choice: 'yes' } })

      // The month closes (no signer: the ledger says so), then the wallet claims and spends.
      api.clock.now = Date.UTC(2026, 4, 9)
      const revision = await accepted({ type: 'revision.final', body: { period: '2026-04' } })
      await accepted({ type: 'coupon.claim', body: { workload, revision } }, wallet.words)
      await accepted(
        { type: 'coupon.spend', body: { wallet: wallet.key, dispatcher: me, amount: '1' } },
        wallet.words
      )

      // A transfer the partner asks of us, declined.
      const asked = signTransaction(
        createTransaction({
          type: 'resource.transfer',
          body: { lot: `${transfer.id}:0`, quantity: '1', to: me },
          time: api.clock.now,
          signers: [mill.identity.id, me]
        }),
        walletFromWords(mill.words)
      )
      await api.node.requireBase().append(encodeTransaction(asked))
      expect(await api.node.outcome(transactionId(asked))).toMatchObject({ status: 'pending' })
      const declined = await api.call('tx.decline', {
        id: transactionId(asked),
        reason: 'not ordered'
      })
      expect(declined).toMatchObject({ status: 'accepted' })
      sent.set('cosign.decline', declined)

      // Cancelling trust splits the subsystem; a settlement and new trust wait for the partner.
      const cancel = await accepted({
        type: 'trust.cancel',
        body: { peer: mill.identity.id, reason: 'moved away' }
      })
      const settlement = await submit({
        type: 'settlement.record',
        body: {
          split: cancel,
          from: me,
          to: mill.identity.id,
          lots: [{ lot: grainLot, quantity: '1' }]
        }
      })
      expect(settlement).toMatchObject({ status: 'pending', missing: [mill.identity.id] })
      expect(await cosignAs(mill, settlement.id)).toMatchObject({
        status: 'accepted',
        completed: { id: settlement.id }
      })
      const trust = await submit({ type: 'trust.establish', body: { a: me, b: mill.identity.id } })
      expect(trust).toMatchObject({ status: 'pending', missing: [mill.identity.id] })
      expect(await cosignAs(mill, trust.id)).toMatchObject({
        status: 'accepted',
        completed: { id: trust.id, status: 'accepted' }
      })

      // Registering again: the ledger's own refusal, and nothing appended.
      const again = await submit({
        type: 'collective.register',
        body: { name: 'Bakery', roles: ['producer'], devices: [api.node.requireBase().writerKey] }
      })
      expect(again).toMatchObject({
        status: 'refused',
        code: 'ALREADY_REGISTERED',
        appended: false
      })

      // The council's entries are its agent's; without an elected council both are refused.
      expect(await submit({ type: 'council.dkg', body: { step: 'tick', epoch: 1, attempt: 0 } })).toMatchObject({ status: 'refused', code: 'DKG_WRONG_EPOCH', appended: false })
      expect(await submit({ type: 'council.sign', body: { step: 'tick', epoch: 1 } })).toMatchObject({ status: 'refused', code: 'SIGNING_NOT_MEMBER', appended: false })

      expect(TX_TYPES.filter((type) => !sent.has(type))).toEqual([])
    }
  )
})
