// Named, read-only queries over the view. Each reads a key range (an index), never the whole
// store; the scenario printer, the node's API and the UI all read the ledger through these.
import { aggregateValue, averagePrice, durabilityOf, fraction, type Fraction } from '../economics/index.ts'
import { fromStored } from './lots.ts'
import { keys } from './keys.ts'
import type {
  CollectiveRecord,
  LotRecord,
  OrderRecord,
  ProductionRecord,
  ProductRecord,
  ProposalRecord,
  RevisionRecord,
  SubsystemRecord,
  Totals,
  WorkloadRecord
} from './records.ts'
import { DEFAULT_PARAMS, ZERO_TOTALS, type Params } from './records.ts'
import type { Json, KeyValueStore, RangeOptions } from './store.ts'
import type { SplitRecord } from './subsystems.ts'

export async function entries<T = Json>(store: KeyValueStore, options: RangeOptions): Promise<Array<[string, T]>> {
  const out: Array<[string, T]> = []
  for await (const [key, value] of store.range(options)) out.push([key, value as T])
  return out
}

export async function values<T = Json>(store: KeyValueStore, prefix: string, limit?: number): Promise<T[]> {
  return (await entries<T>(store, { gte: prefix, lt: prefix + '\uffff', ...(limit ? { limit } : {}) })).map(([, v]) => v)
}

const lastSegment = (key: string) => key.slice(key.lastIndexOf('/') + 1)

export const collectives = (store: KeyValueStore) => values<CollectiveRecord>(store, 'collective/')
export const products = (store: KeyValueStore) => values<ProductRecord>(store, 'product/')
export const proposals = (store: KeyValueStore) => values<ProposalRecord>(store, 'proposal/')

export async function collective(store: KeyValueStore, id: string): Promise<CollectiveRecord | undefined> {
  return (await store.get(keys.collective(id))) as CollectiveRecord | undefined
}

/** Strong-trust edges, each once (a < b). */
export async function edges(store: KeyValueStore): Promise<Array<{ a: string; b: string; since: string }>> {
  const out = []
  for (const [key, since] of await entries<string>(store, { gte: 'edge/', lt: 'edge/\uffff' })) {
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
  for (const record of await values<SubsystemRecord>(store, 'subsystem/')) {
    const members = (await entries(store, { gte: keys.membersOf(record.id), lt: keys.membersOf(record.id) + '\uffff' })).map(([k]) => lastSegment(k))
    const commons = (await entries(store, { gte: keys.commonsOf(record.id), lt: keys.commonsOf(record.id) + '\uffff' })).map(([k]) => lastSegment(k))
    const params = { ...DEFAULT_PARAMS, ...(((await store.get(keys.params(record.id))) as Partial<Params> | undefined) ?? {}) }
    const debt = ((await store.get(keys.debt(record.id))) as string | undefined) ?? '0'
    out.push({ ...record, members, commons, params, debt })
  }
  return out
}

export async function lots(store: KeyValueStore, owner?: string): Promise<LotRecord[]> {
  if (owner === undefined) return values<LotRecord>(store, 'lot/')
  const out: LotRecord[] = []
  for (const [key] of await entries(store, { gte: keys.lotsOf(owner), lt: keys.lotsOf(owner) + '\uffff' })) {
    const lot = (await store.get(keys.lot(key.slice(keys.lotsOf(owner).length)))) as LotRecord | undefined
    if (lot) out.push(lot)
  }
  return out
}

export async function orders(store: KeyValueStore, collective?: string): Promise<Array<OrderRecord & { role?: string }>> {
  if (collective === undefined) return values<OrderRecord>(store, 'order/')
  const out = []
  const prefix = `orderOf/${collective}/`
  for (const [key, role] of await entries<string>(store, { gte: prefix, lt: prefix + '\uffff' })) {
    const order = (await store.get(keys.order(lastSegment(key)))) as OrderRecord | undefined
    if (order) out.push({ ...order, role })
  }
  return out
}

export async function productions(store: KeyValueStore, producer?: string): Promise<ProductionRecord[]> {
  if (producer === undefined) return values<ProductionRecord>(store, 'production/')
  const out: ProductionRecord[] = []
  const prefix = `productionOf/${producer}/`
  for (const [key] of await entries(store, { gte: prefix, lt: prefix + '\uffff' })) {
    const production = (await store.get(keys.production(lastSegment(key)))) as ProductionRecord | undefined
    if (production) out.push(production)
  }
  return out
}

export async function workloads(store: KeyValueStore, filter: { wallet?: string; collective?: string; period?: string } = {}): Promise<WorkloadRecord[]> {
  let ids: string[]
  if (filter.wallet) {
    const prefix = `workloadOf/${filter.wallet}/`
    ids = (await entries(store, { gte: prefix, lt: prefix + '\uffff' })).map(([k]) => lastSegment(k))
  } else if (filter.collective) {
    // The collective's own index (one period, or all of them), never a scan of the network's.
    const prefix = filter.period ? keys.workloadsIn(filter.collective, filter.period) : `workloadIn/${filter.collective}/`
    ids = (await entries(store, { gte: prefix, lt: prefix + '\uffff' })).map(([k]) => lastSegment(k))
  } else {
    return (await values<WorkloadRecord>(store, 'workload/')).filter((w) => !filter.period || w.period === filter.period)
  }
  const out: WorkloadRecord[] = []
  for (const id of ids) {
    const workload = (await store.get(keys.workload(id))) as WorkloadRecord | undefined
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
  return (await values<RevisionRecord>(store, 'revision/')).map((r) => ({
    ...r,
    rate: BigInt(r.a) === 0n ? fraction(0n) : fraction(BigInt(r.taxed), BigInt(r.a))
  }))
}

export async function balances(store: KeyValueStore, wallet: string): Promise<Array<{ origin: string; amount: string }>> {
  return (await entries<string>(store, { gte: keys.balancesOf(wallet), lt: keys.balancesOf(wallet) + '\uffff' })).map(([key, amount]) => ({
    origin: lastSegment(key),
    amount
  }))
}

/** Every wallet that holds coupons, with its balances by origin. */
export async function wallets(store: KeyValueStore): Promise<Array<{ wallet: string; balances: Array<{ origin: string; amount: string }> }>> {
  const byWallet = new Map<string, Array<{ origin: string; amount: string }>>()
  for (const [key, amount] of await entries<string>(store, { gte: 'balance/', lt: 'balance/\uffff' })) {
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
  const prefix = keys.pricesOf(subsystem)
  return (await entries<{ value: string; quantity: string }>(store, { gte: prefix, lt: prefix + '\uffff' })).map(([key, basis]) => ({
    product: lastSegment(key),
    ...basis,
    perUnit: averagePrice(BigInt(basis.value), BigInt(basis.quantity))
  }))
}

export interface LogRecord {
  seq: number
  id: string | null
  type: string | null
  status: string
  writer: string
  code?: string
  reason?: string
}

/** Entries by position, newest first when `reverse`; `before`/`after` page through. */
export async function log(store: KeyValueStore, options: { limit?: number; before?: number; after?: number; reverse?: boolean; rejectedOnly?: boolean } = {}): Promise<LogRecord[]> {
  const prefix = options.rejectedOnly ? 'rejection/' : 'log/'
  const key = (seq: number) => prefix + String(seq).padStart(12, '0')
  const range: RangeOptions = { gte: prefix, lt: prefix + '\uffff', limit: options.limit ?? 100, reverse: options.reverse ?? false }
  if (options.before !== undefined) range.lt = key(options.before)
  if (options.after !== undefined) range.gt = key(options.after)
  return (await entries<Omit<LogRecord, 'seq'>>(store, range)).map(([k, record]) => ({ seq: Number(k.slice(prefix.length)), ...record }))
}

export const rejections = (store: KeyValueStore, options: { limit?: number; before?: number } = {}) =>
  log(store, { ...options, reverse: true, rejectedOnly: true })

export async function transaction(store: KeyValueStore, id: string): Promise<Record<string, Json> | undefined> {
  return (await store.get(keys.tx(id))) as Record<string, Json> | undefined
}

/** Transactions waiting for `signer`'s co-signature. */
export async function pendingFor(store: KeyValueStore, signer: string): Promise<Array<Record<string, Json>>> {
  const prefix = `pendingFor/${signer}/`
  const out = []
  for (const [key] of await entries(store, { gte: prefix, lt: prefix + '\uffff' })) {
    const pending = (await store.get(keys.pending(lastSegment(key)))) as Record<string, Json> | undefined
    if (pending) out.push(pending)
  }
  return out
}

export async function totals(store: KeyValueStore): Promise<Totals> {
  return ((await store.get(keys.totals)) as Totals | undefined) ?? { ...ZERO_TOTALS }
}

export async function digest(store: KeyValueStore): Promise<{ digest: string; length: number }> {
  return {
    digest: ((await store.get(keys.digest)) as string | undefined) ?? '0'.repeat(64),
    length: ((await store.get(keys.seq)) as number | undefined) ?? 0
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
  const split = (await store.get(keys.split(splitId))) as SplitRecord | undefined
  if (!split) return undefined
  const parts: ParityPart[] = []
  for (const part of split.parts) {
    let coupons = 0n
    let goods = 0n
    for (const member of part.members) {
      coupons += BigInt(((await store.get(keys.outstanding(member))) as string | undefined) ?? '0')
      const record = await collective(store, member)
      for (const [key, stock] of await entries<{ value: string }>(store, { gte: keys.stockOf(member), lt: keys.stockOf(member) + '\uffff' })) {
        const commons = record && (await store.get(keys.commons(record.subsystem, lastSegment(key)))) !== undefined
        if (!commons) goods += BigInt(stock.value)
      }
    }
    parts.push({ subsystem: part.subsystem, members: part.members, coupons: String(coupons), goods: String(goods) })
  }
  return { split, parts }
}

export async function splits(store: KeyValueStore): Promise<SplitRecord[]> {
  return values<SplitRecord>(store, 'split/')
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

