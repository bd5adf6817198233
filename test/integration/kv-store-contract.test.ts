// The KeyValueStore contract, checked the same way against MemoryStore (replay, fuzzing) and
// the Hyperbee store (the live view), so the ledger decides identically on both.
import Corestore from 'corestore'
import fc from 'fast-check'
import Hyperbee from 'hyperbee'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import type { Json, KeyValueStore, RangeOptions } from '../../core/ledger/store.ts'
import { HyperbeeStore, VIEW_ENCODING, openApplyStore } from '../../core/network/hyperbee-store.ts'
import { collect, tempDirs } from './helpers.ts'

const dirs = tempDirs()
let corestore: Corestore
let beeCount = 0

beforeAll(async () => {
  corestore = new Corestore(await dirs.make('kv-contract'))
  await corestore.ready()
})

afterAll(async () => {
  await corestore.close()
  await dirs.cleanup()
})

async function freshBee(): Promise<Hyperbee<string, Json>> {
  const bee = new Hyperbee<string, Json>(
    corestore.get({ name: `bee-${beeCount++}` }),
    VIEW_ENCODING
  )
  await bee.ready()
  return bee
}

interface Fixture {
  store: KeyValueStore
  /** Makes the writes durable where the store has such a step (the apply batch). */
  settle(): Promise<KeyValueStore>
}

const fixtures: Record<string, () => Promise<Fixture>> = {
  memory: async () => {
    const store = new MemoryStore()
    return { store, settle: async () => store }
  },
  hyperbee: async () => {
    const store = new HyperbeeStore(await freshBee())
    return { store, settle: async () => store }
  },
  'hyperbee apply batch': async () => {
    const bee = await freshBee()
    const { store, flush } = openApplyStore(bee)
    return {
      store,
      settle: async () => {
        await flush()
        return new HyperbeeStore(bee)
      }
    }
  }
}

const keys = async (store: KeyValueStore, options: RangeOptions) =>
  (await collect(store.range(options))).map(([key]) => key)

// Keys whose order differs between UTF-16 code units (JS `<`) and naive UTF-8 byte order, or
// that do not survive UTF-8 at all (lone surrogates).
const TRICKY_KEYS = [
  '',
  'a',
  'a\u0000',
  'a/',
  'a~',
  'b',
  'ä',
  '\u07ff',
  '\ud7ff',
  '\ud800',
  '\udfff',
  '\ue000',
  '\uffff',
  '\u{1F600}',
  'x\u{10FFFF}'
]

describe.each(Object.keys(fixtures))('KeyValueStore contract: %s', (name) => {
  const make = fixtures[name]!

  it('gets what was put, as JSON, and undefined for missing keys', async () => {
    const { store, settle } = await make()
    const value = { a: [1, 'two', null, true, { b: '3' }], n: -1.5, s: 'ü' }
    await store.put('k/1', value)
    await store.put('k/2', null)
    await store.put('k/3', false)
    expect(await store.get('k/1')).toEqual(value)
    expect(await store.get('k/2')).toBeNull()
    expect(await store.get('k/3')).toBe(false)
    expect(await store.get('k/4')).toBeUndefined()
    const settled = await settle()
    expect(await settled.get('k/1')).toEqual(value)
    expect(await settled.get('k/2')).toBeNull()
    expect(await settled.get('k/4')).toBeUndefined()
  })

  it('overwrites, deletes (also missing keys) and applies batches in order', async () => {
    const { store, settle } = await make()
    await store.put('a', 1)
    await store.put('a', 2)
    await store.del('missing')
    await store.batch([
      { type: 'put', key: 'b', value: 'x' },
      { type: 'del', key: 'b' },
      { type: 'put', key: 'c', value: 'y' },
      { type: 'del', key: 'a' },
      { type: 'put', key: 'c', value: 'z' }
    ])
    expect(await store.get('a')).toBeUndefined()
    expect(await store.get('b')).toBeUndefined()
    expect(await store.get('c')).toBe('z')
    expect(await keys(store, {})).toEqual(['c'])
    expect(await keys(await settle(), {})).toEqual(['c'])
  })

  it('ranges with every bound, reversed, limited, and combined bounds', async () => {
    const { store, settle } = await make()
    await store.batch(
      ['p/3', 'p/1', 'q/1', 'p/2', 'o/9', 'p/'].map((key) => ({ type: 'put', key, value: key }))
    )
    for (const s of [store, await settle()]) {
      expect(await keys(s, { gte: 'p/', lt: 'p/~' })).toEqual(['p/', 'p/1', 'p/2', 'p/3'])
      expect(await keys(s, { gt: 'p/', lt: 'p/~' })).toEqual(['p/1', 'p/2', 'p/3'])
      expect(await keys(s, { gt: 'p/1', lte: 'q/1' })).toEqual(['p/2', 'p/3', 'q/1'])
      expect(await keys(s, { gte: 'p/', lt: 'p/~', reverse: true })).toEqual([
        'p/3',
        'p/2',
        'p/1',
        'p/'
      ])
      expect(await keys(s, { gt: 'o/9', limit: 2 })).toEqual(['p/', 'p/1'])
      expect(await keys(s, { lt: 'p/2', gt: 'o/9', reverse: true, limit: 1 })).toEqual(['p/1'])
      expect(await keys(s, { gt: 'p/1', gte: 'p/' })).toEqual(['p/2', 'p/3', 'q/1'])
      expect(await keys(s, { gt: 'o', gte: 'p/2', lt: 'q', lte: 'p/3' })).toEqual(['p/2', 'p/3'])
      expect(await keys(s, { limit: 0 })).toEqual([])
      expect(await keys(s, { gt: 'q', lt: 'p' })).toEqual([])
      expect(await collect(s.range({ gte: 'q/1', lte: 'q/1' }))).toEqual([['q/1', 'q/1']])
    }
  })

  it('orders every string key as JS `<` does (UTF-16 code units), round-tripping each', async () => {
    const { store, settle } = await make()
    const shuffled = [...TRICKY_KEYS].reverse()
    for (const key of shuffled) await store.put(key, key)
    const expected = [...TRICKY_KEYS].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    for (const s of [store, await settle()]) {
      expect(await keys(s, {})).toEqual(expected)
      for (const key of TRICKY_KEYS) expect(await s.get(key)).toBe(key)
      expect(await keys(s, { gt: '\ud800', lt: '\uffff' })).toEqual(
        expected.filter((k) => k > '\ud800' && k < '\uffff')
      )
    }
  })

  it('agrees with a plain model on random histories', async () => {
    const keyArb = fc.oneof(
      fc.constantFrom(...TRICKY_KEYS),
      fc.string({
        maxLength: 4,
        unit: fc.constantFrom('a', 'b', '/', '~', 'é', '\ud83d', '\ude00')
      })
    )
    const opArb = fc.oneof(
      fc.record({ type: fc.constant('put' as const), key: keyArb, value: fc.integer() }),
      fc.record({ type: fc.constant('del' as const), key: keyArb })
    )
    const rangeArb = fc.record(
      { gt: keyArb, gte: keyArb, lt: keyArb, lte: keyArb, reverse: fc.boolean(), limit: fc.nat(6) },
      { requiredKeys: [] }
    )
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 30 }), rangeArb, async (ops, range) => {
        const { store, settle } = await make()
        const model = new Map<string, Json>()
        for (const op of ops) {
          if (op.type === 'put') model.set(op.key, op.value)
          else model.delete(op.key)
        }
        await store.batch(ops)
        const settled = await settle()
        const inside = (k: string) =>
          (range.gt === undefined || k > range.gt) &&
          (range.gte === undefined || k >= range.gte) &&
          (range.lt === undefined || k < range.lt) &&
          (range.lte === undefined || k <= range.lte)
        let expected = [...model.keys()].filter(inside).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        if (range.reverse) expected.reverse()
        if (range.limit !== undefined) expected = expected.slice(0, range.limit)
        expect(await keys(settled, range)).toEqual(expected)
        for (const k of expected) expect(await settled.get(k)).toBe(model.get(k))
      }),
      { numRuns: name === 'memory' ? 200 : 40 }
    )
  })
})

describe('HyperbeeStore apply batch', () => {
  it('keeps writes out of the view core until flushed', async () => {
    const bee = await freshBee()
    const { store, flush } = openApplyStore(bee)
    await store.put('a', 1)
    await store.batch([{ type: 'put', key: 'b', value: 2 }])
    expect(await store.get('a')).toBe(1)
    expect(await keys(store, {})).toEqual(['a', 'b'])
    // Only Hyperbee's header block (written on the first put) is in the core so far.
    expect(bee.core.length).toBeLessThanOrEqual(1)
    expect(await new HyperbeeStore(bee).get('a')).toBeUndefined()
    await flush()
    expect(bee.core.length).toBe(3)
    expect(await new HyperbeeStore(bee).get('b')).toBe(2)
  })
})

describe('HyperbeeStore failures', () => {
  it('tells storage failures (this device only) from the caller’s own bugs', async () => {
    const bee = await freshBee()
    const { store, discard } = openApplyStore(bee)
    await expect(store.put('k', 10n as unknown as Json)).rejects.toThrow(TypeError)
    expect(store.failure).toBeNull()
    await discard()

    const closing = new HyperbeeStore(bee)
    await bee.close()
    await expect(closing.get('k')).rejects.toThrow()
    expect(closing.failure).not.toBeNull()
  })
})
