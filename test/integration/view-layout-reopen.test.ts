// A data directory whose Hyperbee view was written in the layout before 2026-12-03 (whole
// tx/<id> records, workday/ sums; test/helpers/older-layout.ts), reopened by today's code:
// the view is not rebuilt, today's ledger reads the older keys and writes its own beside them,
// and decides every later entry as a node whose whole view is today's (same digest). Real
// Corestore and Autobase on disk, closed and reopened, the node's own apply path.
import type { ApplyNode } from 'autobase'
import Autobase from 'autobase'
import Corestore from 'corestore'
import Hyperbee from 'hyperbee'
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { Ledger } from '../../core/ledger/ledger.ts'
import type { Json, KeyValueStore } from '../../core/ledger/store.ts'
import type { LedgerEntry, Outcome } from '../../core/ledger/types.ts'
import { applyNodes, type ApplyEntry } from '../../core/network/apply.ts'
import { VIEW_ENCODING } from '../../core/network/hyperbee-store.ts'
import { define, start, workload } from '../helpers/economy.ts'
import { expectAccepted, Harness } from '../helpers/harness.ts'
import { olderLayout } from '../helpers/older-layout.ts'
import { tempDirs } from './helpers.ts'

const dirs = tempDirs()
afterAll(() => dirs.cleanup())
const HOUR = 60n * 1_000_000n

/** The ledger on the harness's store, keeping every entry it decides (to append them to a base). */
class Recording extends Ledger {
  constructor(store: KeyValueStore, readonly entries: LedgerEntry[]) {
    super(store)
  }
  override apply(entry: LedgerEntry): Promise<Outcome> {
    this.entries.push(entry)
    return super.apply(entry)
  }
}

/**
 * A one-writer Autobase in `dir` whose view is the node's Hyperbee view, applied through
 * applyNodes: each node as written by the device that wrote the entry (found by its bytes).
 */
async function openBase(dir: string, key: Buffer | null, encryptionKey: Buffer, writers: Map<string, string>, applyEntry: ApplyEntry) {
  const store = new Corestore(dir)
  const base = new Autobase<Hyperbee<string, Json>>(store.session(), key, {
    encryptionKey,
    open: (s) => new Hyperbee<string, Json>(s.get('view'), VIEW_ENCODING),
    apply: async (nodes, view, host) => {
      const as = nodes.map((node) => ({ ...node, from: { ...node.from, key: Buffer.from(writers.get(Buffer.from(node.value as Uint8Array).toString('hex'))!, 'hex') } }) as ApplyNode)
      await applyNodes(as, view, host, applyEntry, (event) => {
        throw event.error
      })
    }
  })
  await base.ready()
  return { base, store }
}

async function appendAll(base: Autobase<Hyperbee<string, Json>>, entries: LedgerEntry[]): Promise<void> {
  await base.append(entries.map((e) => Buffer.from(e.bytes)))
  await base.update()
}

describe('a data directory of the older view layout, reopened by today\'s code', () => {
  it('keeps its view and decides on as a view of today\'s layout would', async () => {
    // The entries, decided by today's ledger on a fresh store: the digest every node must reach.
    const entries: LedgerEntry[] = []
    const h = new Harness()
    h.ledger = new Recording(h.store, entries)
    await h.network([['Mill', ['producer']], ['Bakery', ['producer']]])
    const flour = await define(h, 'Mill', 'Flour')
    const { production } = await start(h, 'Mill', flour)
    const anna = h.w('Anna').key
    const old8 = await workload(h, 'Mill', production, 'Anna', 8n * HOUR)
    await workload(h, 'Mill', production, 'Anna', 12n * HOUR)
    const before = entries.length
    // 20 h on the day: 5 h more is WORKDAY_FULL, 3 h fits; reverse the 8 h, then 9 h fill it.
    expect((await h.do('production.workload', { production, wallet: anna, minutes: String(5n * HOUR), performedAt: h.time }, ['Mill'])).code).toBe('WORKDAY_FULL')
    await workload(h, 'Mill', production, 'Anna', 3n * HOUR)
    expectAccepted(await h.do('workload.reverse', { workload: old8, reason: 'typed 8 for 0' }, ['Mill']))
    await workload(h, 'Mill', production, 'Anna', 9n * HOUR)
    expect((await h.do('production.workload', { production, wallet: anna, minutes: '1', performedAt: h.time }, ['Mill'])).code).toBe('WORKDAY_FULL')
    const expected = await h.ledger.digest()

    const writers = new Map(entries.map((e) => [Buffer.from(e.bytes).toString('hex'), e.writer]))
    const dir = await dirs.make('older-view')
    const encryptionKey = randomBytes(32)

    // The older code writes the first part of the log.
    const older: ApplyEntry = (store, entry) => new Ledger(olderLayout(store)).apply(entry)
    const first = await openBase(dir, null, encryptionKey, writers, older)
    const key = first.base.key
    await appendAll(first.base, entries.slice(0, before))
    expect((await first.base.view.get(`workday/${anna}/2026-04-01`))?.value).toBe(String(20n * HOUR))
    expect((await first.base.view.get(`workloadOf/${anna}/${old8}`))?.value).toBe('2026-04')
    await first.base.close()
    await first.store.close()

    // Today's code opens the same directory and takes in the rest.
    const today: ApplyEntry = (store, entry) => new Ledger(store).apply(entry)
    const second = await openBase(dir, key, encryptionKey, writers, today)
    const view = second.base.view
    expect((await view.get('meta/seq'))?.value).toBe(before)
    await appendAll(second.base, entries.slice(before))
    expect((await view.get('meta/seq'))?.value).toBe(entries.length)
    expect((await view.get('meta/digest'))?.value).toBe(expected)
    // The old sum, less the reversed old workload; the new workloads in today's index only.
    expect((await view.get(`workday/${anna}/2026-04-01`))?.value).toBe(String(12n * HOUR))
    expect(await view.get(`workloadOf/${anna}/${old8}`)).toBeNull()
    const day: string[] = []
    for await (const node of view.createReadStream({ gte: `workloadOf/${anna}/2026-04-01/`, lt: `workloadOf/${anna}/2026-04-01/\uffff` })) day.push(node.value as string)
    expect(day.sort()).toEqual([String(3n * HOUR), String(9n * HOUR)].sort())
    await second.base.close()
    await second.store.close()
  }, 60_000)
})
