// The usual bodies are checked by hand (core/protocol/plain-bodies.ts) and only the rest by
// their zod schemas. The hand check must never say yes where the schema says no, and must
// return exactly the schema's output (same keys, same order, same values): on random, valid
// and broken bodies of every type it covers, its answer is compared with safeParse's.
import fc from 'fast-check'
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { plainBody, SHAPES } from '../../core/protocol/plain-bodies.ts'
import { bodySchemas, type TxType } from '../../core/protocol/types.ts'

const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length })
const key = hex(64)
const lotId = fc.tuple(key, fc.oneof(fc.nat(9999), fc.nat(99999))).map(([k, n]) => `${k}:${n}`)
const digits = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 1e12 }).map(String) },
  fc.nat().map(String),
  fc.bigInt({ min: 0n, max: 10n ** 32n }).map(String),
  fc.constantFrom('0', '00', '01', '9'.repeat(15), '9'.repeat(16), `1${'0'.repeat(15)}`, `1${'0'.repeat(14)}1`, '9'.repeat(30), '9'.repeat(31), '-1', '1.5', ' 1', '1e3', '١')
)
const time = fc.oneof(
  fc.nat(),
  fc.constantFrom(0, -0, 8_640_000_000_000_000, 8_640_000_000_000_001, Number.MAX_SAFE_INTEGER, -1, 1.5, 1e300)
)
// Any field's value now and then, whatever its rule.
const odd = fc.oneof(
  fc.constantFrom(null, true, false, 0, 1, '', 'x', '0', [], {}),
  key.map((k) => k.toUpperCase()),
  hex(63),
  fc.jsonValue({ maxDepth: 1 })
)
const mostly = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: odd })

/** What a field of this name holds in the schemas SHAPES covers. */
function valueFor(name: string): fc.Arbitrary<unknown> {
  if (name === 'lot') return mostly(lotId)
  if (['minutes', 'amount', 'quantity', 'minutesUsed'].includes(name)) return mostly(digits)
  if (['performedAt', 'deliverBy'].includes(name)) return mostly(time)
  if (['asComponent', 'repurposed'].includes(name)) return mostly(fc.boolean())
  if (name === 'references') return mostly(fc.array(key, { maxLength: 3 }))
  if (name === 'note') return mostly(fc.constantFrom('a note', ' ', 'x\u202e'))
  return mostly(key)
}

const types = Object.keys(SHAPES) as TxType[]

/** A body for `type`: each field present (mostly valid) or absent, now and then an extra key, in any order. */
const body = (type: TxType) => {
  const names = SHAPES[type]!.map(([name]) => name)
  return fc
    .record(
      {
        // Fields the hand check leaves to zod (free text, arrays) are mostly absent, as in real bodies.
        fields: fc.tuple(...names.map((name) => fc.option(valueFor(name), { freq: name === 'note' || name === 'references' ? 2 : 12, nil: undefined }))),
        extra: fc.option(fc.constantFrom('constructor', 'toString', 'note', 'x', 'production', ''), { freq: 1, nil: undefined })
      },
      { requiredKeys: ['fields'] }
    )
    .chain(({ fields, extra }) => {
      const members: Array<[string, unknown]> = []
      names.forEach((name, i) => {
        if (fields[i] !== undefined) members.push([name, fields[i]])
      })
      if (extra !== undefined && !names.includes(extra)) members.push([extra, '1'])
      return fc.shuffledSubarray(members, { minLength: members.length })
    })
    // As JSON text parsed again: what decodeEntry hands over.
    .map((members) => JSON.parse(`{${members.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`) as Record<string, unknown>)
}

describe('plainBody', () => {
  it('lists every key of each schema it covers, in the schema\'s order, optional where the schema is', () => {
    for (const type of types) {
      const schema = bodySchemas[type] as unknown as z.ZodObject
      const shape = SHAPES[type]!
      expect(shape.map(([name]) => name), type).toEqual(Object.keys(schema.shape))
      for (const [name, , optional] of shape) {
        expect(optional === 'optional', `${type}.${name}`).toBe((schema.shape[name] as z.ZodType).safeParse(undefined).success)
      }
    }
  })

  for (const type of types) {
    it(`accepts a ${type} body only as its schema does, and returns the schema's output`, () => {
      let plain = 0
      let refusedByZod = 0
      fc.assert(
        fc.property(body(type), (value) => {
          const fast = plainBody(type, value)
          const zod = bodySchemas[type].safeParse(value)
          if (!zod.success) refusedByZod++
          if (fast === null) return
          plain++
          expect(zod.success).toBe(true)
          expect(isDeepStrictEqual(fast, zod.data)).toBe(true)
          expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data))
        }),
        { numRuns: 800 }
      )
      // Both sides must be reached often, or the comparison proves little.
      expect(plain).toBeGreaterThan(50)
      expect(refusedByZod).toBeGreaterThan(50)
    })
  }
})
