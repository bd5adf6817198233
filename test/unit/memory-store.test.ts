import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import type { RangeOptions } from '../../core/ledger/store.ts'

async function collect(iter: AsyncIterable<[string, unknown]>): Promise<string[]> {
  const keys: string[] = []
  for await (const [key] of iter) keys.push(key)
  return keys
}

describe('MemoryStore', () => {
  it('gets, puts, deletes and batches', async () => {
    const store = new MemoryStore()
    await store.put('a', 1)
    await store.batch([
      { type: 'put', key: 'b', value: { x: '2' } },
      { type: 'del', key: 'a' }
    ])
    expect(await store.get('a')).toBeUndefined()
    expect(await store.get('b')).toEqual({ x: '2' })
  })

  it('ranges in key order with exclusive and inclusive bounds, reversed and limited', async () => {
    const store = new MemoryStore()
    for (const key of ['p/3', 'p/1', 'q/1', 'p/2', 'o/9']) await store.put(key, key)
    expect(await collect(store.range({ gte: 'p/', lt: 'p/~' }))).toEqual(['p/1', 'p/2', 'p/3'])
    expect(await collect(store.range({ gt: 'p/1', lte: 'q/1' }))).toEqual(['p/2', 'p/3', 'q/1'])
    expect(await collect(store.range({ gte: 'p/', lt: 'p/~', reverse: true }))).toEqual([
      'p/3',
      'p/2',
      'p/1'
    ])
    expect(await collect(store.range({ gt: 'o/9', limit: 2 }))).toEqual(['p/1', 'p/2'])
    expect(await collect(store.range({ lt: 'p/2', gt: 'o/9', reverse: true }))).toEqual(['p/1'])
  })
})

describe('MemoryStore values', () => {
  it('are frozen: a caller can never change a stored value by changing what it read or wrote', async () => {
    const store = new MemoryStore()
    const written = { roles: ['producer'] }
    await store.put('c', written)
    expect(() => written.roles.push('dispatcher')).toThrow(TypeError)
    const read = (await store.get('c')) as { roles: string[] }
    expect(() => read.roles.push('x')).toThrow(TypeError)
    expect(() => ((read as any).name = 'x')).toThrow(TypeError)
    expect(await store.get('c')).toEqual({ roles: ['producer'] })
  })
})

describe('MemoryStore ranges, with keys indexed only when a range needs them', () => {
  // Keys around the edges of a prefix (the text before the first '/'): prefixes that begin
  // alike, keys without a slash, characters just below and above '/' and '0', surrogates.
  const part = fc.constantFrom(
    '',
    'a',
    'ab',
    'a.',
    'a0',
    'b',
    '/',
    '.',
    '0',
    '~',
    'é',
    '\ud83d',
    '\ude00',
    '\uffff'
  )
  const keyArb = fc
    .array(fc.tuple(fc.constantFrom('', '/'), part), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.map(([slash, text]) => slash + text).join(''))
  const boundArb = fc.oneof(keyArb, fc.constantFrom('a/', 'a/\uffff', 'a0', 'b', ''))
  const rangeArb = fc.record(
    {
      gt: boundArb,
      gte: boundArb,
      lt: boundArb,
      lte: boundArb,
      reverse: fc.boolean(),
      limit: fc.nat(8)
    },
    { requiredKeys: [] }
  )
  const stepArb = fc.oneof(
    fc.record({ put: keyArb }),
    fc.record({ del: keyArb }),
    fc.record({ range: rangeArb })
  )

  /** The contract, plainly: every key, sorted by UTF-16 code units, filtered. */
  function expected(keys: Set<string>, o: RangeOptions): string[] {
    const inside = [...keys]
      .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
      .filter(
        (k) =>
          (o.gt === undefined || k > o.gt) &&
          (o.gte === undefined || k >= o.gte) &&
          (o.lt === undefined || k < o.lt) &&
          (o.lte === undefined || k <= o.lte)
      )
    if (o.reverse) inside.reverse()
    return o.limit === undefined ? inside : inside.slice(0, o.limit)
  }

  it('answer every range exactly, however puts, deletes and ranges interleave', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { maxLength: 60 }), async (steps) => {
        const store = new MemoryStore()
        const model = new Set<string>()
        for (const step of steps) {
          if ('put' in step) {
            await store.put(step.put, step.put)
            model.add(step.put)
          } else if ('del' in step) {
            await store.del(step.del)
            model.delete(step.del)
          } else {
            expect(await collect(store.range(step.range))).toEqual(expected(model, step.range))
          }
        }
        expect(await collect(store.range({}))).toEqual(expected(model, {}))
        expect(store.size).toBe(model.size)
      }),
      { numRuns: 1000 }
    )
  })
})
