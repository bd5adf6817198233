// The council confirms the log (docs/protocol.md §14.1), on real nodes with real disks: three
// collectives, the founder's device the only indexer; the other two are elected a 2-of-2
// council, their devices become the indexers and the founder's steps down; then the founder's
// device is shut down for good, and the network still confirms what its members write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CouncilNetwork, PATIENCE } from './fixtures/council-network.ts'
import { waitFor } from './helpers.ts'

let net: CouncilNetwork
beforeAll(async () => {
  net = await CouncilNetwork.start(['Mill', 'Bakery', 'Shop'])
}, 240_000)
afterAll(async () => {
  await net?.close()
})

describe('the council as the indexers', () => {
  it('takes over confirming from the founder, who steps down and can leave for good', { timeout: 300_000 }, async () => {
    expect(await net.indexers('Bakery')).toEqual([net.deviceOf('Mill')])

    await net.elect(['Bakery', 'Shop'], 2, ['Mill', 'Bakery'])
    const council = [net.deviceOf('Bakery'), net.deviceOf('Shop')].sort()
    // The change waits until both elected devices have written since the election (their
    // agents' DKG round-1 packages), then takes both at once; the founder goes in the same
    // change. Every node sees the same indexers.
    for (const name of ['Mill', 'Bakery', 'Shop']) {
      await waitFor(`${name} to see the council as the indexers`, async () => (await net.indexers(name)).join() === council.join(), PATIENCE)
    }

    // Autobase moves to new indexers once the old ones have confirmed the change: the founder
    // leaves after an entry written under the new council is confirmed everywhere.
    const before = await net.submit('Bakery', 'product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' })
    for (const name of ['Mill', 'Bakery', 'Shop']) await net.confirmed(name, before)
    await net.shutDown('Mill')
    const product = await net.submit('Bakery', 'product.define', { name: 'Bread', unit: 'loaf', kind: 'consumable' })
    const other = await net.submit('Shop', 'product.define', { name: 'Milk', unit: 'litre', kind: 'consumable' })
    for (const name of ['Bakery', 'Shop']) {
      await net.confirmed(name, product)
      await net.confirmed(name, other)
    }
  })
})
