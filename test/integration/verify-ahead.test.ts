// Signatures verified ahead on worker threads (VerifyPool via applyNodes' VerifyAhead) leave
// the view and the state digest exactly as sodium in the apply loop does: the bench mix, with
// some signatures forged, applied into a real Hyperbee view both ways, in Autobase-sized calls.
import type { ApplyHost, ApplyNode } from 'autobase'
import Corestore from 'corestore'
import Hyperbee from 'hyperbee'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ledger } from '../../core/ledger/ledger.ts'
import type { Json } from '../../core/ledger/store.ts'
import { applyNodes } from '../../core/network/apply.ts'
import { HyperbeeStore, VIEW_ENCODING } from '../../core/network/hyperbee-store.ts'
import { VerifyPool } from '../../core/protocol/verify-pool.ts'
import { buildMix } from '../bench/ledger.ts'
import { collect, tempDirs } from './helpers.ts'

const dirs = tempDirs()
let corestore: Corestore
const pool = new VerifyPool(2)

beforeAll(async () => {
  corestore = new Corestore(await dirs.make('verify-ahead'))
  await corestore.ready()
})

afterAll(async () => {
  await pool.close()
  await corestore.close()
  await dirs.cleanup()
})

// Effects (writer changes) are no concern here: a host whose every call does nothing.
const host = new Proxy({}, { get: () => async () => {} }) as ApplyHost

async function applyAll(name: string, nodes: ApplyNode[], ahead: boolean) {
  const bee = new Hyperbee<string, Json>(corestore.get({ name }), VIEW_ENCODING)
  await bee.ready()
  let verified = 0
  const applyEntry = (store: HyperbeeStore, entry: { bytes: Uint8Array; writer: string }) =>
    new Ledger(store, ahead ? { verify: pool.verify } : {}).apply(entry)
  const verifyAhead = async (entries: Uint8Array[]) => {
    verified += entries.length
    await pool.aheadOfEntries(entries)
  }
  // Autobase hands apply batches of varying size.
  for (let from = 0, size = 1; from < nodes.length; from += size, size = (size * 3) % 250 + 1) {
    await applyNodes(nodes.slice(from, from + size), bee, host, applyEntry as never, () => {}, ahead ? verifyAhead : undefined)
  }
  const store = new HyperbeeStore(bee)
  return { digest: await new Ledger(store).digest(), view: await collect(store.range({})), verified }
}

describe('verifying signatures ahead of apply', () => {
  it('leaves the same view and digest as sodium in the loop', { timeout: 300_000 }, async () => {
    const writer = Buffer.alloc(32, 7)
    const nodes = buildMix(1500).entries.map((entry, i) => {
      let bytes = Buffer.from(entry.bytes)
      if (i % 97 === 50) {
        const tx = JSON.parse(bytes.toString()) as { sigs: Record<string, string> }
        const [signer, sig] = Object.entries(tx.sigs)[0]!
        tx.sigs[signer] = (sig.startsWith('0') ? '1' : '0') + sig.slice(1)
        bytes = Buffer.from(JSON.stringify(tx))
      }
      return { value: bytes, from: { key: writer } } as unknown as ApplyNode
    })
    const plain = await applyAll('plain', nodes, false)
    const ahead = await applyAll('ahead', nodes, true)
    expect(ahead.verified).toBeGreaterThan(500)
    expect(pool.recorded).toBeGreaterThan(500)
    expect(ahead.digest).toBe(plain.digest)
    expect(ahead.view).toEqual(plain.view)
  })
})
