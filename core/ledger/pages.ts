// Bounded queries for the screens (issue 14): each reads what one screen shows (a page, the
// open or running ones, totals the ledger keeps), never every record a collective ever had, so
// its cost does not grow with the log.
import { keys } from './keys.ts'
import type { LotRecord, OrderRecord, ProductionRecord } from './records.ts'
import { entries, read, under } from './queries.ts'
import type { KeyValueStore } from './store.ts'

const lastSegment = (key: string) => key.slice(key.lastIndexOf('/') + 1)
/** The largest page a caller may ask for. */
export const MAX_PAGE = 500

const pageSize = (limit: number | undefined, fallback: number) => Math.max(1, Math.min(MAX_PAGE, Math.floor(limit ?? fallback)))

/** The producer's running productions, from the index kept while they run. */
export async function runningProductions(store: KeyValueStore, producer: string): Promise<ProductionRecord[]> {
  const out: ProductionRecord[] = []
  for (const [key] of await under(store, keys.runningOf(producer))) {
    const production = await read(store, keys.production(lastSegment(key)))
    if (production) out.push(production)
  }
  return out
}

/** Orders other collectives placed with `producer` that wait for its answer (status `open`). */
export async function openOrders(store: KeyValueStore, producer: string): Promise<OrderRecord[]> {
  const out: OrderRecord[] = []
  for (const [key] of await under(store, keys.openOrdersOf(producer))) {
    const order = await read(store, keys.order(lastSegment(key)))
    if (order) out.push(order)
  }
  return out
}

export interface Holdings {
  /** Lots and their value (µmin) by product type, in product id order. */
  byProduct: Array<{ product: string; lots: number; value: string }>
  lots: number
  value: string
}

/** What `owner` holds, summed by the ledger per product type (keys.holding). */
export async function holdings(store: KeyValueStore, owner: string): Promise<Holdings> {
  const byProduct = (await under(store, keys.holdingsOf(owner))).map(([key, h]) => ({ product: lastSegment(key), lots: h.lots, value: h.value }))
  return {
    byProduct,
    lots: byProduct.reduce((n, h) => n + h.lots, 0),
    value: String(byProduct.reduce((sum, h) => sum + BigInt(h.value), 0n))
  }
}

/**
 * A page of `owner`'s lots in lot id order, after the lot id `after`; `next` is the id to ask
 * after for the following page, or null when this page is the last.
 */
export async function lotsPage(store: KeyValueStore, owner: string, options: { after?: string; limit?: number } = {}): Promise<{ lots: LotRecord[]; next: string | null }> {
  const limit = pageSize(options.limit, 100)
  const prefix = keys.lotsOf(owner)
  const range = { gte: prefix, lt: prefix + '\uffff', limit: limit + 1, ...(options.after !== undefined ? { gt: prefix + options.after } : {}) }
  const ids = (await entries(store, range)).map(([key]) => key.slice(prefix.length))
  // Read together: Hyperbee serves concurrent gets from the blocks it is already fetching.
  const lots = (await Promise.all(ids.slice(0, limit).map((id) => read(store, keys.lot(id))))).filter((lot): lot is LotRecord => lot !== undefined)
  return { lots, next: ids.length > limit ? ids[limit - 1]! : null }
}

/** A wallet's µmin of work for `collective` in `period`: one short range of the month's index. */
export async function hoursIn(store: KeyValueStore, collective: string, period: string, wallet: string): Promise<string> {
  let sum = 0n
  for (const [, minutes] of await under(store, keys.workloadsOfWalletIn(collective, period, wallet))) sum += BigInt(minutes)
  return String(sum)
}

/**
 * A page of the people who worked for `collective` in `period`, in wallet key order after
 * `after`, each with the month's µmin: it reads only the page's workloads (the month's index
 * is by wallet). `next` continues after the page's last wallet, null at the end.
 */
export async function workersIn(store: KeyValueStore, collective: string, period: string, options: { after?: string; limit?: number } = {}): Promise<{ workers: Array<{ wallet: string; minutes: string }>; next: string | null }> {
  const limit = pageSize(options.limit, 100)
  const prefix = keys.workloadsIn(collective, period)
  const start = options.after !== undefined ? { gt: keys.workloadsOfWalletIn(collective, period, options.after) + '\uffff' } : { gte: prefix }
  const workers: Array<{ wallet: string; minutes: bigint }> = []
  let more = false
  for await (const [key, minutes] of store.range({ ...start, lt: prefix + '\uffff' })) {
    const wallet = key.slice(prefix.length, key.indexOf('/', prefix.length))
    const last = workers.at(-1)
    if (last?.wallet === wallet) last.minutes += BigInt(minutes as string)
    else if (workers.length === limit) {
      more = true
      break
    } else workers.push({ wallet, minutes: BigInt(minutes as string) })
  }
  return { workers: workers.map((w) => ({ wallet: w.wallet, minutes: String(w.minutes) })), next: more ? workers.at(-1)!.wallet : null }
}

/** How many of a month's workloads `workersCount` reads at most. */
export const WORKER_COUNT_SCAN = 50_000

/**
 * How many people worked for `collective` in `period`: one pass over the keys of the month's
 * index (by wallet), reading at most `scan` of them; past that, `atLeast` says there are more.
 * Measured (docs/benchmarks.md): a pass over the keys costs less than a seek per person unless
 * a person has dozens of workloads in the month.
 */
export async function workersCount(store: KeyValueStore, collective: string, period: string, scan = WORKER_COUNT_SCAN): Promise<{ count: number; atLeast: boolean }> {
  const prefix = keys.workloadsIn(collective, period)
  let count = 0
  let read = 0
  let last = ''
  for await (const [key] of store.range({ gte: prefix, lt: prefix + '\uffff' })) {
    if (read === scan) return { count, atLeast: true }
    read++
    const wallet = key.slice(prefix.length, key.indexOf('/', prefix.length))
    if (wallet !== last) count++
    last = wallet
  }
  return { count, atLeast: false }
}

/** The most months `workMonths` lists (fifty years of them). */
export const WORK_MONTHS_CAP = 600

/**
 * The months (YYYY-MM, newest first) in which anyone worked for `collective`: one seek per
 * month past all of that month's workloads, so its cost grows with the months, not the work.
 */
export async function workMonths(store: KeyValueStore, collective: string): Promise<string[]> {
  const prefix = keys.workloadsOfCollective(collective)
  const months: string[] = []
  let from: { lt: string } = { lt: prefix + '\uffff' }
  while (months.length < WORK_MONTHS_CAP) {
    const [last] = await entries(store, { gte: prefix, ...from, reverse: true, limit: 1 })
    if (!last) break
    const month = last[0].slice(prefix.length, last[0].indexOf('/', prefix.length))
    months.push(month)
    from = { lt: keys.workloadsIn(collective, month) }
  }
  return months
}
