// What a transaction would write, read before it is dropped: the same handler on a write
// buffer over the view (as Ledger.dryRun), for a host to show people the effects before they
// decide (e.g. the figures a final revision would fix). It changes nothing.
import type { Transaction } from '../protocol/envelope.ts'
import type { Refusal } from '../protocol/errors.ts'
import { transactionId } from '../protocol/encoding.ts'
import type { Context, Handler } from './context.ts'
import { handlers } from './handlers/index.ts'
import { keys, type Key } from './keys.ts'
import { State } from './state.ts'
import type { KeyValueStore } from './store.ts'

export interface Preview {
  id: string
  /** The rules' refusal, if any (then nothing would be written). */
  refusal: Refusal | null
  /** Reads the view as it would be after the transaction (inside the dropped buffer). */
  read<T>(key: Key<T>): Promise<T | undefined>
}

/**
 * Runs `tx`'s rules as if every signer had signed (signatures are the dry run's business, see
 * dry-run.ts) and returns the buffer to read; the buffer is never committed.
 */
export async function preview(
  store: KeyValueStore,
  tx: Transaction,
  writer: string
): Promise<Preview> {
  const state = new State(store)
  const seq = ((await store.get(keys.seq)) as number | undefined) ?? 0
  const id = transactionId(tx)
  const ctx: Context = { state, tx, id, writer, seq, effects: [], verify: () => true }
  const handler: Handler = handlers[tx.type]
  const refusal = (await handler.apply(ctx)) ?? null
  return { id, refusal, read: (key) => state.get(key) }
}
