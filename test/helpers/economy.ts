// Building blocks for rule tests: products, whole production cycles, transfers, votes and
// final revisions, each step expected to be accepted so a test states only what it checks.
import { expect } from 'vitest'
import { periodEnd } from '../../core/ledger/period.ts'
import type { Body } from '../../core/protocol/types.ts'
import { expectAccepted, MINUTE, type Harness } from './harness.ts'

export const DAY = 24 * 60 * MINUTE
/** A time when `period` may be closed under the default grace time (7 days). */
export const closable = (period: string) => periodEnd(period) + 7 * DAY + MINUTE

export async function define(h: Harness, by: string, name: string, kind: 'consumable' | 'meansOfProduction' = 'consumable', durability?: number): Promise<string> {
  const body: Body<'product.define'> = { name, unit: 'unit', kind, ...(durability !== undefined ? { durability: String(durability) } : {}) }
  return expectAccepted(await h.do('product.define', body, [by])).id!
}

export async function collectivize(h: Harness, by: string, product: string, quantity: bigint | number): Promise<string> {
  const outcome = expectAccepted(await h.do('resource.collectivize', { product, quantity: String(quantity) }, [by]))
  return `${outcome.id}:0`
}

/** order → estimate → start by `producer` (ordered by `orderer`, default itself). */
export async function start(h: Harness, producer: string, product: string, options: { orderer?: string; quantity?: bigint | number; estimate?: string } = {}) {
  const order = expectAccepted(await h.do('order.place', { producer: h.c(producer).id, product, quantity: String(options.quantity ?? 1) }, [options.orderer ?? producer])).id!
  const estimate = expectAccepted(await h.do('estimate.publish', { order, minutes: options.estimate ?? '1000000' }, [producer])).id!
  const production = expectAccepted(await h.do('production.start', { estimate }, [producer])).id!
  return { order, estimate, production }
}

export async function workload(h: Harness, producer: string, production: string, wallet: string, micro: bigint, performedAt?: number): Promise<string> {
  return expectAccepted(
    await h.do('production.workload', { production, wallet: h.w(wallet).key, minutes: String(micro), performedAt: performedAt ?? h.time }, [producer])
  ).id!
}

export interface Cycle {
  production: string
  order: string
  estimate: string
  workloads: string[]
  output: string
  lots: string[]
}

/**
 * A whole production: workloads of µmin by `wallet`, consumed lots, machines used for some
 * minutes, then one output (or the given outputs).
 */
export async function produce(
  h: Harness,
  producer: string,
  product: string,
  options: {
    micro?: bigint[]
    wallet?: string
    /** One wallet per workload, in turn (a person's day holds at most 24 hours). */
    wallets?: string[]
    quantity?: bigint | number
    orderer?: string
    consume?: Array<{ lot: string; quantity: bigint | number; asComponent?: boolean }>
    machines?: Array<{ lot: string; minutesUsed: bigint | number; repurposed?: boolean }>
    outputs?: Body<'production.output'>['outputs']
  } = {}
): Promise<Cycle> {
  const quantity = options.quantity ?? 1
  const { production, order, estimate } = await start(h, producer, product, { quantity, ...(options.orderer ? { orderer: options.orderer } : {}) })
  for (const c of options.consume ?? []) {
    expectAccepted(await h.do('production.consume', { production, lot: c.lot, quantity: String(c.quantity), ...(c.asComponent ? { asComponent: true } : {}) }, [producer]))
  }
  for (const m of options.machines ?? []) {
    expectAccepted(await h.do('production.allocate', { production, lot: m.lot, ...(m.repurposed ? { repurposed: true } : {}) }, [producer]))
  }
  const workloads: string[] = []
  for (const [i, micro] of (options.micro ?? [60_000_000n]).entries()) {
    const wallet = options.wallets?.[i % options.wallets.length] ?? options.wallet ?? 'Worker'
    workloads.push(await workload(h, producer, production, wallet, micro))
  }
  for (const m of options.machines ?? []) {
    expectAccepted(await h.do('production.deallocate', { production, lot: m.lot, minutesUsed: String(m.minutesUsed) }, [producer]))
  }
  const outputs = options.outputs ?? [{ product, quantity: String(quantity) }]
  const output = expectAccepted(await h.do('production.output', { production, outputs }, [producer])).id!
  return { production, order, estimate, workloads, output, lots: outputs.map((_, i) => `${output}:${i}`) }
}

/** A transfer signed by both sides at once. */
export async function transfer(h: Harness, lot: string, quantity: bigint | number, from: string, to: string): Promise<string> {
  const outcome = expectAccepted(await h.do('resource.transfer', { lot, quantity: String(quantity), to: h.c(to).id }, [from, to]))
  return `${outcome.id}:0`
}

/** A proposal by the first voter, then a yes from each voter; returns the proposal id. */
export async function pass(h: Harness, proposal: Omit<Body<'proposal.create'>, 'closesAt'>, voters: string[]): Promise<string> {
  const id = expectAccepted(await h.do('proposal.create', { ...proposal, closesAt: h.time + 30 * DAY } as Body<'proposal.create'>, [voters[0]!])).id!
  for (const voter of voters) expectAccepted(await h.do('vote.cast', { proposal: id, choice: 'yes' }, [voter]))
  expect(((await h.store.get(`proposal/${id}`)) as any).status).toBe('passed')
  return id
}

export async function finalize(h: Harness, period: string, time = closable(period)): Promise<string> {
  return expectAccepted(await h.do('revision.final', { period }, [], { time, writer: [...h.collectives.keys()][0]! })).id!
}

export async function lot(h: Harness, id: string): Promise<any> {
  return h.store.get(`lot/${id}`)
}

/**
 * Value conservation (PROTOCOL §9.2): all value ever worked is in lots, in running
 * productions, or has left by write-off or dispatch.
 */
export async function valueAccount(h: Harness): Promise<{ worked: bigint; held: bigint }> {
  let held = 0n
  for (const [, value] of h.store.entries({ gte: 'lot/', lt: 'lot/\uffff' })) held += BigInt((value as any).value)
  for (const [, value] of h.store.entries({ gte: 'production/', lt: 'production/\uffff' })) {
    if ((value as any).status === 'running') held += BigInt((value as any).value)
  }
  const totals = ((await h.store.get('meta/totals')) as any) ?? { worked: '0', writtenOff: '0', dispatched: '0' }
  return { worked: BigInt(totals.worked), held: held + BigInt(totals.writtenOff) + BigInt(totals.dispatched) }
}
