// Random histories over a small economy, and the invariants of PROTOCOL §8/§9 checked
// exactly (BigInt) against an independent model. Used by the properties-*.test.ts files.
//
// A history is a list of abstract intents (a step kind plus random numbers). Each intent is
// turned into a concrete, signed entry by looking at the CURRENT state of the ledger (the
// lots, productions, pending transactions… that exist at that moment), so most steps are
// valid; a `mode` number turns some of them into invalid ones (wrong signer, forged or
// missing signatures, unknown writer, tampered body, huge or malformed numbers, garbage).
import fc from 'fast-check'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import type { BatchOp, Json, RangeOptions } from '../../core/ledger/store.ts'
import type { LedgerEntry, Outcome } from '../../core/ledger/types.ts'
import type { KeyPair } from '../../core/protocol/crypto.ts'
import { encodeTransaction } from '../../core/protocol/encoding.ts'
import type { Transaction } from '../../core/protocol/envelope.ts'
import { createTransaction, signatureFor } from '../../core/protocol/sign.ts'
import type { TxType } from '../../core/protocol/types.ts'
import { collectiveActor, walletActor } from '../../core/scenario/actors.ts'

// ---------------------------------------------------------------------------------------
// Actors

/** C0…C5 take part; C6 is an outsider that is never registered (unknown device, wrong signer). */
export const COLLECTIVES = Array.from({ length: 7 }, (_, i) => collectiveActor(`prop-C${i}`))
export const WALLETS = Array.from({ length: 5 }, (_, i) => walletActor(`prop-W${i}`))
const OUTSIDER = COLLECTIVES[6]!
/** Spare devices to bind to collectives later. */
const SPARE_DEVICES = Array.from({ length: 4 }, (_, i) => collectiveActor(`prop-D${i}`).deviceKey)
const KEYS = new Map<string, KeyPair>()
for (const c of COLLECTIVES) KEYS.set(c.id, c.identity)
for (const w of WALLETS) KEYS.set(w.key, w.keyPair)

export const APRIL = Date.UTC(2026, 3, 1, 8)
const MAY = Date.UTC(2026, 4, 1)
const JUNE = Date.UTC(2026, 5, 1)
const DAY = 86_400_000
const MINUTE = 60_000
/** Steps are spread over April 1 to about June 14: two months of work and their revisions. */
const SPAN = 74 * DAY

// ---------------------------------------------------------------------------------------
// Independent arithmetic (not imported from core/economics: the oracle must not share code)

export function periodOfMs(ms: number): string {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

function nextPeriodOf(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

function periodEndMs(period: string): number {
  const [y, m] = nextPeriodOf(period).split('-').map(Number) as [number, number]
  return Date.UTC(y, m - 1, 1)
}

const min = (a: bigint, b: bigint) => (a < b ? a : b)

/** Hamilton's method, written independently: shares of `total` by `weights`. */
function splitByWeights(total: bigint, weights: bigint[]): bigint[] {
  const sum = weights.reduce((s, w) => s + w, 0n)
  const shares = weights.map((w) => (total * w) / sum)
  let left = total - shares.reduce((s, x) => s + x, 0n)
  const order = weights.map((_, i) => i).sort((i, j) => {
    const ri = (total * weights[i]!) % sum
    const rj = (total * weights[j]!) % sum
    return ri === rj ? i - j : ri > rj ? -1 : 1
  })
  for (const i of order) {
    if (left === 0n) break
    shares[i]! += 1n
    left--
  }
  return shares
}

// ---------------------------------------------------------------------------------------
// Stores

export interface Change {
  key: string
  /** JSON of the value before the batch (from a shadow copy, so in-place mutation cannot hide it). */
  before?: string
  after?: string
}

/**
 * A MemoryStore that records what each batch changed (with the values before, kept as JSON
 * in a shadow map) and, while asked to, which keys and ranges the ledger read.
 */
export class RecordingStore extends MemoryStore {
  readonly shadow = new Map<string, string>()
  changes: Change[] = []
  reads: Set<string> | null = null
  ranges: RangeOptions[] | null = null

  override async get(key: string): Promise<Json | undefined> {
    this.reads?.add(key)
    return super.get(key)
  }

  override async *range(options: RangeOptions): AsyncIterable<[string, Json]> {
    this.ranges?.push(options)
    yield* super.range(options)
  }

  override async batch(ops: BatchOp[]): Promise<void> {
    const seen = new Map<string, Change>()
    for (const op of ops) {
      const change = seen.get(op.key) ?? { key: op.key, before: this.shadow.get(op.key) }
      seen.set(op.key, change)
      if (op.type === 'put') {
        change.after = JSON.stringify(op.value)
        this.shadow.set(op.key, change.after)
      } else {
        delete change.after
        this.shadow.delete(op.key)
      }
    }
    this.changes = [...seen.values()].filter((c) => c.before !== c.after)
    await super.batch(ops)
  }
}

/**
 * Values kept as JSON text, as the Hyperbee view encodes them: a replay on it must decide
 * the same as on MemoryStore (structuredClone keeps `undefined` fields and BigInts; JSON
 * does not).
 */
export class JsonStore extends MemoryStore {
  override async get(key: string): Promise<Json | undefined> {
    const value = await super.get(key)
    return value === undefined ? undefined : JSON.parse(value as string)
  }

  override async batch(ops: BatchOp[]): Promise<void> {
    await super.batch(ops.map((op) => (op.type === 'put' ? { ...op, value: JSON.stringify(op.value) } : op)))
  }

  /** (MemoryStore's range reads through this.) */
  override entries(options: RangeOptions = {}): Iterable<[string, Json]> {
    return [...super.entries(options)].map(([key, value]) => [key, JSON.parse(value as string)])
  }
}

export function scan<T = any>(store: MemoryStore, prefix: string): Array<[string, T]> {
  return [...store.entries({ gte: prefix, lt: prefix + '\uffff' })] as Array<[string, T]>
}

export function dump(store: MemoryStore): string {
  return JSON.stringify([...store.entries()])
}

// ---------------------------------------------------------------------------------------
// The checked runner: applies entries, checks each step, keeps the independent model.

export class InvariantError extends Error {}

function check(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new InvariantError(typeof message === 'string' ? message : message())
}

const Z = () => ({ a: 0n, c: 0n, w: 0n })

/**
 * Refusals that say nothing about the transaction itself (docs/protocol.md §3, stages 6, 7,
 * 11). BAD_SIGNATURE, UNEXPECTED_SIGNATURE and NOTHING_NEW are left out: a `cosign` entry's
 * own handler (stage 12, tracked) refuses with them too.
 */
const UNTRACKED = new Set(['UNKNOWN_WRITER', 'NO_NETWORK', 'DUPLICATE', 'ALREADY_PENDING', 'MISSING_SIGNATURE', 'UNSIGNED'])

export interface RunnerOptions {
  /** Record read sets (for the commutation property). */
  recordReads?: boolean
}

export interface StepRecord {
  outcome: Outcome
  changes: Change[]
  reads?: Set<string>
  ranges?: RangeOptions[]
}

const decoder = new TextDecoder()
const tryParse = (bytes: Uint8Array): any => {
  try {
    return JSON.parse(decoder.decode(bytes))
  } catch {
    return undefined
  }
}
const parse = (json: string | undefined): any => (json === undefined ? undefined : JSON.parse(json))

export class Runner {
  readonly store = new RecordingStore()
  readonly ledger = new Ledger(this.store)
  readonly steps: StepRecord[] = []
  /** The oracle: totals recomputed from accepted outcomes, and a, c, w per collective and month. */
  readonly model = {
    worked: 0n,
    writtenOff: 0n,
    dispatched: 0n,
    claimed: 0n,
    spent: 0n,
    tallies: new Map<string, { a: bigint; c: bigint; w: bigint }>(),
    claims: new Map<string, number>()
  }
  readonly counts = { accepted: 0, pending: 0, rejected: 0, completed: 0, revisions: 0, claims: 0, spends: 0 }
  readonly types = new Map<string, number>()

  constructor(readonly options: RunnerOptions = {}) {}

  async apply(entry: LedgerEntry): Promise<Outcome> {
    if (this.options.recordReads) {
      this.store.reads = new Set()
      this.store.ranges = []
    }
    this.store.changes = []
    const outcome = await this.ledger.apply(entry)
    const step: StepRecord = { outcome, changes: this.store.changes }
    if (this.options.recordReads) {
      step.reads = this.store.reads!
      step.ranges = this.store.ranges!
      this.store.reads = null
      this.store.ranges = null
    }
    this.steps.push(step)
    this.checkStep(entry, step)
    return outcome
  }

  private tally(collective: string, period: string) {
    const key = `${collective}|${period}`
    let t = this.model.tallies.get(key)
    if (!t) this.model.tallies.set(key, (t = Z()))
    return t
  }

  private get(key: string): any {
    const value = this.store.shadow.get(key)
    return value === undefined ? undefined : JSON.parse(value)
  }

  private openPeriod(collective: string, time: number): string {
    let period = periodOfMs(time)
    while (this.store.shadow.has(`closed/${collective}/${period}`)) period = nextPeriodOf(period)
    return period
  }

  private isCommons(collective: string, product: string): boolean {
    const c = this.get(`collective/${collective}`)
    return this.store.shadow.has(`commons/${c.subsystem}/${product}`)
  }

  private checkStep(entry: LedgerEntry, step: StepRecord): void {
    const { outcome, changes } = step
    const at = `entry ${outcome.seq} (${outcome.type ?? 'undecodable'} ${outcome.status} ${outcome.code ?? ''})`
    this.counts[outcome.status]++
    const changed = new Map(changes.map((c) => [c.key, c]))
    check(outcome.code !== 'INTERNAL' && outcome.completed?.code !== 'INTERNAL', () => `${at}: the ledger threw: ${outcome.reason ?? outcome.completed?.reason}`)
    const seqKey = String(outcome.seq).padStart(12, '0')

    // Invariant 8: a rejected entry changes nothing but its own bookkeeping.
    if (outcome.status === 'rejected') {
      for (const c of changes) {
        const ok =
          c.key === 'meta/seq' ||
          c.key === 'meta/digest' ||
          c.key === `log/${seqKey}` ||
          c.key === `rejection/${seqKey}` ||
          (outcome.id !== null && c.key === `tx/${outcome.id}`)
        check(ok, () => `${at}: a rejected entry changed ${c.key}`)
        if (c.key.startsWith('tx/')) {
          // docs/protocol.md §3: only a tracked refusal records the id, and only a new one
          check(c.before === undefined, () => `${at}: a rejected entry rewrote the record of an earlier transaction: ${c.before} → ${c.after}`)
          check(!UNTRACKED.has(outcome.code ?? ''), () => `${at}: an untracked refusal recorded the transaction id`)
          check(parse(c.after).status === 'rejected', `${at}: a rejected entry recorded its id as ${c.after}`)
        }
      }
      check(parse(changed.get(`log/${seqKey}`)?.after)?.status === 'rejected', `${at}: no log record`)
      return
    }
    check(parse(changed.get(`log/${seqKey}`)?.after)?.status === outcome.status, `${at}: the log record disagrees with the outcome`)
    if (outcome.status === 'pending') {
      for (const c of changes) {
        const ok = /^(meta\/(seq|digest)$|log\/|tx\/|pending\/|pendingFor\/)/.test(c.key)
        check(ok, () => `${at}: a pending entry changed ${c.key}`)
      }
    }

    // Which transaction took effect: the entry itself, or the pending one it completed.
    let effective: Transaction | undefined
    if (outcome.completed) {
      this.counts.completed++
      const before = parse(changed.get(`pending/${outcome.completed.id}`)?.before)
      check(before, `${at}: completed ${outcome.completed.id} without a pending record`)
      check(!changed.get(`pending/${outcome.completed.id}`)?.after, `${at}: the completed transaction is still pending`)
      if (outcome.completed.status === 'accepted') effective = before.tx
    } else if (outcome.status === 'accepted' && outcome.type !== 'cosign' && outcome.type !== 'cosign.decline') {
      effective = tryParse(entry.bytes)
    }
    if (effective) this.types.set(effective.type, (this.types.get(effective.type) ?? 0) + 1)

    // Writer effects follow membership: devices of a collective that joins (leaves) the
    // network are added (removed), a device bound to (unbound from) a member likewise.
    const added = new Set<string>()
    const removed = new Set<string>()
    for (const c of changes) {
      if (!c.key.startsWith('collective/')) continue
      const before = parse(c.before)
      const after = parse(c.after)
      const was = new Set<string>(before?.member ? before.devices : [])
      const now = new Set<string>(after?.member ? after.devices : [])
      for (const d of now) if (!was.has(d)) added.add(d)
      for (const d of was) if (!now.has(d)) removed.add(d)
    }
    const effects = outcome.effects.map((e) => `${e.kind} ${e.key}`).sort()
    const expected = [...[...added].map((d) => `writer.add ${d}`), ...[...removed].map((d) => `writer.remove ${d}`)].sort()
    check(JSON.stringify(effects) === JSON.stringify(expected), () => `${at}: effects ${JSON.stringify(effects)}, membership changes call for ${JSON.stringify(expected)}`)

    // Invariant 3: only a claim adds coupons (to one wallet), only a spend deletes them (from one).
    const walletDelta = new Map<string, bigint>()
    for (const c of changes) {
      if (!c.key.startsWith('balance/')) continue
      const [, wallet] = c.key.split('/')
      const after = c.after === undefined ? 0n : BigInt(parse(c.after))
      check(c.after === undefined || after > 0n, () => `${at}: ${c.key} = ${c.after} (a stored balance must be positive)`)
      const delta = after - (c.before === undefined ? 0n : BigInt(parse(c.before)))
      walletDelta.set(wallet!, (walletDelta.get(wallet!) ?? 0n) + delta)
    }
    const expectWallets = (expected: Map<string, bigint>) => {
      const got = [...walletDelta].filter(([, d]) => d !== 0n)
      const want = [...expected].filter(([, d]) => d !== 0n)
      check(
        got.length === want.length && got.every(([w, d]) => expected.get(w) === d),
        () => `${at}: coupons moved ${JSON.stringify(got.map(([w, d]) => [w.slice(0, 8), String(d)]))}, expected ${JSON.stringify(want.map(([w, d]) => [w.slice(0, 8), String(d)]))}`
      )
    }

    const body = (effective?.body ?? {}) as any
    const lotDelta = (lot: string) => {
      const c = changed.get(`lot/${lot}`)
      if (!c) return { value: 0n, quantity: 0n }
      const before = parse(c.before)
      const after = parse(c.after)
      return {
        value: BigInt(before?.value ?? '0') - BigInt(after?.value ?? '0'),
        quantity: BigInt(before?.quantity ?? '0') - BigInt(after?.quantity ?? '0')
      }
    }

    if (effective) this.checkRules(at, effective, changed)

    switch (effective?.type) {
      case 'production.workload': {
        const minutes = BigInt(body.minutes)
        const production = parse(changed.get(`production/${body.production}`)?.before)
        check(production, `${at}: a workload did not touch its production`)
        this.model.worked += minutes
        const t = this.tally(production.producer, periodOfMs(body.performedAt))
        t.a += minutes
        if (production.commons) t.c += minutes
        expectWallets(new Map())
        break
      }
      case 'resource.writeoff':
      case 'inventory.count': {
        const lotBefore = parse(changed.get(`lot/${body.lot}`)?.before)
        const { value, quantity } = lotDelta(body.lot)
        const want = effective.type === 'resource.writeoff' ? BigInt(body.quantity) : lotBefore ? BigInt(lotBefore.quantity) - BigInt(body.counted) : 0n
        check(quantity === want, () => `${at}: the lot lost ${quantity} units, not ${want}`)
        check(value >= 0n, `${at}: a write-off added value`)
        if (quantity > 0n) {
          const record = parse(changed.get(`writeoff/${outcome.completed?.id ?? outcome.id}`)?.after)
          if (record) check(BigInt(record.value) === value && BigInt(record.quantity) === quantity, `${at}: the write-off record disagrees with the lot`)
        }
        this.model.writtenOff += value
        if (value > 0n && !this.isCommons(lotBefore.owner, lotBefore.product)) {
          this.tally(lotBefore.owner, this.openPeriod(lotBefore.owner, effective.time)).w += value
        }
        expectWallets(new Map())
        break
      }
      case 'dispatch.record': {
        const { value, quantity } = lotDelta(body.lot)
        check(quantity === BigInt(body.quantity), `${at}: dispatch moved the wrong quantity`)
        check(value >= 0n, `${at}: a dispatch added value`)
        this.model.dispatched += value
        expectWallets(new Map())
        break
      }
      case 'resource.transfer': {
        const source = parse(changed.get(`lot/${body.lot}`)?.before)
        const id = outcome.completed?.id ?? outcome.id
        const made = parse(changed.get(`lot/${id}:0`)?.after)
        check(source && made, `${at}: a transfer without its lots`)
        check(this.store.shadow.has(`edge/${source.owner}/${body.to}`), `${at}: goods moved without strong trust`)
        check(made.owner === body.to && made.quantity === body.quantity && made.product === source.product, `${at}: the new lot is not what was transferred`)
        const { value, quantity } = lotDelta(body.lot)
        check(quantity === BigInt(body.quantity) && value === BigInt(made.value), () => `${at}: the giver lost ${quantity}/${value}, the receiver got ${made.quantity}/${made.value}`)
        expectWallets(new Map())
        break
      }
      case 'production.consume': {
        const c = changed.get(`production/${body.production}`)
        const gained = c ? BigInt(parse(c.after).value) - BigInt(parse(c.before).value) : 0n
        const { value, quantity } = lotDelta(body.lot)
        check(quantity === BigInt(body.quantity) && value === gained, () => `${at}: consumed ${quantity} units worth ${value}, the production gained ${gained}`)
        expectWallets(new Map())
        break
      }
      case 'production.output': {
        const c = changed.get(`production/${body.production}`)!
        const before = parse(c.before)
        const after = parse(c.after)
        check(after.status === 'done' && after.outputs.length === body.outputs.length, `${at}: the production is not done after its output`)
        let made = 0n
        body.outputs.forEach((o: any, i: number) => {
          const lot = parse(changed.get(`lot/${after.outputs[i]}`)?.after)
          check(lot && lot.owner === before.producer && lot.quantity === o.quantity && lot.product === o.product, `${at}: output ${i} is not the lot declared`)
          if (o.value !== undefined) check(lot.value === o.value, `${at}: output ${i} declared ${o.value}, got ${lot.value}`)
          made += BigInt(lot.value)
        })
        check(made === BigInt(before.value), () => `${at}: outputs worth ${made} from a production holding ${before.value}`)
        expectWallets(new Map())
        break
      }
      case 'production.deallocate': {
        const c = changed.get(`production/${body.production}`)!
        const before = parse(c.before)
        const after = parse(c.after)
        const amount = BigInt(after.transfers) - BigInt(before.transfers)
        check(amount >= 0n, `${at}: a machine transferred negative value`)
        check(BigInt(after.value) - BigInt(before.value) === amount, `${at}: production value moved differently from its transfers`)
        check(lotDelta(body.lot).value === amount, () => `${at}: the machine lost ${lotDelta(body.lot).value} but the production gained ${amount}`)
        const allocation = before.allocated.find((a: any) => a.lot === body.lot)
        if (allocation?.repurposed) this.tally(before.producer, this.openPeriod(before.producer, effective.time)).c += amount
        expectWallets(new Map())
        break
      }
      case 'coupon.claim': {
        const workload = parse(changed.get(`workload/${body.workload}`)?.before)
        check(workload && !workload.claimedBy, `${at}: claimed a workload that was already claimed`)
        const closed = this.get(`closed/${workload.collective}/${workload.period}`)
        check(closed?.revision === body.revision, `${at}: claimed under a revision that did not close the month`)
        const revision = this.get(`revision/${closed.revision}/${closed.subsystem}`)
        const a = BigInt(revision.a)
        const t = BigInt(revision.taxed)
        const amount = a === 0n ? 0n : (BigInt(workload.minutes) * (a - t)) / a
        this.model.claimed += amount
        const n = (this.model.claims.get(workload.id) ?? 0) + 1
        this.model.claims.set(workload.id, n)
        check(n === 1, `${at}: workload ${workload.id} claimed twice`)
        check(parse(changed.get(`workload/${body.workload}`)?.after)?.claimedBy, `${at}: the claim was not marked on the workload`)
        expectWallets(new Map([[workload.wallet, amount]]))
        for (const c of changes) {
          if (c.key.startsWith('balance/')) check(c.key === `balance/${workload.wallet}/${workload.collective}`, `${at}: a claim credited ${c.key}`)
        }
        this.counts.claims++
        break
      }
      case 'coupon.spend': {
        const dispatcher = this.get(`collective/${body.dispatcher}`)
        for (const c of changes) {
          if (!c.key.startsWith('balance/')) continue
          const origin = c.key.slice(c.key.lastIndexOf('/') + 1)
          check(this.get(`collective/${origin}`)?.subsystem === dispatcher.subsystem, `${at}: spent coupons from an origin outside the dispatcher's subsystem`)
        }
        this.model.spent += BigInt(body.amount)
        expectWallets(new Map([[body.wallet, -BigInt(body.amount)]]))
        this.counts.spends++
        break
      }
      case 'revision.final':
        this.checkRevision(at, effective, changed)
        expectWallets(new Map())
        break
      default:
        expectWallets(new Map())
    }

    // The totals the ledger keeps equal the independent tally of accepted outcomes.
    const totals = this.get('meta/totals') ?? { worked: '0', writtenOff: '0', dispatched: '0', claimed: '0', spent: '0' }
    for (const name of ['worked', 'writtenOff', 'dispatched', 'claimed', 'spent'] as const) {
      check(BigInt(totals[name]) === this.model[name], () => `${at}: totals.${name} = ${totals[name]} but the accepted outcomes add up to ${this.model[name]}`)
    }
  }

  /** The rules of PROTOCOL §5 to §7 that an accepted transaction must have met. */
  private checkRules(at: string, tx: Transaction, changed: Map<string, Change>): void {
    const body = tx.body as any
    const before = (key: string) => (changed.has(key) ? parse(changed.get(key)!.before) : this.get(key))
    const commonsIn = (collective: string, product: string) => this.store.shadow.has(`commons/${this.get(`collective/${collective}`).subsystem}/${product}`)
    switch (tx.type) {
      case 'production.consume': {
        const production = before(`production/${body.production}`)
        const lot = before(`lot/${body.lot}`)
        check(lot.owner === production.producer && !lot.allocatedTo, `${at}: consumed a lot the producer does not hold free`)
        check(!production.commons || commonsIn(production.producer, lot.product), `${at}: a commons production consumed exclusive goods`)
        break
      }
      case 'production.allocate': {
        const production = before(`production/${body.production}`)
        const lot = before(`lot/${body.lot}`)
        const exclusive = !commonsIn(production.producer, lot.product)
        check(lot.tree && !lot.allocatedTo, `${at}: allocated something that is not a free machine`)
        check((body.repurposed === true) === (production.commons && exclusive), `${at}: repurposed must be set exactly for an exclusive machine in commons production`)
        break
      }
      case 'production.output':
        if (before(`production/${body.production}`).commons) {
          const producer = before(`production/${body.production}`).producer
          for (const o of body.outputs) check(commonsIn(producer, o.product), `${at}: a commons production made exclusive goods`)
        }
        break
      case 'production.start': {
        const estimate = before(`estimate/${body.estimate}`)
        const producer = this.get(`collective/${estimate.producer}`)
        const threshold = BigInt(this.get(`params/${producer.subsystem}`)?.voteThreshold ?? String(100_000n * 60n * 1_000_000n))
        check(BigInt(estimate.minutes) <= threshold || this.store.shadow.has(`passedProduction/${estimate.id}`), `${at}: started above the vote threshold without a passed production vote`)
        check(!estimate.production, `${at}: a second production on one estimate`)
        break
      }
      case 'production.workload': {
        const production = before(`production/${body.production}`)
        check(production.status === 'running', `${at}: work recorded on a finished production`)
        check(!this.store.shadow.has(`closed/${production.producer}/${periodOfMs(body.performedAt)}`), `${at}: work recorded into a closed month`)
        check(body.performedAt <= tx.time, `${at}: work recorded before it was performed`)
        break
      }
      case 'coupon.claim':
        check(JSON.stringify(tx.signers) === JSON.stringify([before(`workload/${body.workload}`).wallet]), `${at}: a claim not signed by the workload's wallet`)
        break
      case 'vote.cast': {
        const voter = tx.signers[0]!
        check(!before(`vote/${body.proposal}/${voter}`), `${at}: a collective voted twice`)
        const proposal = before(`proposal/${body.proposal}`)
        check(proposal.status === 'open' && this.get(`collective/${voter}`).subsystem === proposal.subsystem, `${at}: a ballot on a closed proposal or from another subsystem`)
        const after = this.get(`proposal/${body.proposal}`)
        const size = this.get(`subsystem/${proposal.subsystem}`).size as number
        // the quorum in force when the ballot was cast (this ballot may pass a new one)
        const quorum = Number(before(`params/${proposal.subsystem}`)?.quorumPercent ?? 50)
        const enough = (yes: number) => yes * 100 > quorum * size || yes === size
        const expected = enough(after.yes) ? 'passed' : enough(size - after.no) ? 'open' : 'failed'
        check(after.status === expected, () => `${at}: proposal ${after.status} with ${after.yes} yes / ${after.no} no of ${size} at quorum ${quorum}%, expected ${expected}`)
        break
      }
      case 'resource.writeoff':
      case 'resource.transfer':
      case 'dispatch.record':
      case 'inventory.count': {
        const lot = before(`lot/${body.lot}`)
        check(!lot.allocatedTo, `${at}: moved a machine that is allocated to a production`)
        check(this.get(`collective/${lot.owner}`).member, `${at}: a lot of a collective outside the network moved`)
        if (tx.type === 'dispatch.record' || tx.type === 'inventory.count') check(this.get(`collective/${lot.owner}`).roles.includes('dispatcher'), `${at}: not a dispatcher`)
        break
      }
    }
  }

  /** Invariant 4 for a revision as it is made, with a, c, w from the model. */
  private checkRevision(at: string, tx: Transaction, changed: Map<string, Change>): void {
    const period = (tx.body as any).period as string
    let made = 0
    for (const c of changed.values()) {
      const m = /^revision\/([0-9a-f]{64})\/(.+)$/.exec(c.key)
      if (!m || c.after === undefined) continue
      made++
      this.counts.revisions++
      const rec = parse(c.after)
      const subsystem = m[2]!
      check(m[1] === rec.tx && rec.subsystem === subsystem && rec.period === period, `${at}: revision record names the wrong tx/subsystem/period`)
      const params = this.get(`params/${subsystem}`) ?? {}
      const grace = Number(params.graceMinutes ?? 7 * 24 * 60)
      check(tx.time >= periodEndMs(period) + grace * MINUTE, `${at}: closed ${period} for ${subsystem.slice(0, 8)} before its grace time`)
      // exactly the members of the subsystem whose month was still open
      const members = scan(this.store, `member/${subsystem}/`).map(([k]) => k.slice(k.lastIndexOf('/') + 1))
      const open = members.filter((id) => changed.get(`closed/${id}/${period}`)?.before === undefined && changed.has(`closed/${id}/${period}`))
      check(
        open.length === rec.members.length && open.every((id: string) => rec.members.includes(id)) && members.every((id) => this.store.shadow.has(`closed/${id}/${period}`)),
        `${at}: the revision closed ${rec.members.length} members but ${open.length} were open`
      )
      let a = 0n
      let cc = 0n
      let w = 0n
      const ls: bigint[] = []
      for (const id of rec.members as string[]) {
        check(parse(changed.get(`closed/${id}/${period}`)?.after)?.revision === rec.tx, `${at}: member not closed by this revision`)
        const t = this.model.tallies.get(`${id}|${period}`) ?? Z()
        a += t.a
        cc += t.c
        w += t.w
        for (const [k, minutes] of scan<string>(this.store, `workloadIn/${id}/${period}/`)) {
          const workload = this.get(`workload/${k.slice(k.lastIndexOf('/') + 1)}`)
          check(workload?.minutes === minutes, `${at}: workload index and record disagree`)
          ls.push(BigInt(minutes))
        }
      }
      check(BigInt(rec.a) === a, () => `${at}: revision a = ${rec.a}, the accepted workloads add up to ${a}`)
      check(BigInt(rec.c) === cc, () => `${at}: revision c = ${rec.c}, commons work and repurposed transfers add up to ${cc}`)
      check(BigInt(rec.wRaw) === w, () => `${at}: revision wRaw = ${rec.wRaw}, exclusive write-offs add up to ${w}`)
      check(ls.reduce((s, l) => s + l, 0n) === a, `${at}: Σ workloads ≠ a`)
      const debtChange = changed.get(`debt/${subsystem}`)
      const debtIn = BigInt(parse(debtChange ? debtChange.before : this.store.shadow.get(`debt/${subsystem}`)) ?? '0')
      check(BigInt(rec.debtIn) === debtIn, `${at}: debtIn ${rec.debtIn} ≠ ${debtIn}`)
      const [num, den] = String(params.writeoffLimit ?? '1/10').split('/').map(BigInt) as [bigint, bigint]
      const owed = w + debtIn
      const counted = min(owed, (a * num) / den)
      const raw = cc + counted
      const taxed = min(raw, a)
      const debtOut = owed - counted + (raw - taxed)
      check(BigInt(rec.w) === counted && BigInt(rec.taxed) === taxed && BigInt(rec.debtOut) === debtOut, () => `${at}: revision w/taxed/debtOut ${rec.w}/${rec.taxed}/${rec.debtOut}, expected ${counted}/${taxed}/${debtOut}`)
      const debtAfter = BigInt(parse(this.store.shadow.get(`debt/${subsystem}`)) ?? '0')
      check(debtAfter === debtOut, `${at}: debt after the revision ${debtAfter} ≠ ${debtOut}`)
      checkRevisionRecord(at, rec, ls)
    }
    check(made > 0, `${at}: an accepted revision made no record`)
  }
}

/** Σ claimable(l) + taxed + rounding = a, with claimable recomputed: floor(l·(a−t)/a). */
function checkRevisionRecord(at: string, rec: any, ls: bigint[]): void {
  const a = BigInt(rec.a)
  const t = BigInt(rec.taxed)
  const claimable = ls.reduce((s, l) => s + (a === 0n ? 0n : (l * (a - t)) / a), 0n)
  const rounding = BigInt(rec.rounding)
  check(0n <= t && t <= a, `${at}: taxed outside [0, a]`)
  check(BigInt(rec.claimable) === claimable, () => `${at}: revision claimable ${rec.claimable} ≠ recomputed ${claimable}`)
  check(claimable + t + rounding === a, () => `${at}: Σ claimable ${claimable} + taxed ${t} + rounding ${rounding} ≠ a ${a}`)
  check(rounding >= 0n && (rounding < BigInt(ls.length) || rounding === 0n), () => `${at}: rounding ${rounding} outside [0, ${ls.length})`)
}

// ---------------------------------------------------------------------------------------
// Whole-state invariants (after a history, and after any permutation of it)

export function checkState(store: MemoryStore, model?: Runner['model']): void {
  const all = new Map<string, any>(store.entries())
  const byPrefix = (prefix: string) => scan(store, prefix)
  const last = (key: string) => key.slice(key.lastIndexOf('/') + 1)
  const collectives = new Map<string, any>(byPrefix('collective/').map(([, c]) => [c.id, c]))
  const totals = all.get('meta/totals') ?? { worked: '0', writtenOff: '0', dispatched: '0', claimed: '0', spent: '0' }
  const T = (name: string) => BigInt(totals[name])

  // Invariant 5: lots — one owner, quantity > 0, owner index both ways, trees consistent.
  const lots = new Map<string, any>(byPrefix('lot/').map(([, l]) => [l.id, l]))
  const index = new Map<string, string[]>()
  for (const [key, product] of byPrefix('lotOf/')) {
    const [, owner, lot] = key.split('/') as [string, string, string]
    index.set(lot, [...(index.get(lot) ?? []), owner])
    check(lots.get(lot)?.owner === owner, `${key} points to a lot that ${owner.slice(0, 8)} does not own`)
    check(lots.get(lot)?.product === product, `${key} names the wrong product`)
  }
  const productions = new Map<string, any>(byPrefix('production/').map(([, p]) => [p.id, p]))
  let lotValue = 0n
  for (const [id, lot] of lots) {
    check(collectives.has(lot.owner), `lot ${id} is owned by an unregistered key`)
    check(BigInt(lot.quantity) > 0n, `lot ${id} has quantity ${lot.quantity}`)
    check(BigInt(lot.value) >= 0n, `lot ${id} has negative value`)
    check(index.get(id)?.length === 1 && index.get(id)![0] === lot.owner, `lot ${id} has owner index ${JSON.stringify(index.get(id))}`)
    const product = all.get(`product/${lot.product}`)
    check(product, `lot ${id} is of an unknown product`)
    if (product.kind === 'meansOfProduction') {
      check(lot.tree, `means of production ${id} has no value tree`)
      checkTree(id, lot.tree)
      let remaining = 0n
      for (const e of Object.values<any>(lot.tree.elements)) {
        const v = BigInt(e.v)
        const tr = BigInt(e.transferred)
        check(0n <= tr && tr <= v, `lot ${id}: an element transferred ${tr} of ${v}`)
        // §8: used for its whole durability, an element has transferred exactly its value
        if (BigInt(e.age) >= BigInt(e.d)) check(tr === v, () => `lot ${id}: an element aged ${e.age} of ${e.d} minutes transferred ${tr} of ${v}`)
        remaining += v - tr
      }
      check(remaining === BigInt(lot.value), () => `lot ${id}: value ${lot.value} but its tree holds ${remaining}`)
    } else {
      check(!lot.tree, `consumable lot ${id} has a tree`)
    }
    if (lot.allocatedTo) {
      const p = productions.get(lot.allocatedTo)
      check(p?.status === 'running' && p.allocated.some((a: any) => a.lot === id), `lot ${id} allocated to a production that does not hold it`)
    }
    lotValue += BigInt(lot.value)
  }
  check(index.size === lots.size, 'the owner index lists a lot that does not exist')

  // Invariant 2: value conservation, exact.
  let running = 0n
  for (const [id, p] of productions) {
    check(all.get(`productionOf/${p.producer}/${id}`) === p.status, `productionOf index disagrees for ${id}`)
    check(all.get(`estimate/${p.estimate}`)?.production === id, `production ${id} and its estimate disagree`)
    const parts = BigInt(p.workloads) + BigInt(p.consumed) + BigInt(p.transfers) + p.components.reduce((s: bigint, c: any) => s + BigInt(c.value), 0n)
    check(parts === BigInt(p.value), `production ${id}: value ${p.value} ≠ its inputs ${parts}`)
    if (p.status === 'running') {
      running += BigInt(p.value)
      for (const a of p.allocated) check(lots.get(a.lot)?.allocatedTo === id, `production ${id} lists machine ${a.lot} that is not allocated to it`)
    } else check(p.allocated.length === 0, `finished production ${id} still holds machines`)
  }
  check(
    lotValue + running === T('worked') - T('writtenOff') - T('dispatched'),
    () => `value not conserved: lots ${lotValue} + running productions ${running} ≠ worked ${T('worked')} − written off ${T('writtenOff')} − dispatched ${T('dispatched')}`
  )
  if (model) {
    for (const name of ['worked', 'writtenOff', 'dispatched', 'claimed', 'spent'] as const) {
      check(T(name) === model[name], `totals.${name} ≠ model`)
    }
  }

  // Invariant 3: coupons.
  let balances = 0n
  const byOrigin = new Map<string, bigint>()
  for (const [key, value] of byPrefix('balance/')) {
    const b = BigInt(value)
    check(b > 0n, `${key} = ${value}`)
    balances += b
    byOrigin.set(last(key), (byOrigin.get(last(key)) ?? 0n) + b)
  }
  check(balances === T('claimed') - T('spent'), () => `Σ balances ${balances} ≠ claimed ${T('claimed')} − spent ${T('spent')}`)
  const outstanding = byPrefix('outstanding/')
  check(outstanding.length === byOrigin.size && outstanding.every(([k, v]) => byOrigin.get(last(k)) === BigInt(v)), 'outstanding/ ≠ Σ balances by origin')
  for (const [, w] of byPrefix('workload/')) {
    check(all.get(`workloadOf/${w.wallet}/${w.id}`) === w.period, `workload ${w.id} missing from its wallet's index`)
    if (model) check((model.claims.get(w.id) ?? 0) === (w.claimedBy ? 1 : 0), `workload ${w.id}: claimedBy and accepted claims disagree`)
    check(all.get(`workloadIn/${w.collective}/${w.period}/${w.id}`) === w.minutes, `workload ${w.id} missing from its month's index`)
    if (w.claimedBy) check(all.has(`closed/${w.collective}/${w.period}`), `workload ${w.id} claimed before its month closed`)
  }

  // Invariant 4, again from the stored records.
  for (const [key, rec] of byPrefix('revision/')) {
    const ls: bigint[] = []
    for (const m of rec.members) {
      check(all.get(`closed/${m}/${rec.period}`)?.revision === rec.tx, `${key}: member ${m.slice(0, 8)} not closed by it`)
      for (const [, minutes] of byPrefix(`workloadIn/${m}/${rec.period}/`)) ls.push(BigInt(minutes))
    }
    check(ls.reduce((s, l) => s + l, 0n) === BigInt(rec.a), `${key}: Σ workloads ≠ a`)
    checkRevisionRecord(key, rec, ls)
  }

  // Invariant 6a: the trust graph and the subsystems, recomputed with our own BFS.
  const adjacency = new Map<string, string[]>([...collectives.keys()].map((id) => [id, []]))
  for (const [key] of byPrefix('edge/')) {
    const [, a, b] = key.split('/') as [string, string, string]
    check(all.has(`edge/${b}/${a}`), `${key} has no reverse edge`)
    check(adjacency.has(a) && adjacency.has(b), `${key} joins an unregistered collective`)
    adjacency.get(a)!.push(b)
  }
  const component = new Map<string, number>()
  let components = 0
  for (const start of adjacency.keys()) {
    if (component.has(start)) continue
    const queue = [start]
    component.set(start, components)
    while (queue.length) {
      for (const peer of adjacency.get(queue.shift()!)!) {
        if (!component.has(peer)) {
          component.set(peer, components)
          queue.push(peer)
        }
      }
    }
    components++
  }
  const subsystemOf = new Map<number, string>()
  const genesis = all.get('meta/genesis')
  for (const [id, c] of collectives) {
    const comp = component.get(id)!
    if (!subsystemOf.has(comp)) subsystemOf.set(comp, c.subsystem)
    check(subsystemOf.get(comp) === c.subsystem, `collectives connected by trust are in different subsystems`)
    check(all.get(`member/${c.subsystem}/${id}`) === true, `member/${c.subsystem.slice(0, 8)}/${id.slice(0, 8)} is missing`)
    check(c.member === (id === genesis || adjacency.get(id)!.length > 0), `collective ${c.name}: member=${c.member} but it has ${adjacency.get(id)!.length} edges`)
  }
  check(new Set(subsystemOf.values()).size === components, 'two trust components share a subsystem')
  const members = byPrefix('member/')
  check(members.length === collectives.size, `${members.length} member/ keys for ${collectives.size} collectives`)
  const subsystems = byPrefix('subsystem/')
  check(subsystems.length === components, `${subsystems.length} subsystem records for ${components} components`)
  for (const [, s] of subsystems) {
    const size = [...collectives.values()].filter((c) => c.subsystem === s.id).length
    check(size === s.size, `subsystem ${s.id.slice(0, 8)} says size ${s.size}, has ${size}`)
  }

  // Invariant 6b: dispatcher stock and prices, recomputed from the lots (machines are not stock).
  const stock = new Map<string, [bigint, bigint]>()
  const price = new Map<string, [bigint, bigint]>()
  const add = (map: Map<string, [bigint, bigint]>, key: string, v: bigint, q: bigint) => {
    const [a, b] = map.get(key) ?? [0n, 0n]
    map.set(key, [a + v, b + q])
  }
  for (const lot of lots.values()) {
    const owner = collectives.get(lot.owner)
    if (!owner.roles.includes('dispatcher') || lot.tree) continue
    add(stock, `stock/${owner.id}/${lot.product}`, BigInt(lot.value), BigInt(lot.quantity))
    add(price, `price/${owner.subsystem}/${lot.product}`, BigInt(lot.value), BigInt(lot.quantity))
  }
  for (const [prefix, expected] of [['stock/', stock], ['price/', price]] as const) {
    const stored = byPrefix(prefix)
    const want = [...expected].filter(([, [v, q]]) => v !== 0n || q !== 0n)
    check(
      stored.length === want.length && stored.every(([k, r]) => expected.get(k)?.[0] === BigInt(r.value) && expected.get(k)?.[1] === BigInt(r.quantity)),
      () => `${prefix} differs from the lots: stored ${JSON.stringify(stored)} expected ${JSON.stringify(want.map(([k, [v, q]]) => [k, String(v), String(q)]))}`
    )
  }

  // Pending transactions and their per-signer index agree.
  const pendingFor = new Set(byPrefix('pendingFor/').map(([k]) => k))
  let expectedFor = 0
  for (const [, p] of byPrefix('pending/')) {
    for (const s of p.missing) {
      check(pendingFor.has(`pendingFor/${s}/${p.id}`), `pending ${p.id} lacks pendingFor of a missing signer`)
      expectedFor++
    }
  }
  check(pendingFor.size === expectedFor, 'a pendingFor key has no pending transaction')
}

/** A value tree is a DAG from its root over known elements; a composite's d is the least of its children's. */
function checkTree(lot: string, tree: any): void {
  const elements = tree.elements as Record<string, any>
  check(Object.hasOwn(elements, tree.root), `lot ${lot}: the tree's root is not an element`)
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (id: string): void => {
    check(Object.hasOwn(elements, id), `lot ${lot}: tree element ${id} is missing`)
    if (state.get(id) === 'done') return
    check(state.get(id) !== 'visiting', `lot ${lot}: the tree has a cycle through ${id}`)
    state.set(id, 'visiting')
    const e = elements[id]
    for (const child of e.children) visit(child)
    if (e.children.length > 0) {
      const least = e.children.map((c: string) => BigInt(elements[c].d)).reduce((a: bigint, b: bigint) => (b < a ? b : a))
      check(BigInt(e.d) === least, `lot ${lot}: element ${id} has d ${e.d}, its children at least ${least}`)
    }
    state.set(id, 'done')
  }
  visit(tree.root)
  check(state.size === Object.keys(elements).length, `lot ${lot}: the tree has elements its root does not reach`)
  for (const id of Object.keys(tree.products)) check(Object.hasOwn(elements, id), `lot ${lot}: a product name for a missing element`)
}

/** The shadow kept from the batches equals the store: nothing was changed in place behind the ledger's back. */
export function checkShadow(store: RecordingStore): void {
  const actual = [...store.entries()]
  check(actual.length === store.shadow.size, 'the store has keys no batch wrote')
  for (const [key, value] of actual) {
    check(store.shadow.get(key) === JSON.stringify(value), () => `${key} was changed in place, outside any batch: ${store.shadow.get(key)} → ${JSON.stringify(value)}`)
  }
}

// ---------------------------------------------------------------------------------------
// Generation

type RoleSet = Array<'producer' | 'dispatcher'>
const ROLESETS: RoleSet[] = [['producer'], ['dispatcher'], ['producer', 'dispatcher']]

const KINDS = {
  collectivize: 6,
  transfer: 8,
  cosign: 6,
  decline: 1,
  writeoff: 3,
  inventory: 2,
  dispatch: 4,
  order: 6,
  reject: 1,
  estimate: 5,
  start: 5,
  consume: 7,
  workload: 12,
  allocate: 3,
  deallocate: 3,
  output: 6,
  propose: 2,
  vote: 5,
  revision: 3,
  claim: 7,
  spend: 6,
  trust: 2,
  cancel: 2,
  settle: 2,
  garbage: 2,
  duplicate: 2,
  device: 1
} as const
export type Kind = keyof typeof KINDS

export interface Intent {
  kind: Kind
  r: number[]
  mode: number
  dt: number
}

export interface HistorySpec {
  n: number
  roles: RoleSet[]
  parents: number[]
  extra: Array<[number, number]>
  loner: boolean
  /** Whether the network votes bread (and sometimes bolts) into the commons right after setup. */
  commons: number
  /** Percent of steps that are deliberately corrupted (on top of rule-breaking choices). */
  corrupt: number
  steps: Intent[]
}

export const intentArb: fc.Arbitrary<Intent> = fc.record({
  kind: fc.oneof(...Object.entries(KINDS).map(([kind, weight]) => ({ arbitrary: fc.constant(kind as Kind), weight }))),
  r: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
  mode: fc.nat({ max: 99 }),
  dt: fc.nat({ max: 99 })
})

export function historyArb(minSteps: number, maxSteps: number, corrupt: fc.Arbitrary<number> = fc.constantFrom(5, 10, 25)): fc.Arbitrary<HistorySpec> {
  return fc.record({
    n: fc.integer({ min: 3, max: 6 }),
    roles: fc.array(fc.constantFrom(...ROLESETS), { minLength: 6, maxLength: 6 }),
    parents: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
    extra: fc.array(fc.tuple(fc.nat(5), fc.nat(5)), { maxLength: 3 }),
    loner: fc.boolean(),
    commons: fc.nat(3),
    corrupt,
    steps: fc.array(intentArb, { minLength: minSteps, maxLength: maxSteps })
  })
}

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
      const mutated = this.corrupt(tx, corrupt, r)
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

  /** Turns a good transaction into a bad entry of kind `how` (1…8). */
  private corrupt(tx: Transaction, how: number, r: number): { bytes?: Uint8Array; writer?: string } {
    const other = COLLECTIVES[(r % 7)]!
    switch (how) {
      case 1: {
        // a wrong (but correctly signed) signer list
        const bad = createTransaction({ type: tx.type, body: tx.body, time: tx.time, signers: [other.id] })
        bad.sigs[other.id] = signatureFor(bad, other.identity)
        return { bytes: encodeTransaction(bad) }
      }
      case 2: {
        // a forged signature: the right signer, signed with another key
        const forged = { ...tx, sigs: { ...tx.sigs } }
        const first = tx.signers[0]
        if (first) forged.sigs[first] = signatureFor(tx, other.identity === KEYS.get(first) ? COLLECTIVES[(r + 1) % 7]!.identity : other.identity)
        return { bytes: encodeTransaction(forged) }
      }
      case 3:
        return { bytes: encodeTransaction({ ...tx, sigs: {} }) }
      case 4:
        // an unknown device, or one of a collective that is not a member
        return { writer: r % 2 ? OUTSIDER.deviceKey : COLLECTIVES[5]!.deviceKey }
      case 5: {
        // tampered after signing
        const body = { ...(tx.body as any) }
        const field = Object.keys(body).find((k) => typeof body[k] === 'string' && /^[0-9]+$/.test(body[k])) ?? Object.keys(body)[0]
        if (field) body[field] = typeof body[field] === 'string' && /^[0-9]+$/.test(body[field]) ? String(BigInt(body[field]) + 1n) : body[field]
        return { bytes: encodeTransaction({ ...tx, time: field ? tx.time : tx.time + 1, body }) }
      }
      case 6: {
        // huge, malformed and out-of-range numbers, correctly signed
        const values = ['9'.repeat(30), '1' + '0'.repeat(30), '-5', '1.5', '0x10', ' 12', '007', '0', '']
        const body = { ...(tx.body as any) }
        for (const k of ['quantity', 'minutes', 'amount', 'counted', 'minutesUsed', 'durability']) {
          if (k in body) body[k] = values[r % values.length]
        }
        if ('performedAt' in body) body.performedAt = [8_640_000_000_000_001, -1, 1.5, 2 ** 53, 8_640_000_000_000_000, 0][r % 6]
        const time = [2 ** 60, 8_640_000_000_000_000, 0, tx.time, tx.time][r % 5]!
        const bad = createTransaction({ type: tx.type, body, time, signers: tx.signers })
        for (const s of tx.signers) {
          const pair = KEYS.get(s)
          if (pair) bad.sigs[s] = signatureFor(bad, pair)
        }
        return { bytes: Buffer.from(JSON.stringify(bad)) }
      }
      case 7: {
        // garbage of many kinds
        const json = encodeTransaction(tx).toString()
        const garbage = [
          Buffer.from(json.slice(0, Math.max(1, r % json.length))),
          Buffer.from(Array.from({ length: 1 + (r % 200) }, (_, i) => (r * (i + 7)) % 256)),
          Buffer.from(JSON.stringify({ ...tx, v: 2 })),
          Buffer.from(JSON.stringify({ ...tx, type: 'coupon.transfer' })),
          Buffer.from(JSON.stringify({ ...tx, extra: 1 })),
          Buffer.from(JSON.stringify({ ...tx, body: { ...(tx.body as any), extra: 'x' } })),
          Buffer.from('{"v":1,"type":"revision.final","body":{"period":"2026-13"},"time":0,"signers":[],"sigs":{}}'),
          Buffer.from(JSON.stringify({ ...tx, body: { ...(tx.body as any), pad: 'x'.repeat(70_000) } })),
          Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
          Buffer.from('null'),
          Buffer.from('[]'),
          Buffer.from(JSON.stringify({ ...tx, signers: [...tx.signers, ...tx.signers] }))
        ]
        return { bytes: garbage[r % garbage.length]! }
      }
      default: {
        // a stranger's signature added to a good transaction
        const extra = { ...tx, sigs: { ...tx.sigs, [other.id]: signatureFor(tx, other.identity) } }
        return { bytes: encodeTransaction(extra) }
      }
    }
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

/** How much of the rarer ground a history reached (printed by the tests, to keep the generator honest). */
export function coverage(store: MemoryStore): Record<string, number> {
  const count = (prefix: string, filter: (value: any) => boolean = () => true) => scan(store, prefix).filter(([, v]) => filter(v)).length
  return {
    commons: count('commons/'),
    commonsProductions: count('production/', (p) => p.commons),
    splits: count('split/'),
    settlements: count('split/', (s) => (s.settlements?.length ?? 0) > 0),
    assembledTrees: count('lot/', (l) => l.tree && Object.keys(l.tree.elements).length > 1),
    repurposed: count('production/', (p) => p.allocated.some((a: any) => a.repurposed)) + count('tally/', (t) => BigInt(t.c) > 0n),
    debt: count('debt/'),
    taxedRevisions: count('revision/', (r) => BigInt(r.taxed) > 0n),
    roundingRevisions: count('revision/', (r) => BigInt(r.rounding) > 0n),
    prices: count('price/'),
    nonMembers: count('collective/', (c) => !c.member),
    passedParameters: count('params/')
  }
}

// ---------------------------------------------------------------------------------------
// Reordering

/** Bookkeeping that depends on positions in the log, not on what the transactions did. */
const POSITIONAL = /^(meta\/seq|meta\/digest|log\/|rejection\/)/

/** Whether entry `a` and the entry `b` right after it can swap places without changing anything. */
export function independent(a: StepRecord, b: StepRecord): boolean {
  const writes = (s: StepRecord) => s.changes.map((c) => c.key).filter((k) => !POSITIONAL.test(k) && k !== 'meta/totals')
  const reads = (s: StepRecord, key: string) =>
    s.reads!.has(key) ||
    s.ranges!.some((o) => (o.gt === undefined || key > o.gt) && (o.gte === undefined || key >= o.gte) && (o.lt === undefined || key < o.lt) && (o.lte === undefined || key <= o.lte))
  const wa = writes(a)
  const wb = writes(b)
  const wbSet = new Set(wb)
  return !wa.some((k) => wbSet.has(k) || reads(b, k)) && !wb.some((k) => reads(a, k))
}

/** The view without what depends on log positions: what two orders of independent entries must share. */
export function normalizedView(store: MemoryStore): string {
  const out: Array<[string, Json]> = []
  for (const [key, value] of store.entries()) {
    if (POSITIONAL.test(key)) continue
    if (/^(tx|pending|split)\//.test(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      const { seq: _seq, ...rest } = value as Record<string, Json>
      out.push([key, rest])
    } else out.push([key, value])
  }
  return JSON.stringify(out)
}

/**
 * PROTOCOL §3: after a split the view shows each part's parity — coupons outstanding whose
 * origin is in the part, against the value of exclusive goods at its dispatchers —
 * recomputed here from balances and lots.
 */
export async function checkParity(store: MemoryStore): Promise<void> {
  const { parity } = await import('../../core/ledger/queries.ts')
  const collectives = new Map<string, any>(scan(store, 'collective/').map(([, c]) => [c.id, c]))
  const commons = new Set(scan(store, 'commons/').map(([key]) => key))
  for (const [, split] of scan(store, 'split/')) {
    const view = await parity(store, split.id)
    check(view && view.parts.length === split.parts.length, `parity of split ${split.id} missing`)
    split.parts.forEach((part: any, i: number) => {
      const members = new Set<string>(part.members)
      let coupons = 0n
      for (const [key, amount] of scan<string>(store, 'balance/')) if (members.has(key.slice(key.lastIndexOf('/') + 1))) coupons += BigInt(amount)
      let goods = 0n
      for (const [, lot] of scan(store, 'lot/')) {
        const owner = collectives.get(lot.owner)
        if (!members.has(lot.owner) || !owner.roles.includes('dispatcher') || lot.tree) continue
        if (commons.has(`commons/${owner.subsystem}/${lot.product}`)) continue
        goods += BigInt(lot.value)
      }
      const got = view!.parts[i]!
      check(BigInt(got.coupons) === coupons && BigInt(got.goods) === goods, () => `parity of split ${split.id.slice(0, 8)} part ${i}: view says coupons ${got.coupons} goods ${got.goods}, recomputed ${coupons} / ${goods}`)
    })
  }
}
