// The KeyValueStore contract, checked the same way against MemoryStore (replay, fuzzing) and
// the Hyperbee store (the live view), so the ledger decides identically on both.
import Corestore from 'corestore'
import fc from 'fast-check'
import Hyperbee from 'hyperbee'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import type { Json, KeyValueStore, RangeOptions } from '../../core/ledger/store.ts'
import type { ApplyHost, ApplyNode } from 'autobase'
import { applyNodes } from '../../core/network/apply.ts'
import {
  type ApplyStore,
  HyperbeeStore,
  VIEW_ENCODING,
  openApplyStore
} from '../../core/network/hyperbee-store.ts'
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
    expect(bee.core.length).toBe(0)
    expect(await new HyperbeeStore(bee).get('a')).toBeUndefined()
    await flush()
    // Hyperbee's header block, then one block per key.
    expect(bee.core.length).toBe(3)
    expect(await new HyperbeeStore(bee).get('b')).toBe(2)
  })

  it('writes each key once, in key order, and nothing for what the view already holds', async () => {
    const bee = await freshBee()
    const first = openApplyStore(bee)
    await first.store.batch([
      { type: 'put', key: 'same', value: { v: 1 } },
      { type: 'put', key: 'gone', value: 1 },
      { type: 'put', key: 'changed', value: 1 }
    ])
    await first.flush()
    const length = bee.core.length

    const { store, flush } = openApplyStore(bee)
    for (let i = 0; i < 5; i++) {
      await store.put('z', i)
      await store.put('m', { i })
      await store.batch([
        { type: 'put', key: 'a', value: [i] },
        { type: 'del', key: 'never' }
      ])
    }
    await store.get('same')
    await store.put('same', { v: 1 }) // as the view has it: no block
    await store.get('never')
    await store.del('never') // not in the view: no block
    await store.del('gone')
    await store.put('changed', 2)
    await store.put('temp', 1)
    await store.del('temp') // never read, so it may be in the view: Hyperbee finds it is not
    await flush()

    const blocks = []
    for (let seq = length; seq < bee.core.length; seq++) blocks.push(await bee.getBySeq(seq))
    expect(blocks.map((b) => [b?.key, b?.value ?? null])).toEqual([
      ['a', [4]],
      ['changed', 2],
      ['gone', null],
      ['m', { i: 4 }],
      ['z', 4]
    ])
    expect(await collect(new HyperbeeStore(bee).range({}))).toEqual([
      ['a', [4]],
      ['changed', 2],
      ['m', { i: 4 }],
      ['same', { v: 1 }],
      ['z', 4]
    ])
  })

  it('hands the blocks it wrote to Hyperbee’s cache, as Hyperbee itself would read them', async () => {
    const bee = await freshBee()
    const first = openApplyStore(bee)
    await first.store.batch(
      Array.from({ length: 40 }, (_, i) => ({ type: 'put', key: `k/${i}`, value: { i } }))
    )
    await first.flush()
    const length = bee.core.length
    const { store, flush } = openApplyStore(bee)
    await store.get('k/3')
    await store.put('k/3', 'three')
    await store.del('k/4')
    await store.del('absent') // no block
    await store.put('k/20x', [1, 2])
    await flush()
    expect(bee.core.length).toBe(length + 3)

    type Cache = { get(seq: number): unknown }
    const caches = (b: Hyperbee<string, Json>) =>
      b as unknown as { _nodeCache: Cache; _keyCache: Cache }
    const fresh = new Hyperbee<string, Json>(bee.core.session(), VIEW_ENCODING)
    await fresh.ready()
    // Every block is cached; those of the last call not used yet (Hyperbee inflates an entry's
    // index when it walks through it) are as Hyperbee reads them from storage.
    for (let seq = 1; seq < bee.core.length; seq++)
      expect(caches(bee)._nodeCache.get(seq)).not.toBeNull()
    for (let seq = length; seq < bee.core.length; seq++) {
      const remembered = caches(bee)._nodeCache.get(seq)
      await fresh.getBySeq(seq)
      expect(remembered).toEqual(caches(fresh)._nodeCache.get(seq))
      expect(caches(bee)._keyCache.get(seq)).toEqual((remembered as { key: Uint8Array }).key)
    }
    await fresh.close()
    expect(await store.get('k/3')).toBe('three')
    expect(await new HyperbeeStore(bee).get('k/20x')).toEqual([1, 2])
  })

  it('hands out copies: changing a value put or got changes nothing stored', async () => {
    const bee = await freshBee()
    const { store, flush } = openApplyStore(bee)
    const value = { list: [1] }
    await store.put('k', value)
    value.list.push(2)
    const got = (await store.get('k')) as { list: number[] }
    expect(got).toEqual({ list: [1] })
    got.list.push(3)
    expect(await store.get('k')).toEqual({ list: [1] })
    const ranged = (await collect(store.range({}))) as Array<[string, { list: number[] }]>
    ranged[0]![1].list.push(4)
    await flush()
    expect(await new HyperbeeStore(bee).get('k')).toEqual({ list: [1] })
  })

  it('refuses what JSON cannot hold without touching the overlay (a whole batch or nothing)', async () => {
    const bee = await freshBee()
    const { store, flush } = openApplyStore(bee)
    await store.put('k', 1)
    await expect(
      store.batch([
        { type: 'put', key: 'k', value: 2 },
        { type: 'put', key: 'big', value: 10n as unknown as Json }
      ])
    ).rejects.toThrow(TypeError)
    await expect(store.put('u', undefined as unknown as Json)).rejects.toThrow(TypeError)
    await expect(store.get(7 as unknown as string)).rejects.toThrow(TypeError)
    expect(store.failure).toBeNull()
    expect(await store.get('k')).toBe(1)
    await flush()
    expect(await collect(new HyperbeeStore(bee).range({}))).toEqual([['k', 1]])
  })

  it('agrees with MemoryStore on random views and random calls, reads after writes and ranges', async () => {
    // Few keys, so that the call's writes often replace or delete what the view holds.
    const keyArb = fc.oneof(
      fc.constantFrom(...TRICKY_KEYS),
      fc.string({ maxLength: 2, unit: fc.constantFrom('a', 'b', 'é', '\ud83d') })
    )
    const opArb = fc.oneof(
      fc.record({ type: fc.constant('put' as const), key: keyArb, value: fc.integer() }),
      fc.record({ type: fc.constant('del' as const), key: keyArb })
    )
    const rangeArb = fc.oneof(
      fc.record({ reverse: fc.boolean(), limit: fc.nat(6) }, { requiredKeys: [] }),
      fc.record(
        {
          gt: keyArb,
          gte: keyArb,
          lt: keyArb,
          lte: keyArb,
          reverse: fc.boolean(),
          limit: fc.nat(6)
        },
        { requiredKeys: [] }
      )
    )
    // A call is steps: a batch of writes, or reads (gets and a range) checked against the model.
    const stepArb = fc.oneof(
      fc.record({ ops: fc.array(opArb, { maxLength: 6 }) }),
      fc.record({ gets: fc.array(keyArb, { maxLength: 4 }), range: rangeArb })
    )
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 5, maxLength: 30 }),
        fc.array(stepArb, { minLength: 2, maxLength: 12 }),
        async (history, steps) => {
          const bee = await freshBee()
          const model = new MemoryStore()
          const before = openApplyStore(bee)
          await before.store.batch(history)
          await model.batch(history)
          await before.flush()

          const { store, flush } = openApplyStore(bee)
          const check = async (s: KeyValueStore, gets: string[], range: RangeOptions) => {
            for (const key of gets) expect(await s.get(key)).toEqual(await model.get(key))
            expect(await collect(s.range(range))).toEqual(await collect(model.range(range)))
          }
          for (const step of steps) {
            if ('ops' in step) {
              await store.batch(step.ops)
              await model.batch(step.ops)
            } else await check(store, step.gets, step.range)
          }
          await check(store, [], {})
          await flush()
          await check(new HyperbeeStore(bee), [], {})
        }
      ),
      { numRuns: 100 }
    )
  })
})

describe('applyNodes', () => {
  const host = {} as ApplyHost // no effects in these entries
  const node = (text: string) =>
    ({ value: Buffer.from(text), from: { key: Buffer.alloc(32) } }) as unknown as ApplyNode

  it('fails the whole call, writing nothing, when storage fails in any entry', async () => {
    const bee = await freshBee()
    const first = openApplyStore(bee)
    await first.store.put('k', 'before')
    await first.flush()
    const length = bee.core.length

    // The second entry's read fails on this device: the ledger swallows it as a rejection.
    const applyEntry = async (store: KeyValueStore, entry: { bytes: Uint8Array }) => {
      const text = Buffer.from(entry.bytes).toString()
      await store.put('k', text)
      await store.put(`log/${text}`, text)
      if (text === 'two') {
        const bee = (store as unknown as { bee: { get(key: string): Promise<unknown> } }).bee
        bee.get = async () => {
          throw new Error('EIO: the disk said no')
        }
        await store.get('unread').catch(() => {})
      }
      return { seq: 0, id: null, type: null, status: 'accepted', effects: [], digest: '' } as never
    }
    const reports: unknown[] = []
    await expect(
      applyNodes([node('one'), node('two'), node('three')], bee, host, applyEntry, (e) =>
        reports.push(e)
      )
    ).rejects.toThrow('EIO')
    expect(reports).toEqual([])
    expect(bee.core.length).toBe(length)
    expect(await collect(new HyperbeeStore(bee).range({}))).toEqual([['k', 'before']])

    // The view's write lock was released: the next call writes.
    await applyNodes([node('four')], bee, host, applyEntry, () => {})
    expect(await new HyperbeeStore(bee).get('k')).toBe('four')
  })

  it('fails the call, writing nothing, when the final write fails', async () => {
    const bee = await freshBee()
    const { store, flush } = openApplyStore(bee)
    await store.put('a', 1)
    await store.put('b', 2)
    const batch = (store as unknown as { bee: { flush(): Promise<void> } }).bee
    batch.flush = async () => {
      throw new Error('ENOSPC')
    }
    await expect(flush()).rejects.toThrow('ENOSPC')
    expect((store as ApplyStore).failure).toBeInstanceOf(Error)
    // At most Hyperbee's header block (a bee's first put writes it at once), no key.
    expect(bee.core.length).toBeLessThanOrEqual(1)
    // The lock is free again.
    const next = openApplyStore(bee)
    await next.store.put('c', 3)
    await next.flush()
    expect(await collect(new HyperbeeStore(bee).range({}))).toEqual([['c', 3]])
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
