// Making a subsystem's report from the view: its statement of the month and each member's,
// all fixed at the final revision, so any replica makes the same body.
import { keys } from '../ledger/keys.ts'
import { read } from '../ledger/queries.ts'
import type { KeyValueStore } from '../ledger/store.ts'
import { ReportError } from './errors.ts'
import { plainStatement } from './make.ts'
import { SUBSYSTEM_REPORT_FORMAT, type SubsystemReport } from './subsystem-model.ts'

export interface SubsystemReportMade {
  report: SubsystemReport
  /** Leaf indices: the subsystem statement's, then each collective's in report order. */
  index: number
  indices: number[]
}

/**
 * The report of `subsystem`'s month `period`, made by `maker` (one of the collectives the
 * revision closed). Without `subsystem`, the one that closed the maker's month. The statement
 * is the one of the revision that closed the maker's month: a subsystem that grew by a merge
 * after its month was closed has a second statement for the newcomers, from a later revision.
 */
export async function makeSubsystemReport(store: KeyValueStore, maker: string, period: string, subsystem?: string): Promise<SubsystemReportMade> {
  const closed = await read(store, keys.closed(maker, period))
  const id = subsystem ?? closed?.subsystem
  if (id === undefined) throw new ReportError('NO_STATEMENT', `${period} is not closed for this collective yet: its subsystem has no statement of that month`)
  if (!(await any(store, keys.subsystemStatementsIn(id, period)))) {
    const known = (await read(store, keys.subsystem(id))) !== undefined || (await any(store, `subsystemStatement/${id}/`))
    if (!known) throw new ReportError('UNKNOWN_SUBSYSTEM', `no subsystem ${id.slice(0, 8)} is known to this network`)
    throw new ReportError('NO_STATEMENT', `${period} has no statement for this subsystem: its final revision has not closed it yet`)
  }
  const record = closed?.subsystem === id ? await read(store, keys.subsystemStatement(id, period, closed.revision)) : undefined
  if (!record) {
    throw new ReportError('MAKER_NOT_IN_SUBSYSTEM', `a subsystem's report is signed by one of its collectives, and this one was not in the subsystem in ${period}`)
  }
  const { index, ...statement } = record
  const names = new Map<string, string>()
  const name = async (id: string, kind: 'collective' | 'product') => {
    if (names.has(id)) return
    const found = (await store.get(kind === 'collective' ? keys.collective(id) : keys.product(id))) as { name: string } | undefined
    names.set(id, found?.name ?? '')
  }
  const collectives = []
  const indices = []
  for (const member of statement.members) {
    const own = (await read(store, keys.statement(member, period)))!
    collectives.push(plainStatement(own))
    indices.push(own.index)
    await name(member, 'collective')
  }
  for (const price of statement.prices) await name(price.product, 'product')
  const report: SubsystemReport = {
    format: SUBSYSTEM_REPORT_FORMAT,
    subsystem: id,
    period,
    maker: { id: maker, name: names.get(maker) ?? '' },
    statement,
    collectives,
    names: Object.fromEntries([...names.entries()].sort(([x], [y]) => (x < y ? -1 : 1)))
  }
  return { report, index, indices }
}

async function any(store: KeyValueStore, prefix: string): Promise<boolean> {
  for await (const _ of store.range({ gte: prefix, lt: prefix + '\uffff', limit: 1 })) return true
  return false
}
