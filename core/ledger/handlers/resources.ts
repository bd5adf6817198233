// Product types and the life of lots outside production (§3, §4): define, collectivize,
// transfer, write off, count, dispatch.
import { refuse } from '../../protocol/errors.ts'
import { addTotals, hasStrongTrust, isRefusal, requireMember, requireRole, type Context, type Handler } from '../context.ts'
import { tallyWriteoff } from '../commons.ts'
import { keys } from '../keys.ts'
import { loadLot, lotFrom, newTree, requireFreeLot, requireQuantity, saveLot, take } from '../lots.ts'
import type { CollectiveRecord, LotRecord, ProductRecord, Role } from '../records.ts'
import { soleSigner } from './collectives.ts'

/**
 * The product type a transaction names. Naming it uses it: from then on it cannot be retired
 * (`productUsed`, written only if the transaction is accepted), and a retired type cannot be
 * named again.
 */
export async function requireProduct(ctx: Context, id: string): Promise<ProductRecord | ReturnType<typeof refuse>> {
  const product = await ctx.state.get(keys.product(id))
  if (!product) return refuse('UNKNOWN_PRODUCT', `no product type ${id.slice(0, 8)}… is defined`)
  if (product.retiredBy) return refuse('PRODUCT_RETIRED', `${product.name} was retired: define the product type again to use it`)
  if ((await ctx.state.get(keys.productUsed(id))) === undefined) ctx.state.put(keys.productUsed(id), ctx.id)
  return product
}

/** The signer of a single-owner lot transaction: the lot's owner. */
async function lotOwner(ctx: Context, lotId: string): Promise<string[] | ReturnType<typeof refuse>> {
  const lot = await loadLot(ctx, lotId)
  if (!lot) return refuse('UNKNOWN_LOT', `no lot ${lotId.slice(0, 8)}… exists`)
  return [lot.owner]
}

export const productDefine: Handler<'product.define'> = {
  signers: soleSigner,
  async apply(ctx) {
    const definer = await requireMember(ctx, ctx.tx.signers[0]!)
    if (isRefusal(definer)) return definer
    const { name, unit, kind, durability } = ctx.tx.body
    if (await ctx.state.get(keys.productName(name))) return refuse('PRODUCT_NAME_TAKEN', `a product type called "${name}" already exists`)
    const product: ProductRecord = { id: ctx.id, name, unit, kind, definedBy: definer.id }
    if (durability !== undefined) product.durability = durability
    ctx.state.put(keys.product(ctx.id), product)
    ctx.state.put(keys.productName(name), ctx.id)
  }
}

export const resourceCollectivize: Handler<'resource.collectivize'> = {
  signers: soleSigner,
  async apply(ctx) {
    const owner = await requireMember(ctx, ctx.tx.signers[0]!)
    if (isRefusal(owner)) return owner
    const product = await requireProduct(ctx, ctx.tx.body.product)
    if (isRefusal(product)) return product
    const id = `${ctx.id}:0`
    const lot: LotRecord = { id, product: product.id, owner: owner.id, quantity: ctx.tx.body.quantity, value: '0', createdBy: ctx.id }
    if (product.kind === 'meansOfProduction') lot.tree = newTree(id, product, 0n)
    await saveLot(ctx, undefined, lot)
  }
}

export const resourceTransfer: Handler<'resource.transfer'> = {
  cosignable: true,
  async signers(ctx) {
    const owner = await lotOwner(ctx, ctx.tx.body.lot)
    return isRefusal(owner) ? owner : [owner[0]!, ctx.tx.body.to]
  },
  /** While it waits for a co-signature the lot is reserved for it (docs/protocol.md §5). */
  async hold(ctx) {
    const lot = await requireFreeLot(ctx, ctx.tx.body.lot)
    if (isRefusal(lot)) return lot
    ctx.state.put(keys.reserved(lot.id), ctx.id)
  },
  async apply(ctx) {
    const { lot: lotId, to, order: orderId } = ctx.tx.body
    const quantity = BigInt(ctx.tx.body.quantity)
    const lot = await requireFreeLot(ctx, lotId)
    if (isRefusal(lot)) return lot
    const giver = await requireMember(ctx, lot.owner)
    if (isRefusal(giver)) return giver
    const receiver = await requireMember(ctx, to)
    if (isRefusal(receiver)) return receiver
    if (giver.id === receiver.id) return refuse('SAME_OWNER', 'the lot already belongs to that collective')
    if (!(await hasStrongTrust(ctx, giver.id, receiver.id))) {
      return refuse('NO_STRONG_TRUST', `${giver.name} and ${receiver.name} have no strong trust: goods move only along trust`)
    }
    const tooMuch = requireQuantity(lot, quantity)
    if (tooMuch) return tooMuch
    if (orderId) {
      const order = await ctx.state.get(keys.order(orderId))
      if (!order) return refuse('UNKNOWN_ORDER', 'the transfer names an order that does not exist')
      if (order.status === 'rejected' || order.status === 'withdrawn') return refuse('ORDER_CLOSED', `the order was ${order.status}: nothing is delivered against it`)
      if (order.orderer !== receiver.id || order.producer !== giver.id) {
        return refuse('ORDER_MISMATCH', 'the order was not placed by the receiver with the giver')
      }
      ctx.state.put(keys.order(orderId), { ...order, delivered: String(BigInt(order.delivered) + quantity) })
    }
    const taken = take(lot, quantity)
    if ((await ctx.state.get(keys.reserved(lot.id))) === ctx.id) ctx.state.del(keys.reserved(lot.id))
    await saveLot(ctx, lot, taken.rest)
    await saveLot(ctx, undefined, lotFrom(`${ctx.id}:0`, lot, receiver.id, quantity, taken, ctx.id))
  }
}

/** Removes units from a lot for good; the value leaves the economy (§3.3). */
export async function writeOff(ctx: Context, lot: LotRecord, owner: CollectiveRecord, quantity: bigint, reason: string): Promise<void> {
  const taken = take(lot, quantity)
  await saveLot(ctx, lot, taken.rest)
  ctx.state.put(keys.writeoff(ctx.id), { lot: lot.id, product: lot.product, owner: owner.id, quantity: String(quantity), value: String(taken.value), reason })
  await tallyWriteoff(ctx, owner, lot.product, taken.value)
  await addTotals(ctx, { writtenOff: taken.value })
}

/** The free lot a single-owner transaction names, and its owner (holding `role` if given). */
async function ownedLot(ctx: Context<'resource.writeoff' | 'inventory.count' | 'dispatch.record'>, role?: Role) {
  const lot = await requireFreeLot(ctx, ctx.tx.body.lot)
  if (isRefusal(lot)) return lot
  const owner = role ? await requireRole(ctx, lot.owner, role) : await requireMember(ctx, lot.owner)
  if (isRefusal(owner)) return owner
  return { lot, owner }
}

/** Signed by the owner of the lot the transaction names. */
const ownerSigns = {
  async signers(ctx: Context<'resource.writeoff' | 'inventory.count' | 'dispatch.record'>) {
    return lotOwner(ctx, ctx.tx.body.lot)
  }
}

export const resourceWriteoff: Handler<'resource.writeoff'> = {
  ...ownerSigns,
  async apply(ctx) {
    const owned = await ownedLot(ctx)
    if (isRefusal(owned)) return owned
    const quantity = BigInt(ctx.tx.body.quantity)
    const tooMuch = requireQuantity(owned.lot, quantity)
    if (tooMuch) return tooMuch
    await writeOff(ctx, owned.lot, owned.owner, quantity, ctx.tx.body.reason)
  }
}

export const inventoryCount: Handler<'inventory.count'> = {
  ...ownerSigns,
  async apply(ctx) {
    const owned = await ownedLot(ctx, 'dispatcher')
    if (isRefusal(owned)) return owned
    const counted = BigInt(ctx.tx.body.counted)
    const held = BigInt(owned.lot.quantity)
    if (counted > held) {
      return refuse('INVENTORY_SURPLUS', `counted ${counted} but the lot holds ${held}: record found goods by collectivizing them`)
    }
    if (counted < held) await writeOff(ctx, owned.lot, owned.owner, held - counted, 'inventory')
  }
}

export const dispatchRecord: Handler<'dispatch.record'> = {
  ...ownerSigns,
  async apply(ctx) {
    const owned = await ownedLot(ctx, 'dispatcher')
    if (isRefusal(owned)) return owned
    const quantity = BigInt(ctx.tx.body.quantity)
    const tooMuch = requireQuantity(owned.lot, quantity)
    if (tooMuch) return tooMuch
    const taken = take(owned.lot, quantity)
    await saveLot(ctx, owned.lot, taken.rest)
    await addTotals(ctx, { dispatched: taken.value })
  }
}
