// The forker's own node, on a local DHT testnet with three real collective nodes (the
// simulator's seed 69 with --fork). The Shop's device key signs a second history of its writer
// core (the "twin", as test/sim/fork.ts makes it); a bare Corestore that held none of the
// Shop's entries takes that history whole, with no conflict to find; then it meets the Shop's
// own node, and the conflict proof it passes on carries the twin's roots. Hypercore freezes the
// Shop's OWN core and closes every session of it, Autobase's too. The Shop's node must not
// fall over (it answered STORAGE_FAILED, or stood still at an old view): it refuses every
// write with KEYS_USED_ELSEWHERE, tells the clerk (a 'fault' event), keeps the history it
// wrote, and reads on (node-lifecycle.ts `ownFrozen`). Being no indexer, it drops its core and
// takes it back from the indexers (core/network/indexer-history.ts), which hold what it wrote.
import Corestore from 'corestore'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NetworkSwarm } from '../../core/network/swarm.ts'
import { readWriterRecord } from '../../core/network/writer-record.ts'
import { EconomyNetwork, PATIENCE } from './fixtures/economy-network.ts'
import { waitFor } from './helpers.ts'

let net: EconomyNetwork
beforeAll(async () => {
  net = await EconomyNetwork.start()
}, 120_000)
afterAll(async () => {
  await net?.close()
})

describe("a second history of this device's own writer core", () => {
  it('is refused clearly on the device, which takes its history back from the indexers and reads on', { timeout: 180_000 }, async () => {
    const { mill, shop } = net
    await net.submit(shop, 'product.define', { name: 'Milk', unit: 'l', kind: 'consumable' })
    await net.converged()
    const shopBase = shop.base!
    const shopCore = shopBase.autobase.local
    const realLength = shopCore.length
    const firstBlock = await shopCore.get(0)
    const faults: Array<{ code: string } | null> = []
    shop.on('fault', (fault: { code: string } | null) => faults.push(fault))

    // The twin: the Shop's key, a longer history whose blocks differ from the first one on.
    const twinStore = new Corestore(await net.dirs.make('twin'))
    const twin = twinStore.get({ keyPair: shopBase.deviceKeyPair })
    await twin.ready()
    for (let i = 0; i < realLength + 2; i++) await twin.append(Buffer.from(`another history ${i}`))
    const twinLength = twin.length
    // A device that held none of the Shop's entries takes it whole.
    const otherStore = new Corestore(await net.dirs.make('other'))
    const other = otherStore.get({ key: shopCore.key })
    await other.ready()
    const a = twinStore.replicate(true)
    const b = otherStore.replicate(false)
    for (const s of [a, b]) s.on('error', () => {})
    a.pipe(b).pipe(a)
    await other.download({ start: 0, end: twin.length }).done()
    a.destroy()
    b.destroy()
    await twinStore.close()
    expect(other.length).toBe(twinLength)

    // It meets the Shop's own node.
    const c = otherStore.replicate(true)
    const d = shopBase.replicate(false)
    for (const s of [c, d]) s.on('error', () => {})
    c.pipe(d).pipe(c)
    await waitFor('the Shop is told another device signs with its keys', async () => faults.some((f) => f?.code === 'KEYS_USED_ELSEWHERE'), PATIENCE)
    c.destroy()
    d.destroy()
    await otherStore.close()
    await new Promise((resolve) => setImmediate(resolve))
    await shop.frozenDropped()
    expect(faults.some((f) => f?.code === 'STORAGE_FAILED' || f?.code === 'DISK_FULL')).toBe(false)

    // The Shop refuses to write, with a sentence, and changes nothing.
    const refusal = await shop.submit('product.define', { name: 'Cream', unit: 'l', kind: 'consumable' }).then(
      () => null,
      (error: { code?: string; message?: string }) => error
    )
    expect(refusal?.code).toBe('KEYS_USED_ELSEWHERE')
    expect(refusal?.message).toMatch(/another device signs with this collective's keys/)

    // It reads on: the Mill writes, and the Shop takes it (its swarm given a fresh DHT node, as
    // fork-testnet.test.ts does after a reopen).
    if (shop.base !== shopBase) {
      await shop.swarm?.destroy()
      shop.swarm = new NetworkSwarm(shop.base!, shop.membership!, { dht: net.testnet.createNode(), lookupInterval: 500 })
      await shop.swarm.start()
    }
    // Its own history comes back from the indexers (indexer-history.ts: the Shop is none, so it
    // dropped its core), and it is the one the Shop wrote: the indexers never held the twin.
    await waitFor('the Shop holds its history again', async () => shop.base!.autobase.local.length === realLength, PATIENCE)
    expect(await shop.base!.autobase.local.get(0)).toEqual(firstBlock)
    // Its record of what it wrote follows the blocks back (an emptied store is refused again).
    await waitFor('writer.json has the length again', async () => (await readWriterRecord(shop.options.dir))?.length === realLength, PATIENCE)
    await net.submit(mill, 'product.define', { name: 'Oats', unit: 'kg', kind: 'consumable' })
    await waitFor('the Shop has the Mill\'s new entry', async () => (await net.converged([mill, shop])) !== null, PATIENCE)
  })
})
