// The log as an audit trail: each entry with who took part, what moved (product, quantity,
// labour time) and what became of it, as a clerk reads a ledger book. Read from the view's
// audit keys (answerOf/<tx>/<id>), the entries in log/<seq> and records; nothing here decides anything.
import { keys } from '../ledger/keys.ts'
import * as q from '../ledger/queries.ts'
import { dayOf } from '../ledger/period.ts'
import type { LotRecord, OutcomeRecord, TxRecord, WorkloadRecord } from '../ledger/records.ts'
import type { KeyValueStore } from '../ledger/store.ts'
import type { Transaction } from '../protocol/envelope.ts'

/** Names of collectives and product types (and units), read once per page. */
export interface Names {
  collective: Map<string, string>
  product: Map<string, { name: string; unit: string }>
}

export async function namesIn(store: KeyValueStore): Promise<Names> {
  return {
    collective: new Map((await q.collectives(store)).map((c) => [c.id, c.name])),
    product: new Map((await q.products(store)).map((p) => [p.id, { name: p.name, unit: p.unit }]))
  }
}

/** What an entry is about, for people: every field optional, names resolved. */
export interface Summary {
  /** Who gives or asks (a giver, an orderer, the one collective that signed). */
  from?: string
  /** Who receives or is asked. */
  to?: string
  product?: string
  unit?: string
  /** Units of the product (decimal string). */
  quantity?: string
  /** Labour time or coupons, µmin (decimal string). */
  amount?: string
  period?: string
  /** A name the entry gives (a collective, a product type). */
  name?: string
  /** A wallet's key (people's names live in each office's address book, not in the view). */
  wallet?: string
  /** For a co-signature or decline: the transaction it answers. */
  answers?: { id: string; type: string | null }
  /** The day a workload was performed (YYYY-MM-DD), e.g. of one reversed. */
  day?: string
  /** Why, as its signer wrote it (a reversal, a withdrawal, a decline). */
  reason?: string
}

export interface LogRow extends q.LogRecord {
  /** For a transaction declined (then or since): by which collective, and why. */
  declined?: { by: string; reason?: string }
  /** The transaction's status now (a pending entry may have been completed or declined since). */
  now: { status: OutcomeRecord['status']; code?: string; reason?: string } | null
  summary: Summary
}

const MAX_LOT_HOPS = 8

/** The product of a lot, also when it is used up: followed back through the entries that made it. */
async function productOfLot(store: KeyValueStore, lotId: string): Promise<string | undefined> {
  let id = lotId
  for (let hop = 0; hop < MAX_LOT_HOPS; hop++) {
    const lot = await q.read(store, keys.lot(id))
    if (lot) return (lot as LotRecord).product
    const [made, index] = id.split(':')
    const tx = made ? await q.enteredTransaction(store, made) : undefined
    if (!tx) return undefined
    const body = tx.body as Record<string, unknown>
    if (tx.type === 'resource.collectivize') return body.product as string
    if (tx.type === 'production.output') {
      const outputs = body.outputs as Array<{ product: string }> | undefined
      return outputs?.[Number(index ?? 0)]?.product
    }
    if (typeof body.lot !== 'string') return undefined
    id = body.lot
  }
  return undefined
}

/** The facts of one transaction worth a glance. */
export async function summarize(
  store: KeyValueStore,
  tx: Transaction,
  names: Names
): Promise<Summary> {
  const who = (key: unknown) =>
    typeof key === 'string' ? (names.collective.get(key) ?? `${key.slice(0, 8)}…`) : undefined
  const b = tx.body as Record<string, any>
  const signer = who(tx.signers[0])
  const out: Summary = {}
  const product = (id: string | undefined) => {
    const p = id ? names.product.get(id) : undefined
    if (p) Object.assign(out, { product: p.name, unit: p.unit })
  }
  switch (tx.type) {
    case 'resource.transfer':
    case 'resource.writeoff':
    case 'dispatch.record':
    case 'inventory.count':
    case 'production.consume':
    case 'production.allocate':
    case 'production.deallocate':
      product(await productOfLot(store, b.lot))
      Object.assign(out, { from: signer, quantity: b.quantity ?? b.counted })
      if (tx.type === 'resource.transfer') out.to = who(b.to)
      break
    case 'resource.collectivize':
      product(b.product)
      Object.assign(out, { to: signer, quantity: b.quantity })
      break
    case 'settlement.record':
      Object.assign(out, { from: who(b.from), to: who(b.to) })
      break
    case 'product.define':
      Object.assign(out, { from: signer, name: b.name, unit: b.unit })
      break
    case 'order.place':
      product(b.product)
      Object.assign(out, { from: signer, to: who(b.producer), quantity: b.quantity })
      break
    case 'estimate.publish':
    case 'estimate.replace':
    case 'production.start': {
      // What is estimated or started: the order's product and quantity, read through the estimate.
      const estimate = tx.type === 'estimate.publish' ? undefined : await q.read(store, keys.estimate(b.estimate))
      const order = await q.read(store, keys.order(estimate?.order ?? b.order))
      if (order) {
        product(order.product)
        out.quantity = order.quantity
      }
      Object.assign(out, { from: signer, amount: b.minutes, reason: b.reason })
      break
    }
    case 'production.workload':
      product((await q.read(store, keys.production(b.production)))?.product)
      Object.assign(out, { from: signer, amount: b.minutes, wallet: b.wallet })
      break
    case 'production.output': {
      const first = (b.outputs as Array<{ product: string; quantity: string }> | undefined)?.[0]
      product(first?.product)
      Object.assign(out, { from: signer, quantity: first?.quantity })
      break
    }
    case 'revision.final':
      out.period = b.period
      break
    case 'coupon.spend':
      Object.assign(out, { to: who(b.dispatcher), amount: b.amount, wallet: b.wallet })
      break
    case 'coupon.claim':
      out.wallet = b.wallet
      break
    case 'trust.establish':
      Object.assign(out, { from: who(b.a), to: who(b.b) })
      break
    case 'trust.cancel':
      Object.assign(out, { from: signer, to: who(b.peer) })
      break
    case 'collective.register':
      Object.assign(out, { from: signer, name: b.name })
      break
    case 'workload.reverse': {
      // The row says whose work it took back: the workload's own facts, not just its id.
      const workload = (await q.read(store, keys.workload(b.workload))) as WorkloadRecord | undefined
      if (workload) {
        product((await q.read(store, keys.production(workload.production)))?.product)
        Object.assign(out, { amount: workload.minutes, wallet: workload.wallet, day: dayOf(workload.performedAt) })
      }
      Object.assign(out, { from: signer, reason: b.reason })
      break
    }
    case 'cosign':
    case 'cosign.decline': {
      const answered = await q.transaction(store, b.tx)
      Object.assign(out, { from: signer, answers: { id: b.tx, type: answered?.type ?? null }, reason: b.reason })
      break
    }
    default:
      if (signer) out.from = signer
  }
  for (const key of Object.keys(out) as Array<keyof Summary>)
    if (out[key] === undefined) delete out[key]
  return out
}

/**
 * The transaction in a log row's own entry text (a page read `withEntries`). A row with an id
 * carries a transaction that decoded, and every copy of one id has the same signed content
 * (type, body, signers, time), which is all a summary reads; so this saves reading and
 * decoding the first entry again.
 */
function ownTransaction(text: string | undefined): Transaction | undefined {
  if (text === undefined) return undefined
  try {
    return JSON.parse(text) as Transaction
  } catch {
    return undefined
  }
}

/**
 * The ledger says a decline as "declined by 1a2b3c4d…: why" (its record holds a key, the same
 * on every node); a person reads the collective's name there.
 */
export function namedReason(code: string | undefined, reason: string | undefined, names: Names): string | undefined {
  const declined = declineOf(code, reason, names)
  return declined ? `declined by ${declined.by}${declined.reason !== undefined ? `: ${declined.reason}` : ''}` : reason
}

/** Who declined and why, from the ledger's "declined by 1a2b3c4d…: why" (the interface words it per language). */
export function declineOf(code: string | undefined, reason: string | undefined, names: Names): { by: string; reason?: string } | undefined {
  const match = code === 'DECLINED' ? reason?.match(/^declined by ([0-9a-f]{8})…(?:: ([\s\S]*))?$/) : null
  if (!match) return undefined
  const named = [...names.collective].filter(([key]) => key.startsWith(match[1]!))
  if (named.length !== 1) return undefined
  return { by: named[0]![1], ...(match[2] !== undefined ? { reason: match[2] } : {}) }
}

/** A log record with its transaction's present status and summary. */
export async function logRow(
  store: KeyValueStore,
  record: q.LogRecord,
  names: Names
): Promise<LogRow> {
  const { text, base64: _base64, ...outcome } = record
  const tx = record.id ? (ownTransaction(text) ?? (await q.enteredTransaction(store, record.id))) : undefined
  const current =
    record.id && record.status === 'pending' ? await q.read(store, keys.tx(record.id)) : undefined
  const declined = declineOf(current?.code ?? outcome.code, current?.reason ?? outcome.reason, names)
  return {
    ...outcome,
    ...(declined ? { declined } : {}),
    ...(outcome.reason !== undefined ? { reason: namedReason(outcome.code, outcome.reason, names) ?? '' } : {}),
    now: current
      ? {
          status: current.status,
          ...(current.code ? { code: current.code, reason: namedReason(current.code, current.reason, names) ?? '' } : {})
        }
      : null,
    summary: tx ? await summarize(store, tx, names) : {}
  }
}

/** The words a search of the log matches: type, id, names, products, refusal. */
export function searchText(row: LogRow): string {
  const s = row.summary
  return [
    row.type,
    row.id,
    row.code,
    row.reason,
    row.now?.status,
    s.from,
    s.to,
    s.product,
    s.name,
    s.period,
    s.wallet,
    s.reason
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase()
}

/** One signer of a transaction: whether and by which entry it signed. */
export interface Signature {
  key: string
  name: string
  signed: boolean
  /** The co-signature or decline entry that answered for this signer, if any. */
  by?: { id: string; type: 'cosign' | 'cosign.decline'; time: number; seq: number | null }
}

/** The whole transaction: as it entered the log, who signed it and how, and what became of it. */
export async function auditTransaction(store: KeyValueStore, id: string) {
  const record: TxRecord | undefined = await q.transaction(store, id)
  const tx = await q.enteredTransaction(store, id)
  const pending = (await q.read(store, keys.pending(id))) ?? null
  const names = await namesIn(store)
  const answers: Array<{
    id: string
    type: 'cosign' | 'cosign.decline'
    signer: string
    time: number
    seq: number | null
    reason?: string
  }> = []
  for (const [key, type] of await q.under(store, keys.answersOf(id))) {
    const answerId = key.slice(key.lastIndexOf('/') + 1)
    const answer = await q.enteredTransaction(store, answerId)
    if (!answer) continue
    const body = answer.body as { signer?: string; reason?: string }
    answers.push({
      id: answerId,
      type,
      signer: body.signer ?? answer.signers[0] ?? '',
      time: answer.time,
      seq: (await q.transaction(store, answerId))?.seq ?? null,
      ...(body.reason ? { reason: body.reason } : {})
    })
  }
  answers.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
  const signatures: Signature[] = (tx?.signers ?? []).map((key) => {
    const by = answers.find((a) => a.signer === key)
    return {
      key,
      name: names.collective.get(key) ?? '',
      signed: !!tx?.sigs[key] || by?.type === 'cosign',
      ...(by ? { by: { id: by.id, type: by.type, time: by.time, seq: by.seq } } : {})
    }
  })
  // The answer that settled a pending transaction: the last co-signature, or a decline.
  const last = answers.at(-1)
  const settledBy = record && record.status !== 'pending' && !pending && last ? last : undefined
  return {
    record: record ? { ...record, ...(record.reason !== undefined ? { reason: namedReason(record.code, record.reason, names) ?? '' } : {}) } : null,
    pending,
    tx: tx ?? null,
    summary: tx ? await summarize(store, tx, names) : {},
    signatures,
    answers: answers.map((a) => ({ ...a, signerName: names.collective.get(a.signer) ?? '' })),
    settledBy: settledBy
      ? {
          id: settledBy.id,
          type: settledBy.type,
          signerName: names.collective.get(settledBy.signer) ?? ''
        }
      : null,
    /** For a co-signature: the transaction it completed. */
    completes: record?.completed ?? null
  }
}
