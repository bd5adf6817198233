// Inside a production (§5): consumed inputs, workloads, machines allocated and released, and
// the output, whose value equals everything that went in, to the micro-minute.
import { composite, largestRemainder, leaf, prefixTree, wear } from '../../economics/index.ts'
import { refuse } from '../../protocol/errors.ts'
import { addTotals, isRefusal, requireMember, type Context, type Handler } from '../context.ts'
import { addTally, isCommons, openPeriod } from '../commons.ts'
import { keys } from '../keys.ts'
import { fromStored, loadLot, requireFreeLot, requireQuantity, saveLot, take, toStored } from '../lots.ts'
import { periodOf } from '../period.ts'
import type { ComponentRecord, LotRecord, ProductionRecord, ProductRecord, WorkloadRecord } from '../records.ts'
import { addToWorkday } from '../workday.ts'
import { performedInFuture } from '../../protocol/workload-time.ts'
import { requireProduct } from './resources.ts'

type Production = ProductionRecord

/** Every production step is signed by the producing collective. */
async function producerSigns(ctx: Context<any>): Promise<string[] | ReturnType<typeof refuse>> {
  const production = await ctx.state.get(keys.production(ctx.tx.body.production))
  if (!production) return refuse('UNKNOWN_PRODUCTION', 'no production with that id exists')
  return [production.producer]
}

async function requireRunning(ctx: Context<any>): Promise<Production | ReturnType<typeof refuse>> {
  const production = (await ctx.state.get(keys.production(ctx.tx.body.production)))!
  if (production.status !== 'running') return refuse('PRODUCTION_DONE', 'the production has already delivered its output')
  return production
}

export function addValue(production: ProductionRecord, field: 'workloads' | 'consumed' | 'transfers', amount: bigint): void {
  production[field] = String(BigInt(production[field]) + amount)
  production.value = String(BigInt(production.value) + amount)
}

export const productionConsume: Handler<'production.consume'> = {
  signers: producerSigns,
  async apply(ctx) {
    const production = await requireRunning(ctx)
    if (isRefusal(production)) return production
    const lot = await requireFreeLot(ctx, ctx.tx.body.lot, production.producer)
    if (isRefusal(lot)) return lot
    const quantity = BigInt(ctx.tx.body.quantity)
    const tooMuch = requireQuantity(lot, quantity)
    if (tooMuch) return tooMuch
    const producer = await requireMember(ctx, production.producer)
    if (isRefusal(producer)) return producer
    if (production.commons && !(await isCommons(ctx, producer.subsystem, lot.product))) {
      return refuse('COMMONS_USES_EXCLUSIVE', 'a commons production cannot consume exclusive goods')
    }
    const taken = take(lot, quantity)
    if (ctx.tx.body.asComponent) {
      const product = (await requireProduct(ctx, lot.product)) as ProductRecord
      // Prefixing with this transaction keeps element ids unique inside the new composite.
      const prefix = `${ctx.id.slice(0, 12)}/`
      let tree
      if (taken.tree) tree = toStored(prefixTree(taken.tree, prefix), prefixed(lot.tree!.products, prefix))
      else if (product.durability) tree = toStored(leaf(prefix + lot.product.slice(0, 12), taken.value, BigInt(product.durability)), { [prefix + lot.product.slice(0, 12)]: lot.product })
      else return refuse('COMPONENT_NEEDS_DURABILITY', `${product.name} has no durability, so it cannot stay a separable component`)
      const component: ComponentRecord = { lot: lot.id, product: lot.product, value: String(taken.value), tree }
      production.components = [...production.components, component]
      production.value = String(BigInt(production.value) + taken.value)
    } else {
      addValue(production, 'consumed', taken.value)
    }
    await saveLot(ctx, lot, taken.rest)
    ctx.state.put(keys.production(production.id), production)
  }
}

function prefixed(products: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(products).map(([id, product]) => [prefix + id, product]))
}

export const productionWorkload: Handler<'production.workload'> = {
  signers: producerSigns,
  async apply(ctx) {
    const production = await requireRunning(ctx)
    if (isRefusal(production)) return production
    const { wallet, performedAt } = ctx.tx.body
    const minutes = BigInt(ctx.tx.body.minutes)
    if (performedInFuture(performedAt, ctx.tx.time)) return refuse('WORKLOAD_IN_FUTURE', 'a workload cannot be recorded before it was performed')
    const period = periodOf(performedAt)
    if (await ctx.state.get(keys.closed(production.producer, period))) {
      return refuse('PERIOD_CLOSED', `${period} has had its final revision: no more workloads can be recorded for it`)
    }
    const full = await addToWorkday(ctx, wallet, performedAt, ctx.id, minutes)
    if (full) return full
    const workload: WorkloadRecord = {
      id: ctx.id,
      production: production.id,
      collective: production.producer,
      wallet,
      minutes: String(minutes),
      performedAt,
      period,
      commons: production.commons
    }
    ctx.state.put(keys.workload(ctx.id), workload)
    ctx.state.put(keys.workloadIn(production.producer, period, wallet, ctx.id), String(minutes))
    await addTally(ctx, production.producer, period, production.commons ? { a: minutes, c: minutes } : { a: minutes })
    await addTotals(ctx, { worked: minutes })
    addValue(production, 'workloads', minutes)
    ctx.state.put(keys.production(production.id), production)
  }
}

export const productionAllocate: Handler<'production.allocate'> = {
  signers: producerSigns,
  async apply(ctx) {
    const production = await requireRunning(ctx)
    if (isRefusal(production)) return production
    const lot = await loadLot(ctx, ctx.tx.body.lot)
    if (lot?.allocatedTo) return refuse('LOT_ALLOCATED', 'the machine is already allocated to a production (one at a time)')
    const free = await requireFreeLot(ctx, ctx.tx.body.lot, production.producer)
    if (isRefusal(free)) return free
    if (!free.tree) return refuse('NOT_MEANS_OF_PRODUCTION', 'only a means of production can be allocated; consume goods instead')
    const producer = await requireMember(ctx, production.producer)
    if (isRefusal(producer)) return producer
    const exclusive = !(await isCommons(ctx, producer.subsystem, free.product))
    const repurposed = ctx.tx.body.repurposed === true
    if (production.commons && exclusive && !repurposed) {
      return refuse('COMMONS_USES_EXCLUSIVE', 'an exclusive machine serves commons production only when marked repurposed')
    }
    if (repurposed && !(production.commons && exclusive)) {
      return refuse('REPURPOSE_NOT_NEEDED', 'only an exclusive machine in commons production is repurposed')
    }
    await saveLot(ctx, free, { ...free, allocatedTo: production.id })
    production.allocated = [...production.allocated, { lot: free.id, repurposed }]
    ctx.state.put(keys.production(production.id), production)
  }
}

export const productionDeallocate: Handler<'production.deallocate'> = {
  signers: producerSigns,
  async apply(ctx) {
    const production = await requireRunning(ctx)
    if (isRefusal(production)) return production
    const allocation = production.allocated.find((a) => a.lot === ctx.tx.body.lot)
    const lot = await loadLot(ctx, ctx.tx.body.lot)
    if (!allocation || !lot || lot.allocatedTo !== production.id) {
      return refuse('NOT_ALLOCATED', 'that machine is not allocated to this production')
    }
    const { amount, tree } = wear(fromStored(lot.tree!), BigInt(ctx.tx.body.minutesUsed))
    const { allocatedTo: _, ...rest } = lot
    await saveLot(ctx, lot, { ...rest, value: String(BigInt(lot.value) - amount), tree: toStored(tree, lot.tree!.products) })
    addValue(production, 'transfers', amount)
    production.allocated = production.allocated.filter((a) => a.lot !== lot.id)
    if (allocation.repurposed) {
      await addTally(ctx, production.producer, await openPeriod(ctx, production.producer, ctx.tx.time), { c: amount })
    }
    ctx.state.put(keys.production(production.id), production)
  }
}

export const productionOutput: Handler<'production.output'> = {
  signers: producerSigns,
  async apply(ctx) {
    const production = await requireRunning(ctx)
    if (isRefusal(production)) return production
    if (production.allocated.length > 0) {
      return refuse('MOP_STILL_ALLOCATED', `${production.allocated.length} machine(s) are still allocated: deallocate them before the output`)
    }
    const { outputs } = ctx.tx.body
    const products: ProductRecord[] = []
    const producer = await requireMember(ctx, production.producer)
    if (isRefusal(producer)) return producer
    for (const output of outputs) {
      const product = await requireProduct(ctx, output.product)
      if (isRefusal(product)) return product
      // Commons work is paid for by everyone's tax: what it makes must be free too (§6.1).
      if (production.commons && !(await isCommons(ctx, producer.subsystem, product.id))) {
        return refuse('COMMONS_MAKES_EXCLUSIVE', `a commons production cannot make ${product.name}, which is exclusive`)
      }
      products.push(product)
    }
    const total = BigInt(production.value)
    const values = largestRemainder(total, outputs.map((o) => BigInt(o.weight ?? o.quantity)))
    const declared = outputs.filter((o) => o.value !== undefined)
    if (declared.length > 0) {
      const sum = declared.reduce((s, o) => s + BigInt(o.value!), 0n)
      if (declared.length !== outputs.length || sum !== total || declared.some((o, i) => BigInt(o.value!) !== values[i])) {
        return refuse('VALUE_NOT_CONSERVED', `the outputs declare ${sum} µmin but the production holds ${total} µmin (split by weight: ${values.join(', ')})`)
      }
    }
    const single = outputs.length === 1 && outputs[0]!.quantity === '1' && products[0]!.kind === 'meansOfProduction'
    for (const [index, output] of outputs.entries()) {
      const product = products[index]!
      const id = `${ctx.id}:${index}`
      const value = values[index]!
      const lot: LotRecord = { id, product: product.id, owner: production.producer, quantity: output.quantity, value: String(value), createdBy: ctx.id }
      if (product.kind === 'meansOfProduction') {
        lot.tree = single && production.components.length > 0 ? assemble(id, product, production) : toStored(leaf(id, value, BigInt(product.durability!)), { [id]: product.id })
      }
      await saveLot(ctx, undefined, lot)
    }
    production.status = 'done'
    const order = await ctx.state.get(keys.order(production.order))
    // A rejected or withdrawn order stays so: the goods are the producer's (docs/protocol.md §9).
    if (order?.status === 'started') ctx.state.put(keys.order(order.id), { ...order, status: 'produced' })
    production.outputs = outputs.map((_, index) => `${ctx.id}:${index}`)
    ctx.state.put(keys.production(production.id), production)
    ctx.state.put(keys.productionsOf(production.producer, production.id), 'done')
    ctx.state.del(keys.running(production.producer, production.id))
  }
}

/**
 * A single machine built from components: its own simple value is everything but the
 * components (work, plain inputs, machine wear), its children are their trees (§4.2).
 */
function assemble(id: string, product: ProductRecord, production: ProductionRecord): LotRecord['tree'] {
  const componentValue = production.components.reduce((sum, c) => sum + BigInt(c.value), 0n)
  const own = BigInt(production.value) - componentValue
  const tree = composite(id, own, production.components.map((c) => fromStored(c.tree)))
  const names: Record<string, string> = { [id]: product.id }
  for (const component of production.components) Object.assign(names, component.tree.products)
  return toStored(tree, names)
}

