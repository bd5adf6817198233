// The view keeps an entry's place in its writer core instead of a copy of its bytes (issue 14,
// item 3): on real NetworkBases on disk, the log's readers (entryAt, a Log page with its
// entries, the audit trail's enteredTransaction, the log export) give back exactly what a view
// holding the bytes gives, on the device that wrote the entries, on another device that holds a
// copy of that writer core, and after a restart. The digest is the in-memory ledger's.
import { afterEach, describe, expect, it } from 'vitest'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import * as q from '../../core/ledger/queries.ts'
import type { KeyValueStore } from '../../core/ledger/store.ts'
import type { LedgerEntry, Outcome } from '../../core/ledger/types.ts'
import { exportLogText } from '../../core/exports/log.ts'
import { exportValueFlows } from '../../core/exports/valueflows.ts'
import { auditTransaction } from '../../core/node/audit.ts'
import * as views from '../../core/node/views.ts'
import { NetworkBase } from '../../core/network/base.ts'
import { define, start, workload } from '../helpers/economy.ts'
import { Harness } from '../helpers/harness.ts'
import { connect, tempDirs, waitFor } from './helpers.ts'

const dirs = tempDirs()
const open: NetworkBase[] = []
afterEach(async () => {
  for (const base of open.splice(0)) await base.close().catch(() => {})
  await dirs.cleanup()
})

/** The ledger on the harness's store, keeping every entry it decides. */
class Recording extends Ledger {
  constructor(store: KeyValueStore, readonly entries: LedgerEntry[]) {
    super(store)
  }
  override apply(entry: LedgerEntry): Promise<Outcome> {
    this.entries.push(entry)
    return super.apply(entry)
  }
}

const applyEntry = (store: KeyValueStore, entry: LedgerEntry) => new Ledger(store).apply(entry)
const seqOf = async (base: NetworkBase) => (await base.reader().get('meta/seq')) as number | undefined

describe('log records that keep their entry\'s place in the writer core', () => {
  it('read back the same entries as a view that copies them, on both devices and after a restart', async () => {
    // Real transactions (a small economy) plus bytes that are not JSON and not UTF-8.
    const entries: LedgerEntry[] = []
    const h = new Harness()
    h.ledger = new Recording(h.store, entries)
    await h.network([['Mill', ['producer']]])
    const flour = await define(h, 'Mill', 'Flour')
    const { production } = await start(h, 'Mill', flour)
    await workload(h, 'Mill', production, 'Anna', 8n * 60n * 1_000_000n)
    const bytes = [...entries.map((e) => Buffer.from(e.bytes)), Buffer.from('not even JSON'), Buffer.from([0xff, 0xfe, 0x01])]

    // The same bytes, all by one device, through a ledger that keeps them (no place given).
    const device = await dirs.make('a')
    const a = await NetworkBase.open({ dir: device, applyEntry, create: true })
    open.push(a)
    const memory = new MemoryStore()
    const kept = new Ledger(memory)
    for (const b of bytes) await kept.apply({ bytes: b, writer: a.writerKey })
    await a.append(bytes)
    expect(await seqOf(a)).toBe(bytes.length)

    const first = (await a.reader().get('log/000000000000')) as Record<string, unknown>
    expect(first).toMatchObject({ writer: a.writerKey, at: 0 })
    expect(first).not.toHaveProperty('text')
    expect(await a.reader().get('meta/digest')).toBe((await q.digest(memory)).digest)

    const expected = await exportLogText(memory)
    const ids = (await q.log(memory, { limit: 1000 })).flatMap((r) => (r.id ? [r.id] : []))
    expect(ids.length).toBeGreaterThan(3)
    const sameAsKept = async (view: KeyValueStore) => {
      expect(await exportLogText(view)).toBe(expected)
      expect(await q.log(view, { limit: 1000, withEntries: true })).toEqual(await q.log(memory, { limit: 1000, withEntries: true }))
      expect(await q.log(view, { limit: 1000 })).toEqual(await q.log(memory, { limit: 1000 }))
      for (let seq = 0; seq < bytes.length; seq++) expect(await q.entryAt(view, seq)).toEqual(await q.entryAt(memory, seq))
      for (const id of ids) {
        expect(await q.enteredTransaction(view, id)).toEqual(await q.enteredTransaction(memory, id))
        expect(await q.transaction(view, id)).toEqual(await q.transaction(memory, id))
        expect(await auditTransaction(view, id)).toEqual(await auditTransaction(memory, id))
      }
      // The screens and exports that show an entry: the Log screen's rows, ValueFlows.
      expect(await views.log(view, { limit: 100 })).toEqual(await views.log(memory, { limit: 100 }))
      expect(await views.log(view, { limit: 100, search: 'flour' })).toEqual(await views.log(memory, { limit: 100, search: 'flour' }))
      expect(await exportValueFlows(view)).toEqual(await exportValueFlows(memory))
    }
    await sameAsKept(a.reader())
    const signed = a.signedReader()
    await sameAsKept(signed.store)
    await signed.close()
    expect(await q.entryAt(a.reader(), bytes.length - 1)).toEqual({ writer: a.writerKey, base64: Buffer.from([0xff, 0xfe, 0x01]).toString('base64') })

    // Another device reads them from its copy of a's writer core.
    const b = await NetworkBase.open({ dir: await dirs.make('b'), applyEntry, join: { key: a.config.key, encryptionKey: a.config.encryptionKey } })
    open.push(b)
    const disconnect = connect(a, b)
    await waitFor('b to apply every entry', async () => {
      await b.update()
      return (await seqOf(b)) === bytes.length
    })
    await waitFor('b to hold a\'s entries', async () => (await q.entryAt(b.reader(), bytes.length - 1)) !== undefined)
    await sameAsKept(b.reader())
    disconnect()

    // A restart: the view's places still lead to the entries.
    await a.close()
    open.splice(open.indexOf(a), 1)
    const again = await NetworkBase.open({ dir: device, applyEntry })
    open.push(again)
    await sameAsKept(again.reader())
  })
})
