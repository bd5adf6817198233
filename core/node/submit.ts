// The one write path: an intent becomes a signed transaction only if the ledger's own rules,
// asked against the current view, do not refuse it. Who must sign is the handler's
// `signers()`; what the rules say comes from a dry run of the ledger (core/ledger/dry-run.ts).
// Nothing here re-implements a rule: a refusal carries the ledger's code and sentence.
//
//   1. draft the transaction, signed (in the draft) by this collective;
//   2. ask the handler who must sign; build the transaction with exactly those signers;
//   3. dry-run it as if every signer had signed: a refusal stops here, nothing signed;
//   4. sign with the keys at hand (the collective's, a wallet's) and dry-run the real entry:
//      a refusal (a missing signature of a type that cannot wait) stops here, nothing appended;
//   5. append, and wait for the view's outcome: accepted, pending (waiting for whom) or
//      refused (code, sentence).
import { dryRunEntry, dryRunSigned, requiredSigners } from '../ledger/dry-run.ts'
import { isRefusal } from '../ledger/context.ts'
import type { KeyValueStore } from '../ledger/store.ts'
import type { Outcome } from '../ledger/types.ts'
import type { KeyPair } from '../protocol/crypto.ts'
import type { Transaction } from '../protocol/envelope.ts'
import type { RefusalCode } from '../protocol/refusals.ts'
import { createTransaction, signTransaction } from '../protocol/sign.ts'
import type { Intent } from '../protocol/intents.ts'
import { transactionId } from '../protocol/encoding.ts'
import { keys } from '../ledger/keys.ts'
import { read } from '../ledger/queries.ts'
import type { TxRecord } from '../ledger/records.ts'

/** What became of a submitted intent, as the ledger decided it. */
export type SubmitResult =
  | { status: 'accepted'; id: string; type: string; completed?: Outcome['completed'] }
  | { status: 'pending'; id: string; type: string; missing: string[] }
  /** `appended`: false when the dry run refused it and nothing was written. */
  | {
      status: 'refused'
      id: string
      type: string
      code: RefusalCode
      reason: string
      appended: boolean
    }

export interface SubmitOptions {
  /** Declared time after which missing co-signatures no longer count. */
  expires?: number
  /** Keys besides the collective's that may sign here (a wallet from its recovery words). */
  keys?: KeyPair[]
  /** How long to wait for the view's outcome (ms). */
  timeoutMs?: number
}

/** What submit needs from the node. */
export interface Writer {
  store(): KeyValueStore
  writerKey: string
  identity: { id: string; keyPair: KeyPair }
  now: number
  append(tx: Transaction): Promise<{ id: string }>
  outcome(id: string, timeoutMs?: number): Promise<TxRecord>
}

/** Builds, checks, signs and appends the transaction for `intent` (steps above). */
export async function submitIntent(
  writer: Writer,
  intent: Intent,
  options: SubmitOptions = {}
): Promise<SubmitResult> {
  const store = writer.store()
  const draft = createTransaction({
    type: intent.type,
    body: intent.body,
    time: writer.now,
    signers: [writer.identity.id],
    ...(options.expires !== undefined ? { expires: options.expires } : {})
  })
  const required = await requiredSigners(store, draft, writer.writerKey)
  if (isRefusal(required)) return refused(transactionId(draft), intent.type, required)
  let tx: Transaction = { ...draft, signers: required }

  const rules = await dryRunSigned(store, tx, writer.writerKey)
  if (rules.status === 'rejected') return refused(transactionId(tx), intent.type, rules)

  for (const pair of [writer.identity.keyPair, ...(options.keys ?? [])]) {
    if (required.includes(pair.publicKey.toString('hex'))) tx = signTransaction(tx, pair)
  }
  const exact = await dryRunEntry(store, tx, writer.writerKey)
  if (exact.status === 'rejected') return refused(transactionId(tx), intent.type, exact)

  const { id } = await writer.append(tx)
  return settled(writer.store(), await writer.outcome(id, options.timeoutMs), id, intent.type)
}

function refused(
  id: string,
  type: string,
  refusal: { code?: RefusalCode; reason?: string },
  appended = false
): SubmitResult {
  return {
    status: 'refused',
    id,
    type,
    code: refusal.code ?? 'INTERNAL',
    reason: refusal.reason ?? '',
    appended
  }
}

/** The view's record of the transaction as a result: whom it waits for, what it completed. */
export async function settled(
  store: KeyValueStore,
  record: TxRecord,
  id: string,
  type: string
): Promise<SubmitResult> {
  if (record.status === 'rejected') return refused(id, type, record, true)
  if (record.status === 'pending') {
    return {
      status: 'pending',
      id,
      type,
      missing: (await read(store, keys.pending(id)))?.missing ?? []
    }
  }
  if (!record.completed) return { status: 'accepted', id, type }
  const done = await read(store, keys.tx(record.completed))
  const completed: NonNullable<Outcome['completed']> = {
    id: record.completed,
    status: done?.status ?? 'accepted'
  }
  if (done?.code) Object.assign(completed, { code: done.code, reason: done.reason ?? '' })
  return { status: 'accepted', id, type, completed }
}
