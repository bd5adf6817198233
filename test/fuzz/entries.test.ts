// Fuzzing log entries from peers: valid transactions of a small economy, mutated (bytes, JSON
// fields, with and without fresh signatures, other writers), each applied by the ledger as an
// entry from a peer. Nothing may throw; a refusal carries a known code and a sentence and
// changes nothing but the log's bookkeeping; the view keeps PROTOCOL §9's invariants
// throughout; and replaying every entry on a fresh ledger gives the same digest.
import { describe, expect, it } from 'vitest'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import { encodeTransaction } from '../../core/protocol/encoding.ts'
import type { Transaction } from '../../core/protocol/envelope.ts'
import { isRefusalCode } from '../../core/protocol/refusals.ts'
import { signatureFor } from '../../core/protocol/sign.ts'
import { snapshot } from '../helpers/rules.ts'
import { checkState } from '../unit/properties/invariants.ts'
import { fuzzEconomy } from './economy.ts'
import { mutateBytes, mutateJson, Prng } from './mutate.ts'
import { report } from './report.ts'

const INPUTS = Number(process.env.FUZZ_ENTRIES ?? 2000)
const SEED = 13_2026

const readable = (reason: unknown) => typeof reason === 'string' && reason.length >= 12 && /[a-z]{3,} [a-z0-9"“]/i.test(reason) && !/undefined|NaN|\[object|\n\s+at /.test(reason)

describe('log entries from peers, mutated', () => {
  it(`${INPUTS} mutated entries: no crash, every refusal coded and harmless, the view intact`, { timeout: 600_000 }, async () => {
    const h = await fuzzEconomy()
    const keys = h.keyPairs()
    const valid = h.txs.map((t) => t.tx)
    const devices = [...h.collectives.values()].map((c) => c.deviceKey)
    const rng = new Prng(SEED)
    const counts: Record<string, number> = { bytes: 0, json: 0, resigned: 0, writer: 0 }
    const statuses: Record<string, number> = {}
    let crashes = 0
    let corruptions = 0

    for (let i = 0; i < INPUTS; i++) {
      const { tx, writer } = rng.pick(h.txs)
      const how = rng.pick(['bytes', 'json', 'resigned', 'resigned', 'writer'] as const)
      counts[how]!++
      let bytes: Uint8Array
      let by = writer
      if (how === 'bytes') bytes = mutateBytes(encodeTransaction(tx), rng)
      else if (how === 'writer') {
        bytes = encodeTransaction(tx)
        by = rng.chance(50) ? rng.pick(devices) : rng.bytes(32).toString('hex')
      } else {
        const mutated = mutateJson(structuredClone(tx) as unknown as Record<string, unknown>, rng, valid) as unknown as Transaction
        if (how === 'resigned' && Array.isArray(mutated.signers) && mutated.sigs !== null && typeof mutated.sigs === 'object') {
          // Signed again by whoever it names: the mutation reaches the rules, not just the signature check.
          for (const signer of mutated.signers) {
            const pair = typeof signer === 'string' ? keys.get(signer) : undefined
            if (pair) {
              try {
                mutated.sigs[signer] = signatureFor(mutated, pair)
              } catch {
                // A tree that cannot be canonicalized cannot be signed: it goes in unsigned.
              }
            }
          }
        }
        bytes = Buffer.from(JSON.stringify(mutated) ?? 'null')
      }
      const before = snapshot(h.store)
      const length = await h.ledger.length()
      let outcome
      try {
        h.entries.push({ bytes, writer: by })
        outcome = await h.ledger.apply({ bytes, writer: by })
      } catch (error) {
        crashes++
        throw new Error(`input ${i} (${how}) crashed the ledger: ${(error as Error).stack}\n${Buffer.from(bytes).toString('base64')}`)
      }
      statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1
      expect(await h.ledger.length()).toBe(length + 1)
      if (outcome.status === 'rejected') {
        expect(isRefusalCode(outcome.code), `input ${i}: unknown code ${outcome.code}`).toBe(true)
        expect(readable(outcome.reason), `input ${i}: ${outcome.code} "${outcome.reason}"`).toBe(true)
        expect(outcome.code, `input ${i}: ${outcome.reason}`).not.toBe('INTERNAL')
        expect(snapshot(h.store), `input ${i}: a rejection (${outcome.code}) changed the view`).toEqual(before)
      }
      if (i % 100 === 99) {
        try {
          checkState(h.store)
        } catch (error) {
          corruptions++
          throw new Error(`after input ${i}: ${(error as Error).message}`)
        }
      }
    }
    checkState(h.store)

    // The same entries on a fresh ledger: the same digest (nothing depended on anything but the log).
    const fresh = new Ledger(new MemoryStore())
    for (const entry of h.entries) await fresh.apply(entry)
    expect(await fresh.digest()).toBe(await h.ledger.digest())

    report('log entries from peers', { inputs: INPUTS, ...counts, ...statuses, crashes, corruptions })
    expect(statuses.accepted ?? 0).toBeGreaterThan(0)
  })
})
