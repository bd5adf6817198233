// Named, read-only queries over the view. Each reads a key range (an index), never the whole
// store; the scenario printer, the node's API and the UI all read the ledger through these.
import { aggregateValue, averagePrice, durabilityOf, fraction, type Fraction } from '../economics/index.ts'
import { fromStored } from './lots.ts'
import { decodeEntry } from '../protocol/decode.ts'
import type { Transaction } from '../protocol/envelope.ts'
import { keys, type EntryRecord, type Key, type Prefix, type StoredLogRecord } from './keys.ts'
import { entryOf, withOutcome } from './log-record.ts'
import type {
  CollectiveRecord,
  LotRecord,
  OrderRecord,
  OutcomeRecord,
  PendingRecord,
  ProductionRecord,
  RevisionRecord,
  SplitRecord,
  SubsystemRecord,
  Totals,
  TxRecord,
  WorkloadRecord
} from './records.ts'
import { DEFAULT_PARAMS, ZERO_TOTALS, type Params } from './records.ts'
import type { Json, KeyValueStore, RangeOptions } from './store.ts'

export async function entries<T = Json>(store: KeyValueStore, options: RangeOptions): Promise<Array<[string, T]>> {
  const out: Array<[string, T]> = []
  for await (const [key, value] of store.range(options)) out.push([key, value as T])
  return out
}

/** The records under a prefix, typed by it (keys.ts). */
export async function under<T>(store: KeyValueStore, prefix: Prefix<T>): Promise<Array<[string, T]>> {
  return entries<T>(store, { gte: prefix, lt: prefix + '\uffff' })
}

export async function values<T>(store: KeyValueStore, prefix: Prefix<T>, limit?: number): Promise<T[]> {
  return (await entries<T>(store, { gte: prefix, lt: prefix + '\uffff', ...(limit ? { limit } : {}) })).map(([, v]) => v)
}

/** The record under a key, typed by it (keys.ts). */
export async function read<T>(store: KeyValueStore, key: Key<T>): Promise<T | undefined> {
  return (await store.get(key)) as T | undefined
}

const lastSegment = (key: string) => key.slice(key.lastIndexOf('/') + 1)

export const collectives = (store: KeyValueStore) => values(store, keys.collectives)
export const products = (store: KeyValueStore) => values(store, keys.products)
export const proposals = (store: KeyValueStore) => values(store, keys.proposals)

export async function collective(store: KeyValueStore, id: string): Promise<CollectiveRecord | undefined> {
  return read(store, keys.collective(id))
}

/** Strong-trust edges, each once (a < b). */
export async function edges(store: KeyValueStore): Promise<Array<{ a: string; b: string; since: string }>> {
  const out = []
  for (const [key, since] of await under(store, keys.edges)) {
    const [, a, b] = key.split('/') as [string, string, string]
    if (a < b) out.push({ a, b, since })
  }
  return out
}

export interface SubsystemView extends SubsystemRecord {
  members: string[]
  commons: string[]
  params: Params
  debt: string
}

export async function subsystems(store: KeyValueStore): Promise<SubsystemView[]> {
  const out: SubsystemView[] = []
  for (const record of await values(store, keys.subsystems)) {
    const members = (await under(store, keys.membersOf(record.id))).map(([k]) => lastSegment(k))
    const commons = (await under(store, keys.commonsOf(record.id))).map(([k]) => lastSegment(k))
    const params = { ...DEFAULT_PARAMS, ...((await read(store, keys.params(record.id))) ?? {}) }
    const debt = (await read(store, keys.debt(record.id))) ?? '0'
    out.push({ ...record, members, commons, params, debt })
  }
  return out
}

export async function lots(store: KeyValueStore, owner?: string): Promise<LotRecord[]> {
  if (owner === undefined) return values(store, keys.lots)
  const out: LotRecord[] = []
  for (const [key] of await under(store, keys.lotsOf(owner))) {
    const lot = await read(store, keys.lot(key.slice(keys.lotsOf(owner).length)))
    if (lot) out.push(lot)
  }
  return out
}

export async function orders(store: KeyValueStore, collective?: string): Promise<Array<OrderRecord & { role?: string }>> {
  if (collective === undefined) return values(store, keys.orders)
  const out = []
  for (const [key, role] of await under(store, keys.ordersOfAll(collective))) {
    const order = await read(store, keys.order(lastSegment(key)))
    if (order) out.push({ ...order, role })
  }
  return out
}

export async function productions(store: KeyValueStore, producer?: string): Promise<ProductionRecord[]> {
  if (producer === undefined) return values(store, keys.productions)
  const out: ProductionRecord[] = []
  for (const [key] of await under(store, keys.productionsOfAll(producer))) {
    const production = await read(store, keys.production(lastSegment(key)))
    if (production) out.push(production)
  }
  return out
}

export async function workloads(store: KeyValueStore, filter: { wallet?: string; collective?: string; period?: string } = {}): Promise<WorkloadRecord[]> {
  let ids: string[]
  if (filter.wallet) {
    ids = (await under(store, keys.workloadsOfWallet(filter.wallet))).map(([k]) => lastSegment(k))
  } else if (filter.collective) {
    // The collective's own index (one period, or all of them), never a scan of the network's.
    const prefix = filter.period ? keys.workloadsIn(filter.collective, filter.period) : keys.workloadsOfCollective(filter.collective)
    ids = (await under(store, prefix)).map(([k]) => lastSegment(k))
  } else {
    return (await values(store, keys.workloads)).filter((w) => !filter.period || w.period === filter.period)
  }
  const out: WorkloadRecord[] = []
  for (const id of ids) {
    const workload = await read(store, keys.workload(id))
    if (!workload) continue
    if (filter.collective && workload.collective !== filter.collective) continue
    if (filter.period && workload.period !== filter.period) continue
    out.push(workload)
  }
  return out
}

export interface RevisionView extends RevisionRecord {
  /** taxed / a as an exact fraction (0 when a is 0). */
  rate: Fraction
}

export async function revisions(store: KeyValueStore): Promise<RevisionView[]> {
  return (await values(store, keys.revisions)).map((r) => ({
    ...r,
    rate: BigInt(r.a) === 0n ? fraction(0n) : fraction(BigInt(r.taxed), BigInt(r.a))
  }))
}

export async function balances(store: KeyValueStore, wallet: string): Promise<Array<{ origin: string; amount: string }>> {
  return (await under(store, keys.balancesOf(wallet))).map(([key, amount]) => ({
    origin: lastSegment(key),
    amount
  }))
}

/** Every wallet that holds coupons, with its balances by origin. */
export async function wallets(store: KeyValueStore): Promise<Array<{ wallet: string; balances: Array<{ origin: string; amount: string }> }>> {
  const byWallet = new Map<string, Array<{ origin: string; amount: string }>>()
  for (const [key, amount] of await under(store, keys.balances)) {
    const [, wallet, origin] = key.split('/') as [string, string, string]
    if (!byWallet.has(wallet)) byWallet.set(wallet, [])
    byWallet.get(wallet)!.push({ origin, amount })
  }
  return [...byWallet].map(([wallet, balances]) => ({ wallet, balances }))
}

export interface PriceView {
  product: string
  value: string
  quantity: string
  /** Socially necessary labour time per unit, µmin, exact (§6.2). */
  perUnit: Fraction | null
}

export async function prices(store: KeyValueStore, subsystem: string): Promise<PriceView[]> {
  return (await under(store, keys.pricesOf(subsystem))).map(([key, basis]) => ({
    product: lastSegment(key),
    ...basis,
    perUnit: averagePrice(BigInt(basis.value), BigInt(basis.quantity))
  }))
}

/** What became of one entry, and its position in the log. */
export interface LogRecord extends OutcomeRecord {
  seq: number
  /** The entry's UTF-8, when the page was read `withEntries`. */
  text?: string
  base64?: string
}

/** Entries by position, newest first when `reverse`; `before`/`after` page through. */
export async function log(store: KeyValueStore, options: { limit?: number; before?: number; after?: number; reverse?: boolean; rejectedOnly?: boolean; withEntries?: boolean } = {}): Promise<LogRecord[]> {
  const prefix = options.rejectedOnly ? 'rejection/' : 'log/'
  const key = (seq: number) => prefix + String(seq).padStart(12, '0')
  const range: RangeOptions = { gte: prefix, lt: prefix + '\uffff', limit: options.limit ?? 100, reverse: options.reverse ?? false }
  if (options.before !== undefined) range.lt = key(options.before)
  if (options.after !== undefined) range.gt = key(options.after)
  // A log/<seq> record also holds the entry's bytes (keys.ts); a page of outcomes leaves them
  // out unless asked (`withEntries`, for the audit trail's summaries).
  // A log/<seq> record may leave its id and type to its entry's text (log-record.ts).
  // Or it keeps the entry's place in its writer core, read back through the store's host: a
  // page's entries are asked for all at once (each a block read and decrypted).
  const page = await entries<StoredLogRecord>(store, range)
  const read = options.withEntries ? await Promise.all(page.map(([, stored]) => entryOf(store, stored))) : []
  return page.map(([k, stored], i) => {
    const { text: _text, base64: _base64, at: _at, ...outcome } = withOutcome(stored) as Partial<Record<'text' | 'base64', string>> & { at?: number } & OutcomeRecord
    return { seq: Number(k.slice(prefix.length)), ...outcome, ...read[i] }
  })
}

export const rejections = (store: KeyValueStore, options: { limit?: number; before?: number } = {}) =>
  log(store, { ...options, reverse: true, rejectedOnly: true })

/** A transaction's record: its tx/<id> (seq and fate) over the outcome of the entry at that seq. */
export async function transaction(store: KeyValueStore, id: string): Promise<TxRecord | undefined> {
  const fate = await read(store, keys.tx(id))
  if (fate === undefined) return undefined
  const first = await read(store, keys.log(fate.seq))
  const { text: _text, base64: _base64, at: _at, ...outcome } = (first ? withOutcome(first) : {}) as { text?: string; base64?: string; at?: number } & Partial<TxRecord>
  return { id, type: null, writer: '', ...outcome, ...fate }
}

/** The entry at log position `seq`: its writer and bytes (UTF-8 text, or base64 when not UTF-8). */
export async function entryAt(store: KeyValueStore, seq: number): Promise<EntryRecord | undefined> {
  const record = await read(store, keys.log(seq))
  return record === undefined ? undefined : entryOf(store, record)
}

/**
 * A recorded transaction as it entered the log (body, signers, signatures): decoded from the
 * entry at its record's seq, the first entry that carried it. The audit trail reads this.
 */
export async function enteredTransaction(store: KeyValueStore, id: string): Promise<Transaction | undefined> {
  const record = await transaction(store, id)
  if (record === undefined) return undefined
  const entry = await entryAt(store, record.seq)
  if (entry === undefined || !('text' in entry)) return undefined
  const decoded = decodeEntry(Buffer.from(entry.text, 'utf8'))
  return decoded.ok && decoded.id === id ? decoded.tx : undefined
}

/** Transactions waiting for `signer`'s co-signature. */
export async function pendingFor(store: KeyValueStore, signer: string): Promise<PendingRecord[]> {
  const out = []
  for (const [key] of await under(store, keys.pendingsFor(signer))) {
    const pending = await read(store, keys.pending(lastSegment(key)))
    if (pending) out.push(pending)
  }
  return out
}

export async function totals(store: KeyValueStore): Promise<Totals> {
  return (await read(store, keys.totals)) ?? { ...ZERO_TOTALS }
}

export async function digest(store: KeyValueStore): Promise<{ digest: string; length: number }> {
  return {
    digest: (await read(store, keys.digest)) ?? '0'.repeat(64),
    length: (await read(store, keys.seq)) ?? 0
  }
}

export interface ParityPart {
  subsystem: string
  members: string[]
  /** Coupons outstanding whose origin is in this part (µmin). */
  coupons: string
  /** Value of exclusive goods held by this part's dispatchers (µmin). */
  goods: string
}

/** After a split: each part's coupons against the exclusive goods that could redeem them. */
export async function parity(store: KeyValueStore, splitId: string): Promise<{ split: SplitRecord; parts: ParityPart[] } | undefined> {
  const split = await read(store, keys.split(splitId))
  if (!split) return undefined
  const parts: ParityPart[] = []
  for (const part of split.parts) {
    let coupons = 0n
    let goods = 0n
    for (const member of part.members) {
      coupons += BigInt((await read(store, keys.outstanding(member))) ?? '0')
      const record = await collective(store, member)
      for (const [key, stock] of await under(store, keys.stockOf(member))) {
        const commons = record && (await store.get(keys.commons(record.subsystem, lastSegment(key)))) !== undefined
        if (!commons) goods += BigInt(stock.value)
      }
    }
    parts.push({ subsystem: part.subsystem, members: part.members, coupons: String(coupons), goods: String(goods) })
  }
  return { split, parts }
}

export async function splits(store: KeyValueStore): Promise<SplitRecord[]> {
  return values(store, keys.splits)
}

/** A means of production's value tree as the proposal's table: t, c(t), d(t), v(t), v*(t). */
export function treeTable(lot: LotRecord, names: Map<string, string>) {
  if (!lot.tree) return null
  const tree = fromStored(lot.tree)
  return Object.keys(tree.elements).map((element) => {
    const e = tree.elements[element]!
    return {
      element,
      product: names.get(lot.tree!.products[element] ?? '') ?? '',
      children: e.children,
      d: String(durabilityOf(tree, element)),
      v: String(e.v),
      vStar: String(aggregateValue(tree, element)),
      age: String(e.age),
      transferred: String(e.transferred),
      root: element === tree.root
    }
  })
}

