// The oracle: PROTOCOL §9's invariants on one node's view. The view is read whole into a
// MemoryStore and checked by the property tests' whole-state check (test/unit/properties:
// lots and owners, value conservation, coupons, revisions, trust and subsystems, stock and
// prices, pending co-signatures), and against the signed history the simulator recorded:
// no transaction accepted twice, no workload claimed twice.
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import { checkState } from '../unit/properties/invariants.ts'
import { InvariantError } from '../unit/properties/check.ts'
import type { Transaction } from '../../core/protocol/envelope.ts'
import type { SimNode } from './sim-node.ts'
import { withOutcome } from '../../core/ledger/log-record.ts'
import type { StoredLogRecord } from '../../core/ledger/keys.ts'

export interface Violation {
  /** Which rule: '9.1' one digest, '9.2'-'9.5' the state, 'claim', 'twice', 'liveness', 'crash'. */
  rule: string
  node: string
  message: string
}

/** A broken rule found outside the view's check (e.g. a full disk answered wrongly). */
export class OracleError extends Error {
  constructor(
    readonly rule: string,
    message: string
  ) {
    super(message)
  }
}

/** Reads a node's whole view. */
export async function viewOf(node: SimNode): Promise<MemoryStore> {
  const store = new MemoryStore()
  const ops = []
  for await (const [key, value] of node.require().store().range({}))
    ops.push({ type: 'put' as const, key, value })
  await store.batch(ops)
  return store
}

export async function checkNode(
  node: SimNode,
  signed: Map<string, Transaction>
): Promise<Violation[]> {
  const view = await viewOf(node)
  const out: Violation[] = []
  try {
    checkState(view)
  } catch (error) {
    if (!(error instanceof InvariantError)) throw error
    out.push({ rule: 'state', node: node.name, message: error.message })
  }
  const accepted = new Map<string, number>()
  const claims = new Map<string, string[]>()
  for (const [, value] of view.entries({ gte: 'log/', lt: 'log/\uffff' })) {
    const record = withOutcome(value as unknown as StoredLogRecord)
    if (record.status !== 'accepted' || record.id === null) continue
    accepted.set(record.id, (accepted.get(record.id) ?? 0) + 1)
    if (record.type === 'coupon.claim') {
      const tx = signed.get(record.id) as Transaction<'coupon.claim'> | undefined
      if (tx) claims.set(tx.body.workload, [...(claims.get(tx.body.workload) ?? []), record.id])
    }
  }
  for (const [id, count] of accepted) {
    if (count > 1)
      out.push({
        rule: 'twice',
        node: node.name,
        message: `transaction ${id.slice(0, 8)}… was accepted ${count} times`
      })
  }
  for (const [workload, ids] of claims) {
    if (ids.length > 1) {
      out.push({
        rule: 'claim',
        node: node.name,
        message: `§9.3: workload ${workload.slice(0, 8)}… was claimed ${ids.length} times (${ids.map((id) => id.slice(0, 8)).join(', ')})`
      })
    }
  }
  return out
}
