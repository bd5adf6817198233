// Three devices on a loopback testnet DHT, real disks, the real ledger: they converge, heal a
// partition, refuse a device that is not a member, and shrug off garbage entries.
import createTestnet, { type Testnet } from 'hyperdht/testnet.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ViewChange } from '../../core/network/base.ts'
import { tempDirs, waitFor } from './helpers.ts'
import { TestCollective, converged, ledgerApply, logStatus } from './ledger-helpers.ts'
import { joinConfig, makeNode, type TestNode } from './network-helpers.ts'

const dirs = tempDirs()
let testnet: Testnet
let a: TestNode, b: TestNode, c: TestNode
const nodes: TestNode[] = []
const bakery = new TestCollective('Bakery')
const mill = new TestCollective('Mill')
const farm = new TestCollective('Farm')
const collectiveOf = new Map<TestNode, TestCollective>()
/** Every truncation of each node's view (reorders), for the report on Autobase's behaviour. */
const truncations: Record<string, number[]> = {}

const bases = (list: TestNode[]) => list.map((node) => node.base)

beforeAll(async () => {
  testnet = await createTestnet(3)
  a = await makeNode('a', testnet, await dirs.make('a'), ledgerApply, { create: true })
  b = await makeNode('b', testnet, await dirs.make('b'), ledgerApply, { join: joinConfig(a) })
  c = await makeNode('c', testnet, await dirs.make('c'), ledgerApply, { join: joinConfig(a) })
  nodes.push(a, b, c)
  collectiveOf.set(a, bakery).set(b, mill).set(c, farm)
  for (const node of nodes) {
    truncations[node.name] = []
    node.base.on('update', (change: ViewChange) => {
      if (change.truncatedTo !== null) truncations[node.name]!.push(change.truncatedTo)
    })
  }
})

afterAll(async () => {
  for (const node of nodes) await node.close().catch(() => {})
  await testnet.destroy()
  await dirs.cleanup()
})

describe('three devices on a testnet', () => {
  it('converge to the same view', { timeout: 60_000 }, async () => {
    await Promise.all(nodes.map((node) => node.online()))
    // The founder registers; the others join by registration + strong trust, which makes
    // their devices writers (the ledger's writer.add effect).
    await a.base.append(bakery.register(a.base.writerKey))
    await a.base.append(bakery.acceptJoin(mill.joinPayload(bakery, b.base.writerKey)))
    await a.base.append(bakery.acceptJoin(farm.joinPayload(bakery, c.base.writerKey)))
    await Promise.all([b.base.waitForWritable(30_000), c.base.waitForWritable(30_000)])
    await Promise.all(
      nodes.map((node) => {
        const collective = collectiveOf.get(node)!
        return node.base.append([collective.define('bread'), collective.define('flour')])
      })
    )
    await waitFor('all three to converge on 11 entries', () => converged(bases(nodes), 11), {
      timeoutMs: 30_000
    })
    for (const node of nodes) {
      for (let seq = 0; seq < 11; seq++) expect(await logStatus(node.base, seq)).toBe('accepted')
      expect((await node.base.writers()).length).toBe(3)
    }
    // The founder's device stays the network's (only) indexer: registering it again as a
    // writer must not demote it.
    const writers = await a.base.writers()
    expect(writers.filter((w) => w.isIndexer).map((w) => w.key)).toEqual([a.base.writerKey])
  })

  it('heal a partition: both sides write apart, then converge', { timeout: 60_000 }, async () => {
    await c.offline()
    const cKey = c.base.deviceKeyPair.publicKey.toString('hex')
    await waitFor('a and b to see c gone', () =>
      [a, b].every((n) => !n.swarm!.peers().includes(cKey))
    )
    await a.base.append(bakery.define('apart'))
    await b.base.append(mill.define('apart'))
    await c.base.append([farm.define('apart 1'), farm.define('apart 2')])
    await waitFor('a and b to converge without c', () => converged(bases([a, b]), 13))
    expect((await c.base.reader().get('meta/seq')) as number).toBe(13) // 11 + its own 2

    await c.online()
    await waitFor('all three to converge on 15 entries', () => converged(bases(nodes), 15), {
      timeoutMs: 30_000
    })
    for (const node of nodes) {
      expect(await node.base.reader().get('productName/farm apart 2')).toBeTruthy()
    }
  })

  it(
    'refuse a device that is not a member, even one that knows the keys',
    { timeout: 60_000 },
    async () => {
      const stranger = await makeNode('stranger', testnet, await dirs.make('x'), ledgerApply, {
        join: joinConfig(a) // it knows the network and encryption keys, and trusts a
      })
      nodes.push(stranger)
      await stranger.online()
      const strangerKey = stranger.base.deviceKeyPair.publicKey.toString('hex')
      await waitFor('a member to refuse the stranger', () =>
        [a, b, c].some((n) => n.refused.includes(strangerKey))
      )
      await a.base.append(bakery.define('secret'))
      await waitFor('b and c to get the new entry', () => converged(bases([a, b, c]), 16))
      expect(stranger.swarm!.connections).toBe(0)
      await stranger.base.update()
      expect(await stranger.base.reader().get('meta/seq')).toBeUndefined()
      expect(stranger.base.writable).toBe(false)
      await stranger.close()
    }
  )

  it(
    'shrug off garbage entries: rejected, and everyone keeps applying',
    { timeout: 60_000 },
    async () => {
      const garbage = [
        Buffer.from([0, 1, 2, 3, 255]),
        Buffer.from('{"v":1,"type":'),
        Buffer.from('null'),
        Buffer.alloc(64 * 1024, 7),
        Buffer.from(
          JSON.stringify({ v: 1, type: 'trust.establish', body: {}, signers: [], sigs: {} })
        ),
        bakery.define('forged by the mill’s device') // a valid signature, carried by another's device
      ]
      await b.base.append(garbage)
      await c.base.append(farm.define('after garbage'))
      await waitFor(
        'all three to converge after the garbage',
        () => converged(bases([a, b, c]), 23),
        {
          timeoutMs: 30_000
        }
      )
      for (const node of [a, b, c]) {
        expect(await node.base.reader().get('productName/farm after garbage')).toBeTruthy()
        // The Farm's entry may be linearized before, between or after the Mill's batch: find
        // the batch by its writer. Its five broken entries are rejected, in the order written.
        const fromMill: Array<{ status: string; code?: string }> = []
        for await (const [, record] of node.base.reader().range({ gte: 'log/', lt: 'log/~' })) {
          const entry = record as { writer: string; status: string; code?: string }
          if (entry.writer === b.base.writerKey) fromMill.push(entry)
        }
        const batch = fromMill.slice(-garbage.length)
        expect(batch.slice(0, 5).map((entry) => entry.status)).toEqual(Array(5).fill('rejected'))
        expect(batch.slice(0, 5).map((entry) => entry.code)).toEqual(['MALFORMED', 'MALFORMED', 'INVALID_ENVELOPE', 'MALFORMED', 'INVALID_ENVELOPE'])
      }
    }
  )
})
