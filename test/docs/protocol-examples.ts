// The examples of docs/protocol.md: one small economy played through the real ledger, every
// transaction signed by the deterministic scenario actors (core/scenario/actors.ts). Ed25519
// signatures are deterministic, so the same code always yields the same envelopes, ids and
// signatures, and the test (test/unit/docs-protocol.test.ts) can compare the document with
// a fresh run.
//
//   node --import tsx test/docs/protocol-examples.ts          # checks the document, exit 1 if stale
//   node --import tsx test/docs/protocol-examples.ts --write  # rewrites the generated regions
//
// Generated regions in the document look like
//   <!-- example:NAME -->  …  <!-- /example -->      one transaction (NAME = its type, or type#variant)
//   <!-- generated:NAME -->  …  <!-- /generated -->  other generated text (actors, encoding)
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { dkgRound1 } from '../../core/checkpoint/frost.ts'
import { fileURLToPath } from 'node:url'
import { formatMinutes, largestRemainder, priceOf } from '../../core/economics/index.ts'
import type { LotRecord, RevisionRecord } from '../../core/ledger/records.ts'
import type { Outcome } from '../../core/ledger/types.ts'
import { signingBytes, transactionId } from '../../core/protocol/encoding.ts'
import type { Transaction } from '../../core/protocol/envelope.ts'
import type { TxType } from '../../core/protocol/types.ts'
import { collectiveActor } from '../../core/scenario/actors.ts'
import { Harness, MINUTE, µ } from '../helpers/harness.ts'
import { correctionExamples } from './correction-examples.ts'

export const DOC_PATH = fileURLToPath(new URL('../../docs/protocol.md', import.meta.url))

export interface Example {
  /** The region name in the document: the type, or `type#variant`. */
  name: string
  tx: Transaction
  id: string
  /** Name of the collective whose device appended the entry. */
  writer: string
  outcome: Outcome
  /** Shown partially signed on purpose: it waits for co-signatures. */
  pending: boolean
}

export interface Generated {
  examples: Example[]
  /** Region name → generated text (without the marker lines). */
  regions: Map<string, string>
}

const COLLECTIVES: Array<[string, Array<'producer' | 'dispatcher'>]> = [
  ['Mill', ['producer']],
  ['Bakery', ['producer', 'dispatcher']],
  ['Shop', ['dispatcher']],
  ['Dairy', ['producer']]
]
const WALLETS = ['Anna', 'Boris']
/** A second device of the Bakery (its key derived like a scenario actor's device). */
const TABLET = collectiveActor('Bakery counter')

/** Operating minutes (durability is counted in minutes of allocation to production). */
const HOURS = (h: number) => String(h * 60)

export async function generate(): Promise<Generated> {
  const h = new Harness()
  for (const [name] of COLLECTIVES) h.c(name)
  for (const name of WALLETS) h.w(name)
  const examples: Example[] = []
  /** What an id in a body refers to, for the reader: transaction ids and lot ids. */
  const labels = new Map<string, string>()
  const products = new Map<string, { name: string; unit: string }>()
  const who = (key: string) => nameOfKey(h, key)
  const goods = (product: string, quantity: string) =>
    `${products.get(product)!.name} (${quantity} ${products.get(product)!.unit})`
  /** Lot id → product id; order and estimate id → the goods ordered. */
  const lots = new Map<string, string>()
  const ordered = new Map<string, string>()
  /** Names what a transaction creates, so that later bodies can say what they refer to. */
  const label = (tx: Transaction, txId: string) => {
    const b = tx.body as any
    const by = tx.signers[0] ? who(tx.signers[0]) : 'anyone'
    switch (tx.type) {
      case 'product.define':
        products.set(txId, { name: b.name, unit: b.unit })
        return labels.set(txId, `product type ${b.name}`)
      case 'resource.collectivize':
        lots.set(`${txId}:0`, b.product)
        return labels.set(
          `${txId}:0`,
          `lot of ${goods(b.product, b.quantity)} collectivized by ${by}`
        )
      case 'order.place':
        ordered.set(txId, goods(b.product, b.quantity))
        return labels.set(
          txId,
          `${by}'s order of ${goods(b.product, b.quantity)} from ${who(b.producer)}`
        )
      case 'estimate.publish':
        ordered.set(txId, ordered.get(b.order)!)
        return labels.set(txId, `${by}'s estimate for the order of ${ordered.get(b.order)}`)
      case 'estimate.replace':
        ordered.set(txId, ordered.get(b.estimate)!)
        return labels.set(txId, `${by}'s new estimate for the order of ${ordered.get(b.estimate)}`)
      case 'production.start':
        return labels.set(txId, `${by}'s production of ${ordered.get(b.estimate)}`)
      case 'production.workload':
        return labels.set(
          txId,
          `${who(b.wallet)}'s workload of ${BigInt(b.minutes) / 1_000_000n} minutes at ${by}`
        )
      case 'production.output':
        b.outputs.forEach((o: any, i: number) => {
          lots.set(`${txId}:${i}`, o.product)
          labels.set(`${txId}:${i}`, `lot of ${goods(o.product, o.quantity)} made by ${by}`)
        })
        return
      case 'resource.transfer':
        lots.set(`${txId}:0`, lots.get(b.lot)!)
        labels.set(
          txId,
          `transfer of ${goods(lots.get(b.lot)!, b.quantity)} from ${by} to ${who(b.to)}`
        )
        return labels.set(
          `${txId}:0`,
          `lot of ${goods(lots.get(b.lot)!, b.quantity)} received by ${who(b.to)}`
        )
      case 'revision.final':
        return labels.set(txId, `the final revision of ${b.period}`)
      case 'trust.cancel':
        return labels.set(txId, `${by}'s cancellation of its trust with ${who(b.peer)}`)
      case 'proposal.create':
        return labels.set(
          txId,
          b.kind === 'commons.add'
            ? `${by}'s proposal to make ${products.get(b.payload.product)!.name} commons`
            : `${by}'s proposal (${b.kind})`
        )
    }
  }
  const at = (iso: string) => {
    h.time = Date.parse(iso) - MINUTE
  }
  /** Submits and checks the outcome; keeps it as an example under `name` when given. */
  const run = async <T extends TxType>(
    name: string | null,
    expected: Outcome['status'],
    type: T,
    body: Transaction<T>['body'],
    signers: string[],
    options: { sign?: string[]; writer: string; expires?: number; label?: string }
  ) => {
    const tx = h.tx(type, body, signers, options)
    const outcome = await h.submit(tx, options.writer)
    check(type, outcome, expected)
    label(tx, outcome.id!)
    if (name)
      examples.push({
        name,
        tx,
        id: outcome.id!,
        writer: options.writer,
        outcome,
        pending: expected === 'pending'
      })
    return { tx, id: outcome.id!, outcome }
  }
  const id = (name: string) => h.c(name).id
  const device = (name: string) => h.c(name).deviceKey

  // --- The network: Mill founds it; Bakery, Shop and Dairy register through Mill's device.
  at('2026-04-01T07:00:00Z')
  await run(
    null,
    'accepted',
    'collective.register',
    { name: 'Mill', roles: ['producer'], devices: [device('Mill')] },
    ['Mill'],
    { writer: 'Mill' }
  )
  await run(
    'collective.register',
    'accepted',
    'collective.register',
    { name: 'Bakery', roles: ['producer', 'dispatcher'], devices: [device('Bakery')] },
    ['Bakery'],
    { writer: 'Mill' }
  )
  await run(
    null,
    'accepted',
    'collective.register',
    { name: 'Shop', roles: ['dispatcher'], devices: [device('Shop')] },
    ['Shop'],
    { writer: 'Mill' }
  )
  await run(
    null,
    'accepted',
    'collective.register',
    { name: 'Dairy', roles: ['producer'], devices: [device('Dairy')] },
    ['Dairy'],
    { writer: 'Mill' }
  )
  await run(
    'trust.establish',
    'accepted',
    'trust.establish',
    { a: id('Mill'), b: id('Bakery') },
    ['Mill', 'Bakery'],
    { writer: 'Mill' }
  )
  await run(
    null,
    'accepted',
    'trust.establish',
    { a: id('Bakery'), b: id('Shop') },
    ['Bakery', 'Shop'],
    { writer: 'Bakery' }
  )
  await run(
    null,
    'accepted',
    'trust.establish',
    { a: id('Shop'), b: id('Dairy') },
    ['Shop', 'Dairy'],
    { writer: 'Shop' }
  )
  await run('device.bind', 'accepted', 'device.bind', { device: TABLET.deviceKey }, ['Bakery'], {
    writer: 'Bakery'
  })

  // --- Product types and original appropriation.
  at('2026-04-01T09:00:00Z')
  const wheat = await run(
    null,
    'accepted',
    'product.define',
    { name: 'Wheat', unit: 'kg', kind: 'consumable' },
    ['Mill'],
    { writer: 'Mill' }
  )
  const flour = await run(
    null,
    'accepted',
    'product.define',
    { name: 'Flour', unit: 'kg', kind: 'consumable' },
    ['Mill'],
    { writer: 'Mill' }
  )
  const bread = await run(
    null,
    'accepted',
    'product.define',
    { name: 'Bread', unit: 'loaf', kind: 'consumable' },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  const rolls = await run(
    null,
    'accepted',
    'product.define',
    { name: 'Bread roll', unit: 'piece', kind: 'consumable' },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  const element = await run(
    'product.define',
    'accepted',
    'product.define',
    {
      name: 'Heating element',
      unit: 'piece',
      kind: 'meansOfProduction',
      durability: HOURS(20_000)
    },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  const chamber = await run(
    null,
    'accepted',
    'product.define',
    { name: 'Oven chamber', unit: 'piece', kind: 'meansOfProduction', durability: HOURS(100_000) },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  const oven = await run(
    null,
    'accepted',
    'product.define',
    { name: 'Oven', unit: 'piece', kind: 'meansOfProduction', durability: HOURS(50_000) },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  const grain = await run(
    'resource.collectivize',
    'accepted',
    'resource.collectivize',
    { product: wheat.id, quantity: '2000', note: 'Harvest 2025 in the cooperative granary' },
    ['Mill'],
    { writer: 'Mill' }
  )
  const elements = await run(
    null,
    'accepted',
    'resource.collectivize',
    { product: element.id, quantity: '2', note: 'Spare parts found in the old bakery' },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  const chambers = await run(
    null,
    'accepted',
    'resource.collectivize',
    { product: chamber.id, quantity: '1' },
    ['Bakery'],
    { writer: 'Bakery' }
  )

  // --- The Bakery assembles an oven for itself (a self-appointed order).
  at('2026-04-02T08:00:00Z')
  const ovenOrder = await run(
    null,
    'accepted',
    'order.place',
    { producer: id('Bakery'), product: oven.id, quantity: '1' },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  const ovenEstimate = await run(
    null,
    'accepted',
    'estimate.publish',
    { order: ovenOrder.id, minutes: µ(300) },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  const ovenBuild = await run(
    null,
    'accepted',
    'production.start',
    { estimate: ovenEstimate.id },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  await run(
    'production.consume',
    'accepted',
    'production.consume',
    { production: ovenBuild.id, lot: `${elements.id}:0`, quantity: '2', asComponent: true },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  await run(
    null,
    'accepted',
    'production.consume',
    { production: ovenBuild.id, lot: `${chambers.id}:0`, quantity: '1', asComponent: true },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  at('2026-04-02T13:00:00Z')
  await run(
    null,
    'accepted',
    'production.workload',
    {
      production: ovenBuild.id,
      wallet: h.w('Anna').key,
      minutes: µ(240),
      performedAt: Date.parse('2026-04-02T08:30:00Z')
    },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  const ovenOut = await run(
    null,
    'accepted',
    'production.output',
    { production: ovenBuild.id, outputs: [{ product: oven.id, quantity: '1' }] },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  const ovenLot = `${ovenOut.id}:0`

  // --- The Bakery orders flour from the Mill; a second, rushed order is rejected.
  at('2026-04-03T08:00:00Z')
  const flourOrder = await run(
    'order.place',
    'accepted',
    'order.place',
    {
      producer: id('Mill'),
      product: flour.id,
      quantity: '100',
      deliverBy: Date.parse('2026-04-10T12:00:00Z')
    },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  const rushOrder = await run(
    null,
    'accepted',
    'order.place',
    {
      producer: id('Mill'),
      product: flour.id,
      quantity: '500',
      deliverBy: Date.parse('2026-04-04T12:00:00Z')
    },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  at('2026-04-03T10:00:00Z')
  await run(
    'order.reject',
    'accepted',
    'order.reject',
    {
      order: rushOrder.id,
      reason: 'The mill is booked until the 20th; 500 kg by tomorrow is not possible'
    },
    ['Mill'],
    { writer: 'Mill' }
  )
  const flourEstimate = await run(
    'estimate.publish',
    'accepted',
    'estimate.publish',
    { order: flourOrder.id, minutes: µ(150) },
    ['Mill'],
    { writer: 'Mill' }
  )
  at('2026-04-06T07:00:00Z')
  const milling = await run(
    'production.start',
    'accepted',
    'production.start',
    { estimate: flourEstimate.id },
    ['Mill'],
    { writer: 'Mill' }
  )
  await run(
    null,
    'accepted',
    'production.consume',
    { production: milling.id, lot: `${grain.id}:0`, quantity: '160' },
    ['Mill'],
    { writer: 'Mill' }
  )
  at('2026-04-06T15:00:00Z')
  await run(
    'production.workload',
    'accepted',
    'production.workload',
    {
      production: milling.id,
      wallet: h.w('Boris').key,
      minutes: µ(150),
      performedAt: Date.parse('2026-04-06T07:30:00Z')
    },
    ['Mill'],
    { writer: 'Mill' }
  )
  const flourOut = await run(
    null,
    'accepted',
    'production.output',
    { production: milling.id, outputs: [{ product: flour.id, quantity: '120', value: µ(150) }] },
    ['Mill'],
    { writer: 'Mill' }
  )
  const flourLot = `${flourOut.id}:0`

  // --- Transfers: one completed by `cosign`, one declined.
  at('2026-04-07T08:00:00Z')
  const delivery = await run(
    'resource.transfer#pending',
    'pending',
    'resource.transfer',
    { lot: flourLot, quantity: '100', to: id('Bakery'), order: flourOrder.id },
    ['Mill', 'Bakery'],
    {
      sign: ['Mill'],
      writer: 'Mill',
      expires: Date.parse('2026-04-14T08:00:00Z')
    }
  )
  at('2026-04-07T11:00:00Z')
  await run(
    'cosign',
    'accepted',
    'cosign',
    { tx: delivery.id, signer: id('Bakery'), sig: h.cosignature(delivery.tx, 'Bakery') },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  const surplus = await run(
    null,
    'pending',
    'resource.transfer',
    { lot: flourLot, quantity: '20', to: id('Bakery') },
    ['Mill', 'Bakery'],
    { sign: ['Mill'], writer: 'Mill' }
  )
  await run(
    'cosign.decline',
    'accepted',
    'cosign.decline',
    { tx: surplus.id, reason: 'We ordered 100 kg and have no room for more' },
    ['Bakery'],
    { writer: 'Bakery' }
  )

  // --- Baking: flour and the oven's wear become bread and rolls.
  at('2026-04-08T04:00:00Z')
  const bakeOrder = await run(
    null,
    'accepted',
    'order.place',
    { producer: id('Bakery'), product: bread.id, quantity: '150' },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  const bakeEstimate = await run(
    null,
    'accepted',
    'estimate.publish',
    { order: bakeOrder.id, minutes: µ(500) },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  const baking = await run(
    null,
    'accepted',
    'production.start',
    { estimate: bakeEstimate.id },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  await run(
    null,
    'accepted',
    'production.consume',
    { production: baking.id, lot: `${delivery.id}:0`, quantity: '90' },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  await run(
    'production.allocate',
    'accepted',
    'production.allocate',
    { production: baking.id, lot: ovenLot },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  at('2026-04-08T12:00:00Z')
  await run(
    null,
    'accepted',
    'production.workload',
    {
      production: baking.id,
      wallet: h.w('Anna').key,
      minutes: µ(480),
      performedAt: Date.parse('2026-04-08T04:00:00Z')
    },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  await run(
    'production.deallocate',
    'accepted',
    'production.deallocate',
    { production: baking.id, lot: ovenLot, minutesUsed: '420' },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  const production = (await h.store.get(`production/${baking.id}`)) as { value: string }
  const ovenAfterBaking = (await h.store.get(`lot/${ovenLot}`)) as unknown as LotRecord
  const weights = [150n * 750n, 300n * 60n] // grams of dough per line
  const shares = largestRemainder(BigInt(production.value), weights)
  const baked = await run(
    'production.output',
    'accepted',
    'production.output',
    {
      production: baking.id,
      outputs: [
        {
          product: bread.id,
          quantity: '150',
          weight: String(weights[0]),
          value: String(shares[0])
        },
        { product: rolls.id, quantity: '300', weight: String(weights[1]), value: String(shares[1]) }
      ]
    },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  const breadLot = `${baked.id}:0`

  // --- To the Shop (both sign before it is appended), handed out, written off, counted.
  at('2026-04-08T13:00:00Z')
  const toShop = h.tx('resource.transfer', { lot: breadLot, quantity: '40', to: id('Shop') }, ['Bakery', 'Shop'])
  const toShopOutcome = await h.submit(toShop, 'Bakery')
  check('resource.transfer', toShopOutcome, 'accepted')
  label(toShop, toShopOutcome.id!)
  examples.push({
    name: 'resource.transfer',
    tx: toShop,
    id: toShopOutcome.id!,
    writer: 'Bakery',
    outcome: toShopOutcome,
    pending: false
  })
  at('2026-04-08T18:00:00Z')
  await run(
    'dispatch.record',
    'accepted',
    'dispatch.record',
    { lot: breadLot, quantity: '60' },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  await run(
    'resource.writeoff',
    'accepted',
    'resource.writeoff',
    {
      lot: breadLot,
      quantity: '5',
      reason: 'Burnt: the thermostat of the new oven was set too high'
    },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  at('2026-04-08T20:00:00Z')
  await run(
    'inventory.count',
    'accepted',
    'inventory.count',
    { lot: breadLot, counted: '43' },
    ['Bakery'],
    { writer: 'Bakery' }
  )

  // --- April is closed; Anna claims and spends coupons at the Bakery.
  at('2026-05-09T06:00:00Z')
  const revision = await run(
    'revision.final',
    'accepted',
    'revision.final',
    { period: '2026-04' },
    [],
    { writer: 'Dairy' }
  )
  const annasBaking = await workloadOf(h, baking.id)
  const april = (await h.store.get(
    `revision/${revision.id}/${await subsystemOf(h, 'Bakery')}`
  )) as unknown as RevisionRecord
  at('2026-05-09T09:00:00Z')
  await run(
    'coupon.claim',
    'accepted',
    'coupon.claim',
    { workload: annasBaking, revision: revision.id },
    ['Anna'],
    { writer: 'Bakery' }
  )
  const subsystem = await subsystemOf(h, 'Bakery')
  const basis = (await h.store.get(`price/${subsystem}/${bread.id}`)) as {
    value: string
    quantity: string
  }
  const price = priceOf(BigInt(basis.value), BigInt(basis.quantity), 3n)!
  at('2026-05-09T09:30:00Z')
  await run(
    'coupon.spend',
    'accepted',
    'coupon.spend',
    { wallet: h.w('Anna').key, dispatcher: id('Bakery'), amount: String(price) },
    ['Anna', 'Bakery'],
    { writer: 'Bakery' }
  )

  // --- The Shop leaves the Bakery: the subsystem splits, the Shop sends the bread back.
  at('2026-05-12T10:00:00Z')
  const cancel = await run(
    'trust.cancel',
    'accepted',
    'trust.cancel',
    { peer: id('Bakery'), reason: 'We cannot agree on delivery times' },
    ['Shop'],
    { writer: 'Shop' }
  )
  at('2026-05-13T10:00:00Z')
  await run(
    'settlement.record',
    'accepted',
    'settlement.record',
    {
      split: cancel.id,
      from: id('Shop'),
      to: id('Bakery'),
      lots: [{ lot: `${toShopOutcome.id}:0`, quantity: '40' }],
      note: 'Coupons earned at Mill and Bakery can no longer be spent at the Shop: the bread goes back'
    },
    ['Shop', 'Bakery'],
    { writer: 'Shop' }
  )

  // --- Governance in the remaining subsystem of Mill and Bakery.
  at('2026-05-14T08:00:00Z')
  const proposal = await run(
    'proposal.create',
    'accepted',
    'proposal.create',
    {
      kind: 'commons.add',
      payload: { product: bread.id },
      closesAt: Date.parse('2026-05-28T00:00:00Z')
    },
    ['Bakery'],
    { writer: 'Bakery' }
  )
  await run(
    'proposal.create#parameter',
    'accepted',
    'proposal.create',
    {
      kind: 'parameter',
      payload: { name: 'graceMinutes', value: String(3 * 24 * 60) },
      closesAt: Date.parse('2026-05-28T00:00:00Z')
    },
    ['Mill'],
    { writer: 'Mill' }
  )
  at('2026-05-15T08:00:00Z')
  await run(null, 'accepted', 'vote.cast', { proposal: proposal.id, choice: 'yes' }, ['Bakery'], {
    writer: 'Bakery'
  })
  await run(
    'vote.cast',
    'accepted',
    'vote.cast',
    { proposal: proposal.id, choice: 'yes' },
    ['Mill'],
    { writer: 'Mill' }
  )
  at('2026-05-20T08:00:00Z')
  await run(
    'device.unbind',
    'accepted',
    'device.unbind',
    { device: TABLET.deviceKey, reason: 'The counter tablet was replaced' },
    ['Bakery'],
    { writer: 'Bakery' }
  )

  await correctionExamples({ run, at, id, wallet: (name) => h.w(name).key, flour: flour.id })
  // --- The council (§14.1, §14.2): Mill and Bakery elected 2 of 2 by the whole network.
  at('2026-06-01T08:00:00Z')
  const election = await run(
    'proposal.create#council',
    'accepted',
    'proposal.create',
    {
      kind: 'council',
      payload: { members: [id('Mill'), id('Bakery')], threshold: '2' },
      closesAt: Date.parse('2026-06-15T00:00:00Z')
    },
    ['Mill'],
    { writer: 'Mill' }
  )
  for (const [name] of h.collectives) {
    const record = (await h.store.get(`collective/${id(name)}`)) as { member?: boolean } | undefined
    const open = ((await h.store.get(`proposal/${election.id}`)) as { status: string }).status === 'open'
    if (record?.member && open) await run(null, 'accepted', 'vote.cast', { proposal: election.id, choice: 'yes' }, [name], { writer: name })
  }
  const dkg = (await h.store.get('council/dkg')) as { members: Array<{ id: string }>; threshold: number }
  const me = dkg.members.findIndex((m) => m.id === id('Mill')) + 1
  // A fixed random source, so that the example is the same on every run.
  let counter = 0
  const rng = (bytes = 32) => Uint8Array.from(createHash('sha512').update(`example ${counter++}`).digest().subarray(0, bytes))
  const round1 = dkgRound1(me, dkg.threshold, dkg.members.length, rng).package
  await run(
    'council.dkg',
    'accepted',
    'council.dkg',
    { step: 'round1', epoch: 1, attempt: 0, commitment: round1.commitment, proof: round1.proof },
    ['Mill'],
    { writer: 'Mill' }
  )
  await run('council.sign', 'rejected', 'council.sign', { step: 'tick', epoch: 1 }, ['Bakery'], { writer: 'Bakery' })

  const regions = new Map<string, string>()
  for (const example of examples)
    regions.set(`example:${example.name}`, renderExample(h, example, labels))
  regions.set('generated:actors', renderActors(h))
  regions.set('generated:oven-tree', renderTree(ovenAfterBaking, products))
  regions.set('generated:revision', renderRevision(april))
  regions.set('generated:encoding', renderEncoding(examples.find((e) => e.name === 'vote.cast')!))
  return { examples, regions }
}

async function subsystemOf(h: Harness, name: string): Promise<string> {
  return ((await h.store.get(`collective/${h.c(name).id}`)) as { subsystem: string }).subsystem
}

const minutesOf = (micro: string) => formatMinutes(BigInt(micro))

function renderTree(lot: LotRecord, products: Map<string, { name: string }>): string {
  const tree = lot.tree!
  const lines = [
    `The oven's lot \`${lot.id.slice(0, 8)}…:0\` after the baking (value still held: ${minutesOf(lot.value)} min):`,
    '',
    '| Element id | Product | v (min) | d (min) | age (min) | transferred (min) | children |',
    '|---|---|---:|---:|---:|---:|---|'
  ]
  const short = (id: string) => id.replace(/[0-9a-f]{64}/g, (hex) => hex.slice(0, 8) + '…')
  for (const [id, e] of Object.entries(tree.elements)) {
    const product = products.get(tree.products[id] ?? '')?.name ?? ''
    lines.push(
      `| \`${short(id)}\` | ${product} | ${minutesOf(e.v)} | ${e.d} | ${e.age} | ${minutesOf(e.transferred)} | ${e.children.map((c) => `\`${short(c)}\``).join(', ')} |`
    )
  }
  return lines.join('\n')
}

function renderRevision(r: RevisionRecord): string {
  const rows: Array<[string, string, string]> = [
    ['a', r.a, 'all workload µmin of April in the subsystem'],
    ['c', r.c, 'commons workloads + repurposed machine transfers'],
    ['wRaw', r.wRaw, 'exclusive write-offs of April (5 burnt loaves + 2 missing at the count)'],
    ['debtIn', r.debtIn, 'write-off debt carried in'],
    ['w', r.w, 'write-offs counted: min(wRaw + debtIn, floor(a / 10))'],
    ['debtOut', r.debtOut, 'carried to the next revision of this subsystem'],
    ['taxed', r.taxed, 'min(c + w, a)'],
    ['claimable', r.claimable, 'Σ floor(l · (a − taxed) / a) over the workloads'],
    ['rounding', r.rounding, 'a − taxed − claimable']
  ]
  return [
    '| Field | µmin | Meaning |',
    '|---|---:|---|',
    ...rows.map(([f, v, m]) => `| \`${f}\` | ${v} | ${m} |`)
  ].join('\n')
}

function check(type: string, outcome: Outcome, expected: Outcome['status']): void {
  if (outcome.status !== expected) {
    throw new Error(
      `${type}: expected ${expected}, got ${outcome.status} ${outcome.code ?? ''} ${outcome.reason ?? ''}`
    )
  }
  if (outcome.completed && outcome.completed.status !== 'accepted') {
    throw new Error(
      `${type}: completed ${outcome.completed.id} as ${outcome.completed.status} ${outcome.completed.code ?? ''}`
    )
  }
}

async function workloadOf(h: Harness, production: string): Promise<string> {
  for await (const [key, value] of h.store.range({ gte: 'workload/', lt: 'workload/~' })) {
    if ((value as { production: string }).production === production)
      return key.slice('workload/'.length)
  }
  throw new Error('no workload')
}

function nameOfKey(h: Harness, key: string): string {
  for (const [name, actor] of h.collectives) if (actor.id === key) return name
  for (const [name, actor] of h.wallets) if (actor.key === key) return name
  return key.slice(0, 8) + '…'
}

function renderExample(h: Harness, example: Example, labels: Map<string, string>): string {
  const { tx, outcome } = example
  const lines: string[] = []
  lines.push(`- Id \`${example.id}\`, appended by ${example.writer}'s device.`)
  const refs = new Set(JSON.stringify(tx.body).match(/[0-9a-f]{64}(:[0-9]+)?/g) ?? [])
  const named = [...refs].map((ref) => {
    const device = nameOfDevice(h, ref)
    const name =
      labels.get(ref) ??
      (nameOfKey(h, ref).endsWith('…')
        ? device.startsWith('(')
          ? device.slice(1, -1)
          : undefined
        : nameOfKey(h, ref))
    return (
      name &&
      `\`${ref.slice(0, 8)}…${ref.includes(':') ? ref.slice(ref.indexOf(':')) : ''}\` ${name}`
    )
  })
  if (named.some(Boolean)) lines.push(`- In the body: ${named.filter(Boolean).join('; ')}.`)
  const names = (keys: string[]) => keys.map((key) => nameOfKey(h, key)).join(' and ')
  let text = `- Outcome: **${outcome.status}**`
  if (example.pending) {
    const missing = tx.signers.filter((key) => !tx.sigs[key])
    text += `, signed by ${names(Object.keys(tx.sigs))}; it waits for ${names(missing)}`
  } else if (outcome.completed) {
    text += `; it completes the pending \`${outcome.completed.id.slice(0, 12)}…\`, which is **${outcome.completed.status}**`
  }
  if (outcome.effects.length > 0) {
    text += `; effects: ${outcome.effects.map((e) => `\`${e.kind}\` ${'key' in e ? nameOfDevice(h, e.key) : e.keys.map((k) => nameOfDevice(h, k)).join(' ')}`).join(', ')}`
  }
  lines.push(text + '.')
  lines.push('', '```json', JSON.stringify(tx, null, 2), '```')
  return lines.join('\n')
}

function nameOfDevice(h: Harness, key: string): string {
  for (const [name, actor] of h.collectives)
    if (actor.deviceKey === key) return `(${name}'s device)`
  if (key === TABLET.deviceKey) return "(the Bakery's counter tablet)"
  return `\`${key.slice(0, 8)}…\``
}

function renderActors(h: Harness): string {
  const lines = [
    '| Actor | Kind | Identity (public key) | Device (writer key) |',
    '|---|---|---|---|'
  ]
  for (const [name, roles] of COLLECTIVES) {
    const actor = h.c(name)
    lines.push(
      `| ${name} | collective: ${roles.join(', ')} | \`${actor.id}\` | \`${actor.deviceKey}\` |`
    )
  }
  lines.push(`| Bakery counter | second device of the Bakery | | \`${TABLET.deviceKey}\` |`)
  for (const name of WALLETS) lines.push(`| ${name} | wallet | \`${h.w(name).key}\` | |`)
  return lines.join('\n')
}

function renderEncoding(example: Example): string {
  const bytes = signingBytes(example.tx)
  const [signer, sig] = Object.entries(example.tx.sigs)[0]!
  return [
    `The signed bytes of the \`vote.cast\` example below (${bytes.length} bytes, UTF-8, no whitespace, keys sorted, \`sigs\` left out):`,
    '',
    '```text',
    bytes.toString('utf8'),
    '```',
    '',
    `- id = BLAKE2b-256 of these bytes = \`${transactionId(example.tx)}\``,
    `- Ed25519 signature of \`${signer.slice(0, 16)}…\` over the same bytes = \`${sig}\``
  ].join('\n')
}

// The text of a region never contains `<!-- `, so an empty or broken region cannot swallow the next.
const REGION =
  /<!-- ((?:example|generated):[^ ]+) -->\n((?:(?!<!-- )[\s\S])*?)\n?<!-- \/(?:example|generated) -->/g

/**
 * Text with whitespace and runs of dashes collapsed: what a region must keep when Prettier
 * reformats the document (it aligns table columns and rewrites table rules).
 */
export function normalized(text: string): string {
  return text.replace(/\s+/g, '').replace(/-+/g, '-')
}

/** Region name → text, as found in a document. */
export function regionsOf(markdown: string): Map<string, string> {
  const found = new Map<string, string>()
  for (const match of markdown.matchAll(REGION)) found.set(match[1]!, match[2]!)
  return found
}

/** The document with every generated region replaced by its fresh text. */
export function rewrite(markdown: string, regions: Map<string, string>): string {
  return markdown.replace(REGION, (whole, name: string) => {
    const text = regions.get(name)
    if (text === undefined) return whole
    const kind = name.slice(0, name.indexOf(':'))
    return `<!-- ${name} -->\n${text}\n<!-- /${kind} -->`
  })
}

async function main(): Promise<void> {
  const { regions } = await generate()
  const doc = readFileSync(DOC_PATH, 'utf8')
  const present = regionsOf(doc)
  const missing = [...regions.keys()].filter((name) => !present.has(name))
  const unknown = [...present.keys()].filter((name) => !regions.has(name))
  if (unknown.length > 0)
    console.error(`regions in the document that the generator does not make: ${unknown.join(', ')}`)
  if (missing.length > 0)
    console.error(`regions the document lacks (add the markers): ${missing.join(', ')}`)
  const next = rewrite(doc, regions)
  if (process.argv.includes('--write')) {
    writeFileSync(DOC_PATH, next)
    console.log(next === doc ? 'docs/protocol.md is up to date' : 'docs/protocol.md rewritten')
  } else if (
    [...regions].some(([name, text]) => normalized(present.get(name) ?? '') !== normalized(text))
  ) {
    console.error('docs/protocol.md is stale: run with --write')
    process.exitCode = 1
  }
  if (missing.length > 0 || unknown.length > 0) process.exitCode = 1
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main()
