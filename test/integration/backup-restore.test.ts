// A node's backup, taken while it runs, restored on a fresh data directory: offline it shows
// the digest it had when the backup was taken; online it catches up with the network to the
// network's digest and signs accepted entries again. On a local DHT, on real disks.
import { join } from 'node:path'
import createTestnet from 'hyperdht/testnet.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as queries from '../../core/ledger/queries.ts'
import { restoreBackup } from '../../core/node/backup.ts'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import { tempDirs, waitFor } from './helpers.ts'

const LIGHT = { ops: 1, mem: 8 * 1024 * 1024 }
const dirs = tempDirs()
let testnet: Awaited<ReturnType<typeof createTestnet>>
const nodes: CollectiveNode[] = []

beforeAll(async () => {
  testnet = await createTestnet(3)
})
afterAll(async () => {
  for (const node of nodes) await node.close()
  await testnet.destroy()
  await dirs.cleanup()
})

async function open(dir: string, online = true): Promise<CollectiveNode> {
  const node = await CollectiveNode.open({
    dir,
    // Its own DHT node from the testnet's bootstrap (not a ready-made one): a backup stops the
    // swarm, which destroys its DHT, and starts a new one.
    swarm: online ? { bootstrap: testnet.bootstrap.map((b) => `${b.host}:${b.port}`), host: '127.0.0.1', lookupInterval: 500 } : false,
    pairing: { makeDht: () => testnet.createNode(), poll: 200 },
    ackInterval: 200
  })
  nodes.push(node)
  return node
}

const digestOf = (node: CollectiveNode) => queries.digest(node.store())
const sameDigest = async (a: CollectiveNode, b: CollectiveNode) => {
  const [x, y] = [await digestOf(a), await digestOf(b)]
  return x.digest === y.digest && x.length === y.length
}

describe('backup and restore of a node', () => {
  it('restores on a fresh directory to the same digest as the network, and writes again', async () => {
    const bakery = await open(await dirs.make('bakery'))
    await bakery.outcome((await bakery.create({ name: 'Bakery', roles: ['producer', 'dispatcher'] })).id)
    const mill = await open(await dirs.make('mill'))
    await mill.join({ code: (await bakery.invite()).code, name: 'Mill', roles: ['producer'] }, 60_000)
    expect((await mill.submit('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' })).status).toBe('accepted')
    await waitFor('one digest', () => sameDigest(bakery, mill), { timeoutMs: 30_000 })

    const file = join(await dirs.make('stick'), 'mill.stachanov-backup')
    const taken = await mill.backup(file, 'rye and wheat', LIGHT)
    expect(taken).toMatchObject({ collective: { id: mill.identity!.id, name: 'Mill' }, ...(await digestOf(bakery)) })

    // The node runs on after its backup: it reconnects and receives what the bakery writes.
    expect((await bakery.submit('product.define', { name: 'Bread', unit: 'kg', kind: 'consumable' })).status).toBe('accepted')
    await waitFor('the mill back online after its backup', () => sameDigest(bakery, mill), { timeoutMs: 30_000 })
    await mill.close() // the mill's machine is gone

    const fresh = join(await dirs.make('new-machine'), 'data')
    const { files: _, bytes: __, ...manifest } = taken
    expect(await restoreBackup(file, fresh, 'rye and wheat')).toEqual(manifest)

    // Offline, as an office without a network would start: the state of the backup.
    const offline = await open(fresh, false)
    expect(await digestOf(offline)).toEqual({ digest: taken.digest, length: taken.length })
    expect(offline.identity!.id).toBe(taken.collective.id)
    await offline.close()

    // Online: it catches up with the network and signs for the mill again.
    const restored = await open(fresh)
    await waitFor('the restored mill in sync', () => sameDigest(bakery, restored), { timeoutMs: 60_000 })
    expect((await restored.status()).device).toBe(taken.device)
    const rye = await restored.submit('product.define', { name: 'Rye', unit: 'kg', kind: 'consumable' })
    expect(rye.status).toBe('accepted')
    expect((await bakery.outcome(rye.id, 30_000)).status).toBe('accepted')
    await waitFor('one digest again', () => sameDigest(bakery, restored), { timeoutMs: 30_000 })
  }, 240_000)
})
