// Sync you can see, on a local DHT with three real nodes: each neighbour by its collective's
// name, connected or last seen, in sync or how many entries apart; a node that goes offline
// is behind by exactly what was written since, our own entries nobody has received are
// marked, and everything converges when the nodes come back.
import createTestnet from 'hyperdht/testnet.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import type { NeighbourSync, SyncStatus } from '../../core/node/sync-status.ts'
import { tempDirs, waitFor } from './helpers.ts'

const dirs = tempDirs()
let testnet: Awaited<ReturnType<typeof createTestnet>>
const open = new Set<CollectiveNode>()

beforeAll(async () => {
  testnet = await createTestnet(3)
})
afterAll(async () => {
  for (const node of open) await node.close()
  await testnet.destroy()
  await dirs.cleanup()
})

async function start(dir: string): Promise<CollectiveNode> {
  const node = await CollectiveNode.open({ dir, swarm: { dht: testnet.createNode(), lookupInterval: 500 }, ackInterval: 200 })
  open.add(node)
  return node
}

async function stop(node: CollectiveNode): Promise<void> {
  open.delete(node)
  await node.close()
}

const byName = (status: SyncStatus, name: string): NeighbourSync => {
  const found = status.neighbours.find((n) => n.collective?.name === name)
  if (!found) throw new Error(`no neighbour ${name} in ${JSON.stringify(status.neighbours)}`)
  return found
}

function until(node: CollectiveNode, what: string, ok: (status: SyncStatus) => boolean): Promise<SyncStatus> {
  return waitFor(what, async () => {
    const status = await node.syncStatus()
    return ok(status) ? status : null
  }, { timeoutMs: 90_000, intervalMs: 300 })
}

describe('sync status per neighbour', () => {
  it('names neighbours, counts what an offline one lacks, marks ours nobody has, then converges', async () => {
    const [dirA, dirB, dirC] = [await dirs.make('bakery'), await dirs.make('mill'), await dirs.make('school')]
    const bakery = await start(dirA)
    await bakery.outcome((await bakery.create({ name: 'Bakery', roles: ['producer'] })).id)
    let mill = await start(dirB)
    let school = await start(dirC)
    for (const [node, name] of [[mill, 'Mill'], [school, 'School']] as const) {
      const request = await node.prepareJoin({ config: bakery.joinConfig(), memberId: bakery.identity!.id, name, roles: ['producer'] })
      const { ids } = await bakery.admit(request)
      expect((await bakery.outcome(ids[1]!)).status).toBe('accepted')
      await node.requireBase().waitForWritable(60_000)
    }

    const together = await until(bakery, 'both neighbours connected and in sync', (s) =>
      s.neighbours.length === 2 && s.neighbours.every((n) => n.connected && n.inSync && n.collective !== null) && s.unsent === 0)
    expect(together.neighbours.map((n) => n.collective!.name).sort()).toEqual(['Mill', 'School'])
    expect(byName(together, 'Mill').lastSeen).toBeGreaterThan(0)
    await until(mill, 'the Mill sees the Bakery in sync', (s) => s.neighbours.some((n) => n.collective?.name === 'Bakery' && n.inSync))

    // The School goes offline; the Bakery writes three entries, which the Mill receives.
    await stop(school)
    await until(bakery, 'the School shown offline', (s) => !byName(s, 'School').connected)
    const products = ['Rye', 'Spelt', 'Oats']
    for (const name of products) expect((await bakery.submit('product.define', { name, unit: 'kg', kind: 'consumable' })).status).toBe('accepted')
    const apart = await until(bakery, 'the Mill in sync again', (s) => byName(s, 'Mill').inSync && s.unsent === 0)
    const offline = byName(apart, 'School')
    expect(offline).toMatchObject({ connected: false, known: true, inSync: false, ahead: 3, behind: 0 })
    expect(offline.lastSeen).toBeGreaterThan(0)

    // Now the Mill goes offline too: what the Bakery writes reaches nobody, and is marked.
    await stop(mill)
    await until(bakery, 'the Mill shown offline', (s) => !byName(s, 'Mill').connected)
    const alone = [
      await bakery.submit('product.define', { name: 'Barley', unit: 'kg', kind: 'consumable' }),
      await bakery.submit('product.define', { name: 'Millet', unit: 'kg', kind: 'consumable' })
    ]
    const unsent = await bakery.syncStatus()
    expect(unsent.unsent).toBe(2)
    expect(unsent.unsentIds).toEqual(alone.map((r) => r.id))
    expect(byName(unsent, 'Mill')).toMatchObject({ connected: false, ahead: 2 })
    expect(byName(unsent, 'School')).toMatchObject({ connected: false, ahead: 5 })

    // Both come back: everything converges, nothing is left unsent.
    mill = await start(dirB)
    school = await start(dirC)
    const back = await until(bakery, 'everyone in sync again', (s) => s.neighbours.every((n) => n.connected && n.inSync) && s.unsent === 0)
    expect(back.unsentIds).toEqual([])
    await until(school, 'the School sees the Bakery in sync', (s) => s.neighbours.some((n) => n.collective?.name === 'Bakery' && n.inSync))
  }, 300_000)
})
