// A small economy on three real nodes (real disks, a loopback DHT, the real ledger), all
// writing at once: the Mill grows grain and grinds flour for the Bakery, the Bakery bakes bread
// for the Shop, the Shop hands bread out. Every delivery is a transfer the receiver co-signs
// on its own node when it finds it waiting. At the end all three hold one state, and it is the
// state the economy implies, to the micro-minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { takeFromLot } from '../../core/economics/index.ts'
import * as queries from '../../core/ledger/queries.ts'
import type { OrderRecord } from '../../core/ledger/records.ts'
import type { CollectiveNode } from '../../core/node/collective-node.ts'
import { walletActor } from '../../core/scenario/actors.ts'
import { waitFor } from './helpers.ts'
import { EconomyNetwork, PATIENCE, µ } from './fixtures/economy-network.ts'

/** Rounds of flour → bread → shop, all in flight at once. */
const ROUNDS = 16
const GRAIN = 1000n // kg, made with 1000 minutes of work: exactly 1 minute per kg
const grainFor = (i: number) => 20 + i // kg of grain ground in round i
const flourOrdered = (i: number) => 50 + i // kg; unique per round, so the Mill can tell orders apart
const breadOrdered = (i: number) => 200 + i // loaves
const millWork = (i: number) => [30, 45 + i] // minutes per round, two workers
const bakeryWork = (i: number) => [60, 90 + i]
const HANDED_OUT = 100n // loaves the Shop hands out per round

const anna = walletActor('Anna').key
const boris = walletActor('Boris').key
const chiara = walletActor('Chiara').key
const dmitri = walletActor('Dmitri').key

let net: EconomyNetwork
beforeAll(async () => {
  net = await EconomyNetwork.start()
}, 90_000)
afterAll(async () => {
  await net?.close()
})

const orderOf = async (node: CollectiveNode, match: (order: OrderRecord) => boolean) =>
  (await queries.orders(node.store(), node.identity!.id)).find(
    (o) => o.status === 'open' && o.role === 'received' && match(o)
  )

describe('three collectives writing at once', () => {
  it(
    'co-sign deliveries across nodes and converge on the state the economy implies',
    { timeout: 120_000 },
    async () => {
      const { mill, bakery, shop } = net
      const [millId, bakeryId, shopId] = [mill, bakery, shop].map((n) => n.identity!.id) as [
        string,
        string,
        string
      ]
      const performedAt = () => Date.now() - 60_000

      // The catalogue, defined at once on two nodes.
      const [[grain, flour], bread] = await Promise.all([
        Promise.all([
          net.submit(mill, 'product.define', { name: 'Grain', unit: 'kg', kind: 'consumable' }),
          net.submit(mill, 'product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' })
        ]),
        net.submit(bakery, 'product.define', { name: 'Bread', unit: 'loaf', kind: 'consumable' })
      ])
      await Promise.all([
        net.seen(mill, bread!.id),
        net.seen(bakery, flour!.id),
        net.seen(shop, bread!.id)
      ])

      // The Mill grows its grain first: 1000 minutes of work for 1000 kg.
      const millGrain = async () => {
        const order = await net.submit(mill, 'order.place', {
          producer: millId,
          product: grain!.id,
          quantity: String(GRAIN)
        })
        const estimate = await net.submit(mill, 'estimate.publish', {
          order: order.id,
          minutes: µ(1000)
        })
        const production = await net.submit(mill, 'production.start', { estimate: estimate.id })
        for (const wallet of [anna, boris, anna, boris]) {
          await net.submit(mill, 'production.workload', {
            production: production.id,
            wallet,
            minutes: µ(250),
            performedAt: performedAt()
          })
        }
        const output = await net.submit(mill, 'production.output', {
          production: production.id,
          outputs: [{ product: grain!.id, quantity: String(GRAIN) }]
        })
        return `${output.id}:0`
      }

      // Round i at the Mill: grind flour for the Bakery's order, deliver it (the Bakery co-signs).
      const millRound = async (i: number, grainLot: string) => {
        const order = await waitFor(
          `the Mill to receive flour order ${i}`,
          () =>
            orderOf(mill, (o) => o.product === flour!.id && o.quantity === String(flourOrdered(i))),
          PATIENCE
        )
        const minutes = millWork(i).reduce((a, b) => a + b, 0)
        const estimate = await net.submit(mill, 'estimate.publish', {
          order: order.id,
          minutes: µ(minutes)
        })
        const production = await net.submit(mill, 'production.start', { estimate: estimate.id })
        await net.submit(mill, 'production.consume', {
          production: production.id,
          lot: grainLot,
          quantity: String(grainFor(i))
        })
        const [w1, w2] = millWork(i) as [number, number]
        await net.submit(mill, 'production.workload', {
          production: production.id,
          wallet: anna,
          minutes: µ(w1),
          performedAt: performedAt()
        })
        await net.submit(mill, 'production.workload', {
          production: production.id,
          wallet: boris,
          minutes: µ(w2),
          performedAt: performedAt()
        })
        const output = await net.submit(mill, 'production.output', {
          production: production.id,
          outputs: [{ product: flour!.id, quantity: String(flourOrdered(i)) }]
        })
        return net.submit(
          mill,
          'resource.transfer',
          {
            lot: `${output.id}:0`,
            quantity: String(flourOrdered(i)),
            to: bakeryId,
            order: order.id
          }
        )
      }

      // Round i at the Bakery: order flour, co-sign its delivery, bake the Shop's bread with it.
      const bakeryRound = async (i: number) => {
        const flourOrder = await net.submit(bakery, 'order.place', {
          producer: millId,
          product: flour!.id,
          quantity: String(flourOrdered(i))
        })
        const delivery = await net.cosignWhenAsked(
          bakery,
          (p) => p.tx.type === 'resource.transfer' && p.tx.body.order === flourOrder.id
        )
        await net.seen(bakery, delivery)
        const breadOrder = await waitFor(
          `the Bakery to receive bread order ${i}`,
          () =>
            orderOf(
              bakery,
              (o) => o.product === bread!.id && o.quantity === String(breadOrdered(i))
            ),
          PATIENCE
        )
        const [w1, w2] = bakeryWork(i) as [number, number]
        const estimate = await net.submit(bakery, 'estimate.publish', {
          order: breadOrder.id,
          minutes: µ(w1 + w2)
        })
        const production = await net.submit(bakery, 'production.start', { estimate: estimate.id })
        await net.submit(bakery, 'production.consume', {
          production: production.id,
          lot: `${delivery}:0`,
          quantity: String(flourOrdered(i))
        })
        // Chiara and Dmitri take turns at the longer shift: 16 rounds of one person's
        // (90 + i) minutes in one day would be more than the 24 hours the ledger allows.
        await net.submit(bakery, 'production.workload', {
          production: production.id,
          wallet: i % 2 ? dmitri : chiara,
          minutes: µ(w1),
          performedAt: performedAt()
        })
        await net.submit(bakery, 'production.workload', {
          production: production.id,
          wallet: i % 2 ? chiara : dmitri,
          minutes: µ(w2),
          performedAt: performedAt()
        })
        const output = await net.submit(bakery, 'production.output', {
          production: production.id,
          outputs: [{ product: bread!.id, quantity: String(breadOrdered(i)) }]
        })
        return net.submit(
          bakery,
          'resource.transfer',
          {
            lot: `${output.id}:0`,
            quantity: String(breadOrdered(i)),
            to: shopId,
            order: breadOrder.id
          }
        )
      }

      // Round i at the Shop: order bread, co-sign its delivery, hand some of it out.
      const shopRound = async (i: number) => {
        const order = await net.submit(shop, 'order.place', {
          producer: bakeryId,
          product: bread!.id,
          quantity: String(breadOrdered(i))
        })
        const delivery = await net.cosignWhenAsked(
          shop,
          (p) => p.tx.type === 'resource.transfer' && p.tx.body.order === order.id
        )
        await net.seen(shop, delivery)
        await net.submit(shop, 'dispatch.record', {
          lot: `${delivery}:0`,
          quantity: String(HANDED_OUT)
        })
        return delivery
      }

      const rounds = [...Array(ROUNDS).keys()]
      const [flourTransfers, breadTransfers, shopDeliveries] = await Promise.all([
        millGrain().then((grainLot) => Promise.all(rounds.map((i) => millRound(i, grainLot)))),
        Promise.all(rounds.map(bakeryRound)),
        Promise.all(rounds.map(shopRound))
      ])
      expect(shopDeliveries.sort()).toEqual(breadTransfers.map((t) => t.id).sort())

      const { length, digest } = await net.converged()
      expect(length).toBe(net.entries)
      expect(digest).toMatch(/^[0-9a-f]{64}$/)

      // What the economy implies.
      const µn = (minutes: number | bigint) => BigInt(minutes) * 1_000_000n
      const flourValue = (i: number) => µn(grainFor(i)) + µn(millWork(i).reduce((a, b) => a + b, 0))
      const breadValue = (i: number) => flourValue(i) + µn(bakeryWork(i).reduce((a, b) => a + b, 0))
      const grainLeft = GRAIN - BigInt(rounds.reduce((s, i) => s + grainFor(i), 0))
      const worked =
        µn(1000) +
        rounds.reduce(
          (s, i) =>
            s + µn(millWork(i)[0]! + millWork(i)[1]! + bakeryWork(i)[0]! + bakeryWork(i)[1]!),
          0n
        )
      const handedOut = rounds.map((i) =>
        takeFromLot(breadValue(i), BigInt(breadOrdered(i)), HANDED_OUT)
      )
      const expectedShopLots = rounds
        .map((i) => ({
          id: `${breadTransfers[i]!.id}:0`,
          quantity: String(BigInt(breadOrdered(i)) - HANDED_OUT),
          value: String(handedOut[i]!.rest)
        }))
        .sort((a, b) => a.id.localeCompare(b.id))

      for (const node of net.nodes) {
        const store = node.store()
        const where = net.nameOf(node)
        // Nothing was refused, and no entry broke the ledger (an INTERNAL rejection).
        expect(await queries.rejections(store), where).toEqual([])
        for (const { id, type } of net.written) {
          expect(
            (await queries.transaction(store, id))?.status,
            `${where}: ${type} ${id.slice(0, 8)}`
          ).toBe('accepted')
        }
        // Every co-signed delivery took effect everywhere, completed by the receiver's cosign
        // entry, and nothing waits for signatures any more.
        const completedBy = new Map(
          (await queries.log(store, { limit: 10_000 }))
            .filter((r) => r.type === 'cosign')
            .map((r) => [(r as any).completed, r.id])
        )
        for (const transfer of [...flourTransfers, ...breadTransfers]) {
          expect((await queries.transaction(store, transfer.id))?.status, where).toBe('accepted')
          expect(completedBy.get(transfer.id), where).toBeTruthy()
        }
        expect(await queries.entries(store, { gte: 'pending/', lt: 'pending/\uffff' })).toEqual([])

        const collectives = await queries.collectives(store)
        expect(collectives.map((c) => c.name).sort(), where).toEqual(['Bakery', 'Mill', 'Shop'])
        expect(new Set(collectives.map((c) => c.subsystem)).size).toBe(1)
        expect(await queries.edges(store)).toHaveLength(3)

        // Lots: the Mill keeps what grain is left, the Bakery has used all its flour and sent all
        // its bread, the Shop holds each delivery less what it handed out.
        const millLots = await queries.lots(store, millId)
        expect(millLots.map((l) => [l.product, l.quantity, l.value])).toEqual([
          [grain!.id, String(grainLeft), String(µn(grainLeft))]
        ])
        expect(await queries.lots(store, bakeryId)).toEqual([])
        const shopLots = (await queries.lots(store, shopId))
          .map((l) => ({ id: l.id, quantity: l.quantity, value: l.value }))
          .sort((a, b) => a.id.localeCompare(b.id))
        expect(shopLots).toEqual(expectedShopLots)

        // Work: 4 workloads for the grain, 2 per round at each producer.
        const workloads = await queries.workloads(store)
        expect(workloads).toHaveLength(4 + 4 * ROUNDS)
        expect(workloads.reduce((s, w) => s + BigInt(w.minutes), 0n)).toBe(worked)
        const productions = await queries.productions(store)
        expect(productions).toHaveLength(1 + 2 * ROUNDS)
        expect(productions.every((p) => p.status === 'done')).toBe(true)
        const orders = await queries.orders(store)
        expect(orders).toHaveLength(1 + 2 * ROUNDS)
        expect(
          orders.every(
            (o) => o.status === 'produced' && (o.orderer === millId || o.delivered === o.quantity)
          )
        ).toBe(true)

        // Value is conserved: all work is either still in lots or was handed out.
        const totals = await queries.totals(store)
        const dispatched = handedOut.reduce((s, h) => s + h.taken, 0n)
        expect(totals.worked).toBe(String(worked))
        expect(totals.dispatched).toBe(String(dispatched))
        const held = (await queries.lots(store)).reduce((s, l) => s + BigInt(l.value), 0n)
        expect(held + dispatched).toBe(worked)

        // The Shop's bread stock prices a loaf at its socially necessary labour time (§6.2).
        const [price] = await queries.prices(store, collectives[0]!.subsystem)
        expect(price?.product).toBe(bread!.id)
        expect(price?.value).toBe(
          expectedShopLots.reduce((s, l) => s + BigInt(l.value), 0n).toString()
        )
      }
    }
  )
})
