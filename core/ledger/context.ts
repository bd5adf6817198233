// What a handler sees while it decides one transaction, and the checks many handlers share.
import type { Verifier } from '../protocol/crypto.ts'
import type { Transaction } from '../protocol/envelope.ts'
import { refuse, type Refusal } from '../protocol/errors.ts'
import { short } from '../protocol/decode.ts'
import type { TxType } from '../protocol/types.ts'
import { keys } from './keys.ts'
import type { CollectiveRecord, Role, Totals } from './records.ts'
import { ZERO_TOTALS } from './records.ts'
import type { State } from './state.ts'
import type { Effect } from './types.ts'

export interface Context<T extends TxType = TxType> {
  state: State
  tx: Transaction<T>
  id: string
  /** Hex key of the device that appended the entry. */
  writer: string
  /** Position in the linearized order. */
  seq: number
  effects: Effect[]
  /** Checks one signature: sodium's, or checks the host made ahead (see LedgerOptions). */
  verify: Verifier
}

export interface Handler<T extends TxType = TxType> {
  /**
   * The keys that must sign, given the state. Checked against the envelope's `signers`
   * before `apply` runs.
   */
  signers(ctx: Context<T>): Promise<string[] | Refusal>
  /** Validates against the state and writes the effects. Returns a refusal instead of throwing. */
  apply(ctx: Context<T>): Promise<Refusal | void>
  /** Whether the transaction may wait in the log for missing co-signatures. */
  cosignable?: boolean
  /**
   * What a co-signed transaction holds while it waits (a transfer reserves its lot), run when
   * it becomes pending; a refusal keeps it out of the log like any other.
   */
  hold?(ctx: Context<T>): Promise<Refusal | void>
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as Refusal).ok === false
}

export function getCollective(ctx: Context, id: string): Promise<CollectiveRecord | undefined> {
  return ctx.state.get(keys.collective(id))
}

/** The collective must be registered and a member of the network. */
export async function requireMember(ctx: Context, id: string): Promise<CollectiveRecord | Refusal> {
  const collective = await getCollective(ctx, id)
  if (!collective) return refuse('UNKNOWN_COLLECTIVE', `no collective ${short(id)} is registered`)
  if (!collective.member) {
    return refuse('NOT_MEMBER', `${collective.name} is not a member of the network (it has no trust)`)
  }
  return collective
}

export async function requireRole(ctx: Context, id: string, role: Role): Promise<CollectiveRecord | Refusal> {
  const collective = await requireMember(ctx, id)
  if (isRefusal(collective)) return collective
  if (!collective.roles.includes(role)) {
    return refuse('WRONG_ROLE', `${collective.name} is not registered as a ${role}`)
  }
  return collective
}

export async function hasStrongTrust(ctx: Context, a: string, b: string): Promise<boolean> {
  return (await ctx.state.get(keys.edge(a, b))) !== undefined
}

export async function readTotals(ctx: Context): Promise<Totals> {
  return (await ctx.state.get(keys.totals)) ?? { ...ZERO_TOTALS }
}

/** Adds to the network-wide totals (the oracle of value conservation). */
export async function addTotals(ctx: Context, delta: Partial<Record<keyof Totals, bigint>>): Promise<void> {
  const totals = await readTotals(ctx)
  for (const [name, amount] of Object.entries(delta) as Array<[keyof Totals, bigint]>) {
    totals[name] = String(BigInt(totals[name]) + amount)
  }
  ctx.state.put(keys.totals, totals)
}

export const big = (s: string | undefined): bigint => (s === undefined ? 0n : BigInt(s))
