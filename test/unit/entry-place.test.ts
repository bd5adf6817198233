// log/<seq> records that keep their entry's place in a writer core (core/ledger/log-record.ts
// `entryOf`), on MemoryStore with the entries in memory as the source: the bytes come back
// through the store's `entry`, and bytes at that place that are not the transaction the record
// decided (a writer core fetched again after its writer forked it) are no entry at all.
import { beforeEach, describe, expect, it } from 'vitest'
import { exportLogText } from '../../core/exports/log.ts'
import { Ledger } from '../../core/ledger/ledger.ts'
import { enteredTransaction, entryAt, log } from '../../core/ledger/queries.ts'
import type { KeyValueStore } from '../../core/ledger/store.ts'
import type { LedgerEntry, Outcome } from '../../core/ledger/types.ts'
import { define } from '../helpers/economy.ts'
import { expectAccepted, Harness } from '../helpers/harness.ts'

/** Each writer's entries in the order it wrote them: what its core would hold. */
type Cores = Map<string, Uint8Array[]>

/** The ledger as the node runs it: every entry handed over with its place in its writer's core. */
class Placing extends Ledger {
  constructor(store: KeyValueStore, readonly cores: Cores) {
    super(store)
  }
  override apply(entry: LedgerEntry): Promise<Outcome> {
    const core = this.cores.get(entry.writer) ?? []
    this.cores.set(entry.writer, core)
    core.push(entry.bytes)
    return super.apply({ ...entry, at: core.length - 1 })
  }
}

let h: Harness
let cores: Cores
let view: KeyValueStore
beforeEach(async () => {
  h = new Harness()
  cores = new Map()
  view = {
    get: (k) => h.store.get(k),
    put: (k, v) => h.store.put(k, v),
    del: (k) => h.store.del(k),
    batch: (ops) => h.store.batch(ops),
    range: (o) => h.store.range(o),
    entry: async (writer, at) => cores.get(writer)?.[at]
  }
  h.ledger = new Placing(view, cores)
  await h.network([['Mill', ['producer']], ['Bakery', ['producer']]])
})

describe('log/<seq> with the entry\'s place', () => {
  it('stores the place, id and type, and reads the entry back through the store', async () => {
    const flour = await define(h, 'Mill', 'Flour')
    const placed = expectAccepted(await h.do('order.place', { producer: h.c('Mill').id, product: flour, quantity: '1' }, ['Bakery']))
    const record = (await h.store.get(`log/${String(placed.seq).padStart(12, '0')}`)) as Record<string, unknown>
    const writer = h.c('Bakery').deviceKey
    expect(record).toEqual({ id: placed.id, type: 'order.place', status: 'accepted', writer, at: cores.get(writer)!.length - 1 })
    const bytes = cores.get(writer)!.at(-1)!
    expect(await entryAt(view, placed.seq)).toEqual({ writer, text: Buffer.from(bytes).toString('utf8') })
    expect((await enteredTransaction(view, placed.id!))?.type).toBe('order.place')
    const [row] = await log(view, { after: placed.seq - 1, limit: 1, withEntries: true })
    expect(row).toMatchObject({ seq: placed.seq, id: placed.id, text: Buffer.from(bytes).toString('utf8') })
    expect(row).not.toHaveProperty('at')
    // Bytes that are no transaction: read back as they are (base64 when not UTF-8).
    const binary = await h.raw(new Uint8Array([0xff, 0xfe, 0x00]), 'Mill')
    expect(await entryAt(view, binary.seq)).toEqual({ writer: h.c('Mill').deviceKey, base64: '//4A' })
  })

  it('gives no entry where the place holds another transaction, or where the store has no source', async () => {
    const flour = await define(h, 'Mill', 'Flour')
    const placed = expectAccepted(await h.do('order.place', { producer: h.c('Mill').id, product: flour, quantity: '1' }, ['Bakery']))
    const writer = h.c('Bakery').deviceKey
    const core = cores.get(writer)!
    // The writer's other history: another signed transaction at the same place.
    const other = core[core.length - 2]!
    core[core.length - 1] = other
    expect(await entryAt(view, placed.seq)).toBeUndefined()
    expect(await enteredTransaction(view, placed.id!)).toBeUndefined()
    const [row] = await log(view, { after: placed.seq - 1, limit: 1, withEntries: true })
    expect(row).not.toHaveProperty('text')
    await expect(exportLogText(view)).rejects.toThrow(`the entry at log position ${placed.seq} is not on this device yet`)
    // The bare MemoryStore has no source: the outcome without its entry.
    expect(await entryAt(h.store, 0)).toBeUndefined()
    expect((await log(h.store, { limit: 1, withEntries: true }))[0]).not.toHaveProperty('text')
  })
})
