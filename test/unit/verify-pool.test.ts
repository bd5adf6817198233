// VerifyPool: signatures checked on worker threads ahead of apply. Its verdicts must be
// exactly sodium's (good, forged, malformed), and a ledger deciding by it must reach the same
// outcomes, digest and view as one with sodium in the loop.
import { afterAll, describe, expect, it } from 'vitest'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import { generateKeyPair, sign, verify } from '../../core/protocol/crypto.ts'
import { type SignatureCheck, signatureChecks, VerifyPool } from '../../core/protocol/verify-pool.ts'
import { buildMix } from '../bench/ledger.ts'
import { dump } from './properties/index.ts'

const pool = new VerifyPool(2)
afterAll(() => pool.close())

function cases(): SignatureCheck[] {
  const a = generateKeyPair()
  const b = generateKeyPair()
  const message = Buffer.from('a transaction the pool checks')
  const good = sign(message, a.secretKey)
  const flipped = Buffer.from(good)
  flipped[10]! ^= 1
  return [
    { message, signature: good, publicKey: a.publicKey },
    { message, signature: flipped, publicKey: a.publicKey },
    { message, signature: good, publicKey: b.publicKey },
    { message: Buffer.from('another message'), signature: good, publicKey: a.publicKey },
    { message, signature: good.subarray(0, 63), publicKey: a.publicKey },
    { message, signature: Buffer.alloc(0), publicKey: a.publicKey },
    { message, signature: good, publicKey: Buffer.concat([a.publicKey, Buffer.from([0])]) },
    { message, signature: Buffer.alloc(64), publicKey: Buffer.alloc(32) },
    { message: Buffer.alloc(0), signature: sign(Buffer.alloc(0), b.secretKey), publicKey: b.publicKey }
  ]
}

describe('VerifyPool', () => {
  it('answers exactly as sodium for good, forged and malformed signatures', async () => {
    const checks = cases()
    const before = pool.recorded
    await pool.ahead(checks)
    const sodium = checks.map((c) => verify(c.message, c.signature, c.publicKey))
    expect(sodium).toEqual([true, false, false, false, false, false, false, false, true])
    expect(checks.map((c) => pool.verify(c.message, c.signature, c.publicKey))).toEqual(sodium)
    // The two good ones were verified on a worker, not answered by the fallback.
    expect(pool.recorded - before).toBe(2)
  })

  it('never lets a recorded good signature vouch for other bytes or another key', async () => {
    const [good] = cases()
    await pool.ahead([good!])
    const other = generateKeyPair().publicKey
    expect(pool.verify(Buffer.from('changed'), good!.signature, good!.publicKey)).toBe(false)
    expect(pool.verify(good!.message, good!.signature, other)).toBe(false)
    expect(pool.verify(good!.message, good!.signature, good!.publicKey)).toBe(true)
  })

  it('finds the signatures of whole entries on the worker, as the ledger will ask about them', async () => {
    const entries = buildMix(60).entries
    const fresh = new VerifyPool(1)
    await fresh.aheadOfEntries(entries.map((e) => e.bytes))
    const checks = entries.flatMap((e) => signatureChecks(e.bytes))
    // Every signature on record (none left to sodium), and for exactly the bytes signed.
    expect(fresh.recorded).toBe(checks.length)
    for (const c of checks) expect(fresh.verify(c.message, c.signature, c.publicKey)).toBe(true)
    const other = Buffer.from(checks[0]!.message)
    other[0]! ^= 1
    expect(fresh.verify(other, checks[0]!.signature, checks[0]!.publicKey)).toBe(false)
    await fresh.close()
  })

  it('finds no signatures in bytes that do not decode', () => {
    expect(signatureChecks(Buffer.from('not json'))).toEqual([])
  })

  it('gives a ledger the same outcomes and digest as sodium in the loop', { timeout: 120_000 }, async () => {
    // The bench mix, with every 40th entry's first signature forged (one hex digit changed).
    const entries = buildMix(400).entries.map((entry, i) => {
      if (i % 40 !== 7) return entry
      const tx = JSON.parse(Buffer.from(entry.bytes).toString()) as { sigs: Record<string, string> }
      const [signer, sig] = Object.entries(tx.sigs)[0]!
      tx.sigs[signer] = (sig[0] === '0' ? '1' : '0') + sig.slice(1)
      return { ...entry, bytes: Buffer.from(JSON.stringify(tx)) }
    })
    await pool.aheadOfEntries(entries.map((e) => e.bytes))
    const store = new MemoryStore()
    const ledger = new Ledger(store, { verify: pool.verify })
    const plainStore = new MemoryStore()
    const plain = new Ledger(plainStore)
    const codes = new Set<string>()
    for (const entry of entries) {
      const outcome = await ledger.apply(entry)
      expect(outcome).toEqual(await plain.apply(entry))
      if (outcome.status === 'rejected' && outcome.code) codes.add(outcome.code)
    }
    expect(codes).toContain('BAD_SIGNATURE')
    expect(await ledger.digest()).toBe(await plain.digest())
    expect(dump(store)).toBe(dump(plainStore))
  })
})
