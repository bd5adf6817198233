// A tiny deterministic stand-in for the ledger, for tests of the network layer alone:
//   {"op":"put","key":k,"value":v}   writes v at "data/"+k
//   {"op":"add","key":hex}           asks for writer.add
//   {"op":"remove","key":hex}        asks for writer.remove
//   {"op":"throw"}                   throws (a buggy ledger), to check apply survives it
// Anything else is rejected. Each entry appends to "log/<seq>" and chains a digest, so two
// nodes that applied the same entries in the same order have the same digest.
import { createHash } from 'node:crypto'
import type { KeyValueStore } from '../../core/ledger/store.ts'
import type { Effect, LedgerEntry, Outcome } from '../../core/ledger/types.ts'

export async function toyApply(store: KeyValueStore, entry: LedgerEntry): Promise<Outcome> {
  const seq = ((await store.get('seq')) as number | undefined) ?? 0
  const previous = ((await store.get('digest')) as string | undefined) ?? ''
  let tx: any = null
  try {
    tx = JSON.parse(Buffer.from(entry.bytes).toString('utf-8'))
  } catch {
    tx = null
  }
  if (tx?.op === 'throw') throw new Error('toy ledger bug')
  const effects: Effect[] = []
  const ops: Parameters<KeyValueStore['batch']>[0] = []
  let status: Outcome['status'] = 'accepted'
  if (tx?.op === 'put' && typeof tx.key === 'string') {
    ops.push({ type: 'put', key: `data/${tx.key}`, value: tx.value ?? null })
  } else if ((tx?.op === 'add' || tx?.op === 'remove') && typeof tx.key === 'string') {
    effects.push({ kind: tx.op === 'add' ? 'writer.add' : 'writer.remove', key: tx.key })
  } else {
    status = 'rejected'
  }
  const id = createHash('sha256').update(entry.bytes).digest('hex')
  const digest = createHash('sha256').update(`${previous}|${seq}|${id}|${status}`).digest('hex')
  ops.push(
    {
      type: 'put',
      key: `log/${String(seq).padStart(8, '0')}`,
      value: { id, status, writer: entry.writer }
    },
    { type: 'put', key: 'seq', value: seq + 1 },
    { type: 'put', key: 'digest', value: digest }
  )
  await store.batch(ops)
  return { seq, id, type: tx?.op ?? null, status, effects, digest }
}

export const put = (key: string, value: unknown) =>
  Buffer.from(JSON.stringify({ op: 'put', key, value }))
export const addWriter = (key: string) => Buffer.from(JSON.stringify({ op: 'add', key }))
export const removeWriter = (key: string) => Buffer.from(JSON.stringify({ op: 'remove', key }))
