// Orders, estimates and the start of a production (§5).
import { refuse } from '../../protocol/errors.ts'
import { hasStrongTrust, isRefusal, requireMember, requireRole, type Context, type Handler } from '../context.ts'
import { isCommons } from '../commons.ts'
import { keys } from '../keys.ts'
import { DEFAULT_PARAMS, type EstimateRecord, type OrderRecord, type Params, type ProductionRecord } from '../records.ts'
import { soleSigner } from './collectives.ts'
import { requireProduct } from './resources.ts'

type Order = OrderRecord

export async function paramsOf(ctx: Context, subsystem: string): Promise<Params> {
  return { ...DEFAULT_PARAMS, ...((await ctx.state.get(keys.params(subsystem))) ?? {}) }
}

async function requireOrder(ctx: Context, id: string): Promise<Order | ReturnType<typeof refuse>> {
  return (await ctx.state.get(keys.order(id))) ?? refuse('UNKNOWN_ORDER', `no order ${id.slice(0, 8)}… exists`)
}

/** Signed by the producer named in the order behind `orderId`. */
async function producerOf(ctx: Context, orderId: string): Promise<string[] | ReturnType<typeof refuse>> {
  const order = await requireOrder(ctx, orderId)
  return isRefusal(order) ? order : [order.producer]
}

/** An order that can no longer be declined or withdrawn: why not, or null. */
export function closedOrder(order: OrderRecord): ReturnType<typeof refuse> | null {
  if (order.status === 'rejected' || order.status === 'withdrawn') return refuse('ORDER_CLOSED', `the order was already ${order.status}`)
  if (order.status === 'produced') return refuse('ORDER_CLOSED', 'the production of the order has delivered its output')
  return null
}

/** An order leaves the producer's open ones when it stops being `open` (answered or withdrawn). */
export function answered(ctx: Context, order: OrderRecord): void {
  if (order.status === 'open' && order.producer !== order.orderer) ctx.state.del(keys.openOrder(order.producer, order.id))
}

export const orderPlace: Handler<'order.place'> = {
  signers: soleSigner,
  async apply(ctx) {
    const orderer = await requireMember(ctx, ctx.tx.signers[0]!)
    if (isRefusal(orderer)) return orderer
    const { producer: producerId, product: productId, quantity, deliverBy, references = [] } = ctx.tx.body
    const producer = await requireRole(ctx, producerId, 'producer')
    if (isRefusal(producer)) return producer
    if (producer.id !== orderer.id && !(await hasStrongTrust(ctx, orderer.id, producer.id))) {
      return refuse('NO_STRONG_TRUST', `${orderer.name} can order only from itself or a collective it strongly trusts`)
    }
    const product = await requireProduct(ctx, productId)
    if (isRefusal(product)) return product
    for (const reference of references) {
      if (!(await ctx.state.get(keys.order(reference)))) return refuse('UNKNOWN_ORDER', `the referenced order ${reference.slice(0, 8)}… does not exist`)
    }
    const order: OrderRecord = { id: ctx.id, orderer: orderer.id, producer: producer.id, product: product.id, quantity, references, status: 'open', delivered: '0' }
    if (deliverBy !== undefined) order.deliverBy = deliverBy
    ctx.state.put(keys.order(ctx.id), order)
    ctx.state.put(keys.ordersOf(orderer.id, ctx.id), 'placed')
    if (producer.id !== orderer.id) {
      ctx.state.put(keys.ordersOf(producer.id, ctx.id), 'received')
      ctx.state.put(keys.openOrder(producer.id, ctx.id), orderer.id)
    }
  }
}

export const orderReject: Handler<'order.reject'> = {
  async signers(ctx) {
    return producerOf(ctx, ctx.tx.body.order)
  },
  async apply(ctx) {
    const order = (await ctx.state.get(keys.order(ctx.tx.body.order)))!
    // The producer may decline at any time before the output (issue 10); a production already
    // running goes on, and what it makes stays the producer's.
    const closed = closedOrder(order)
    if (closed) return closed
    ctx.state.put(keys.order(order.id), { ...order, status: 'rejected', reason: ctx.tx.body.reason })
    answered(ctx, order)
  }
}

export const estimatePublish: Handler<'estimate.publish'> = {
  async signers(ctx) {
    return producerOf(ctx, ctx.tx.body.order)
  },
  async apply(ctx) {
    const order = (await ctx.state.get(keys.order(ctx.tx.body.order)))!
    if (order.status !== 'open') return refuse('ORDER_CLOSED', `the order is ${order.status}; only an open order can be estimated`)
    const estimate: EstimateRecord = { id: ctx.id, order: order.id, producer: order.producer, minutes: ctx.tx.body.minutes }
    ctx.state.put(keys.estimate(ctx.id), estimate)
    ctx.state.put(keys.order(order.id), { ...order, status: 'estimated', estimate: ctx.id })
    answered(ctx, order)
  }
}

export const productionStart: Handler<'production.start'> = {
  async signers(ctx) {
    const estimate = await ctx.state.get(keys.estimate(ctx.tx.body.estimate))
    if (!estimate) return refuse('UNKNOWN_ESTIMATE', 'no estimate with that id exists')
    return [estimate.producer]
  },
  async apply(ctx) {
    const estimate = (await ctx.state.get(keys.estimate(ctx.tx.body.estimate)))!
    if (estimate.production) return refuse('ESTIMATE_USED', 'a production was already started on this estimate (one estimate, one production)')
    const order = (await ctx.state.get(keys.order(estimate.order)))!
    if (order.status === 'rejected' || order.status === 'withdrawn') return refuse('ORDER_CLOSED', `the order was ${order.status}`)
    if (estimate.replacedBy) return refuse('ESTIMATE_REPLACED', `the estimate was replaced by ${estimate.replacedBy.slice(0, 8)}…: start on that one`)
    const producer = await requireRole(ctx, estimate.producer, 'producer')
    if (isRefusal(producer)) return producer
    const { voteThreshold } = await paramsOf(ctx, producer.subsystem)
    if (BigInt(estimate.minutes) > BigInt(voteThreshold) && !(await ctx.state.get(keys.passedProduction(estimate.id)))) {
      return refuse('VOTE_REQUIRED', 'the estimate exceeds the subsystem\'s vote threshold: a production vote must pass first')
    }
    const production: ProductionRecord = {
      id: ctx.id,
      producer: producer.id,
      order: order.id,
      estimate: estimate.id,
      product: order.product,
      commons: await isCommons(ctx, producer.subsystem, order.product),
      status: 'running',
      value: '0',
      workloads: '0',
      consumed: '0',
      transfers: '0',
      components: [],
      allocated: [],
      outputs: []
    }
    ctx.state.put(keys.production(ctx.id), production)
    ctx.state.put(keys.productionsOf(producer.id, ctx.id), 'running')
    ctx.state.put(keys.running(producer.id, ctx.id), production.product)
    ctx.state.put(keys.estimate(estimate.id), { ...estimate, production: ctx.id })
    ctx.state.put(keys.order(order.id), { ...order, status: 'started' })
  }
}
