// decodeEntry checks the envelope of a parsed entry by hand and leaves only the unusual ones
// to zod (core/protocol/decode.ts, plainEnvelope). The two must never disagree: on random,
// valid and broken envelopes, decodeEntry gives exactly what the zod-only checkTransaction
// gives for the same JSON: the same refusal and reason, or the same transaction (same keys in
// the same order), id and signed bytes.
import fc from 'fast-check'
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { checkTransaction, decodeEntry } from '../../core/protocol/decode.ts'

const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length })
const key = hex(64)
const oddKey = fc.oneof(
  hex(63),
  hex(65),
  key.map((k) => k.toUpperCase()),
  fc.constantFrom('__proto__', 'constructor', 'toString', '')
)

/** Mostly a valid value, sometimes a broken or tricky one. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, broken: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: broken })

const time = mostly(
  fc.oneof(fc.nat(), fc.constantFrom(0, 8_640_000_000_000_000, -0)),
  fc.oneof(
    fc.constantFrom(
      8_640_000_000_000_001,
      Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER + 1,
      -1,
      1.5,
      1e300
    ),
    fc.anything({ maxDepth: 1 })
  )
)

// Bodies the schemas accept (so the whole path is taken), and broken or tricky ones.
const goodBody = fc.oneof(
  fc.record({
    type: fc.constant('product.define'),
    body: fc.record({
      name: fc.constantFrom('grain', 'bread', ' x'),
      unit: fc.constant('kg'),
      kind: fc.constantFrom('consumable', 'meansOfProduction')
    })
  }),
  fc.record({
    type: fc.constant('order.place'),
    body: fc.record({
      producer: key,
      product: key,
      quantity: fc.constantFrom('1', '100', '0', '01')
    })
  }),
  fc.record({
    type: fc.constant('dispatch.record'),
    body: fc.record({ lot: key.map((k) => `${k}:0`), quantity: fc.constantFrom('1', '40') })
  })
)
const trickyBody = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant(JSON.parse('{"__proto__":{"a":1},"name":"grain","unit":"kg","kind":"consumable"}')),
  fc.constant(
    JSON.parse('{"constructor":{"prototype":1},"name":"grain","unit":"kg","kind":"consumable"}')
  ),
  fc.constant(JSON.parse('{"constructor":"x"}')),
  fc.constant([])
)
const typed = mostly(
  goodBody,
  fc.record({
    type: fc.oneof(
      fc.string({ maxLength: 70 }),
      fc.constantFrom('', 'x'.repeat(65), 'cosign', 'order.place', 'product.define')
    ),
    body: trickyBody
  })
)

// Signers and signatures that match, then now and then one broken part.
const signed = fc.uniqueArray(key, { maxLength: 3 }).chain((signers) =>
  fc.record({
    signers: mostly(
      fc.constant(signers),
      fc.oneof(
        fc.array(fc.oneof(key, oddKey, fc.nat()), { maxLength: 10 }),
        key.map((k) => [...signers, k, k]),
        fc.array(key, { minLength: 9, maxLength: 9 }),
        fc.constant({})
      )
    ),
    sigs: fc
      .tuple(
        fc
          .subarray(signers)
          .chain((by) =>
            fc
              .tuple(...by.map(() => hex(128)))
              .map((sigs) => Object.fromEntries(by.map((k, i) => [k, sigs[i]])))
          ),
        mostly(
          fc.constant(null),
          fc.tuple(
            fc.oneof(key, oddKey),
            fc.oneof(
              hex(128),
              hex(127),
              fc.nat(),
              hex(128).map((s) => s.toUpperCase())
            )
          )
        )
      )
      .map(([sigs, odd]) => (odd ? { ...sigs, [odd[0]]: odd[1] } : sigs))
      .chain((sigs) => mostly(fc.constant(sigs as unknown), fc.constantFrom([], null, 'x')))
  })
)

const envelope = fc
  .record(
    {
      typed,
      v: mostly(fc.constant(1), fc.constantFrom(2, '1', null, 1.0000001)),
      time,
      expires: time,
      signed,
      extra: fc.oneof(
        fc.constantFrom('note', '__proto__', 'constructor', 'sig'),
        fc.string({ maxLength: 5 })
      ),
      drop: fc.oneof({ weight: 8, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.nat(5) })
    },
    { requiredKeys: ['typed', 'v', 'time', 'signed', 'drop'] }
  )
  .map((e) => {
    const members: Array<[string, unknown]> = [
      ['v', e.v],
      ['type', e.typed.type],
      ['body', e.typed.body],
      ['time', e.time],
      ['signers', e.signed.signers],
      ['sigs', e.signed.sigs]
    ]
    if (e.drop >= 0) members.splice(e.drop, 1)
    if ('expires' in e) members.push(['expires', e.expires])
    if ('extra' in e && e.extra!.length % 3 === 0) members.push([e.extra!, 0])
    return members
  })
  // Members in any order, written as JSON text (so `__proto__` stays a member).
  .chain((members) => fc.shuffledSubarray(members, { minLength: members.length }))
  .map(
    (members) =>
      `{${members.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`
  )

describe('decodeEntry', () => {
  it('decides every envelope exactly as the zod schema does', () => {
    let accepted = 0
    fc.assert(
      fc.property(envelope, (text) => {
        const fast = decodeEntry(Buffer.from(text))
        const zod = checkTransaction(JSON.parse(text))
        if (zod.ok && fast.ok) {
          accepted++
          expect(isDeepStrictEqual(fast.tx, zod.tx)).toBe(true)
          expect(JSON.stringify(fast.tx)).toBe(JSON.stringify(zod.tx))
          expect(fast.id).toBe(zod.id)
          expect(fast.signed.equals(zod.signed)).toBe(true)
        } else expect(fast).toEqual(zod)
      }),
      { numRuns: 3000 }
    )
    // The generator must reach the accepting path often, or the comparison proves little.
    expect(accepted).toBeGreaterThan(100)
  })
})

describe('decodeEntry text', () => {
  it('is the bytes as text, a leading BOM kept, and the JSON after the BOM is what is decoded', () => {
    const text = JSON.stringify({ v: 1, type: 'production.start', body: { estimate: 'a'.repeat(64) }, time: 1, signers: [], sigs: {} })
    for (const bytes of [Buffer.from(text), Buffer.from('\ufeff' + text)]) {
      const decoded = decodeEntry(bytes)
      expect(decoded.ok).toBe(true)
      if (!decoded.ok) return
      expect(Buffer.from(decoded.text!).equals(bytes)).toBe(true)
      expect(decoded.id).toBe((decodeEntry(Buffer.from(text)) as { id: string }).id)
    }
    // Two BOMs: the second is part of the JSON text, which is then not JSON.
    expect(decodeEntry(Buffer.from('\ufeff\ufeff' + text)).ok).toBe(false)
  })
})
