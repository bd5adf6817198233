// The World: turns a history's intents into concrete, signed entries, each built from the
// ledger's state at that moment, and applies them through the checked runner.
import type { LedgerEntry } from '../../../core/ledger/types.ts'
import type { KeyPair } from '../../../core/protocol/crypto.ts'
import { encodeTransaction } from '../../../core/protocol/encoding.ts'
import { createTransaction, signatureFor } from '../../../core/protocol/sign.ts'
import type { TxType } from '../../../core/protocol/types.ts'
import { APRIL, COLLECTIVES, DAY, JUNE, KEYS, MAY, MINUTE, OUTSIDER, SPAN, SPARE_DEVICES, WALLETS } from './actors.ts'
import { periodEndMs, splitByWeights } from './arithmetic.ts'
import * as corruption from './corrupt.ts'
import type { HistorySpec, Intent, Kind, RoleSet } from './generation.ts'
import { Runner, type RunnerOptions } from './runner.ts'
import { scan } from './stores.ts'

interface Draft {
  type: TxType
  body: any
  /** The keys listed as signers, and who actually signs for each (null: nobody yet). */
  signers: Array<[string, KeyPair | null]>
  time?: number
  expires?: number
  writer?: string
}

const pick = <T>(items: readonly T[], r: number): T | undefined => (items.length === 0 ? undefined : items[r % items.length])
const µ = (minutes: number | bigint) => String(BigInt(minutes) * 1_000_000n)

export interface Built {
  runner: Runner
  entries: LedgerEntry[]
  /** How many of the entries are the fixed setup (registration, trust, products). */
  setup: number
}

/** Generates the entries of a history while applying (and checking) each one. */
export class World {
  readonly runner: Runner
  readonly entries: LedgerEntry[] = []
  clock = APRIL
  private step = 0
  private members: string[] = []

  constructor(
    readonly spec: HistorySpec,
    options: RunnerOptions = {}
  ) {
    this.runner = new Runner(options)
  }

  private get store() {
    return this.runner.store
  }

  private all<T = any>(prefix: string): T[] {
    return scan<T>(this.store, prefix).map(([, v]) => v)
  }

  private rec<T = any>(key: string): T | undefined {
    return this.store.shadow.has(key) ? (JSON.parse(this.store.shadow.get(key)!) as T) : undefined
  }

  /** One of the collective's current devices (they change with device.bind and device.unbind). */
  private device(id: string): string {
    const devices: string[] = this.rec<any>(`collective/${id}`)?.devices ?? []
    return pick(devices, this.step) ?? COLLECTIVES.find((c) => c.id === id)?.deviceKey ?? OUTSIDER.deviceKey
  }

  private refreshMembers(): void {
    this.members = this.all('collective/').filter((c) => c.member).map((c) => c.id)
  }

  async build(): Promise<Built> {
    const { spec } = this
    const ids = COLLECTIVES.slice(0, spec.n).map((c) => c.id)
    const g = COLLECTIVES[0]!
    // Setup: register, connect (a random spanning tree plus extra edges), define products.
    for (let i = 0; i < spec.n + (spec.loner ? 1 : 0); i++) {
      const c = i < spec.n ? COLLECTIVES[i]! : COLLECTIVES[5]!
      if (i >= spec.n && spec.n === 6) break
      const roles = i === 0 ? (['producer', 'dispatcher'] as RoleSet) : spec.roles[i % 6]!
      await this.emit({ type: 'collective.register', body: { name: `C${i}`, roles, devices: [c.deviceKey] }, signers: [[c.id, c.identity]], writer: g.deviceKey })
    }
    const edges = new Set<string>()
    const connect = async (a: number, b: number) => {
      if (a === b || edges.has(`${a}/${b}`) || edges.has(`${b}/${a}`)) return
      edges.add(`${a}/${b}`)
      await this.emit({ type: 'trust.establish', body: { a: ids[a]!, b: ids[b]! }, signers: [[ids[a]!, COLLECTIVES[a]!.identity], [ids[b]!, COLLECTIVES[b]!.identity]], writer: g.deviceKey })
    }
    for (let i = 1; i < spec.n; i++) await connect(spec.parents[i]! % i, i)
    for (const [a, b] of spec.extra) await connect(a % spec.n, b % spec.n)
    const products: Array<[string, string, number?]> = [
      ['grain', 'consumable'],
      ['bread', 'consumable'],
      ['bolt', 'consumable', 5_000],
      ['lathe', 'meansOfProduction', 600],
      ['engine', 'meansOfProduction', 100_000]
    ]
    for (const [name, kind, durability] of products) {
      await this.emit({ type: 'product.define', body: { name, unit: 'u', kind, ...(durability ? { durability: String(durability) } : {}) }, signers: [[g.id, g.identity]], writer: g.deviceKey })
    }
    // The network may start by voting goods into the commons (§6.1): all members vote yes.
    for (const name of ['bread', 'bolt'].slice(0, Math.min(2, spec.commons))) {
      const product = this.all('product/').find((p) => p.name === name)!
      await this.emit({ type: 'proposal.create', body: { kind: 'commons.add', payload: { product: product.id }, closesAt: APRIL + 30 * DAY }, signers: [[g.id, g.identity]], writer: g.deviceKey })
      const proposal = this.entries.length - 1
      const id = this.runner.steps[proposal]!.outcome.id!
      for (let i = 0; i < spec.n; i++) {
        if (this.rec<any>(`proposal/${id}`)?.status !== 'open') break
        await this.emit({ type: 'vote.cast', body: { proposal: id, choice: 'yes' }, signers: [[ids[i]!, COLLECTIVES[i]!.identity]], writer: g.deviceKey })
      }
    }
    const setup = this.entries.length
    const base = SPAN / Math.max(1, spec.steps.length)
    for (const intent of spec.steps) {
      this.step++
      this.clock += Math.floor(base * (0.25 + (1.5 * intent.dt) / 100))
      this.refreshMembers()
      await this.intent(intent)
    }
    return { runner: this.runner, entries: this.entries, setup }
  }

  private async emit(draft: Draft, corrupt = 0, r = 0): Promise<void> {
    const time = draft.time ?? this.clock
    const tx = createTransaction({ type: draft.type, body: draft.body, time, signers: draft.signers.map(([k]) => k), ...(draft.expires !== undefined ? { expires: draft.expires } : {}) })
    for (const [key, pair] of draft.signers) if (pair) tx.sigs[key] = signatureFor(tx, pair)
    let writer = draft.writer ?? this.writerFor(draft, r)
    let bytes: Uint8Array = encodeTransaction(tx)
    if (corrupt > 0) {
      const mutated = corruption.corrupt(tx, corrupt, r)
      bytes = mutated.bytes ?? bytes
      writer = mutated.writer ?? writer
    }
    const entry = { bytes, writer }
    this.entries.push(entry)
    await this.runner.apply(entry)
  }

  /** A member's device: the first signing collective's own if it is a member. */
  private writerFor(draft: Draft, r: number): string {
    const own = draft.signers.map(([k]) => k).find((k) => this.members.includes(k))
    return this.device(own ?? pick(this.members, r) ?? COLLECTIVES[0]!.id)
  }

  // ---- the steps ---------------------------------------------------------------------

  private async intent(intent: Intent): Promise<void> {
    const { r } = intent
    const corrupt = intent.kind === 'garbage' ? 6 + (intent.mode % 2) : intent.mode < this.spec.corrupt ? 1 + (intent.mode % 8) : 0
    const draft = this.draft(intent)
    if (!draft) return
    if ('bytes' in draft) {
      this.entries.push(draft)
      await this.runner.apply(draft)
      return
    }
    await this.emit(draft, corrupt, r[5]!)
  }

  private lots(filter: (lot: any) => boolean = () => true): any[] {
    return this.all('lot/').filter(filter)
  }

  private neighbours(id: string): string[] {
    return scan(this.store, `edge/${id}/`).map(([k]) => k.slice(k.lastIndexOf('/') + 1))
  }

  private collective(id: string): any {
    return this.rec(`collective/${id}`)
  }

  private sign(id: string): [string, KeyPair | null] {
    return [id, KEYS.get(id) ?? null]
  }

  /** 1…max mostly; sometimes all of it, or one more than there is. */
  private amount(max: bigint, r: number): string {
    if (max <= 0n) return '1'
    if (r % 11 === 0) return String(max + 1n)
    if (r % 4 === 0) return String(max)
    return String((BigInt(r) % max) + 1n)
  }

  private draft(intent: Intent): Draft | LedgerEntry | undefined {
    const { r } = intent
    const store = this.store
    const members = this.members
    const products = this.all('product/')
    const someone = () => pick(members, r[0]!) ?? COLLECTIVES[0]!.id
    switch (intent.kind) {
      case 'collectivize': {
        const owner = r[1]! % 13 === 0 ? pick(COLLECTIVES, r[0]!)!.id : someone()
        const product = pick(products, r[2]!)
        if (!product) return undefined
        const quantity = r[3]! % 17 === 0 ? '1' + '0'.repeat(20 + (r[3]! % 9)) : String(1 + (r[3]! % 40))
        return { type: 'resource.collectivize', body: { product: product.id, quantity, ...(r[4]! % 3 ? {} : { note: 'found' }) }, signers: [this.sign(owner)] }
      }
      case 'transfer': {
        const candidates = this.lots((l) => !l.allocatedTo && members.includes(l.owner))
        const lot = pick(candidates.length ? candidates : this.lots(), r[0]!)
        if (!lot) return this.draft({ ...intent, kind: 'collectivize' })
        const neighbours = this.neighbours(lot.owner)
        const to = r[1]! % 9 === 0 || neighbours.length === 0 ? pick(COLLECTIVES.slice(0, 6), r[1]!)!.id : pick(neighbours, r[1]!)!
        const order = pick(this.all('order/').filter((o) => o.orderer === to && o.producer === lot.owner), r[2]!)
        const body = { lot: lot.id, quantity: this.amount(BigInt(lot.quantity), r[3]!), to, ...(order && r[2]! % 2 ? { order: order.id } : {}) }
        const how = r[4]! % 10
        const giver = this.sign(lot.owner)
        const receiver = this.sign(to)
        const signers: Draft['signers'] =
          how < 6 ? [giver, receiver] : how < 8 ? [giver, [to, null]] : how < 9 ? [[lot.owner, null], receiver] : [[lot.owner, null], [to, null]]
        return { type: 'resource.transfer', body, signers, ...(how >= 6 && r[5]! % 6 === 0 ? { expires: this.clock + 2 * DAY } : {}) }
      }
      case 'cosign': {
        const pending = pick(this.all('pending/'), r[0]!)
        if (!pending) return this.draft({ ...intent, kind: 'transfer', r: [r[0]!, r[1]!, r[2]!, r[3]!, 6, r[5]!] })
        const missing = pick<string>(pending.missing, r[1]!)!
        const pair = KEYS.get(missing)!
        const how = r[2]! % 10
        if (how < 6) {
          return { type: 'cosign', body: { tx: pending.id, signer: missing, sig: signatureFor(pending.tx, pair) }, signers: [this.sign(missing)] }
        }
        if (how < 8) {
          // the same transaction again, with the missing signature added: ALREADY_PENDING
          // since 162a5e7 (co-signatures come only as cosign entries, with their own time)
          const tx = { ...pending.tx, sigs: { ...pending.tx.sigs, [missing]: signatureFor(pending.tx, pair) } }
          return { bytes: encodeTransaction(tx), writer: this.device(pick(members, r[3]!)!) }
        }
        if (how < 9) {
          const wrong = pick([...KEYS.keys()].filter((k) => !pending.missing.includes(k)), r[3]!)!
          return { type: 'cosign', body: { tx: pending.id, signer: wrong, sig: signatureFor(pending.tx, KEYS.get(wrong)!) }, signers: [this.sign(wrong)] }
        }
        const otherPair = KEYS.get(pick([...KEYS.keys()], r[3]!)!)!
        return { type: 'cosign', body: { tx: pending.id, signer: missing, sig: signatureFor(pending.tx, otherPair) }, signers: [this.sign(missing)] }
      }
      case 'decline': {
        const pending = pick(this.all('pending/'), r[0]!)
        if (!pending) return this.draft({ ...intent, kind: 'cosign' })
        const decliner = r[1]! % 5 === 0 ? pick([...KEYS.keys()], r[2]!)! : pick<string>(pending.missing, r[2]!)!
        return { type: 'cosign.decline', body: { tx: pending.id, ...(r[3]! % 2 ? { reason: 'no thanks' } : {}) }, signers: [this.sign(decliner)] }
      }
      case 'writeoff': {
        const valued = this.lots((l) => BigInt(l.value) > 0n && !l.allocatedTo)
        const lot = pick(valued.length && r[0]! % 3 ? valued : this.lots(), r[0]!)
        if (!lot) return this.draft({ ...intent, kind: 'collectivize' })
        return { type: 'resource.writeoff', body: { lot: lot.id, quantity: this.amount(BigInt(lot.quantity), r[1]!), reason: 'spoiled' }, signers: [this.sign(r[2]! % 13 === 0 ? someone() : lot.owner)] }
      }
      case 'inventory': {
        const atDispatchers = this.lots((l) => this.collective(l.owner)?.roles.includes('dispatcher'))
        const lot = pick(atDispatchers.length ? atDispatchers : this.lots(), r[0]!)
        if (!lot) return this.draft({ ...intent, kind: 'collectivize' })
        const held = BigInt(lot.quantity)
        const counted = r[1]! % 9 === 0 ? held + 1n : r[1]! % 3 === 0 ? held : held - (BigInt(r[2]!) % (held + 1n))
        return { type: 'inventory.count', body: { lot: lot.id, counted: String(counted) }, signers: [this.sign(lot.owner)] }
      }
      case 'dispatch': {
        const atDispatchers = this.lots((l) => this.collective(l.owner)?.roles.includes('dispatcher'))
        const valued = atDispatchers.filter((l) => BigInt(l.value) > 0n)
        const lot = pick(valued.length && r[3]! % 3 ? valued : atDispatchers.length && r[3]! % 8 ? atDispatchers : this.lots(), r[0]!)
        if (!lot) return this.draft({ ...intent, kind: 'collectivize' })
        return { type: 'dispatch.record', body: { lot: lot.id, quantity: this.amount(BigInt(lot.quantity), r[1]!) }, signers: [this.sign(lot.owner)] }
      }
      case 'order': {
        const orderer = someone()
        const producers = [orderer, ...this.neighbours(orderer)].filter((id) => this.collective(id)?.roles.includes('producer'))
        const producer = r[1]! % 11 === 0 || producers.length === 0 ? pick(COLLECTIVES.slice(0, 6), r[1]!)!.id : pick(producers, r[1]!)!
        const product = pick(products, r[2]!)
        if (!product) return undefined
        const orders = this.all('order/')
        const references = r[3]! % 4 === 0 && orders.length ? [pick(orders, r[4]!).id] : r[3]! % 29 === 1 ? ['ab'.repeat(32)] : undefined
        return { type: 'order.place', body: { producer, product: product.id, quantity: String(1 + (r[4]! % 20)), ...(references ? { references } : {}), ...(r[5]! % 5 === 0 ? { deliverBy: this.clock + 20 * DAY } : {}) }, signers: [this.sign(orderer)] }
      }
      case 'reject': {
        const order = pick(this.all('order/').filter((o) => o.status === 'open' || o.status === 'estimated' || r[1]! % 6 === 0), r[0]!)
        if (!order) return this.draft({ ...intent, kind: 'order' })
        return { type: 'order.reject', body: { order: order.id, reason: 'too busy' }, signers: [this.sign(r[2]! % 9 === 0 ? order.orderer : order.producer)] }
      }
      case 'estimate': {
        const order = pick(this.all('order/').filter((o) => o.status === 'open' || r[1]! % 8 === 0), r[0]!)
        if (!order) return this.draft({ ...intent, kind: 'order' })
        const minutes = r[2]! % 23 === 0 ? String(100_000n * 60n * 1_000_000n + 1n) : µ(1 + (r[2]! % 900))
        return { type: 'estimate.publish', body: { order: order.id, minutes }, signers: [this.sign(order.producer)] }
      }
      case 'start': {
        const estimate = pick(this.all('estimate/').filter((e) => !e.production || r[1]! % 10 === 0), r[0]!)
        if (!estimate) return this.draft({ ...intent, kind: 'estimate' })
        return { type: 'production.start', body: { estimate: estimate.id }, signers: [this.sign(estimate.producer)] }
      }
      case 'consume': {
        const production = pick(this.running(), r[0]!)
        if (!production) return this.draft({ ...intent, kind: 'start' })
        const own = this.lots((l) => l.owner === production.producer && !l.allocatedTo)
        if (own.length === 0 && r[1]! % 10) return this.collectivizeFor(production.producer, r, false)
        const asComponent = r[3]! % 3 === 0
        const durable = own.filter((l) => this.rec<any>(`product/${l.product}`)?.durability)
        const lot = pick(asComponent && durable.length && r[1]! % 5 ? durable : own.length && r[1]! % 10 ? own : this.lots(), r[1]!)
        if (!lot) return this.collectivizeFor(production.producer, r, false)
        return { type: 'production.consume', body: { production: production.id, lot: lot.id, quantity: this.amount(BigInt(lot.quantity), r[2]!), ...(asComponent ? { asComponent: true } : r[3]! % 3 === 1 ? { asComponent: false } : {}) }, signers: [this.sign(production.producer)] }
      }
      case 'workload': {
        const production = pick(this.running(), r[0]!)
        if (!production) return this.draft({ ...intent, kind: 'start' })
        const months = [APRIL, ...(this.clock >= MAY ? [MAY] : []), ...(this.clock >= JUNE ? [JUNE] : [])]
        const start = pick(months, r[1]!)!
        const end = Math.min(this.clock, start === APRIL ? MAY - 1 : start === MAY ? JUNE - 1 : this.clock)
        const performedAt = r[2]! % 19 === 0 ? this.clock + DAY : start + (r[2]! % Math.max(1, end - start + 1))
        const minutes = r[3]! % 3 === 0 ? µ(1 + (r[3]! % 480)) : String(1 + ((r[3]! * 7919) % 600_000_000))
        return { type: 'production.workload', body: { production: production.id, wallet: pick(WALLETS, r[4]!)!.key, minutes, performedAt }, signers: [this.sign(production.producer)] }
      }
      case 'allocate': {
        const production = pick(this.running(), r[0]!)
        if (!production) return this.draft({ ...intent, kind: 'start' })
        const machines = this.lots((l) => l.tree && l.owner === production.producer && (!l.allocatedTo || r[1]! % 7 === 0))
        if (machines.length === 0 && r[1]! % 10) return this.collectivizeFor(production.producer, r, true)
        const lot = pick(machines.length ? machines : this.lots(), r[1]!)
        if (!lot) return this.collectivizeFor(production.producer, r, true)
        const subsystem = this.collective(production.producer)?.subsystem
        const exclusive = !store.shadow.has(`commons/${subsystem}/${lot.product}`)
        const repurposed = production.commons && exclusive
        return { type: 'production.allocate', body: { production: production.id, lot: lot.id, ...(r[2]! % 8 === 0 ? { repurposed: !repurposed } : repurposed ? { repurposed } : {}) }, signers: [this.sign(production.producer)] }
      }
      case 'deallocate': {
        const lot = pick(this.lots((l) => l.allocatedTo), r[0]!)
        if (!lot) return this.draft({ ...intent, kind: 'allocate' })
        const production = r[1]! % 13 === 0 ? pick(this.running(), r[1]!)?.id ?? lot.allocatedTo : lot.allocatedTo
        const d = BigInt(Object.values<any>(lot.tree.elements)[0]?.d ?? '600')
        const minutesUsed = r[2]! % 17 === 0 ? '9'.repeat(25) : String(BigInt(r[2]!) % (2n * d))
        return { type: 'production.deallocate', body: { production, lot: lot.id, minutesUsed }, signers: [this.sign(this.rec(`production/${production}`)?.producer ?? lot.owner)] }
      }
      case 'output': {
        const running = this.running()
        const production = pick(running.filter((p) => p.allocated.length === 0 || r[1]! % 5 === 0), r[0]!)
        if (!production) return this.draft({ ...intent, kind: running.length ? 'deallocate' : 'start' })
        const machines = products.filter((p) => p.kind === 'meansOfProduction')
        let outputs: any[]
        if ((r[1]! % 3 === 0 || (production.components.length > 0 && r[1]! % 4)) && machines.length) {
          outputs = [{ product: pick(machines, r[2]!).id, quantity: '1' }]
        } else {
          const count = 1 + (r[2]! % 3)
          outputs = Array.from({ length: count }, (_, i) => ({
            product: pick(products, r[3]! + i * 7)!.id,
            quantity: String(1 + ((r[4]! >> i) % 12)),
            ...(r[4]! % 4 === 0 ? { weight: String(1 + ((r[5]! >> i) % 5)) } : {})
          }))
        }
        if (r[5]! % 6 === 0) {
          const values = splitByWeights(BigInt(production.value), outputs.map((o) => BigInt(o.weight ?? o.quantity)))
          outputs.forEach((o, i) => (o.value = String(values[i]! + (r[5]! % 12 === 0 ? 1n : 0n))))
        }
        return { type: 'production.output', body: { production: production.id, outputs }, signers: [this.sign(production.producer)] }
      }
      case 'propose': {
        const proposer = someone()
        const subsystem = this.collective(proposer)?.subsystem
        const how = r[1]! % 8
        const closesAt = this.clock + (r[2]! % 11 === 0 ? -MINUTE : 30 * DAY)
        if (how < 4) {
          const exclusive = products.filter((p) => !store.shadow.has(`commons/${subsystem}/${p.id}`))
          const product = pick(exclusive.length && r[3]! % 7 ? exclusive : products, r[3]!)
          if (!product) return undefined
          return { type: 'proposal.create', body: { kind: 'commons.add', payload: { product: product.id }, closesAt }, signers: [this.sign(proposer)] }
        }
        if (how < 5) {
          const commons = scan(store, `commons/${subsystem}/`).map(([k]) => k.slice(k.lastIndexOf('/') + 1))
          const product = pick(commons.length ? commons : products.map((p) => p.id), r[3]!)
          if (!product) return undefined
          return { type: 'proposal.create', body: { kind: 'commons.remove', payload: { product }, closesAt }, signers: [this.sign(proposer)] }
        }
        if (how < 7) {
          const payload = pick(
            [
              { name: 'writeoffLimit', value: `${r[4]! % 4}/${1 + (r[4]! % 9)}` },
              { name: 'graceMinutes', value: String(r[4]! % (14 * 24 * 60)) },
              { name: 'voteThreshold', value: µ(r[4]! % 2000) },
              { name: 'quorumPercent', value: String(30 + (r[4]! % 40)) }
            ],
            r[3]!
          )
          return { type: 'proposal.create', body: { kind: 'parameter', payload, closesAt }, signers: [this.sign(proposer)] }
        }
        const estimate = pick(this.all('estimate/'), r[3]!)
        if (!estimate) return undefined
        return { type: 'proposal.create', body: { kind: 'production', payload: { estimate: estimate.id }, closesAt }, signers: [this.sign(proposer)] }
      }
      case 'vote': {
        const open = this.all('proposal/').filter((p) => p.status === 'open' && p.closesAt >= this.clock).sort((a, b) => b.yes - a.yes)
        const proposal = r[1]! % 9 === 0 ? pick(this.all('proposal/'), r[0]!) : r[1]! % 3 ? open[0] : pick(open, r[0]!)
        if (!proposal) return this.draft({ ...intent, kind: 'propose' })
        const voters = members.filter((m) => this.collective(m)?.subsystem === proposal.subsystem && !store.shadow.has(`vote/${proposal.id}/${m}`))
        const voter = pick(voters.length && r[2]! % 8 ? voters : members, r[2]!) ?? someone()
        return { type: 'vote.cast', body: { proposal: proposal.id, choice: r[3]! % 5 === 0 ? 'no' : 'yes' }, signers: [this.sign(voter)] }
      }
      case 'revision': {
        const period = this.closablePeriod(r[0]!)
        return { type: 'revision.final', body: { period }, signers: r[1]! % 13 === 0 ? [this.sign(someone())] : [] }
      }
      case 'claim': {
        const workloads = this.all('workload/')
        const closed = workloads.filter((w) => store.shadow.has(`closed/${w.collective}/${w.period}`) && (!w.claimedBy || r[1]! % 10 === 0))
        if (closed.length === 0 && r[1]! % 8) {
          const period = this.closablePeriod(r[0]!)
          const open = workloads.some((w) => w.period === period && !store.shadow.has(`closed/${w.collective}/${period}`))
          return this.draft({ ...intent, kind: open && this.clock >= periodEndMs(period) + 7 * DAY ? 'revision' : 'workload' })
        }
        const workload = pick(closed.length ? closed : workloads, r[0]!)
        if (!workload) return this.draft({ ...intent, kind: 'workload' })
        const closing = this.rec(`closed/${workload.collective}/${workload.period}`)
        const revision = closing && r[2]! % 12 ? closing.revision : 'cd'.repeat(32)
        const wallet = r[3]! % 10 === 0 ? pick(WALLETS, r[3]!)!.key : workload.wallet
        return { type: 'coupon.claim', body: { workload: workload.id, revision }, signers: [this.sign(wallet)] }
      }
      case 'spend': {
        const balances = scan<string>(store, 'balance/')
        if (balances.length === 0 && r[4]! % 8) return this.draft({ ...intent, kind: 'claim' })
        const chosen = pick(balances, r[0]!)
        const [walletKey, origin] = chosen ? chosen[0].split('/').slice(1) as [string, string] : [pick(WALLETS, r[0]!)!.key, COLLECTIVES[0]!.id]
        const originSubsystem = this.collective(origin)?.subsystem
        const dispatchers = this.all('collective/').filter((c) => c.roles.includes('dispatcher'))
        const local = dispatchers.filter((c) => c.subsystem === originSubsystem)
        const dispatcher = pick(local.length && r[1]! % 6 ? local : dispatchers, r[1]!)
        if (!dispatcher) return undefined
        let here = 0n
        for (const [k, v] of scan<string>(store, `balance/${walletKey}/`)) {
          if (this.collective(k.slice(k.lastIndexOf('/') + 1))?.subsystem === dispatcher.subsystem) here += BigInt(v)
        }
        const amount = this.amount(here > 0n ? here : 1000n, r[2]!)
        const how = r[3]! % 10
        const wallet = this.sign(walletKey)
        const shop = this.sign(dispatcher.id)
        const signers: Draft['signers'] = how < 7 ? [wallet, shop] : how < 9 ? [wallet, [dispatcher.id, null]] : [[walletKey, null], shop]
        return { type: 'coupon.spend', body: { wallet: walletKey, dispatcher: dispatcher.id, amount }, signers }
      }
      case 'trust': {
        const registered = this.all('collective/').map((c) => c.id)
        const a = pick(registered, r[0]!)
        const b = pick(registered.filter((id) => id !== a && !store.shadow.has(`edge/${a}/${id}`)), r[1]!)
        if (!a || !b) return undefined
        const how = r[2]! % 6
        const signers: Draft['signers'] = how < 4 ? [this.sign(a), this.sign(b)] : how < 5 ? [this.sign(a), [b, null]] : [[a, null], this.sign(b)]
        return { type: 'trust.establish', body: { a, b }, signers }
      }
      case 'cancel': {
        const edges = scan(store, 'edge/').map(([k]) => k.split('/').slice(1) as [string, string])
        const edge = pick(edges, r[0]!)
        if (!edge) return this.draft({ ...intent, kind: 'trust' })
        const peer = r[1]! % 13 === 0 ? pick(COLLECTIVES, r[1]!)!.id : edge[1]
        return { type: 'trust.cancel', body: { peer, reason: 'we part ways' }, signers: [this.sign(edge[0])] }
      }
      case 'settle': {
        const split = pick(this.all('split/'), r[0]!)
        if (!split) return this.draft({ ...intent, kind: 'cancel' })
        const side = r[1]! % 2
        const from = pick<string>(split.parts[side].members, r[2]!)!
        const to = pick<string>(split.parts[1 - side].members, r[3]!)!
        const own = this.lots((l) => l.owner === from && !l.allocatedTo)
        const items = own.length ? [pick(own, r[4]!), ...(r[4]! % 3 === 0 ? [pick(own, r[5]!)] : [])] : this.lots().slice(0, 1)
        if (items.length === 0) return undefined
        const lots = items.map((l: any, i: number) => ({ lot: l.id, quantity: this.amount(BigInt(l.quantity), r[5]! + i) }))
        const signers: Draft['signers'] = r[5]! % 4 === 0 ? [this.sign(from), [to, null]] : [this.sign(from), this.sign(to)]
        return { type: 'settlement.record', body: { split: split.id, from, to, lots, ...(r[2]! % 2 ? { note: 'parity' } : {}) }, signers }
      }
      case 'garbage':
        return this.draft({ ...intent, kind: pick(['collectivize', 'workload', 'transfer', 'spend', 'claim'] as Kind[], r[4]!)! })
      case 'device': {
        const collective = pick(this.all('collective/'), r[0]!)
        if (!collective) return undefined
        if (r[1]! % 3) return { type: 'device.bind', body: { device: pick(SPARE_DEVICES, r[2]!)! }, signers: [this.sign(collective.id)] }
        return { type: 'device.unbind', body: { device: pick<string>(collective.devices, r[2]!)!, ...(r[3]! % 2 ? { reason: 'lost' } : {}) }, signers: [this.sign(collective.id)] }
      }
      case 'reverse': {
        const workload = pick(this.all('workload/').filter((w) => !w.reversedBy || r[1]! % 7 === 0), r[0]!)
        if (!workload) return this.draft({ ...intent, kind: 'workload' })
        const signer = r[2]! % 9 === 0 ? someone() : workload.collective
        return { type: 'workload.reverse', body: { workload: workload.id, reason: 'recorded by mistake' }, signers: [this.sign(signer)] }
      }
      case 'withdraw': {
        const order = pick(this.all('order/').filter((o) => o.status !== 'produced' || r[1]! % 6 === 0), r[0]!)
        if (!order) return this.draft({ ...intent, kind: 'order' })
        return { type: 'order.withdraw', body: { order: order.id, ...(r[3]! % 2 ? { reason: 'not needed' } : {}) }, signers: [this.sign(r[2]! % 9 === 0 ? order.producer : order.orderer)] }
      }
      case 'replace': {
        const estimate = pick(this.all('estimate/').filter((e) => (!e.production && !e.replacedBy) || r[1]! % 8 === 0), r[0]!)
        if (!estimate) return this.draft({ ...intent, kind: 'estimate' })
        return { type: 'estimate.replace', body: { estimate: estimate.id, minutes: µ(1 + (r[2]! % 900)) }, signers: [this.sign(estimate.producer)] }
      }
      case 'retire': {
        const product = pick(products, r[0]!)
        if (!product) return undefined
        return { type: 'product.retire', body: { product: product.id }, signers: [this.sign(r[1]! % 9 === 0 ? someone() : product.definedBy)] }
      }
      case 'duplicate': {
        const old = pick(this.entries, r[0]!)
        if (!old) return undefined
        const writer = r[1]! % 3 === 0 ? old.writer : r[1]! % 3 === 1 ? this.device(someone()) : OUTSIDER.deviceKey
        return { bytes: old.bytes, writer }
      }
    }
  }

  /** Goods (or a machine) for a producer that has none: the step a real producer would take first. */
  private collectivizeFor(owner: string, r: number[], machine: boolean): Draft | undefined {
    const products = this.all('product/').filter((p) => (p.kind === 'meansOfProduction') === machine)
    const product = pick(products, r[2]!)
    if (!product) return undefined
    return { type: 'resource.collectivize', body: { product: product.id, quantity: String(1 + (r[3]! % (machine ? 3 : 40))) }, signers: [this.sign(owner)] }
  }

  /** A month whose grace time is over, mostly; sometimes one that is not. */
  private closablePeriod(r: number): string {
    const due = [...(this.clock >= MAY + 8 * DAY ? ['2026-04'] : []), ...(this.clock >= JUNE + 8 * DAY ? ['2026-05'] : [])]
    if (due.length && r % 5) return pick(due, r)!
    return pick(['2026-04', '2026-05', '2026-03', '2026-06'], r)!
  }

  private running(): any[] {
    return this.all('production/').filter((p) => p.status === 'running')
  }
}
