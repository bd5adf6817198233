// core/protocol/canonical.ts replaced the `canonicalize` package in the hot path. Ids and
// signatures are hashes of its output, so it must write exactly the package's bytes: compared
// here on random JSON values (any UTF-16 text, lone surrogates and control characters too,
// numbers of every size, nested arrays and objects), and on the undefined members and
// refusals the package also handles.
import canonicalize from 'canonicalize'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonical } from '../../core/protocol/canonical.ts'
import { encodeTransaction, signingBytes } from '../../core/protocol/encoding.ts'
import type { Transaction } from '../../core/protocol/envelope.ts'

const utf8 = (text: string | undefined) => Buffer.from(new TextEncoder().encode(text))

// Any UTF-16 code unit: lone surrogates, controls, quotes and backslashes included.
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n))
// The edges of what needs escaping, often enough to be hit every run.
const edge = fc.constantFrom(
  '"',
  '\\',
  '\u0000',
  '\b',
  '\n',
  '\u001f',
  ' ',
  '\u007f',
  '\u2028',
  '\ud7ff',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\ue000',
  '\ud83d\ude00',
  'é',
  'a',
  '/',
  '0'
)
const text = fc.oneof(
  fc.string({ unit: codeUnit }),
  fc.string({ unit: edge }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' })
)
const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 1e21, 1e-7, 5e-324, Number.MAX_VALUE)
)

const { value: json } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    number,
    text,
    fc.array(tie('value')),
    fc.dictionary(text, tie('value'))
  )
}))

describe('canonical JSON (RFC 8785)', () => {
  it('writes the same bytes as the canonicalize package for any JSON value', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(utf8(canonical(value)).equals(utf8(canonicalize(value)))).toBe(true)
      }),
      { numRuns: 2000 }
    )
  })

  it('also for objects with many keys (sorted another way past 16)', () => {
    fc.assert(
      fc.property(fc.dictionary(text, json, { minKeys: 10, maxKeys: 60 }), (value) => {
        expect(utf8(canonical(value)).equals(utf8(canonicalize(value)))).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it('also for fast-check JSON values with unicode text', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        expect(canonical(value)).toBe(canonicalize(value))
      }),
      { numRuns: 1000 }
    )
  })

  it('leaves out undefined members, writes undefined items as null, refuses NaN and Infinity', () => {
    const value = {
      b: undefined,
      a: [undefined, 1, { z: 2, y: undefined }],
      é: '\u2028',
      '\ud800': 'x',
      '10': 1,
      '9': 2
    }
    expect(canonical(value)).toBe(canonicalize(value))
    expect(canonical(value)).toBe('{"10":1,"9":2,"a":[null,1,{"z":2}],"é":"\u2028","\\ud800":"x"}')
    expect(() => canonical({ x: NaN })).toThrow('NaN is not allowed')
    expect(() => canonical([Infinity])).toThrow('Infinity is not allowed')
  })

  it('gives the signed bytes and the log bytes of a transaction as the package did', () => {
    fc.assert(
      fc.property(
        json,
        fc.nat(),
        fc.option(fc.nat(), { nil: undefined }),
        (body, time, expires) => {
          const tx = {
            v: 1,
            type: 'order.place',
            body,
            time,
            signers: ['ab'.repeat(32)],
            sigs: { ['ab'.repeat(32)]: 'cd'.repeat(64) }
          } as unknown as Transaction
          if (expires !== undefined) tx.expires = expires
          const { sigs: _, ...signed } = tx
          expect(signingBytes(tx).equals(utf8(canonicalize(signed)))).toBe(true)
          expect(encodeTransaction(tx).equals(utf8(canonicalize(tx)))).toBe(true)
        }
      ),
      { numRuns: 500 }
    )
  })
})
