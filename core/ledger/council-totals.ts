// What a checkpoint says about the state besides the digest (core/checkpoint/README.md): per
// subsystem, µmin worked ever, coupons outstanding and the last final revision; and the root
// over the collectives' period statements. Read from the view when a checkpoint falls due
// (every CHECKPOINT_EVERY entries), so these range reads are paid rarely.
import type { SubsystemTotals } from '../checkpoint/checkpoint.ts'
import { MAX_SUBSYSTEMS } from '../checkpoint/checkpoint.ts'
import { EMPTY_ROOT, frontierRoot } from '../checkpoint/merkle.ts'
import { keys } from './keys.ts'
import type { RevisionRecord, SubsystemRecord } from './records.ts'
import type { State } from './state.ts'

const under = (state: State, prefix: string) => state.range({ gte: prefix, lt: prefix + '\uffff' })

/** Subsystems with members, ids ascending (at most MAX_SUBSYSTEMS: the largest first kept). */
export async function checkpointTotals(state: State): Promise<SubsystemTotals[]> {
  const subsystems = (await under(state, keys.subsystems)).map(([, v]) => v as unknown as SubsystemRecord)
  const kept = subsystems
    .filter((s) => s.size > 0)
    .sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1))
    .slice(0, MAX_SUBSYSTEMS)
    .sort((a, b) => (a.id < b.id ? -1 : 1))
  const lastRevision = await lastRevisions(state)
  const out: SubsystemTotals[] = []
  for (const subsystem of kept) {
    let worked = 0n
    let outstanding = 0n
    for (const [memberKey] of await under(state, keys.membersOf(subsystem.id))) {
      const member = memberKey.slice(memberKey.lastIndexOf('/') + 1)
      for (const [, minutes] of await under(state, keys.workloadsOfCollective(member))) worked += BigInt(minutes as string)
      outstanding += BigInt((await state.get(keys.outstanding(member))) ?? '0')
    }
    const revision = lastRevision.get(subsystem.id)
    out.push({
      id: subsystem.id,
      worked: String(worked),
      outstanding: String(outstanding),
      period: revision?.period ?? null,
      a: revision?.a ?? '0',
      taxed: revision?.taxed ?? '0'
    })
  }
  return out
}

/** Per subsystem, its latest final revision (`revisionIn/<period>/<subsystem>`, periods ascending). */
async function lastRevisions(state: State): Promise<Map<string, RevisionRecord>> {
  const latest = new Map<string, RevisionRecord>()
  for (const [key, tx] of await under(state, 'revisionIn/')) {
    const subsystem = key.slice(key.lastIndexOf('/') + 1)
    const record = await state.get(keys.revision(tx as string, subsystem))
    if (record) latest.set(subsystem, record)
  }
  return latest
}

/**
 * The RFC 6962 root over the collectives' period statements and their count: the frontier the
 * reports module keeps (core/ledger/statements.ts, `meta/statements`), the empty tree's before
 * the first statement. One collective's figures are then proven by an inclusion path.
 */
export async function statementsRoot(state: State): Promise<{ count: number; root: string }> {
  const frontier = await state.get(keys.statementsTree)
  return frontier ? { count: frontier.size, root: frontierRoot(frontier) } : { count: 0, root: EMPTY_ROOT }
}
