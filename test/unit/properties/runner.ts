// The checked runner: applies entries, checks each step, keeps the independent model.
import { Ledger } from '../../../core/ledger/ledger.ts'
import { netOf } from '../../../core/ledger/movements.ts'
import { expectedStock } from '../../../core/ledger/statements.ts'
import type { RangeOptions } from '../../../core/ledger/store.ts'
import type { LedgerEntry, Outcome } from '../../../core/ledger/types.ts'
import { decodeEntry, verifySignatures } from '../../../core/protocol/decode.ts'
import type { Transaction } from '../../../core/protocol/envelope.ts'
import { MINUTE } from './actors.ts'
import { min, nextPeriodOf, periodEndMs, periodOfMs } from './arithmetic.ts'
import { check } from './check.ts'
import { checkRevisionRecord } from './invariants.ts'
import { dump, RecordingStore, scan, type Change } from './stores.ts'

const Z = () => ({ a: 0n, c: 0n, w: 0n })

/**
 * Refusals that say nothing about the transaction itself (docs/protocol.md §3, stages 6 to 9
 * and 12). BAD_SIGNATURE, UNEXPECTED_SIGNATURE and NOTHING_NEW are left out: a `cosign`
 * entry's own handler (stage 13, tracked) refuses with them too.
 */
const UNTRACKED = new Set(['UNKNOWN_WRITER', 'NO_NETWORK', 'DUPLICATE', 'ALREADY_PENDING', 'MISSING_SIGNATURE', 'UNSIGNED'])

export interface RunnerOptions {
  /** Record read sets (for the commutation property). */
  recordReads?: boolean
  /**
   * Before applying each entry, dry-run it and check that the dry run changed nothing and
   * foretold exactly the outcome (status, code, sentence, digest) that applying it gives.
   */
  dryRun?: boolean
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

/** docs/protocol.md §3: its signatures verify, and one is present unless it lists no signers. */
function speaksForSigners(bytes: Uint8Array): boolean {
  const decoded = decodeEntry(bytes)
  if (!decoded.ok || verifySignatures(decoded) !== null) return false
  return decoded.tx.signers.length === 0 || Object.keys(decoded.tx.sigs).length > 0
}

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
  readonly counts = { accepted: 0, pending: 0, rejected: 0, completed: 0, revisions: 0, claims: 0, spends: 0, foretold: 0 }
  readonly types = new Map<string, number>()

  constructor(readonly options: RunnerOptions = {}) {}

  async apply(entry: LedgerEntry): Promise<Outcome> {
    if (this.options.recordReads) {
      this.store.reads = new Set()
      this.store.ranges = []
    }
    this.store.changes = []
    const foretold = this.options.dryRun ? await this.foretell(entry) : undefined
    const outcome = await this.ledger.apply(entry)
    if (foretold !== undefined) {
      check(JSON.stringify(foretold) === JSON.stringify(outcome), () => `the dry run said ${JSON.stringify(foretold)}, applying gave ${JSON.stringify(outcome)}`)
      this.counts.foretold++
    }
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

  /** The dry run of `entry`, checked to leave the store exactly as it was. */
  private async foretell(entry: LedgerEntry): Promise<Outcome> {
    const before = dump(this.store)
    const digest = await this.ledger.digest()
    const verdict = await this.ledger.dryRun(entry)
    check(dump(this.store) === before && (await this.ledger.digest()) === digest, 'the dry run changed the store')
    check(this.store.changes.length === 0, 'the dry run wrote a batch')
    return verdict
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
          c.key === 'meta/frontier' ||
          c.key === 'meta/digest' ||
          c.key === `log/${seqKey}` ||
          c.key === `rejection/${seqKey}` ||
          (outcome.id !== null && c.key === `tx/${outcome.id}`)
        check(ok, () => `${at}: a rejected entry changed ${c.key}`)
        if (c.key.startsWith('tx/')) {
          // docs/protocol.md §3: only a tracked refusal records the id, and only a new one
          check(c.before === undefined, () => `${at}: a rejected entry rewrote the record of an earlier transaction: ${c.before} → ${c.after}`)
          check(!UNTRACKED.has(outcome.code ?? ''), () => `${at}: an untracked refusal recorded the transaction id`)
          check(speaksForSigners(entry.bytes), () => `${at}: a refusal was recorded against the id of an entry no signer signed`)
          check(parse(c.after).status === 'rejected', `${at}: a rejected entry recorded its id as ${c.after}`)
        }
      }
      check(parse(changed.get(`log/${seqKey}`)?.after)?.status === 'rejected', `${at}: no log record`)
      return
    }
    check(parse(changed.get(`log/${seqKey}`)?.after)?.status === outcome.status, `${at}: the log record disagrees with the outcome`)
    if (outcome.status === 'pending') {
      for (const c of changes) {
        // A pending transfer also reserves its lot, a trust request records itself for its pair
        // (docs/protocol.md §5, points 6 and 7).
        const ok = /^(meta\/(seq|digest|frontier)$|log\/|tx\/|pending\/|pendingFor\/|reserved\/|trustRequest\/)/.test(c.key)
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
    const effects = outcome.effects.filter((e) => 'key' in e).map((e) => `${e.kind} ${e.key}`).sort()
    const expected = [...[...added].map((d) => `writer.add ${d}`), ...[...removed].map((d) => `writer.remove ${d}`)].sort()
    check(JSON.stringify(effects) === JSON.stringify(expected), () => `${at}: effects ${JSON.stringify(effects)}, membership changes call for ${JSON.stringify(expected)}`)

    // Period statements (docs/protocol.md §19): fixed once, their movements add up to the
    // change of stock, and the stock is the value of every lot the collective owns.
    for (const c of changes) {
      if (!c.key.startsWith('statement/') || c.after === undefined) continue
      const s = parse(c.after)
      check(c.before === undefined, `${at}: the statement ${c.key} was rewritten`)
      check(expectedStock(s) === BigInt(s.stockEnd), () => `${at}: ${c.key}: stock ${s.stockStart} and movements ${JSON.stringify(s.movements)} do not come to ${s.stockEnd}`)
      // Statements follow the calendar: what the lots hold now is the month's end stock plus
      // the movements already recorded into later months.
      let held = 0n
      let later = 0n
      for (const key of this.store.shadow.keys()) {
        if (key.startsWith(`lotOf/${s.collective}/`)) held += BigInt(this.get(`lot/${key.slice(key.indexOf('/', 6) + 1)}`).value)
        const month = key.startsWith(`movement/${s.collective}/`) ? key.slice(`movement/${s.collective}/`.length) : null
        if (month !== null && month > s.period) later += netOf(this.get(key))
      }
      check(held === BigInt(s.stockEnd) + later, () => `${at}: ${c.key} says the stock is ${s.stockEnd} and later months moved ${later}, the lots hold ${held}`)
    }
    // A subsystem's statement: fixed once, its totals the sums of its members' statements, its
    // prices the view's price basis and its parity the members' outstanding coupons, as now.
    for (const c of changes) {
      if (!c.key.startsWith('subsystemStatement/') || c.after === undefined) continue
      const s = parse(c.after)
      check(c.before === undefined, `${at}: the statement ${c.key} was rewritten`)
      const members = s.members.map((m: string) => this.get(`statement/${m}/${s.period}`))
      check(members.every((m: any) => m?.revision === s.revision), () => `${at}: ${c.key}: a member has no statement of the same revision`)
      for (const figure of ['a', 'claimable'] as const) {
        const sum = members.reduce((n: bigint, m: any) => n + BigInt(m[figure]), 0n)
        check(sum === BigInt(s[figure]), () => `${at}: ${c.key}: ${figure} ${s[figure]}, the members' statements sum to ${sum}`)
      }
      const prices = [...this.store.shadow.keys()].filter((k) => k.startsWith(`price/${s.subsystem}/`)).sort().map((k) => ({ product: k.slice(k.lastIndexOf('/') + 1), ...this.get(k) }))
      check(JSON.stringify(prices) === JSON.stringify(s.prices), () => `${at}: ${c.key}: prices ${JSON.stringify(s.prices)}, the view holds ${JSON.stringify(prices)}`)
      const coupons = s.members.reduce((n: bigint, m: string) => n + BigInt(this.get(`outstanding/${m}`) ?? '0'), 0n)
      check(coupons === BigInt(s.parity.coupons), () => `${at}: ${c.key}: parity says ${s.parity.coupons} coupons outstanding, the view holds ${coupons}`)
    }

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
      case 'workload.reverse': {
        const workload = parse(changed.get(`workload/${body.workload}`)?.before)
        check(workload && !workload.reversedBy && !workload.claimedBy, `${at}: reversed a workload that was reversed or claimed`)
        const minutes = BigInt(workload.minutes)
        this.model.worked -= minutes
        const t = this.tally(workload.collective, workload.period)
        t.a -= minutes
        if (workload.commons) t.c -= minutes
        const production = changed.get(`production/${workload.production}`)
        check(production && BigInt(parse(production.before).value) - BigInt(parse(production.after).value) === minutes, `${at}: the reversal did not take the minutes out of the production`)
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
      case 'workload.reverse': {
        const workload = before(`workload/${body.workload}`)
        check(before(`production/${workload.production}`).status === 'running', `${at}: reversed work of a finished production`)
        check(!this.store.shadow.has(`closed/${workload.collective}/${workload.period}`), `${at}: reversed work of a closed month`)
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
