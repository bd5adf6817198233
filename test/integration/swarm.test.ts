// Three devices on a loopback testnet DHT, real disks: they converge, heal a partition, refuse
// a device that is not a member, and shrug off garbage entries.
import createTestnet, { type Testnet } from 'hyperdht/testnet.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ViewChange } from '../../core/network/base.ts'
import { tempDirs, waitFor } from './helpers.ts'
import { joinConfig, makeNode, type TestNode } from './network-helpers.ts'
import { addWriter, put, toyApply } from './toy-ledger.ts'

const dirs = tempDirs()
let testnet: Testnet
let a: TestNode, b: TestNode, c: TestNode
const nodes: TestNode[] = []
const truncations: Record<string, number[]> = {}

const state = async (node: TestNode) => {
  const reader = node.base.reader()
  return { seq: await reader.get('seq'), digest: await reader.get('digest') }
}

async function converged(list: TestNode[], seq: number): Promise<boolean> {
  const states = await Promise.all(list.map(state))
  return states.every((s) => s.seq === seq && s.digest === states[0]!.digest)
}

beforeAll(async () => {
  testnet = await createTestnet(3)
  a = await makeNode('a', testnet, await dirs.make('a'), toyApply, { create: true })
  b = await makeNode('b', testnet, await dirs.make('b'), toyApply, { join: joinConfig(a) })
  c = await makeNode('c', testnet, await dirs.make('c'), toyApply, { join: joinConfig(a) })
  nodes.push(a, b, c)
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
    await a.base.append([addWriter(b.base.writerKey), addWriter(c.base.writerKey)])
    await Promise.all([b.base.waitForWritable(30_000), c.base.waitForWritable(30_000)])
    await Promise.all(
      nodes.map((node, i) => node.base.append([put(`${node.name}-1`, i), put(`${node.name}-2`, i)]))
    )
    await waitFor('all three to converge on 8 entries', () => converged(nodes, 8), {
      timeoutMs: 30_000
    })
    for (const node of nodes) {
      expect(await node.base.reader().get('data/c-2')).toBe(2)
      expect((await node.base.writers()).length).toBe(3)
    }
  })

  it('heal a partition: both sides write apart, then converge', { timeout: 60_000 }, async () => {
    await c.offline()
    await waitFor('a and b to see c gone', () =>
      [a, b].every(
        (n) => !n.swarm!.peers().includes(c.base.deviceKeyPair.publicKey.toString('hex'))
      )
    )
    await a.base.append(put('while-apart-a', 1))
    await b.base.append(put('while-apart-b', 1))
    await c.base.append([put('while-apart-c1', 1), put('while-apart-c2', 1)])
    await waitFor('a and b to converge without c', () => converged([a, b], 10))
    expect(await c.base.reader().get('seq')).toBe(10) // 8 + its own 2

    await c.online()
    await waitFor('all three to converge on 12 entries', () => converged(nodes, 12), {
      timeoutMs: 30_000
    })
    for (const node of nodes) expect(await node.base.reader().get('data/while-apart-c2')).toBe(1)
  })

  it(
    'refuse a device that is not a member, even one that knows the keys',
    { timeout: 60_000 },
    async () => {
      const stranger = await makeNode('stranger', testnet, await dirs.make('x'), toyApply, {
        join: joinConfig(a) // it knows the network and encryption keys, and trusts a
      })
      nodes.push(stranger)
      await stranger.online()
      const strangerKey = stranger.base.deviceKeyPair.publicKey.toString('hex')
      await waitFor('a member to refuse the stranger', () =>
        nodes.slice(0, 3).some((n) => n.refused.includes(strangerKey))
      )
      await a.base.append(put('secret', 42))
      await waitFor('b and c to get the new entry', () => converged([a, b, c], 13))
      expect(stranger.swarm!.connections).toBe(0)
      await stranger.base.update()
      expect(await stranger.base.reader().get('data/secret')).toBeUndefined()
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
        Buffer.from('{"op":'),
        Buffer.from('null'),
        Buffer.alloc(64 * 1024, 7),
        Buffer.from(JSON.stringify({ op: 'add', key: 'zz'.repeat(32) })),
        Buffer.from('{"op":"throw"}')
      ]
      await b.base.append(garbage)
      await c.base.append(put('after-garbage', true))
      // 6 garbage entries, of which the throwing one leaves no trace: 5, plus c's entry.
      await waitFor('all three to converge after the garbage', () => converged([a, b, c], 19), {
        timeoutMs: 30_000
      })
      for (const node of [a, b, c])
        expect(await node.base.reader().get('data/after-garbage')).toBe(true)
    }
  )
})
