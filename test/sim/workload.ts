// The workload: each step of the whole protocol, taken by one collective through its node's
// one write path (core/node/submit.ts), choosing among what its own view holds at that moment.
// Its view may be stale or cut off from the others: that is the point.
import { keys } from '../../core/ledger/keys.ts'
import { periodEnd, periodOf, nextPeriod } from '../../core/ledger/period.ts'
import * as queries from '../../core/ledger/queries.ts'
import type { LotRecord, ProductionRecord } from '../../core/ledger/records.ts'
import type { SubmitResult } from '../../core/node/submit.ts'
import { signatureFor } from '../../core/protocol/sign.ts'
import type { WorkKind, Step } from './schedule.ts'
import { DAY, START, type Sim } from './sim.ts'
import type { SimNode } from './sim-node.ts'

const µ = (minutes: number | bigint) => String(BigInt(minutes) * 1_000_000n)
const pick = <T>(items: readonly T[], r: number): T | undefined => (items.length === 0 ? undefined : items[r % items.length])
/** A part of `whole` (1 … whole), or more than all of it now and then. */
const part = (whole: bigint, r: number): bigint => (r % 10 === 0 ? whole + 1n : 1n + (BigInt(r >>> 4) % (whole > 0n ? whole : 1n)))

/** What became of a step: the ledger's outcome, or why nothing was submitted. */
export type StepResult = SubmitResult['status'] | 'skipped'

/**
 * The step's actor takes it if it can (it is up, a writer, and has something to do it with:
 * a running production, a lot, a co-signature asked of it); otherwise the next collective
 * that can does.
 */
export async function runWork(sim: Sim, kind: WorkKind, step: Step): Promise<StepResult> {
  for (let k = 0; k < sim.nodes.length; k++) {
    const actor = sim.nodes[(step.actor + k) % sim.nodes.length]!
    if (!actor.up || !actor.require().requireBase().writable) continue
    // Another device signed with its keys (fork.ts): it refuses every write (KEYS_USED_ELSEWHERE).
    if (actor.require().keysUsedElsewhere) continue
    // A node waiting for a forked writer's copy refuses writes for a moment (REFETCHING_LOG):
    // the next collective takes the step, as a clerk would try again later.
    const result = await act(sim, actor, kind, step.r).catch((error: unknown) => {
      if ((error as { code?: unknown } | null)?.code === 'REFETCHING_LOG') return null
      throw error
    })
    if (result !== null) return result.status
  }
  return 'skipped'
}

async function act(sim: Sim, me: SimNode, kind: WorkKind, r: Step['r']): Promise<SubmitResult | null> {
  const node = me.require()
  const store = node.store()
  const free = async () => (await queries.lots(store, me.id)).filter((l: LotRecord) => !l.allocatedTo)
  const running = async () => (await queries.productions(store, me.id)).filter((p: ProductionRecord) => p.status === 'running')
  const products = await queries.products(store)
  const peers = async () => (await queries.edges(store)).flatMap((e) => (e.a === me.id ? [e.b] : e.b === me.id ? [e.a] : []))
  const others = sim.nodes.filter((n) => n !== me).map((n) => n.id)
  // Production is a producer's, handing out and taking coupons a dispatcher's.
  if (PRODUCER_WORK.has(kind) && !me.roles.includes('producer')) return null
  if ((kind === 'dispatch' || kind === 'spend') && !me.roles.includes('dispatcher')) return null

  switch (kind) {
    case 'define': {
      const [name, kindOf, durability] = pick(PRODUCTS, r[0])!
      return me.submit('product.define', { name, unit: 'u', kind: kindOf, ...(durability ? { durability: String(durability) } : {}) })
    }
    case 'collectivize': {
      const product = pick(products, r[0])
      if (!product) return null
      const quantity = product.kind === 'meansOfProduction' ? 1 : 1 + (r[1] % 50)
      return me.submit('resource.collectivize', { product: product.id, quantity: String(quantity) })
    }
    case 'start': {
      const product = pick(products, r[0])
      if (!product) return null
      const quantity = product.kind === 'meansOfProduction' ? 1 : 1 + (r[1] % 20)
      const order = await me.submit('order.place', { producer: me.id, product: product.id, quantity: String(quantity) })
      if (order.status !== 'accepted') return order
      const estimate = await me.submit('estimate.publish', { order: order.id, minutes: µ(10 + (r[2] % 5000)) })
      if (estimate.status !== 'accepted') return estimate
      return me.submit('production.start', { estimate: estimate.id })
    }
    case 'consume': {
      const production = pick(await running(), r[0])
      const lot = pick(await free(), r[1])
      if (!production || !lot) return null
      return me.submit('production.consume', { production: production.id, lot: lot.id, quantity: String(part(BigInt(lot.quantity), r[2])), ...(r[3] % 3 === 0 ? { asComponent: true } : {}) })
    }
    case 'allocate': {
      const production = pick(await running(), r[0])
      const machine = pick((await free()).filter((l) => l.tree), r[1])
      if (!production || !machine) return null
      return me.submit('production.allocate', { production: production.id, lot: machine.id })
    }
    case 'deallocate': {
      const machine = pick((await queries.lots(store, me.id)).filter((l) => l.allocatedTo), r[0])
      if (!machine) return null
      return me.submit('production.deallocate', { production: machine.allocatedTo!, lot: machine.id, minutesUsed: String(1 + (r[1] % 400)) })
    }
    case 'workload': {
      // A producer with nothing running starts a production for the work (order, estimate, start).
      let production: { id: string } | undefined = pick(await running(), r[0])
      if (!production) {
        const started = await act(sim, me, 'start', r)
        if (started?.status !== 'accepted') return started
        production = { id: started.id }
      }
      const wallet = pick(sim.wallets, r[1])!
      return me.submit('production.workload', { production: production.id, wallet: wallet.publicKey.toString('hex'), minutes: µ(1 + (r[2] % 600)), performedAt: sim.clock })
    }
    case 'output': {
      const production = pick(await running(), r[0])
      if (!production) return null
      const order = await queries.read(store, keys.order(production.order))
      return me.submit('production.output', { production: production.id, outputs: [{ product: production.product, quantity: order?.quantity ?? '1' }] })
    }
    case 'transfer': {
      const lot = pick(await free(), r[0])
      // Mostly to a trusted neighbour; now and then to anyone (refused without strong trust).
      const to = r[1] % 8 === 0 ? pick(others, r[2]) : pick(await peers(), r[2])
      if (!lot || !to) return null
      return me.submit('resource.transfer', { lot: lot.id, quantity: String(part(BigInt(lot.quantity), r[3])), to })
    }
    case 'cosign': {
      const pending = pick(await queries.pendingFor(store, me.id), r[0])
      if (!pending) return null
      return me.submit('cosign', { tx: pending.id, signer: me.id, sig: signatureFor(pending.tx, me.identity.keyPair) })
    }
    case 'decline': {
      const pending = pick(await queries.pendingFor(store, me.id), r[0])
      if (!pending) return null
      return me.submit('cosign.decline', { tx: pending.id, reason: 'not ours' })
    }
    case 'trust': {
      const trusted = new Set(await peers())
      const other = pick(others.filter((id) => !trusted.has(id)), r[0])
      if (!other) return null
      return me.submit('trust.establish', { a: me.id, b: other })
    }
    case 'cancel': {
      const peer = pick(await peers(), r[0])
      if (!peer) return null
      return me.submit('trust.cancel', { peer, reason: 'we part ways' })
    }
    case 'writeoff': {
      const lot = pick(await free(), r[0])
      if (!lot) return null
      return me.submit('resource.writeoff', { lot: lot.id, quantity: String(part(BigInt(lot.quantity), r[1])), reason: 'spoiled' })
    }
    case 'dispatch': {
      const lot = pick((await free()).filter((l) => !l.tree), r[0])
      if (!lot) return null
      return me.submit('dispatch.record', { lot: lot.id, quantity: String(part(BigInt(lot.quantity), r[1])) })
    }
    case 'revision': {
      const closable: string[] = []
      for (let period = periodOf(START); periodEnd(period) + 7 * DAY < sim.clock; period = nextPeriod(period)) closable.push(period)
      const period = pick(closable, r[0])
      if (!period) return null
      return me.submit('revision.final', { period })
    }
    case 'claim': {
      // Mostly workloads of closed months (claimed already or not); now and then any.
      const all = await queries.workloads(store)
      const isClosed = await Promise.all(all.map((w) => queries.read(store, keys.closed(w.collective, w.period))))
      const closedOnes = all.filter((_, i) => isClosed[i])
      const workload = pick(r[1] % 4 === 0 || closedOnes.length === 0 ? all : closedOnes, r[0])
      if (!workload) return null
      const closed = isClosed[all.indexOf(workload)]
      const wallet = sim.wallets.find((w) => w.publicKey.toString('hex') === workload.wallet)!
      return me.submit('coupon.claim', { workload: workload.id, revision: closed?.revision ?? workload.id }, { keys: [wallet] })
    }
    case 'spend': {
      const wallet = pick(sim.wallets, r[0])!
      const held = (await queries.balances(store, wallet.publicKey.toString('hex'))).reduce((sum, b) => sum + BigInt(b.amount), 0n)
      if (held === 0n && r[1] % 4 !== 0) return null
      const amount = part(held > 0n ? held : 1_000_000n, r[2])
      return me.submit('coupon.spend', { wallet: wallet.publicKey.toString('hex'), dispatcher: me.id, amount: String(amount) }, { keys: [wallet] })
    }
    case 'propose': {
      const product = pick(products, r[0])
      if (!product) return null
      return me.submit('proposal.create', { kind: r[1] % 4 === 0 ? 'commons.remove' : 'commons.add', payload: { product: product.id }, closesAt: sim.clock + 10 * DAY })
    }
    case 'vote': {
      const open = (await queries.proposals(store)).filter((p) => p.status === 'open')
      const proposal = pick(open, r[0])
      if (!proposal) return null
      return me.submit('vote.cast', { proposal: proposal.id, choice: r[1] % 5 === 0 ? 'no' : 'yes' })
    }
    case 'ack': {
      // The network's indexer (the founder) confirms what it has: the signed part grows.
      const founder = sim.nodes[0]!
      if (!founder.up) return null
      await founder.require().requireBase().autobase.ack()
      return null
    }
  }
}

const PRODUCER_WORK = new Set<WorkKind>(['start', 'consume', 'allocate', 'deallocate', 'workload', 'output'])

/** The product types collectives define: [name, kind, durability in minutes]. */
export const PRODUCTS: Array<[string, 'consumable' | 'meansOfProduction', number?]> = [
  ['grain', 'consumable'],
  ['bread', 'consumable'],
  ['lathe', 'meansOfProduction', 600],
  ['flour', 'consumable'],
  ['oven', 'meansOfProduction', 100_000],
  ['bolt', 'consumable']
]
