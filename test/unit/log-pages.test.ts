// The Log screen's pages (issue 14) against a full scan of the same built history: pages read
// one after another give exactly the newest-first log, a search or status filter followed
// through its cursors gives exactly the matching rows, and each call reads a bounded number of
// log entries (a page's rows unfiltered; at most its scan limit when filtered).
import { beforeAll, describe, expect, it } from 'vitest'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import * as q from '../../core/ledger/queries.ts'
import type { KeyValueStore, RangeOptions } from '../../core/ledger/store.ts'
import { logRow, namesIn, searchText, type LogRow } from '../../core/node/audit.ts'
import * as views from '../../core/node/views.ts'
import { buildMix } from '../bench/ledger.ts'

let store: MemoryStore
let full: LogRow[]

/** The store, counting the log entries that range reads hand out. */
function counting(inner: KeyValueStore) {
  const seen = { logEntries: 0 }
  const store: KeyValueStore = {
    get: (key) => inner.get(key),
    put: (key, value) => inner.put(key, value),
    del: (key) => inner.del(key),
    batch: (ops) => inner.batch(ops),
    async *range(options: RangeOptions) {
      for await (const row of inner.range(options)) {
        if (row[0].startsWith('log/')) seen.logEntries++
        yield row
      }
    }
  }
  return { store, seen }
}

beforeAll(async () => {
  store = new MemoryStore()
  const ledger = new Ledger(store)
  const entries = buildMix(1500).entries
  for (const [i, entry] of entries.entries()) {
    await ledger.apply(entry)
    // Refused entries among the rest, for the status filter: every 60th entry again (a
    // duplicate) and bytes that are no transaction.
    if (i % 60 === 59) {
      await ledger.apply(entry)
      await ledger.apply({ ...entry, bytes: new TextEncoder().encode(`not a transaction ${i}`) })
    }
  }
  // The full scan: every entry, newest first, as a row.
  const names = await namesIn(store)
  full = []
  for (const entry of await q.log(store, { limit: 1_000_000, reverse: true, withEntries: true })) full.push(await logRow(store, entry, names))
}, 120_000)

/** Every call of `views.log` with `options`, following `next` from the newest entry. */
async function follow(options: { limit: number; search?: string; status?: string; scanLimit?: number }) {
  const rows: LogRow[] = []
  const calls: Array<{ rows: number; read: number; next: number | null }> = []
  let before: number | undefined
  for (;;) {
    const { store: s, seen } = counting(store)
    const page = await views.log(s, { ...options, ...(before !== undefined ? { before } : {}) })
    calls.push({ rows: page.entries.length, read: seen.logEntries, next: page.next })
    expect(page.total).toBe(full.length)
    rows.push(...page.entries)
    if (page.next === null) return { rows, calls }
    expect(page.next).toBeLessThan(before ?? Infinity)
    before = page.next
  }
}

describe('the log, a page at a time', () => {
  it('the history is long enough to mean something', () => {
    expect(full.length).toBeGreaterThan(1000)
    expect(full[0]!.seq).toBe(full.length - 1)
  })

  it('unfiltered pages give the whole log once, newest first, each reading only its own rows', async () => {
    for (const limit of [100, 37, full.length, full.length - 1]) {
      const { rows, calls } = await follow({ limit })
      expect(rows).toEqual(full)
      for (const call of calls) expect(call.read).toBeLessThanOrEqual(limit)
      // Every page but the last is full; one that ends on the first entry says there is no more.
      for (const call of calls.slice(0, -1)) expect(call.rows).toBe(limit)
      if (limit === full.length) expect(calls).toHaveLength(1)
    }
  })

  it('the first page is the newest slice of the full scan, and a page from a cursor continues it', async () => {
    const first = await views.log(store, { limit: 100 })
    expect(first.entries).toEqual(full.slice(0, 100))
    expect(first.next).toBe(full[99]!.seq)
    const second = await views.log(store, { limit: 100, before: first.next! })
    expect(second.entries).toEqual(full.slice(100, 200))
    expect(await views.log(store, { limit: 100, before: 0 })).toMatchObject({ entries: [], next: null })
  })

  it('a search followed through its cursors finds exactly what the full scan finds, each call looking at a bounded number of entries', async () => {
    for (const [needle, scanLimit] of [['bread', 300], ['dispatch.record', 250], ['no such name', 400]] as const) {
      const expected = full.filter((row) => searchText(row).includes(needle))
      const { rows, calls } = await follow({ limit: 20, search: needle, scanLimit })
      expect(rows).toEqual(expected)
      for (const call of calls) {
        expect(call.rows).toBeLessThanOrEqual(20)
        expect(call.read).toBeLessThanOrEqual(scanLimit)
      }
      // A search with no hit still stops: one call per scan limit's worth of entries.
      if (expected.length === 0) expect(calls.length).toBe(Math.ceil(full.length / scanLimit))
    }
    expect(full.some((row) => searchText(row).includes('bread'))).toBe(true)
  })

  it('a status filter gives exactly the rows whose present status it names', async () => {
    for (const status of ['rejected', 'accepted', 'pending']) {
      const expected = full.filter((row) => (row.now?.status ?? row.status) === status)
      const { rows, calls } = await follow({ limit: 50, status, scanLimit: 500 })
      expect(rows).toEqual(expected)
      for (const call of calls) expect(call.read).toBeLessThanOrEqual(500)
    }
    expect(full.some((row) => row.status === 'rejected')).toBe(true)
  })

  it('without a scan limit a search looks at no more than the default per call', async () => {
    const { store: s, seen } = counting(store)
    const page = await views.log(s, { limit: 100, search: 'no such name' })
    expect(page.entries).toEqual([])
    expect(seen.logEntries).toBeLessThanOrEqual(views.LOG_SCAN)
    expect(page.next).toBe(full.length > views.LOG_SCAN ? full[views.LOG_SCAN - 1]!.seq : null)
  })
})
