// The CollectiveNode facade on real disks: a collective founds a network, a second one joins
// over a direct loopback connection, both write, both arrive at the same state digest.
import { afterAll, describe, expect, it } from 'vitest'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import * as queries from '../../core/ledger/queries.ts'
import type { DirectOptions } from '../../core/network/direct.ts'
import { tempDirs, waitFor } from './helpers.ts'

const dirs = tempDirs()
const nodes: CollectiveNode[] = []
afterAll(async () => {
  for (const node of nodes) await node.close()
  await dirs.cleanup()
})

async function open(direct: DirectOptions = {}): Promise<CollectiveNode> {
  const node = await CollectiveNode.open({
    dir: await dirs.make('node'),
    swarm: false,
    direct,
    ackInterval: 200
  })
  nodes.push(node)
  return node
}

describe('CollectiveNode', () => {
  it('founds a network, admits a second collective, and both converge', async () => {
    const mill = await open({ listen: { port: 0, host: '127.0.0.1' } })
    expect(await mill.status()).toEqual({ state: 'new' })
    const founded = await mill.create({ name: 'Mill', roles: ['producer'] })
    expect((await mill.outcome(founded.id)).status).toBe('accepted')
    const status = await mill.status()
    expect(status.state).toBe('ready')
    if (status.state !== 'ready') return
    expect(status.collective.name).toBe('Mill')
    expect(status.collective.member).toBe(true)

    const address = mill.direct!.address()!
    const bakery = await open({ peers: [`127.0.0.1:${address.port}`] })
    const request = await bakery.prepareJoin({
      config: mill.joinConfig(),
      memberId: mill.identity!.id,
      name: 'Bakery',
      roles: ['producer', 'dispatcher']
    })
    const admitted = await mill.admit(request)
    expect((await mill.outcome(admitted.ids[1]!)).status).toBe('accepted')
    await bakery.base!.waitForWritable(20_000)

    const flour = await mill.submit('product.define', {
      name: 'Flour',
      unit: 'kg',
      kind: 'consumable'
    })
    const bread = await bakery.submit('product.define', {
      name: 'Bread',
      unit: 'loaf',
      kind: 'consumable'
    })
    expect((await bakery.outcome(flour.id)).status).toBe('accepted')
    expect((await mill.outcome(bread.id)).status).toBe('accepted')
    await waitFor('the same digest on both nodes', async () => {
      const [a, b] = [await queries.digest(mill.store()), await queries.digest(bakery.store())]
      return a.length === b.length && a.digest === b.digest && a.length >= 5
    })
    const seen = await bakery.status()
    expect(seen.state === 'ready' && seen.lastContact).toBeGreaterThan(0)
    expect(seen.state === 'ready' && seen.unconfirmed).toBeGreaterThanOrEqual(0)
    expect(seen.state === 'ready' && seen.unconfirmed).toBeLessThanOrEqual(seen.state === 'ready' ? seen.length : 0)
    const edges = await queries.edges(bakery.store())
    expect(edges).toHaveLength(1)
    expect((await queries.products(mill.store())).map((p) => p.name).sort()).toEqual([
      'Bread',
      'Flour'
    ])
  }, 60_000)

  it('keeps its identity and data across a restart', async () => {
    const dir = await dirs.make('restart')
    const first = await CollectiveNode.open({ dir, swarm: false })
    const founded = await first.create({ name: 'Clinic', roles: ['dispatcher'] })
    await first.outcome(founded.id)
    const words = first.backupWords()
    const id = first.identity!.id
    await first.close()
    const again = await CollectiveNode.open({ dir, swarm: false })
    nodes.push(again)
    expect(again.identity!.id).toBe(id)
    expect(again.backupWords()).toEqual(words)
    const status = await again.status()
    expect(status.state === 'ready' && status.collective.name).toBe('Clinic')
  }, 30_000)
})
