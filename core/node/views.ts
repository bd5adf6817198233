// What the screens read: compositions of the ledger's named queries, with names resolved and
// amounts left as decimal strings of µmin. Pure reads of a KeyValueStore, so they serve a
// live node and a demo ledger alike.
import { toDecimal } from '../economics/index.ts'
import { keys } from '../ledger/keys.ts'
import { periodOf, previousPeriod } from '../ledger/period.ts'
import * as pages from '../ledger/pages.ts'
import * as q from '../ledger/queries.ts'
import { declineOf, logRow, namesIn, searchText, summarize, type LogRow } from './audit.ts'
import type { EstimateRecord, LotRecord, Tally } from '../ledger/records.ts'
import { readOnce } from './read-once.ts'
import { waitingOnOthers } from './waiting.ts'
import type { KeyValueStore } from '../ledger/store.ts'

async function namesOf(store: KeyValueStore): Promise<Map<string, string>> {
  return new Map((await q.collectives(store)).map((c) => [c.id, c.name]))
}

async function productNames(store: KeyValueStore): Promise<Map<string, string>> {
  return new Map((await q.products(store)).map((p) => [p.id, p.name]))
}

/**
 * Records in the order their transactions entered the log, as a ledger book reads (the
 * queries give them in id order, which is a hash's: no order at all to a reader). A record's
 * id is the id of the transaction that made it.
 */
async function inLogOrder<T extends { id: string }>(store: KeyValueStore, records: T[]): Promise<T[]> {
  const seq = new Map<string, number>()
  for (const record of records) {
    const tx = (await store.get(keys.tx(record.id))) as { seq?: number } | undefined
    seq.set(record.id, tx?.seq ?? Number.MAX_SAFE_INTEGER)
  }
  return records.slice().sort((a, b) => seq.get(a.id)! - seq.get(b.id)! || (a.id < b.id ? -1 : 1))
}

export async function trust(store: KeyValueStore, now?: number) {
  const subsystems = await q.subsystems(store)
  return {
    requests: await trustRequests(store, now),
    collectives: (await q.collectives(store)).map(({ id, name, roles, member, subsystem }) => ({ id, name, roles, member, subsystem })),
    edges: await q.edges(store),
    subsystems: subsystems.map(({ id, size, members, commons, params, debt }) => ({ id, size, members, commons, params, debt })),
    splits: await Promise.all((await q.splits(store)).map(async (split) => (await q.parity(store, split.id))!))
  }
}

/**
 * Requests for strong trust that still wait (docs/protocol.md §5, point 7): between whom, and
 * whose signature is missing, so a row can say "waiting for Corner Shop" instead of offering
 * to ask again.
 */
async function trustRequests(store: KeyValueStore, now: number | undefined) {
  const out = []
  for (const [, id] of await q.under(store, keys.trustRequests)) {
    const pending = await q.read(store, keys.pending(id))
    if (!pending || (now !== undefined && now > pending.expires)) continue
    const { a, b } = pending.tx.body as { a: string; b: string }
    out.push({ id, a, b, waitingFor: pending.missing, expires: pending.expires })
  }
  return out
}

export async function products(store: KeyValueStore, subsystem: string | null) {
  const commons = new Set(subsystem ? (await q.subsystems(store)).find((s) => s.id === subsystem)?.commons ?? [] : [])
  const out = []
  for (const p of await q.products(store)) {
    // Used: something named it, so it can no longer be retired (docs/protocol.md §9).
    const used = (await store.get(keys.productUsed(p.id))) !== undefined
    out.push({ ...p, commons: commons.has(p.id), used })
  }
  return out
}

/**
 * Lots with names; `reserved` names the pending transfer a lot waits on (docs/protocol.md §5),
 * as the ledger would judge it at `now`: nothing else may take from the lot meanwhile.
 */
export async function lots(store: KeyValueStore, owner?: string, now?: number) {
  const [names, pnames] = [await namesOf(store), await productNames(store)]
  return Promise.all((await q.lots(store, owner)).map((lot) => lotRow(store, lot, now, names, pnames)))
}

/**
 * The stock screen: a page of `owner`'s lots (as `lots` gives them) after the lot id `after`,
 * and the totals of everything it holds, which the ledger keeps (not a sum of the page).
 */
export async function stockPage(store: KeyValueStore, owner: string, now: number | undefined, options: { after?: string; limit?: number }) {
  const [names, pnames] = [await namesOf(store), await productNames(store)]
  const page = await pages.lotsPage(store, owner, options)
  const held = await pages.holdings(store, owner)
  return {
    lots: await Promise.all(page.lots.map((lot) => lotRow(store, lot, now, names, pnames))),
    next: page.next,
    total: { lots: held.lots, value: held.value, byProduct: held.byProduct.map((h) => ({ ...h, productName: pnames.get(h.product) ?? '' })) }
  }
}

async function lotRow(store: KeyValueStore, lot: LotRecord, now: number | undefined, names: Map<string, string>, pnames: Map<string, string>) {
  return {
    id: lot.id,
    product: lot.product,
    productName: pnames.get(lot.product) ?? '',
    owner: lot.owner,
    ownerName: names.get(lot.owner) ?? '',
    quantity: lot.quantity,
    value: lot.value,
    allocatedTo: lot.allocatedTo ?? null,
    reserved: await reservedFor(store, lot.id, now, names),
    tree: q.treeTable(lot, pnames)
  }
}

async function reservedFor(store: KeyValueStore, lot: string, now: number | undefined, names: Map<string, string>) {
  const id = await q.read(store, keys.reserved(lot))
  const pending = id ? await q.read(store, keys.pending(id)) : undefined
  if (!pending || (now !== undefined && now > pending.expires)) return null
  const body = pending.tx.body as { to?: string; quantity?: string }
  return {
    id: pending.id,
    to: body.to ?? '',
    toName: names.get(body.to ?? '') ?? '',
    quantity: body.quantity ?? '0',
    waitingFor: pending.missing.map((key) => names.get(key) ?? key),
    expires: pending.expires
  }
}

/** Orders of `me`, with names and the estimated labour time (µmin), which the orderer sees too. */
export async function orders(store: KeyValueStore, me: string) {
  const [names, pnames] = [await namesOf(store), await productNames(store)]
  return Promise.all(
    (await inLogOrder(store, await q.orders(store, me))).map(async (o) => ({
      ...o,
      ordererName: names.get(o.orderer) ?? '',
      producerName: names.get(o.producer) ?? '',
      productName: pnames.get(o.product) ?? '',
      estimateMinutes: o.estimate ? (((await store.get(keys.estimate(o.estimate))) as EstimateRecord | undefined)?.minutes ?? null) : null
    }))
  )
}

/** A producer's productions (all, or only the running ones: what work can be booked on). */
export async function productions(store: KeyValueStore, producer?: string, options: { running?: boolean } = {}) {
  const pnames = await productNames(store)
  const out = []
  const list = options.running && producer !== undefined ? await pages.runningProductions(store, producer) : await q.productions(store, producer)
  for (const p of await inLogOrder(store, options.running ? list.filter((p) => p.status === 'running') : list)) {
    // When it started (its production.start's declared time): work before that day is not its
    // work, and the forms say so (a month typed 09 for 12 booked hours into an open past month).
    const started = (await q.enteredTransaction(store, p.id))?.time ?? null
    out.push({ ...p, productName: pnames.get(p.product) ?? '', started })
  }
  return out
}

/** Workloads by the day they were performed, then as they entered the log. */
export async function workloads(store: KeyValueStore, filter: Parameters<typeof q.workloads>[1]) {
  return (await inLogOrder(store, await q.workloads(store, filter))).sort((a, b) => a.performedAt - b.performedAt)
}

/**
 * The people screen: each named wallet's µmin of work for `collective` in `period`, a page of
 * the month's workers (wallet order, after `after`), and the month's total a the ledger keeps;
 * with the first page, how many worked in the month.
 */
export async function people(store: KeyValueStore, collective: string, period: string, options: { wallets?: string[]; after?: string; limit?: number } = {}) {
  const wallets = options.wallets ?? []
  const sums = await Promise.all(wallets.map((wallet) => pages.hoursIn(store, collective, period, wallet)))
  const hours = Object.fromEntries(wallets.map((wallet, i) => [wallet, sums[i]!]))
  const page = await pages.workersIn(store, collective, period, options)
  const tally = (await store.get(keys.tally(collective, period))) as Tally | undefined
  // How many worked in all ("50 of 312"), with the first page only: later pages need it not.
  const count = options.after === undefined ? await pages.workersCount(store, collective, period) : null
  return { hours, workers: page.workers, next: page.next, total: tally?.a ?? '0', count }
}

export async function revisions(store: KeyValueStore) {
  return (await q.revisions(store)).map(({ rate, ...r }) => ({ ...r, tax: toDecimal(rate, 6) }))
}

export async function wallet(store: KeyValueStore, key: string) {
  const names = await namesOf(store)
  const collectives = new Map((await q.collectives(store)).map((c) => [c.id, c]))
  const balances = (await q.balances(store, key)).map((b) => ({ ...b, originName: names.get(b.origin) ?? '', subsystem: collectives.get(b.origin)?.subsystem ?? null }))
  return { key, balances, workloads: await workloads(store, { wallet: key }) }
}

export async function prices(store: KeyValueStore, subsystem: string) {
  const pnames = await productNames(store)
  return (await q.prices(store, subsystem)).map((p) => ({
    product: p.product,
    productName: pnames.get(p.product) ?? '',
    value: p.value,
    quantity: p.quantity,
    perUnit: p.perUnit ? toDecimal(p.perUnit, 6) : null
  }))
}

/** Transactions waiting for `me` to co-sign, with what they would do. */
export async function pending(store: KeyValueStore, me: string) {
  const names = await namesOf(store)
  const audit = await namesIn(store)
  const out = []
  for (const p of (await q.pendingFor(store, me)) as any[]) {
    out.push({
      id: p.id as string,
      type: p.tx.type as string,
      body: p.tx.body,
      time: p.tx.time as number,
      expires: p.expires as number,
      from: (p.tx.signers as string[]).filter((s) => p.tx.sigs[s]).map((s) => names.get(s) ?? s),
      /** What is asked, as the Log says it ("5 loaf Rye bread"), for lists that name no lot. */
      summary: await summarize(store, p.tx, audit)
    })
  }
  return out
}

/**
 * How many entries one call of a filtered log (a search, a status) looks at, at most. A search
 * that finds fewer than a page in them stops there and gives the cursor to search further, so
 * no call reads the whole log.
 */
export const LOG_SCAN = 1_000

/**
 * The log, newest first, a page at a time. Unfiltered, a page reads exactly its `limit`
 * entries (issue 14: a page's cost is the rows it shows, not the log's length). A search or a
 * status filter reads back from `before` in page-sized steps until it has a page of matches or
 * has looked at `scanLimit` entries, and `next` says where to continue.
 */
export async function log(store: KeyValueStore, options: { limit?: number; before?: number; search?: string; status?: string; scanLimit?: number }) {
  const limit = options.limit ?? 100
  const needle = options.search?.trim().toLowerCase()
  const filtered = !!needle || !!options.status
  const scanLimit = filtered ? Math.max(limit, options.scanLimit ?? LOG_SCAN) : limit
  const names = await namesIn(store)
  // Rows of a page name the same productions, lots and orders: read each once per call.
  const related = readOnce(store)
  const out: LogRow[] = []
  let before = options.before
  let scanned = 0
  // True once the entry at seq 0 has been looked at: nothing older is left.
  let atStart = before === 0
  while (!atStart && out.length < limit && scanned < scanLimit) {
    const want = filtered ? Math.min(limit, scanLimit - scanned) : limit - out.length
    const page = await q.log(store, { limit: want, reverse: true, withEntries: true, ...(before !== undefined ? { before } : {}) })
    if (page.length === 0) atStart = true
    for (const entry of page) {
      scanned++
      before = entry.seq
      if (entry.seq === 0) atStart = true
      // The status asked for is the transaction's present one (a transfer co-signed since is no
      // longer "waiting"); only a pending entry can have changed, so others are judged unread.
      if (options.status && entry.status !== 'pending' && entry.status !== options.status) continue
      const row = await logRow(related, entry, names)
      if (options.status && (row.now?.status ?? row.status) !== options.status) continue
      if (needle && !searchText(row).includes(needle)) continue
      out.push(row)
      if (out.length === limit) break
    }
  }
  const { length } = await q.digest(store)
  return { entries: out, next: atStart || before === undefined ? null : before, total: length }
}

/** The numbers of the overview screen for collective `me`. */
export async function overview(store: KeyValueStore, me: string, now: number) {
  const collective = await q.collective(store, me)
  const period = periodOf(now)
  const tally = (await store.get(keys.tally(me, period))) as Tally | undefined
  const held = await pages.holdings(store, me)
  const running = await pages.runningProductions(store, me)
  const subsystem = collective ? (await q.subsystems(store)).find((s) => s.id === collective.subsystem) : undefined
  const revisions = (await q.revisions(store)).filter((r) => collective && r.subsystem === collective.subsystem).sort((a, b) => (a.period < b.period ? -1 : 1))
  const last = revisions.at(-1)
  const received = await pages.openOrders(store, me)
  const audit = await namesIn(store)
  // A declined offer says who declined it, by name (the ledger's record holds a key).
  const rejections = (await q.rejections(store, { limit: 200 }))
    .filter((r) => collective?.devices.includes(r.writer))
    .slice(0, 20)
    .map((r) => ({ ...r, declined: declineOf(r.code, r.reason, audit) ?? null }))
  const hours = []
  for (let i = 11, p = period; i >= 0; i--) {
    hours.unshift({ period: p, a: ((await store.get(keys.tally(me, p))) as Tally | undefined)?.a ?? '0' })
    p = previousPeriod(p)
  }
  return {
    collective: collective ?? null,
    period,
    workThisMonth: tally?.a ?? '0',
    running: running.map((p) => ({ id: p.id, product: p.product, value: p.value })),
    stockValue: held.value,
    lots: held.lots,
    lastRevision: last ? { period: last.period, tax: toDecimal(last.rate, 6), a: last.a } : null,
    taxHistory: revisions.map((r) => ({ period: r.period, tax: toDecimal(r.rate, 6) })),
    hoursPerMonth: hours,
    subsystem: subsystem ? { id: subsystem.id, size: subsystem.size, members: subsystem.members } : null,
    needs: {
      // Only what can still be signed: a co-signature declared after the expiry is refused.
      cosign: (await pending(store, me)).filter((p) => p.expires >= now),
      // The mirror of the above: what we signed and wait for others to co-sign (clerk finding 8).
      waiting: await waitingOnOthers(store, me, audit, now),
      orders: received.map((o) => ({ id: o.id, orderer: o.orderer, product: o.product, quantity: o.quantity })),
      rejections
    }
  }
}
