// new Ledger(store, { verify }): a host may hand the ledger signature checks it did ahead of
// time (on worker threads, say). Whether a signature matches its bytes never depends on the
// state, so any verifier that answers correctly must give the same outcomes, digest and view
// as sodium's verify in the loop; and the ledger must really ask it, for the envelope's
// signatures and for the co-signatures that complete a pending transaction.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import type { LedgerEntry } from '../../core/ledger/types.ts'
import { verify, type Verifier } from '../../core/protocol/crypto.ts'
import { decodeEntry } from '../../core/protocol/decode.ts'
import type { Transaction } from '../../core/protocol/envelope.ts'
import { dump, historyArb, World } from './properties/index.ts'

const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.PROPERTY_SCALE ?? 1)))

/**
 * Every envelope signature of the entries checked up front, as a host's workers would, and a
 * verifier answering from those checks. A question it has no answer for fails the test.
 */
function checkedAhead(entries: LedgerEntry[]): {
  verifier: Verifier
  asked: () => number
  askedCosigns: () => number
} {
  const answers = new Map<string, boolean>()
  const question = (message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array) =>
    `${Buffer.from(message).toString('hex')}|${Buffer.from(signature).toString('hex')}|${Buffer.from(publicKey).toString('hex')}`
  const cosigns = new Set<string>()
  const check = (message: Buffer, sig: string, signer: string) => {
    const [s, k] = [Buffer.from(sig, 'hex'), Buffer.from(signer, 'hex')]
    answers.set(question(message, s, k), verify(message, s, k))
    return question(message, s, k)
  }
  // A co-signature covers the bytes of the transaction it completes: the host finds those by
  // the id the cosign names, among the entries it has.
  const signedById = new Map<string, Buffer>()
  for (const entry of entries) {
    const decoded = decodeEntry(entry.bytes)
    if (!decoded.ok) continue
    signedById.set(decoded.id, decoded.signed)
    for (const [signer, sig] of Object.entries(decoded.tx.sigs)) check(decoded.signed, sig, signer)
  }
  for (const entry of entries) {
    const decoded = decodeEntry(entry.bytes)
    if (!decoded.ok || decoded.tx.type !== 'cosign') continue
    const { tx, signer, sig } = (decoded.tx as Transaction<'cosign'>).body
    const original = signedById.get(tx)
    if (original) cosigns.add(check(original, sig, signer))
  }
  let asked = 0
  let askedCosigns = 0
  const verifier: Verifier = (message, signature, publicKey) => {
    asked++
    const key = question(message, signature, publicKey)
    if (cosigns.has(key)) askedCosigns++
    const answer = answers.get(key)
    if (answer === undefined) throw new Error('asked about a signature nobody checked ahead')
    return answer
  }
  return { verifier, asked: () => asked, askedCosigns: () => askedCosigns }
}

describe('Ledger with a verifier handed in', () => {
  it(
    'reaches the same outcomes, digest and view as with sodium in the loop',
    { timeout: 120_000 },
    async () => {
      let cosignsAsked = 0
      await fc.assert(
        fc.asyncProperty(historyArb(30, 90), async (spec) => {
          const { runner, entries } = await new World(spec).build()
          const { verifier, asked, askedCosigns } = checkedAhead(entries)
          const store = new MemoryStore()
          const ledger = new Ledger(store, { verify: verifier })
          const outcomes = []
          for (const entry of entries) outcomes.push(await ledger.apply(entry))
          expect(await ledger.digest()).toBe(await runner.ledger.digest())
          expect(dump(store)).toBe(dump(runner.store))
          expect(asked()).toBeGreaterThan(0)
          cosignsAsked += askedCosigns()

          // And the same outcomes, one by one, as a ledger without the option.
          const plain = new Ledger(new MemoryStore())
          for (const [i, entry] of entries.entries())
            expect(await plain.apply(entry)).toEqual(outcomes[i])
        }),
        { numRuns: runs(40) }
      )
      // The histories completed some co-signed transactions through the verifier too.
      expect(cosignsAsked).toBeGreaterThan(0)
    }
  )

  it('decides by the verifier it was given', async () => {
    const { entries } = await new World(
      fc.sample(historyArb(5, 10), { numRuns: 1, seed: 1 })[0]!
    ).build()
    const outcome = await new Ledger(new MemoryStore(), { verify: () => false }).apply(entries[0]!)
    expect(outcome.status).toBe('rejected')
    expect(outcome.code).toBe('BAD_SIGNATURE')
  })
})
