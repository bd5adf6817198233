// A member that forks its own writer core, on a local DHT testnet with three real collective
// nodes: the Shop's device key signs a second history of its writer core in a bare Corestore
// (the "twin", as test/sim/fork.ts makes it) and shows it to the Bakery, which finds two
// signed roots for one length and freezes its copy of the Shop's core. Without more, the
// Bakery would never again apply an entry of anyone that depends on the Shop's next one
// (docs/reliability.md, "A member that forks its own core"). The Bakery's node drops the frozen
// copy and reopens (core/network/frozen-writers.ts, node-lifecycle.ts); then the Shop and the
// Mill write on, and all three reach one digest. From then on the Bakery asks the indexer (the
// Mill) first for the Shop's core (core/network/indexer-history.ts).
import Corestore from 'corestore'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isFrozen } from '../../core/network/frozen-writers.ts'
import { writerKeyOf } from '../../core/network/keys.ts'
import { NetworkSwarm } from '../../core/network/swarm.ts'
import { EconomyNetwork, PATIENCE } from './fixtures/economy-network.ts'
import { waitFor } from './helpers.ts'

let net: EconomyNetwork
beforeAll(async () => {
  net = await EconomyNetwork.start()
}, 120_000)
afterAll(async () => {
  await net?.close()
})

describe('a member that forks its own writer core', () => {
  it('does not split the network: the member that found the fork drops its copy and catches up', { timeout: 180_000 }, async () => {
    const { mill, bakery, shop } = net
    await net.submit(shop, 'product.define', { name: 'Milk', unit: 'l', kind: 'consumable' })
    await net.converged()
    const shopCore = shop.base!.autobase.local
    const bakeryBase = bakery.base!

    // The twin: the Shop's key, a longer history whose blocks differ from the first one on.
    const store = new Corestore(await net.dirs.make('twin'))
    const twin = store.get({ keyPair: shop.base!.deviceKeyPair })
    await twin.ready()
    expect(twin.key.equals(shopCore.key)).toBe(true)
    for (let i = 0; i < shopCore.length + 2; i++) await twin.append(Buffer.from(`another history ${i}`))
    const watched = bakeryBase.autobase.store.get({ key: shopCore.key })
    await watched.ready()
    const found = new Promise<void>((resolve) => watched.once('conflict', () => resolve()))
    const a = store.replicate(true)
    const b = bakeryBase.replicate(false)
    for (const s of [a, b]) s.on('error', () => {})
    a.pipe(b).pipe(a)
    await found
    a.destroy()
    b.destroy()
    await store.close()

    // The Bakery's node drops the frozen copy and reopens its base by itself.
    await new Promise((resolve) => setImmediate(resolve))
    await bakery.frozenDropped()
    expect(bakery.base).not.toBe(bakeryBase)
    expect(bakery.base!.frozenWriters.size).toBe(0)
    // From now on the Bakery takes the Shop's core from indexers only (the Mill, the founder).
    expect(bakery.forked.has(shopCore.key.toString('hex'))).toBe(true)
    // The fixture hands each node a ready-made DHT node, which the reopen's swarm stop
    // destroyed (an app's swarm has a bootstrap list and makes a new one): give it another,
    // as economy-partition.test.ts does after a cut.
    await bakery.swarm?.destroy()
    bakery.swarm = new NetworkSwarm(bakery.base!, bakery.membership!, { dht: net.testnet.createNode(), lookupInterval: 500 })
    await bakery.swarm.start()

    // The Shop writes on along its real history, the Mill after it: everyone takes both.
    await net.submit(shop, 'product.define', { name: 'Cream', unit: 'l', kind: 'consumable' })
    await waitFor('the Mill has the Shop\'s new entry', async () => (await net.converged([mill, shop])) !== null, PATIENCE)
    await net.submit(mill, 'product.define', { name: 'Oats', unit: 'kg', kind: 'consumable' })
    await net.converged()
    const copy = bakery.base!.autobase.store.get({ key: shopCore.key, active: false })
    await copy.ready()
    expect(isFrozen(copy)).toBe(false)
    expect(copy.length).toBe(shopCore.length)
    // The rule (core/network/indexer-history.ts): every peer of the Bakery's copy is guarded
    // (asked only once the Bakery holds what the connected indexers hold), and the indexer, the
    // Mill, is asked: it holds no more than the Bakery now, so the Shop may be asked too.
    const millWriter = mill.base!.autobase.local.key
    const peers = copy.peers as unknown as Array<{ remotePublicKey: Buffer; isActive(): boolean }>
    expect(peers.length).toBeGreaterThan(0)
    for (const peer of peers) expect(Object.prototype.hasOwnProperty.call(peer, 'isActive')).toBe(true)
    expect(peers.some((peer) => writerKeyOf(peer.remotePublicKey).equals(millWriter) && peer.isActive())).toBe(true)
    await copy.close()
  })
})
