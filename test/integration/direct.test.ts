// Reaching peers without the public DHT: direct TCP peers by address (no DHT at all), and an
// office's own bootstrap node (`stachanov bootstrap`).
import { afterEach, describe, expect, it } from 'vitest'
import { NetworkBase } from '../../core/network/base.ts'
import { DirectPeers } from '../../core/network/direct.ts'
import { Membership } from '../../core/network/membership.ts'
import { NetworkSwarm, runBootstrapNode } from '../../core/network/swarm.ts'
import { freeUdpPort, tempDirs, waitFor } from './helpers.ts'
import { TestCollective, ledgerApply } from './ledger-helpers.ts'

const dirs = tempDirs()
const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {})
  await dirs.cleanup()
})

async function openBase(
  join?: NetworkBase
): Promise<{ base: NetworkBase; membership: Membership }> {
  const base = await NetworkBase.open({
    dir: await dirs.make('direct'),
    applyEntry: ledgerApply,
    ackInterval: 1000,
    ...(join
      ? {
          join: {
            key: join.config.key,
            encryptionKey: join.config.encryptionKey,
            introducers: [join.deviceKeyPair.publicKey.toString('hex')]
          }
        }
      : { create: true })
  })
  const membership = new Membership(base)
  cleanups.push(async () => {
    membership.close()
    await base.close()
  })
  return { base, membership }
}

const seqOf = (base: NetworkBase) => base.reader().get('meta/seq')

describe('reaching peers without the public DHT', () => {
  it(
    'direct TCP peers by address replicate, and a non-member is refused',
    { timeout: 60_000 },
    async () => {
      const a = await openBase()
      const b = await openBase(a.base)
      const stranger = await openBase(a.base)

      const aPeers = new DirectPeers(a.base, a.membership, {
        listen: { port: 0, host: '127.0.0.1' }
      })
      await aPeers.start()
      cleanups.push(() => aPeers.destroy())
      const refused: string[] = []
      aPeers.on('refused', (key: string) => refused.push(key))
      const { port } = aPeers.address()!

      const bPeers = new DirectPeers(b.base, b.membership, {
        peers: [`127.0.0.1:${port}`],
        retryMs: 200
      })
      const sPeers = new DirectPeers(stranger.base, stranger.membership, {
        peers: [`127.0.0.1:${port}`],
        retryMs: 200
      })
      cleanups.push(
        () => bPeers.destroy(),
        () => sPeers.destroy()
      )

      // Before b dials, so that a admits it at once: the founder registers, the mill joins.
      const bakery = new TestCollective('Bakery')
      const mill = new TestCollective('Mill')
      await a.base.append(bakery.register(a.base.writerKey))
      await a.base.append(bakery.acceptJoin(mill.joinPayload(bakery, b.base.writerKey)))
      await bPeers.start()
      await sPeers.start()
      await b.base.waitForWritable(20_000)
      await b.base.append(mill.define('over tcp'))
      await waitFor('a to apply b’s entry', async () => (await seqOf(a.base)) === 4)
      expect(await a.base.reader().get('productName/mill over tcp')).toBeTruthy()

      await waitFor('a to refuse the stranger', () =>
        refused.includes(stranger.base.deviceKeyPair.publicKey.toString('hex'))
      )
      expect(aPeers.peers()).toEqual([b.base.deviceKeyPair.publicKey.toString('hex')])
      expect(await seqOf(stranger.base)).toBeUndefined()
    }
  )

  it('an office bootstrap node lets two devices find each other', { timeout: 60_000 }, async () => {
    const bootstrap = await runBootstrapNode(await freeUdpPort(), '127.0.0.1')
    cleanups.push(() => bootstrap.destroy())
    const address = `127.0.0.1:${bootstrap.address().port}`
    const a = await openBase()
    const b = await openBase(a.base)
    const bakery = new TestCollective('Bakery')
    const mill = new TestCollective('Mill')
    await a.base.append(bakery.register(a.base.writerKey))
    await a.base.append(bakery.acceptJoin(mill.joinPayload(bakery, b.base.writerKey)))
    for (const node of [a, b]) {
      const swarm = new NetworkSwarm(node.base, node.membership, {
        bootstrap: [address],
        host: '127.0.0.1',
        lookupInterval: 500
      })
      cleanups.push(() => swarm.destroy())
      await swarm.start()
    }
    await b.base.waitForWritable(30_000)
    await b.base.append(mill.define('via bootstrap'))
    await waitFor('a to apply b’s entry', async () => (await seqOf(a.base)) === 4, {
      timeoutMs: 30_000
    })
  })
})
