// Value movements of each collective's goods, recorded as they happen, for the period
// statements (statements.ts). Every change to a lot goes through `saveLot`, which hands the
// lot before and after to `recordMovement`: the owner's net change of value is filed under a
// kind decided by the transaction type. So the movements of a collective add up, by
// construction, to the change of its stock value, and a statement can show that they do.
//
// A movement belongs to the calendar month (UTC) of its transaction's declared time, the
// same declared-time rule that puts work in a month (docs/protocol.md §19.1), never to the
// order in which months are closed. Its month's bucket (`movement/<collective>/<month>`)
// sums it; the item (`moved/<collective>/<month>/<seq>/<lot>`) keeps it for the report's
// details. A movement dated in or before the collective's latest closed month would change
// figures already signed, so it counts into the month after that one instead.
import type { Context } from './context.ts'
import { keys } from './keys.ts'
import { nextPeriod, periodOf } from './period.ts'
import type { LotRecord } from './records.ts'

/** The kinds of movement a statement sums. Amounts are µmin, never negative except `other`. */
export const MOVEMENT_KINDS = ['in', 'out', 'made', 'used', 'writtenOff', 'dispatched', 'other'] as const
export type MovementKind = (typeof MOVEMENT_KINDS)[number]

/** Sums of a collective's movements in one month (decimal µmin). */
export type MovementTotals = Record<MovementKind, string>

/** One lot's change of value for its owner, by one transaction. */
export interface MovementItem {
  kind: MovementKind
  /** The transaction that moved it (the completed one, for a co-signed transfer). */
  tx: string
  type: string
  lot: string
  product: string
  /** Units that left (or arrived at) the lot, never negative. */
  quantity: string
  /** µmin; for `other` it is signed (+ arrived, − left). */
  value: string
  /** The collective on the other side of a transfer, when the transaction names it. */
  counterparty?: string
  /** The production that made or used the goods. */
  production?: string
}

export const ZERO_MOVEMENTS: MovementTotals = { in: '0', out: '0', made: '0', used: '0', writtenOff: '0', dispatched: '0', other: '0' }

/**
 * Which kind a net change is, by the transaction that made it. A transfer or a settlement is
 * `in` or `out` by its sign; everything a production takes (inputs, components, a machine's
 * wear) is `used`; anything the rules do not expect to move value is `other`, signed.
 */
function kindOf(type: string, net: bigint): MovementKind {
  switch (type) {
    case 'resource.transfer':
    case 'settlement.record':
      return net > 0n ? 'in' : 'out'
    case 'production.output':
      return net > 0n ? 'made' : 'other'
    case 'production.consume':
    case 'production.deallocate':
      return net < 0n ? 'used' : 'other'
    case 'resource.writeoff':
    case 'inventory.count':
      return net < 0n ? 'writtenOff' : 'other'
    case 'dispatch.record':
      return net < 0n ? 'dispatched' : 'other'
    default:
      return 'other'
  }
}

/** Files the owners' net changes of value between `before` and `after` of one lot. */
export async function recordMovement(ctx: Context, before: LotRecord | undefined, after: LotRecord | undefined): Promise<void> {
  const lot = (after ?? before)!
  const changes = new Map<string, { value: bigint; quantity: bigint }>()
  const add = (owner: string, value: bigint, quantity: bigint) => {
    const c = changes.get(owner) ?? { value: 0n, quantity: 0n }
    changes.set(owner, { value: c.value + value, quantity: c.quantity + quantity })
  }
  if (before) add(before.owner, -BigInt(before.value), -BigInt(before.quantity))
  if (after && BigInt(after.quantity) > 0n) add(after.owner, BigInt(after.value), BigInt(after.quantity))
  // Sorted, so the writes come in one order on every node.
  for (const owner of [...changes.keys()].sort()) {
    const { value, quantity } = changes.get(owner)!
    if (value === 0n) continue
    const kind = kindOf(ctx.tx.type, value)
    const amount = kind === 'other' ? value : value < 0n ? -value : value
    const period = await movementPeriod(ctx, owner)
    await addToBucket(ctx, owner, period, kind, amount)
    await addItem(ctx, owner, period, lot, kind, amount, quantity < 0n ? -quantity : quantity)
  }
}

/**
 * The month a movement of `owner` counts into: the month of the transaction's declared time,
 * or, when that month is not after the owner's latest closed month, the month after it (a
 * closed month's statement, and the stock at its end, never change).
 */
export async function movementPeriod(ctx: Context, owner: string): Promise<string> {
  const period = periodOf(ctx.tx.time)
  const latest = await ctx.state.get(keys.lastStatement(owner))
  return latest !== undefined && period <= latest ? nextPeriod(latest) : period
}

/** in − out + made − used − writtenOff − dispatched + other: the change of stock value they make. */
export function netOf(m: MovementTotals): bigint {
  const n = (x: string) => BigInt(x)
  return n(m.in) - n(m.out) + n(m.made) - n(m.used) - n(m.writtenOff) - n(m.dispatched) + n(m.other)
}

async function addToBucket(ctx: Context, owner: string, period: string, kind: MovementKind, amount: bigint): Promise<void> {
  const totals = (await ctx.state.get(keys.movement(owner, period))) ?? { ...ZERO_MOVEMENTS }
  ctx.state.put(keys.movement(owner, period), { ...totals, [kind]: String(BigInt(totals[kind]) + amount) })
}

async function addItem(ctx: Context, owner: string, period: string, lot: LotRecord, kind: MovementKind, amount: bigint, quantity: bigint): Promise<void> {
  const key = keys.moved(owner, period, ctx.seq, lot.id)
  const existing = await ctx.state.get(key)
  if (existing && existing.kind === kind) {
    // The same lot changed twice for one owner in one transaction: one item with the sum.
    ctx.state.put(key, { ...existing, value: String(BigInt(existing.value) + amount), quantity: String(BigInt(existing.quantity) + quantity) })
    return
  }
  const item: MovementItem = { kind, tx: ctx.id, type: ctx.tx.type, lot: lot.id, product: lot.product, quantity: String(quantity), value: String(amount) }
  const body = ctx.tx.body as { to?: string; from?: string; production?: string }
  // A transfer's giver signs first; a settlement names both sides.
  if (kind === 'in' || kind === 'out') item.counterparty = kind === 'out' ? body.to! : (body.from ?? ctx.tx.signers[0]!)
  if (typeof body.production === 'string') item.production = body.production
  ctx.state.put(existing ? keys.moved(owner, period, ctx.seq, `${lot.id}/${kind}`) : key, item)
}
