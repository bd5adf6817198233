import { describe, expect, it } from 'vitest'
import { MemoryStore } from '../../core/ledger/memory-store.ts'

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
