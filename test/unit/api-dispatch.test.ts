// `dispatch` on whatever a host passes in: odd methods and arguments come back as refusals with
// a code, before any handler runs, and nothing thrown inside a handler escapes. The host here
// throws on any use, so a call that reached a handler would show as INTERNAL.
import { describe, expect, it } from 'vitest'
import { dispatch, type Host } from '../../main/api/table.ts'
import { MAX_DEPTH } from '../../main/api/guard.ts'

const untouchable = (thrown: unknown = new Error('the host was used')) =>
  new Proxy(
    {},
    {
      get: () => {
        throw thrown
      }
    }
  ) as Host

async function refusal(method: unknown, args: unknown, host = untouchable()) {
  const answer = await dispatch(host, method, args)
  if (!('error' in answer)) throw new Error(`expected a refusal, got ${JSON.stringify(answer)}`)
  expect(answer.error.message).toMatch(/\w+ \w+/)
  return answer.error
}

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {}
  for (let i = 0; i < depth; i++) value = { a: value }
  return value
}

describe('dispatch on odd methods', () => {
  const odd: Array<[string, unknown]> = [
    ['an object whose toString is not a function', { toString: 1 }],
    [
      'an object whose toString throws',
      {
        toString: () => {
          throw new Error('boom')
        }
      }
    ],
    ['an object without a prototype', Object.create(null)],
    ['a symbol', Symbol('node.status')],
    ['a number', 7],
    ['null', null],
    ['an array', ['node.status']]
  ]
  for (const [name, method] of odd) {
    it(`refuses ${name} as a method`, async () => {
      expect((await refusal(method, {})).code).toBe('UNKNOWN_METHOD')
    })
  }
  for (const method of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '']) {
    it(`refuses the name ${JSON.stringify(method)}`, async () => {
      expect(await refusal(method, {})).toMatchObject({ code: 'UNKNOWN_METHOD' })
    })
  }
})

describe('dispatch on odd arguments', () => {
  const cyclic: Record<string, unknown> = {}
  cyclic.self = cyclic
  // A graph of shared objects: 2^20 paths through 21 objects (IPC's structured clone keeps them).
  let shared: Record<string, unknown> = {}
  for (let i = 0; i < 20; i++) shared = { left: shared, right: shared }
  const odd: Array<[string, unknown, RegExp]> = [
    ['a number', 5, /node\.status/],
    ['a string', 'x', /node\.status/],
    ['an array', [], /node\.status/],
    ['a Map', new Map([['a', 1]]), /object of named fields/],
    ['a Date', new Date(0), /object of named fields/],
    [`an object nested ${MAX_DEPTH + 1} deep`, nested(MAX_DEPTH + 1), /nest deeper than/],
    ['an object nested 100,000 deep', nested(100_000), /nest deeper than/],
    ['an object that holds itself', cyclic, /nest deeper than/],
    ['a graph of shared objects', { a: shared }, /more than 100000 values/],
    ['an array of 200,000 values', { a: new Array(200_000).fill(0) }, /more than 100000 values/],
    ['a __proto__ key', JSON.parse('{"__proto__":{"polluted":1}}'), /"__proto__"/],
    [
      'a nested constructor key',
      { a: [{ constructor: { prototype: { polluted: 1 } } }] },
      /"constructor"/
    ]
  ]
  for (const [name, args, message] of odd) {
    it(`refuses ${name} with INVALID_ARGUMENTS`, async () => {
      const error = await refusal('node.status', args)
      expect(error.code).toBe('INVALID_ARGUMENTS')
      expect(error.message).toMatch(message)
    })
  }

  it('accepts arguments nested as deep as the limit', async () => {
    // Within the limit the call reaches its handler, which here finds the host unusable.
    expect((await refusal('node.status', nested(MAX_DEPTH - 1))).code).toBe('INTERNAL')
  })

  it('refuses a relative or ~ path for network.syncFolder before using the node', async () => {
    for (const path of ['usb', './usb', '../usb', '~/usb', '~', 'C:usb']) {
      const error = await refusal('network.syncFolder', { path })
      expect(error.code, path).toBe('INVALID_ARGUMENTS')
      expect(error.message).toMatch(/network\.syncFolder\.path: an absolute path is needed/)
    }
  })
})

describe('dispatch when a handler throws', () => {
  for (const [name, thrown] of [
    ['null', null],
    ['a string', 'oops'],
    ['a number', 42],
    ['an object without message', { code: 7 }]
  ] as const) {
    it(`answers INTERNAL when ${name} is thrown`, async () => {
      expect(await refusal('node.status', {}, untouchable(thrown))).toEqual({
        code: 'INTERNAL',
        message: 'the call failed'
      })
    })
  }

  it('passes on the code and message of an error', async () => {
    const thrown = Object.assign(new Error('the node is not set up'), { code: 'NOT_SET_UP' })
    expect(await refusal('node.status', {}, untouchable(thrown))).toEqual({
      code: 'NOT_SET_UP',
      message: 'the node is not set up'
    })
  })
})
