// A zero-length entry, appended through raw Autobase by the network's only indexer between
// ordinary entries. Autobase stores it as it stores an ack, so other devices never see it: the
// appending device must not see it either, or its digest and its (signed) view part ways with
// everyone else's for ever. Two devices on a loopback testnet, real disks, the real ledger.
import createTestnet, { type Testnet } from 'hyperdht/testnet.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NetworkBase } from '../../core/network/base.ts'
import { tempDirs, waitFor } from './helpers.ts'
import { TestCollective, converged, ledgerApply, ledgerState } from './ledger-helpers.ts'
import { joinConfig, makeNode, type TestNode } from './network-helpers.ts'

const dirs = tempDirs()
let testnet: Testnet
let a: TestNode, b: TestNode
const bakery = new TestCollective('Bakery')
const mill = new TestCollective('Mill')

beforeAll(async () => {
  testnet = await createTestnet(3)
  a = await makeNode('a', testnet, await dirs.make('a'), ledgerApply, { create: true })
  b = await makeNode('b', testnet, await dirs.make('b'), ledgerApply, { join: joinConfig(a) })
})

afterAll(async () => {
  for (const node of [a, b]) await node?.close().catch(() => {})
  await testnet?.destroy()
  await dirs.cleanup()
})

/** The signed part of a device's view: its length and the ledger's seq and digest there. */
async function signedState(base: NetworkBase) {
  const signed = base.signedReader()
  try {
    const [seq, digest] = [
      await signed.store.get('meta/seq'),
      await signed.store.get('meta/digest')
    ]
    return { length: signed.length, seq, digest }
  } finally {
    await signed.close()
  }
}

describe('a zero-length entry', () => {
  it(
    'is no entry on any device: both keep one digest and one signed view',
    { timeout: 60_000 },
    async () => {
      await Promise.all([a.online(), b.online()])
      await a.base.append(bakery.register(a.base.writerKey))
      await a.base.append(bakery.acceptJoin(mill.joinPayload(bakery, b.base.writerKey)))
      await b.base.waitForWritable(30_000)
      await a.base.append(bakery.define('before'))
      // The only indexer appends zero bytes the way a hostile or buggy device could.
      await a.base.autobase.append(Buffer.alloc(0))
      await a.base.append(bakery.define('after'))
      // A string is written as its UTF-8: the appending device must decide those bytes too.
      const text = bakery.define('as text').toString('utf8') as unknown as Uint8Array
      await a.base.autobase.append(text)
      await b.base.append(mill.define('from b'))

      // 3 (founding and join) + 4 ordinary entries; the empty one counts nowhere.
      await waitFor('both to apply the seven entries', () => converged([a.base, b.base], 7), {
        timeoutMs: 30_000
      }).catch(async (err) => {
        const states = await Promise.all([ledgerState(a.base), ledgerState(b.base)])
        throw new Error(
          `${(err as Error).message}; a ${JSON.stringify(states[0])}, b ${JSON.stringify(states[1])}`
        )
      })
      const digest = (await ledgerState(a.base)).digest

      // One more entry makes the indexer sign everything before it.
      await a.base.append(bakery.define('last'))
      await waitFor('both to apply the eighth entry', () => converged([a.base, b.base], 8))
      expect(await a.base.reader().get('productName/bakery as text')).toBeTruthy()
      const last = await ledgerState(a.base)
      await waitFor(
        'b to see the whole view signed',
        async () => {
          await Promise.all([a.base.update(), b.base.update()])
          const [sa, sb] = await Promise.all([signedState(a.base), signedState(b.base)])
          return sa.seq === 8 && sb.seq === 8 && sb.length === sa.length
        },
        { timeoutMs: 30_000 }
      )
      const [sa, sb] = await Promise.all([signedState(a.base), signedState(b.base)])
      expect(sb).toEqual(sa)
      expect(sa.digest).toBe(last.digest)
      expect(last.digest).not.toBe(digest)
      // The signed views are block for block the same core.
      expect(b.base.view.core.signedLength).toBe(a.base.view.core.signedLength)
      expect((await b.base.view.core.treeHash(sb.length)).toString('hex')).toBe(
        (await a.base.view.core.treeHash(sa.length)).toString('hex')
      )
    }
  )

  it('is refused by NetworkBase.append with a clear error, and nothing is appended', async () => {
    const before = a.base.autobase.local.length
    await expect(a.base.append(Buffer.alloc(0))).rejects.toMatchObject({ code: 'EMPTY_ENTRY' })
    await expect(a.base.append([bakery.define('x'), new Uint8Array(0)])).rejects.toMatchObject({
      code: 'EMPTY_ENTRY'
    })
    expect(a.base.autobase.local.length).toBe(before)
  })
})
