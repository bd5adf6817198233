// Corrections (issue 10): a mistake is undone by a new transaction, and each can be undone
// only while nothing has been built on it. A workload is reversed while its production runs
// and its month is open (after the final revision its coupons are claimable, so it stands);
// an order is withdrawn by its orderer (and declined by its producer, `order.reject`) until
// the output; an estimate is replaced until a production starts on it; a product type is
// retired by its definer while nothing has named it, which frees its name.
import { refuse } from '../../protocol/errors.ts'
import { addTotals, type Handler } from '../context.ts'
import { addTally } from '../commons.ts'
import { keys } from '../keys.ts'
import type { EstimateRecord } from '../records.ts'
import { takeFromWorkday } from '../workday.ts'
import { answered, closedOrder } from './orders.ts'
import { addValue } from './production.ts'

export const workloadReverse: Handler<'workload.reverse'> = {
  async signers(ctx) {
    const workload = await ctx.state.get(keys.workload(ctx.tx.body.workload))
    if (!workload) return refuse('UNKNOWN_WORKLOAD', 'no workload with that id exists')
    return [workload.collective]
  },
  async apply(ctx) {
    const workload = (await ctx.state.get(keys.workload(ctx.tx.body.workload)))!
    if (workload.reversedBy) return refuse('WORKLOAD_REVERSED', `the workload was already reversed by ${workload.reversedBy.slice(0, 8)}…`)
    if (await ctx.state.get(keys.closed(workload.collective, workload.period))) {
      return refuse('PERIOD_CLOSED', `${workload.period} has had its final revision: its workloads stand, their coupons are claimable`)
    }
    const production = (await ctx.state.get(keys.production(workload.production)))!
    if (production.status !== 'running') {
      return refuse('PRODUCTION_DONE', 'the production has delivered its output: the workload\'s value is in those goods now')
    }
    const minutes = BigInt(workload.minutes)
    // Everything the workload added is taken out again: the production's value, the month's
    // a (and c), the network's worked total, the person's day. The record stays, marked.
    addValue(production, 'workloads', -minutes)
    ctx.state.put(keys.production(production.id), production)
    await addTally(ctx, workload.collective, workload.period, workload.commons ? { a: -minutes, c: -minutes } : { a: -minutes })
    await addTotals(ctx, { worked: -minutes })
    await takeFromWorkday(ctx, workload)
    ctx.state.del(keys.workloadIn(workload.collective, workload.period, workload.wallet, workload.id))
    ctx.state.put(keys.workload(workload.id), { ...workload, reversedBy: ctx.id, reversalReason: ctx.tx.body.reason })
  }
}

export const orderWithdraw: Handler<'order.withdraw'> = {
  async signers(ctx) {
    const order = await ctx.state.get(keys.order(ctx.tx.body.order))
    if (!order) return refuse('UNKNOWN_ORDER', `no order ${ctx.tx.body.order.slice(0, 8)}… exists`)
    return [order.orderer]
  },
  async apply(ctx) {
    const order = (await ctx.state.get(keys.order(ctx.tx.body.order)))!
    const closed = closedOrder(order)
    if (closed) return closed
    // A production already running goes on; what it makes stays the producer's.
    const { reason } = ctx.tx.body
    ctx.state.put(keys.order(order.id), { ...order, status: 'withdrawn', ...(reason ? { reason } : {}) })
    answered(ctx, order)
  }
}

export const estimateReplace: Handler<'estimate.replace'> = {
  async signers(ctx) {
    const estimate = await ctx.state.get(keys.estimate(ctx.tx.body.estimate))
    if (!estimate) return refuse('UNKNOWN_ESTIMATE', 'no estimate with that id exists')
    return [estimate.producer]
  },
  async apply(ctx) {
    const old = (await ctx.state.get(keys.estimate(ctx.tx.body.estimate)))!
    if (old.replacedBy) return refuse('ESTIMATE_REPLACED', `the estimate was already replaced by ${old.replacedBy.slice(0, 8)}…`)
    if (old.production) return refuse('ESTIMATE_USED', 'a production was started on this estimate: it can no longer be replaced')
    const order = (await ctx.state.get(keys.order(old.order)))!
    if (order.status !== 'estimated') return refuse('ORDER_CLOSED', `the order was ${order.status}`)
    const estimate: EstimateRecord = { id: ctx.id, order: order.id, producer: old.producer, minutes: ctx.tx.body.minutes, replaces: old.id }
    ctx.state.put(keys.estimate(ctx.id), estimate)
    ctx.state.put(keys.estimate(old.id), { ...old, replacedBy: ctx.id })
    ctx.state.put(keys.order(order.id), { ...order, estimate: ctx.id })
  }
}

export const productRetire: Handler<'product.retire'> = {
  async signers(ctx) {
    const product = await ctx.state.get(keys.product(ctx.tx.body.product))
    if (!product) return refuse('UNKNOWN_PRODUCT', `no product type ${ctx.tx.body.product.slice(0, 8)}… is defined`)
    return [product.definedBy]
  },
  async apply(ctx) {
    const product = (await ctx.state.get(keys.product(ctx.tx.body.product)))!
    if (product.retiredBy) return refuse('PRODUCT_RETIRED', `${product.name} was already retired`)
    const usedBy = await ctx.state.get(keys.productUsed(product.id))
    if (usedBy !== undefined) {
      return refuse('PRODUCT_IN_USE', `${product.name} has been used (first by ${usedBy.slice(0, 8)}…): only a product type nothing has named can be retired`)
    }
    ctx.state.put(keys.product(product.id), { ...product, retiredBy: ctx.id })
    if ((await ctx.state.get(keys.productName(product.name))) === product.id) ctx.state.del(keys.productName(product.name))
  }
}
