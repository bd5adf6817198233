// Lots: amounts of one product type owned by one collective, with their value (and, for a
// means of production, their value tree). Every change to a lot goes through `saveLot`, which
// keeps the owner index, the dispatchers' stock and the subsystems' price basis (§6.2) exact.
import { leaf, remainingValue, splitTree, takeFromLot, type ValueTree } from '../economics/index.ts'
import { short } from '../protocol/decode.ts'
import { refuse, type Refusal } from '../protocol/errors.ts'
import type { Context } from './context.ts'
import { recordMovement } from './movements.ts'
import { keys, type Key } from './keys.ts'
import type { LotRecord, PendingRecord, ProductRecord, StockRecord, StoredTree } from './records.ts'

type Lot = LotRecord

export async function loadLot(ctx: Context, id: string): Promise<Lot | undefined> {
  return ctx.state.get(keys.lot(id))
}

/** The lot must exist, belong to `owner` (when given) and not be serving a production. */
export async function requireFreeLot(ctx: Context, id: string, owner?: string): Promise<Lot | Refusal> {
  const lot = await loadLot(ctx, id)
  if (!lot) return refuse('UNKNOWN_LOT', `no lot ${id.slice(0, 8)}… exists`)
  if (owner !== undefined && lot.owner !== owner) {
    return refuse('LOT_NOT_OWNED', `the lot belongs to ${short(lot.owner)}, not to ${short(owner)}`)
  }
  if (lot.allocatedTo) return refuse('LOT_ALLOCATED', 'the lot is allocated to a production; deallocate it first')
  const reserved = await reservation(ctx, id)
  if (reserved) {
    const waiting = reserved.missing.map((key) => short(key)).join(', ')
    return refuse('LOT_RESERVED', `the lot is reserved for a transfer (${short(reserved.id)}) that waits for the co-signature of ${waiting}`)
  }
  return lot
}

/**
 * The pending transfer a lot is reserved for (docs/protocol.md §5), if it still waits: not
 * co-signed, declined or expired by this transaction's declared time. The transfer itself
 * does not count: it may take the lot it reserved.
 */
export async function reservation(ctx: Context, lot: string): Promise<PendingRecord | undefined> {
  const id = await ctx.state.get(keys.reserved(lot))
  if (id === undefined || id === ctx.id) return undefined
  const pending = await ctx.state.get(keys.pending(id))
  if (!pending || ctx.tx.time > pending.expires) return undefined
  return pending
}

export function requireQuantity(lot: LotRecord, quantity: bigint): Refusal | null {
  if (quantity > BigInt(lot.quantity)) {
    return refuse('QUANTITY_TOO_LARGE', `the lot holds ${lot.quantity}, not ${quantity}`)
  }
  return null
}

/** Writes `after` in place of `before` (either may be absent) and updates every index. */
export async function saveLot(ctx: Context, before: LotRecord | undefined, after: LotRecord | undefined): Promise<void> {
  await recordMovement(ctx, before, after)
  const kept = after && BigInt(after.quantity) > 0n ? after : undefined
  if (before) await countHolding(ctx, before, -1, kept)
  if (kept) await countHolding(ctx, kept, 1, before)
  if (before) await countStock(ctx, before, -1n)
  if (before && (!after || after.owner !== before.owner)) ctx.state.del(keys.lotOf(before.owner, before.id))
  if (after && BigInt(after.quantity) > 0n) {
    ctx.state.put(keys.lot(after.id), after)
    ctx.state.put(keys.lotOf(after.owner, after.id), after.product)
    await countStock(ctx, after, 1n)
  } else {
    const id = (after ?? before)!.id
    ctx.state.del(keys.lot(id))
    if (after) ctx.state.del(keys.lotOf(after.owner, id))
  }
}

/**
 * Adds (or takes away) `lot` in its owner's holding of its product type. A lot that stays with
 * the same owner and product type changes only the value, and nothing is written when that
 * does not change either: a record written on a state change, not on every touch of a lot.
 */
async function countHolding(ctx: Context, lot: LotRecord, sign: 1 | -1, other: LotRecord | undefined): Promise<void> {
  const same = other !== undefined && other.owner === lot.owner && other.product === lot.product
  if (same && sign === 1) return // counted together with its `before`, below
  const key = keys.holding(lot.owner, lot.product)
  const current = await ctx.state.get(key)
  let lots = current?.lots ?? 0
  let value = BigInt(current?.value ?? '0')
  if (same) value += BigInt(other.value) - BigInt(lot.value)
  else {
    lots += sign
    value += BigInt(sign) * BigInt(lot.value)
  }
  if (same && value === BigInt(current?.value ?? '0')) return
  if (lots === 0 && value === 0n) ctx.state.del(key)
  else ctx.state.put(key, { lots, value: String(value) })
}

/**
 * A dispatcher's goods count towards its stock and its subsystem's price basis. Its machines
 * do not: an oven in a bakery's shop is not for appropriation.
 */
async function countStock(ctx: Context, lot: LotRecord, sign: bigint): Promise<void> {
  if (lot.tree) return
  const owner = await ctx.state.get(keys.collective(lot.owner))
  if (!owner || !owner.roles.includes('dispatcher')) return
  await addAmounts(ctx, keys.stock(owner.id, lot.product), sign * BigInt(lot.value), sign * BigInt(lot.quantity))
  await addAmounts(ctx, keys.price(owner.subsystem, lot.product), sign * BigInt(lot.value), sign * BigInt(lot.quantity))
}

async function addAmounts(ctx: Context, key: Key<StockRecord>, value: bigint, quantity: bigint): Promise<void> {
  const current = await ctx.state.get(key)
  const nextValue = BigInt(current?.value ?? '0') + value
  const nextQuantity = BigInt(current?.quantity ?? '0') + quantity
  if (nextQuantity === 0n && nextValue === 0n) ctx.state.del(key)
  else ctx.state.put(key, { value: String(nextValue), quantity: String(nextQuantity) })
}

/** Rebuilds a subsystem's price basis from its members' stock (after a merge or split). */
export async function rebuildPrices(ctx: Context, subsystem: string): Promise<void> {
  for (const [key] of await ctx.state.prefixed(keys.pricesOf(subsystem))) ctx.state.del(key)
  for (const [memberKey] of await ctx.state.prefixed(keys.membersOf(subsystem))) {
    const member = memberKey.slice(memberKey.lastIndexOf('/') + 1)
    for (const [stockKey, stock] of await ctx.state.prefixed(keys.stockOf(member))) {
      const product = stockKey.slice(stockKey.lastIndexOf('/') + 1)
      const { value, quantity } = stock as { value: string; quantity: string }
      await addAmounts(ctx, keys.price(subsystem, product), BigInt(value), BigInt(quantity))
    }
  }
}

export interface Taken {
  value: bigint
  tree?: ValueTree
  /** What is left of the lot (quantity 0 means it is gone). */
  rest: LotRecord
}

/**
 * Takes `quantity` units out of a lot. A consumable lot's value goes by its history (its
 * basis): the value of the first t units is V·t/Q rounded, and each take carries the
 * difference, so the takes sum to V exactly and never drift (economics/split.ts).
 */
export function take(lot: LotRecord, quantity: bigint): Taken {
  const whole = BigInt(lot.quantity)
  const restQuantity = String(whole - quantity)
  if (lot.tree) {
    const tree = fromStored(lot.tree)
    const { moved, kept } = quantity === whole ? { moved: tree, kept: undefined } : splitTree(tree, quantity, whole)
    const rest: LotRecord = kept
      ? { ...lot, quantity: restQuantity, value: String(remainingValue(kept)), tree: toStored(kept, lot.tree.products) }
      : { ...lot, quantity: restQuantity, value: '0' }
    return { value: remainingValue(moved), tree: moved, rest }
  }
  const basis = lot.basis ?? { value: lot.value, quantity: lot.quantity }
  const { taken, rest } = takeFromLot(BigInt(lot.value), whole, quantity, { value: BigInt(basis.value), quantity: BigInt(basis.quantity) })
  return { value: taken, rest: { ...lot, quantity: restQuantity, value: String(rest), basis } }
}

/** A new lot made of what was taken from another (transfer, settlement). */
export function lotFrom(id: string, source: LotRecord, owner: string, quantity: bigint, taken: Taken, createdBy: string): LotRecord {
  const lot: LotRecord = { id, product: source.product, owner, quantity: String(quantity), value: String(taken.value), createdBy }
  if (taken.tree && source.tree) lot.tree = toStored(taken.tree, source.tree.products)
  return lot
}

/** A fresh means of production enters with a one-element tree (§3.1: value 0 when collectivized). */
export function newTree(lotId: string, product: ProductRecord, value: bigint): StoredTree {
  return toStored(leaf(lotId, value, BigInt(product.durability ?? '1')), { [lotId]: product.id })
}

export function fromStored(tree: StoredTree): ValueTree {
  const elements: ValueTree['elements'] = {}
  for (const [id, e] of Object.entries(tree.elements)) {
    elements[id] = { v: BigInt(e.v), d: BigInt(e.d), children: e.children, age: BigInt(e.age), transferred: BigInt(e.transferred) }
  }
  return { root: tree.root, elements }
}

export function toStored(tree: ValueTree, products: Record<string, string>): StoredTree {
  const elements: StoredTree['elements'] = {}
  for (const id of Object.keys(tree.elements).sort()) {
    const e = tree.elements[id]!
    elements[id] = { v: String(e.v), d: String(e.d), children: e.children, age: String(e.age), transferred: String(e.transferred) }
  }
  const known: Record<string, string> = {}
  for (const id of Object.keys(elements)) if (products[id]) known[id] = products[id]!
  return { root: tree.root, elements, products: known }
}
