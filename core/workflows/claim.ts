// Claiming a wallet's labour coupons (§6.4): one `coupon.claim` per workload, signed by the
// wallet. The ledger decides each one (its month final? claimed already? this wallet's?);
// this only finds the workloads and names the revision that closed their month.
import { keys } from '../ledger/keys.ts'
import * as q from '../ledger/queries.ts'
import type { CollectiveNode } from '../node/collective-node.ts'
import type { SubmitResult } from '../node/submit.ts'
import type { KeyPair } from '../protocol/crypto.ts'

export interface ClaimResult {
  /** One result per workload, in the order asked. */
  results: Array<{ workload: string; result: SubmitResult }>
  /** How many were accepted. */
  claimed: number
}

/** Stands in for the revision of a month that has none yet: the ledger then says NOT_FINAL. */
const NO_REVISION = '0'.repeat(64)

/** The wallet's workloads not claimed yet whose month has had its final revision. */
export async function claimable(node: CollectiveNode, wallet: string): Promise<string[]> {
  const store = node.store()
  const out: string[] = []
  for (const workload of await q.workloads(store, { wallet })) {
    if (workload.claimedBy) continue
    if (await q.read(store, keys.closed(workload.collective, workload.period)))
      out.push(workload.id)
  }
  return out
}

/** Claims the coupons of `workloads` (all claimable ones of the wallet when omitted). */
export async function claimCoupons(
  node: CollectiveNode,
  wallet: KeyPair,
  workloads?: string[]
): Promise<ClaimResult> {
  const key = wallet.publicKey.toString('hex')
  const ids = workloads ?? (await claimable(node, key))
  const results: ClaimResult['results'] = []
  for (const id of ids) {
    const store = node.store()
    const workload = await q.read(store, keys.workload(id))
    const closed =
      workload && (await q.read(store, keys.closed(workload.collective, workload.period)))
    const result = await node.submit(
      'coupon.claim',
      { workload: id, revision: closed?.revision ?? NO_REVISION },
      { keys: [wallet] }
    )
    results.push({ workload: id, result })
  }
  return { results, claimed: results.filter((r) => r.result.status === 'accepted').length }
}
