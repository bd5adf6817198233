// new Ledger(store, { verify }): a host may hand the ledger signature checks it did ahead of
// time (on worker threads, say). Whether a signature matches its bytes never depends on the
// state, so any verifier that answers correctly must give the same outcomes, digest and view
// as sodium's verify in the loop; and the ledger must really ask it.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import type { LedgerEntry } from '../../core/ledger/types.ts'
import { verify, type Verifier } from '../../core/protocol/crypto.ts'
import { decodeEntry } from '../../core/protocol/decode.ts'
import { dump, historyArb, World } from './properties-history.ts'

const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.PROPERTY_SCALE ?? 1)))

/**
 * Every envelope signature of the entries checked up front, as a host's workers would, and a
 * verifier answering from those checks. A question it has no answer for fails the test.
 */
function checkedAhead(entries: LedgerEntry[]): { verifier: Verifier; asked: () => number } {
  const answers = new Map<string, boolean>()
  const question = (message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array) =>
    `${Buffer.from(message).toString('hex')}|${Buffer.from(signature).toString('hex')}|${Buffer.from(publicKey).toString('hex')}`
  for (const entry of entries) {
    const decoded = decodeEntry(entry.bytes)
    if (!decoded.ok) continue
    for (const [signer, sig] of Object.entries(decoded.tx.sigs)) {
      const [s, k] = [Buffer.from(sig, 'hex'), Buffer.from(signer, 'hex')]
      answers.set(question(decoded.signed, s, k), verify(decoded.signed, s, k))
    }
  }
  let asked = 0
  const verifier: Verifier = (message, signature, publicKey) => {
    asked++
    const answer = answers.get(question(message, signature, publicKey))
    if (answer === undefined) throw new Error('asked about a signature nobody checked ahead')
    return answer
  }
  return { verifier, asked: () => asked }
}

describe('Ledger with a verifier handed in', () => {
  it(
    'reaches the same outcomes, digest and view as with sodium in the loop',
    { timeout: 120_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(historyArb(30, 90), async (spec) => {
          const { runner, entries } = await new World(spec).build()
          const { verifier, asked } = checkedAhead(entries)
          const store = new MemoryStore()
          const ledger = new Ledger(store, { verify: verifier })
          const outcomes = []
          for (const entry of entries) outcomes.push(await ledger.apply(entry))
          expect(await ledger.digest()).toBe(await runner.ledger.digest())
          expect(dump(store)).toBe(dump(runner.store))
          expect(asked()).toBeGreaterThan(0)

          // And the same outcomes, one by one, as a ledger without the option.
          const plain = new Ledger(new MemoryStore())
          for (const [i, entry] of entries.entries())
            expect(await plain.apply(entry)).toEqual(outcomes[i])
        }),
        { numRuns: runs(40) }
      )
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
