// A partition of three collectives, twice: first the founder (the network's only indexer) is
// cut off from the other two, then a joiner is. Both sides keep writing -- ordinary work on
// each side, a delivery across the cut that can only be co-signed after it heals, and the same
// product name defined on both sides. When the cut heals, all three reach one digest: every
// entry from both sides is there, the delivery completes, and exactly one of the two
// definitions of the name wins, the same one on every node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as queries from '../../core/ledger/queries.ts'
import type { CollectiveNode } from '../../core/node/collective-node.ts'
import { NetworkSwarm } from '../../core/network/swarm.ts'
import { walletActor } from '../../core/scenario/actors.ts'
import { waitFor } from './helpers.ts'
import { EconomyNetwork, PATIENCE, µ } from './fixtures/economy-network.ts'

const WRITES = 12 // entries of ordinary work per side while apart

let net: EconomyNetwork
beforeAll(async () => {
  net = await EconomyNetwork.start()
}, 90_000)
afterAll(async () => {
  await net?.close()
})

const deviceOf = (node: CollectiveNode) => node.base!.deviceKeyPair.publicKey.toString('hex')
const idOf = (node: CollectiveNode) => node.identity!.id

/** Leaves the swarm (its DHT node goes with it); the node keeps its base and keeps writing. */
async function cut(node: CollectiveNode, others: CollectiveNode[]): Promise<void> {
  const swarm = node.swarm!
  node.swarm = null
  await swarm.destroy()
  await waitFor(
    'the others to lose the cut node',
    () => others.every((other) => !other.swarm!.peers().includes(deviceOf(node))),
    PATIENCE
  )
}

/** Joins the swarm again with a fresh DHT node. */
async function heal(node: CollectiveNode): Promise<void> {
  const swarm = new NetworkSwarm(node.base!, node.membership!, {
    dht: net.testnet.createNode(),
    lookupInterval: 500
  })
  node.swarm = swarm
  await swarm.start()
}

/** A production of `by` for itself with `count` workloads, one entry after the other. */
async function work(by: CollectiveNode, product: string, count: number): Promise<void> {
  const order = await net.submit(by, 'order.place', { producer: idOf(by), product, quantity: '10' })
  const estimate = await net.submit(by, 'estimate.publish', {
    order: order.id,
    minutes: µ(count * 10)
  })
  const production = await net.submit(by, 'production.start', { estimate: estimate.id })
  for (let i = 0; i < count - 3; i++) {
    await net.submit(by, 'production.workload', {
      production: production.id,
      wallet: walletActor(`worker ${i % 3}`).key,
      minutes: µ(10),
      performedAt: Date.now() - 60_000
    })
  }
}

describe('a partition of three collectives', () => {
  it(
    'heals: every entry from both sides, one digest, one winner of a conflict',
    { timeout: 120_000 },
    async () => {
      const { mill, bakery } = net
      const [flour, bread] = await Promise.all([
        net.submit(mill, 'product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' }),
        net.submit(bakery, 'product.define', { name: 'Bread', unit: 'loaf', kind: 'consumable' })
      ])
      await net.converged()

      const producers = new Map([
        [mill, flour.id],
        [bakery, bread.id]
      ])
      // Round 1 cuts off the Mill, the founder and only indexer; round 2 cuts off the Bakery.
      for (const [round, alone] of [mill, bakery].entries()) {
        const rest = net.nodes.filter((n) => n !== alone)
        const other = rest.find((n) => producers.has(n))!
        const before = net.written.length
        await cut(alone, rest)

        // Apart: each side works, the lone one starts a delivery to the other side, and both
        // sides define a product with the same name.
        const stock = await net.submit(alone, 'resource.collectivize', {
          product: producers.get(alone)!,
          quantity: '100'
        })
        const [delivery, rye] = await Promise.all([
          (async () => {
            await work(alone, producers.get(alone)!, WRITES)
            return net.submit(
              alone,
              'resource.transfer',
              { lot: `${stock.id}:0`, quantity: '40', to: idOf(other) }
            )
          })(),
          Promise.all([
            net.submit(alone, 'product.define', {
              name: `Rye ${round}`,
              unit: 'kg',
              kind: 'consumable'
            }),
            net.submit(rest[0]!, 'product.define', {
              name: `Rye ${round}`,
              unit: 'kg',
              kind: 'consumable'
            })
          ]),
          work(other, producers.get(other)!, WRITES)
        ])
        const lone = net.written.slice(before).filter((w) => w.by === net.nameOf(alone))
        const together = net.written.slice(before).filter((w) => w.by !== net.nameOf(alone))

        // Each side sees its own writes, and none of the other side's.
        const restState = await net.converged(rest, net.entries - lone.length)
        expect(restState.length).toBe(net.entries - lone.length)
        await waitFor(
          'the lone node to apply its own writes',
          async () =>
            (await queries.digest(alone.store())).length === net.entries - together.length,
          PATIENCE
        )
        for (const w of lone)
          expect(await queries.transaction(rest[0]!.store(), w.id)).toBeUndefined()
        for (const w of together)
          expect(await queries.transaction(alone.store(), w.id)).toBeUndefined()
        expect((await queries.transaction(alone.store(), delivery.id))?.status).toBe('pending')
        for (const node of net.nodes) {
          const named = await queries.entries<string>(node.store(), { gte: `productName/rye ${round}`, lt: `productName/rye ${round}\uffff` }).then((found) => found.map(([, id]) => id))
          expect(named).toHaveLength(1) // each side believes its own definition won
        }

        // Heal; the delivery across the cut gets its receiver's signature only now.
        await heal(alone)
        await net.cosignWhenAsked(other, (p) => p.id === delivery.id)
        const { length } = await net.converged()
        expect(length).toBe(net.entries)

        const [ryeA, ryeB] = rye.map((r) => r.id) as [string, string]
        const winners = new Set<string>()
        for (const node of net.nodes) {
          const store = node.store()
          for (const w of net.written.slice(before)) {
            if (w.id === ryeA || w.id === ryeB) continue
            expect(
              (await queries.transaction(store, w.id))?.status,
              `${net.nameOf(node)}: ${w.by}'s ${w.type}`
            ).toBe('accepted')
          }
          const outcomes = [
            await queries.transaction(store, ryeA),
            await queries.transaction(store, ryeB)
          ]
          expect(outcomes.map((o) => o?.status).sort()).toEqual(['accepted', 'rejected'])
          expect(outcomes.find((o) => o?.status === 'rejected')?.code).toBe('PRODUCT_NAME_TAKEN')
          winners.add(outcomes.find((o) => o?.status === 'accepted')!.id as string)
          // The delivery moved 40 of the lone side's 100 units across the healed cut.
          const received = (await queries.lots(store, idOf(other))).find(
            (l) => l.id === `${delivery.id}:0`
          )
          expect(received?.quantity).toBe('40')
        }
        expect(winners.size).toBe(1)
      }

      // Nothing else was ever refused on any node, and the three views are one.
      const { digest } = await net.converged()
      for (const node of net.nodes) {
        const rejected = await queries.rejections(node.store())
        expect(rejected.map((r) => r.code)).toEqual(['PRODUCT_NAME_TAKEN', 'PRODUCT_NAME_TAKEN'])
        expect((await queries.digest(node.store())).digest).toBe(digest)
      }
    }
  )
})
