// Co-signed transactions (PROTOCOL §2): a transaction may enter the log with some of its
// signatures and wait; each `cosign` by a missing signer adds one;
// the last one makes it take effect, checked against the state of that moment. A required
// signer may decline instead. Missing signatures expire at the declared `expires` time.
import { short } from '../../protocol/decode.ts'
import { signingBytes } from '../../protocol/encoding.ts'
import type { Transaction } from '../../protocol/envelope.ts'
import { refuse, type Refusal } from '../../protocol/errors.ts'
import { isRefusal, type Context, type Handler } from '../context.ts'
import { keys } from '../keys.ts'
import { withOutcome } from '../log-record.ts'
import type { PendingRecord } from '../records.ts'
import { childState, mergeInto } from '../state.ts'
import type { Outcome } from '../types.ts'

// The handler table is handed over by handlers/index.ts rather than imported from it: an
// import cycle made loading this module first (e.g. for DEFAULT_EXPIRY_MS) fail.
let handlers: Record<string, Handler<any>> = {}
export function useHandlers(table: Record<string, Handler<any>>): void {
  handlers = table
}

/** Pending transactions expire after 30 days unless they say otherwise. */
export const DEFAULT_EXPIRY_MS = 30 * 24 * 60 * 60 * 1000

export type { PendingRecord } from '../records.ts'

type Completed = NonNullable<Outcome['completed']>

export async function storePending(ctx: Context, missing: string[]): Promise<Refusal | void> {
  const expires = ctx.tx.expires ?? ctx.tx.time + DEFAULT_EXPIRY_MS
  if (expires < ctx.tx.time) return refuse('EXPIRED', 'the transaction expires before it was signed')
  const record: PendingRecord = { id: ctx.id, tx: ctx.tx, writer: ctx.writer, seq: ctx.seq, missing, expires }
  ctx.state.put(keys.pending(ctx.id), record)
  for (const signer of missing) ctx.state.put(keys.pendingFor(signer, ctx.id), ctx.tx.type)
}

/**
 * Adds signatures to a pending transaction. Returns what became of it: still pending, or
 * completed (accepted or refused by its own rules at this moment).
 */
export async function addSignatures(
  ctx: Context,
  pending: PendingRecord,
  sigs: Record<string, string>
): Promise<{ completed?: Completed } | Refusal> {
  if (ctx.tx.time > pending.expires) {
    return refuse('EXPIRED', `the pending ${pending.tx.type} expired before this signature was given`)
  }
  const signed = signingBytes(pending.tx)
  const added: Record<string, string> = {}
  for (const [signer, sig] of Object.entries(sigs)) {
    if (pending.tx.sigs[signer]) continue
    if (!pending.missing.includes(signer)) {
      return refuse('UNEXPECTED_SIGNATURE', `${short(signer)} is not a missing signer of this transaction`)
    }
    if (!ctx.verify(signed, Buffer.from(sig, 'hex'), Buffer.from(signer, 'hex'))) {
      return refuse('BAD_SIGNATURE', `the co-signature of ${short(signer)} does not match the pending transaction`)
    }
    added[signer] = sig
  }
  if (Object.keys(added).length === 0) return refuse('NOTHING_NEW', 'no missing signature was given')

  const tx: Transaction = { ...pending.tx, sigs: { ...pending.tx.sigs, ...added } }
  const missing = pending.missing.filter((key) => !added[key])
  for (const signer of Object.keys(added)) ctx.state.del(keys.pendingFor(signer, pending.id))
  if (missing.length > 0) {
    ctx.state.put(keys.pending(pending.id), { ...pending, tx, missing })
    return {}
  }
  ctx.state.del(keys.pending(pending.id))
  const completed = await complete(ctx, pending, tx)
  // A pending transaction is tracked: ledger.ts wrote tx/<id> when it became pending.
  const record = (await ctx.state.get(keys.tx(pending.id)))!
  ctx.state.put(keys.tx(pending.id), {
    ...record,
    status: completed.status,
    ...(completed.code ? { code: completed.code, reason: completed.reason ?? '' } : {})
  })
  if (completed.status === 'rejected' && completed.code) {
    ctx.state.put(keys.rejection(ctx.seq), { id: pending.id, type: tx.type, status: 'rejected', code: completed.code, reason: completed.reason ?? '', writer: pending.writer })
  }
  return { completed }
}

/** Runs the now fully signed transaction under the rules and state of this moment. */
async function complete(ctx: Context, pending: PendingRecord, tx: Transaction): Promise<Completed> {
  const handler = handlers[tx.type]!
  const state = childState(ctx.state)
  const inner: Context = { state, tx, id: pending.id, writer: pending.writer, seq: ctx.seq, effects: [], verify: ctx.verify }
  const required = await handler.signers(inner)
  const refusal = isRefusal(required)
    ? required
    : sameKeys(required, tx.signers)
      ? await handler.apply(inner)
      : refuse('WRONG_SIGNERS', 'the parties this transaction needs have changed while it waited')
  if (refusal) return { id: pending.id, status: 'rejected', code: refusal.code, reason: refusal.reason }
  mergeInto(state, ctx.state)
  ctx.effects.push(...inner.effects)
  return { id: pending.id, status: 'accepted' }
}

function sameKeys(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((key) => b.includes(key))
}

export const cosign: Handler<'cosign'> = {
  async signers(ctx) {
    return [ctx.tx.body.signer]
  },
  async apply(ctx) {
    const pending = await ctx.state.get(keys.pending(ctx.tx.body.tx))
    if (!pending) return notPending(ctx, ctx.tx.body.tx)
    const result = await addSignatures(ctx, pending, { [ctx.tx.body.signer]: ctx.tx.body.sig })
    if (isRefusal(result)) return result
    if (result.completed) completedBy.set(ctx, result.completed)
  }
}

/**
 * NOT_PENDING, saying what became of the transaction when the log knows it: a clerk answering
 * a transfer already declined read "no transaction with that id is waiting" and could not
 * tell a typo from a settled request.
 */
async function notPending(ctx: Context, id: string): Promise<Refusal> {
  const record = await ctx.state.get(keys.tx(id))
  if (!record) return refuse('NOT_PENDING', 'no transaction with that id is waiting for signatures')
  // The type is the first entry's (tx/<id> of an older view still holds it itself).
  const first = await ctx.state.get(keys.log(record.seq))
  const type = (record as { type?: string | null }).type ?? (first && withOutcome(first).type)
  const what = type ?? 'the transaction'
  if (record.status === 'accepted') return refuse('NOT_PENDING', `this ${what} waits for no signature: it was completed and took effect`)
  const why = record.code === 'DECLINED' ? (record.reason ?? 'declined') : `refused (${record.code ?? 'rejected'}): ${record.reason ?? ''}`
  return refuse('NOT_PENDING', `this ${what} waits for no signature any more: it was ${why}`)
}

/** Lets the ledger report what a cosign completed without widening the handler interface. */
export const completedBy = new WeakMap<Context, Completed>()

export const cosignDecline: Handler<'cosign.decline'> = {
  async signers(ctx) {
    const pending = await ctx.state.get(keys.pending(ctx.tx.body.tx))
    if (!pending) return notPending(ctx, ctx.tx.body.tx)
    const decliner = ctx.tx.signers[0]
    if (!decliner || !pending.missing.includes(decliner)) {
      return refuse('WRONG_SIGNERS', 'only a collective whose signature is missing can decline')
    }
    return [decliner]
  },
  async apply(ctx) {
    const pending = (await ctx.state.get(keys.pending(ctx.tx.body.tx)))!
    ctx.state.del(keys.pending(pending.id))
    for (const signer of pending.missing) ctx.state.del(keys.pendingFor(signer, pending.id))
    const record = (await ctx.state.get(keys.tx(pending.id)))!
    const reason = `declined by ${short(ctx.tx.signers[0]!)}${ctx.tx.body.reason ? `: ${ctx.tx.body.reason}` : ''}`
    ctx.state.put(keys.tx(pending.id), { ...record, status: 'rejected', code: 'DECLINED', reason })
    // Among the writer's rejected entries, as a co-signed transaction refused at completion is
    // (above): the offering office sees its offer declined, not just vanish (clerk finding 8).
    ctx.state.put(keys.rejection(ctx.seq), { id: pending.id, type: pending.tx.type, status: 'rejected', code: 'DECLINED', reason, writer: pending.writer })
  }
}
