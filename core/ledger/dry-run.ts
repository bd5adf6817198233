// Asking the ledger before writing. A host that is about to sign and append a transaction
// asks the ledger's own code two questions against the current view, and nothing else
// decides either: who must sign (the handler's `signers()`), and what the rules would say if
// everyone who must sign had signed (`Ledger.dryRun` on a copy carrying stand-in signatures).
// Both run on a write buffer over the view that is dropped: they change nothing.
import { encodeTransaction, transactionId } from '../protocol/encoding.ts'
import type { Transaction } from '../protocol/envelope.ts'
import type { Refusal } from '../protocol/errors.ts'
import type { TxType } from '../protocol/types.ts'
import type { Context, Handler } from './context.ts'
import { handlers } from './handlers/index.ts'
import { keys } from './keys.ts'
import { Ledger } from './ledger.ts'
import { State } from './state.ts'
import type { KeyValueStore } from './store.ts'
import type { Outcome } from './types.ts'

/** A well-formed signature that stands in for one not given yet (it verifies nothing). */
const STAND_IN = '0'.repeat(128)

/**
 * The keys that must sign `tx` as the view stands: the handler's `signers()`. For the types
 * signed by the collective they speak for, that is `tx.signers` itself (one key).
 */
export async function requiredSigners<T extends TxType>(
  store: KeyValueStore,
  tx: Transaction<T>,
  writer: string
): Promise<string[] | Refusal> {
  const state = new State(store)
  const seq = ((await store.get(keys.seq)) as number | undefined) ?? 0
  const ctx: Context<T> = {
    state,
    tx,
    id: transactionId(tx),
    writer,
    seq,
    effects: [],
    verify: () => false
  }
  const handler: Handler<T> = handlers[tx.type]
  return handler.signers(ctx)
}

/**
 * What the ledger would make of `tx` if it came next with every signature it needs: the
 * signatures it lacks are stand-ins, and every signature counts as valid. This runs the
 * type's rules now, also for a co-signed transaction that would otherwise wait (pending)
 * before its rules are checked. It says nothing about real signatures: `Ledger.dryRun` on the
 * signed entry does.
 */
export async function dryRunSigned(
  store: KeyValueStore,
  tx: Transaction,
  writer: string
): Promise<Outcome> {
  const sigs: Record<string, string> = {}
  for (const signer of tx.signers) sigs[signer] = tx.sigs[signer] ?? STAND_IN
  const complete: Transaction = { ...tx, sigs }
  return new Ledger(store, { verify: () => true }).dryRun({
    bytes: encodeTransaction(complete),
    writer
  })
}

/** What appending exactly this signed transaction would do now. */
export function dryRunEntry(
  store: KeyValueStore,
  tx: Transaction,
  writer: string
): Promise<Outcome> {
  return new Ledger(store).dryRun({ bytes: encodeTransaction(tx), writer })
}
