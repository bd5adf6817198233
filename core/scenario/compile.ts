// Turns a scenario into signed ledger entries, offline: names become keys, labels become
// transaction ids (an id is the hash of the signed bytes, so it is known before appending),
// people's minutes become µmin. Errors name the step and say what is wrong.
import { encodeTransaction } from '../protocol/encoding.ts'
import type { Transaction } from '../protocol/envelope.ts'
import { transactionId } from '../protocol/encoding.ts'
import { createTransaction, signatureFor, signTransaction } from '../protocol/sign.ts'
import { isTxType, type TxType } from '../protocol/types.ts'
import type { KeyPair } from '../protocol/crypto.ts'
import { collectiveActor, walletActor, type CollectiveActor, type WalletActor } from './actors.ts'
import type { Scenario, Step } from './format.ts'
import { durationMinutes, microMinutes, timestamp } from './units.ts'

export interface CompiledStep {
  index: number
  label?: string
  note?: string
  tx: Transaction
  id: string
  bytes: Buffer
  /** Device key (hex) that appends the entry. */
  writer: string
  expect: { status: 'accepted' | 'pending' | 'rejected'; code?: string }
}

export interface Compiled {
  steps: CompiledStep[]
  collectives: Map<string, CollectiveActor>
  wallets: Map<string, WalletActor>
}

export class ScenarioError extends Error {
  readonly code = 'SCENARIO_INVALID'
}

const MINUTE = 60_000

export function compileScenario(scenario: Scenario): Compiled {
  const collectives = new Map(Object.keys(scenario.collectives).map((n) => [n, collectiveActor(n)]))
  const wallets = new Map(scenario.wallets.map((n) => [n, walletActor(n)]))
  const labels = new Map<string, Transaction>()
  const steps: CompiledStep[] = []
  let time = timestamp(scenario.start)
  const founder = [...collectives.values()][0]
  if (!founder) throw new ScenarioError('a scenario needs at least one collective')

  const keyOf = (who: string, where: string): { key: string; keyPair: KeyPair } => {
    const c = collectives.get(who)
    if (c) return { key: c.id, keyPair: c.identity }
    const w = wallets.get(who)
    if (w) return { key: w.key, keyPair: w.keyPair }
    throw new ScenarioError(`${where}: "${who}" is neither a collective nor a wallet of this scenario`)
  }

  const push = (tx: Transaction, writer: string, extra: Partial<CompiledStep> = {}) => {
    steps.push({
      index: steps.length,
      tx,
      id: transactionId(tx),
      bytes: encodeTransaction(tx),
      writer,
      expect: { status: 'accepted' },
      ...extra
    })
  }

  // Registration and initial trust: the founder's device carries everyone's registration.
  const members = new Set<string>([founder.name])
  for (const [name, roles] of Object.entries(scenario.collectives)) {
    const actor = collectives.get(name)!
    time += MINUTE
    const tx = createTransaction({ type: 'collective.register', body: { name, roles, devices: [actor.deviceKey] }, time, signers: [actor.id] })
    push(signTransaction(tx, actor.identity), founder.deviceKey, { note: `register ${name}` })
  }
  for (const [a, b] of scenario.trust) {
    const ca = collectives.get(a)
    const cb = collectives.get(b)
    if (!ca || !cb) throw new ScenarioError(`trust: ${!ca ? a : b} is not a collective of this scenario`)
    time += MINUTE
    let tx: Transaction = createTransaction({ type: 'trust.establish', body: { a: ca.id, b: cb.id }, time, signers: [ca.id, cb.id] })
    tx = signTransaction(signTransaction(tx, ca.identity), cb.identity)
    push(tx, (members.has(a) ? ca : cb).deviceKey, { note: `${a} and ${b} trust each other` })
    members.add(a)
    members.add(b)
  }

  for (const [index, step] of scenario.steps.entries()) {
    const where = `step ${index + 1}${step.as ? ` (${step.as})` : ''}`
    time = step.at ? timestamp(step.at) : time + (step.after ? Number(durationMinutes(step.after)) * MINUTE : MINUTE)
    const by = list(step.by)
    const signing = step.sign ? list(step.sign) : by
    const writerName = step.via ?? by.find((n) => collectives.has(n)) ?? founder.name
    const writer = collectives.get(writerName)
    if (!writer) throw new ScenarioError(`${where}: via "${writerName}" is not a collective`)

    let tx: Transaction
    if (step.cosign || step.decline) {
      const target = labels.get((step.cosign ?? step.decline)!.replace(/^\$/, ''))
      if (!target) throw new ScenarioError(`${where}: no earlier step is labelled "${step.cosign ?? step.decline}"`)
      const signer = keyOf(by[0] ?? '', where)
      tx = step.cosign
        ? createTransaction({ type: 'cosign', body: { tx: transactionId(target), signer: signer.key, sig: signatureFor(target, signer.keyPair) }, time, signers: [signer.key] })
        : createTransaction({ type: 'cosign.decline', body: { tx: transactionId(target), ...(step.reason ? { reason: step.reason } : {}) }, time, signers: [signer.key] })
    } else {
      if (!step.type || !isTxType(step.type)) throw new ScenarioError(`${where}: "${step.type ?? ''}" is not a transaction type`)
      const body = convert(step.type, resolve(step.body ?? {}, where, collectives, wallets, labels), time, where)
      tx = createTransaction({
        type: step.type,
        body: body as any,
        time,
        signers: by.map((n) => keyOf(n, where).key),
        ...(step.expires ? { expires: timestamp(step.expires) } : {})
      })
    }
    for (const name of signing) tx = signTransaction(tx, keyOf(name, where).keyPair)
    const expect = parseExpect(step, signing.length < by.length)
    push(tx, writer.deviceKey, { ...(step.as ? { label: step.as } : {}), ...(step.note ? { note: step.note } : {}), expect })
    if (step.as) {
      if (labels.has(step.as)) throw new ScenarioError(`${where}: the label "${step.as}" is used twice`)
      labels.set(step.as, tx)
    }
  }
  return { steps, collectives, wallets }
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

function parseExpect(step: Step, partial: boolean): CompiledStep['expect'] {
  if (!step.expect) return { status: partial ? 'pending' : 'accepted' }
  const [status, code] = step.expect.split(' ') as ['accepted' | 'pending' | 'rejected', string | undefined]
  return code ? { status, code } : { status }
}

/** Replaces @Name with keys and $label with ids, anywhere in the body. */
function resolve(value: unknown, where: string, collectives: Map<string, CollectiveActor>, wallets: Map<string, WalletActor>, labels: Map<string, Transaction>): unknown {
  if (typeof value === 'string') {
    if (value.startsWith('@')) {
      const name = value.slice(1)
      const key = collectives.get(name)?.id ?? wallets.get(name)?.key
      if (!key) throw new ScenarioError(`${where}: ${value} names no collective or wallet`)
      return key
    }
    if (value.startsWith('$')) {
      const [label, ...rest] = value.slice(1).split(':')
      const tx = labels.get(label!)
      if (!tx) throw new ScenarioError(`${where}: no earlier step is labelled "${label}"`)
      return [transactionId(tx), ...rest].join(':')
    }
    return value
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, where, collectives, wallets, labels))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, where, collectives, wallets, labels)]))
  }
  return value
}

/** People's units → the protocol's integers, by transaction type and field. */
function convert(type: TxType, body: any, time: number, where: string): Record<string, unknown> {
  const out: any = structuredClone(body)
  try {
    for (const [k, v] of Object.entries(out)) if (typeof v === 'number' && !['performedAt', 'closesAt', 'deliverBy'].includes(k)) out[k] = String(v)
    switch (type) {
      case 'product.define':
        if (out.durability !== undefined) out.durability = String(durationMinutes(String(out.durability)))
        break
      case 'estimate.publish':
      case 'estimate.replace':
        out.minutes = microMinutes(out.minutes)
        break
      case 'production.workload':
        out.minutes = microMinutes(out.minutes)
        out.performedAt = out.performedAt === undefined ? time : timestamp(out.performedAt)
        break
      case 'production.deallocate':
        out.minutesUsed = String(durationMinutes(String(out.minutesUsed)))
        break
      case 'production.output':
        out.outputs = (out.outputs ?? []).map((o: any) => {
          const converted: any = { ...o, quantity: String(o.quantity) }
          if (o.weight !== undefined) converted.weight = String(o.weight)
          if (o.value !== undefined) converted.value = microMinutes(o.value)
          return converted
        })
        break
      case 'coupon.spend':
        out.amount = microMinutes(out.amount)
        break
      case 'order.place':
        if (out.deliverBy !== undefined) out.deliverBy = timestamp(out.deliverBy)
        break
      case 'proposal.create':
        out.closesAt = timestamp(out.closesAt)
        if (out.kind === 'parameter' && out.payload?.name === 'graceMinutes') out.payload.value = String(durationMinutes(String(out.payload.value)))
        if (out.kind === 'parameter' && out.payload?.name === 'voteThreshold') out.payload.value = microMinutes(out.payload.value)
        if (out.kind === 'parameter' && typeof out.payload?.value === 'number') out.payload.value = String(out.payload.value)
        break
      case 'settlement.record':
        out.lots = (out.lots ?? []).map((l: any) => ({ ...l, quantity: String(l.quantity) }))
        break
    }
  } catch (error) {
    throw new ScenarioError(`${where}: ${(error as Error).message}`)
  }
  return out
}
