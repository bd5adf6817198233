// Do the details of a report add up to its statement? Each rule names the figure it checks,
// so a verdict can say which one does not.
import { expectedStock } from '../ledger/statements.ts'
import { MOVEMENT_KINDS } from '../ledger/movements.ts'
import type { Report } from './model.ts'

export interface Mismatch {
  /** The figure that does not add up, as a path into the report (`statement.a`). */
  figure: string
  reason: string
}

const sum = (values: Iterable<string>): bigint => {
  let total = 0n
  for (const v of values) total += BigInt(v)
  return total
}

const differ = (figure: string, stated: string | bigint, found: bigint, what: string): Mismatch | null =>
  BigInt(stated) === found ? null : { figure, reason: `${figure} is ${stated}, but ${what} come to ${found}` }

/** The first figure of the statement (or of a production) that its details do not give, or null. */
export function checkDetails(report: Report): Mismatch | null {
  const s = report.statement
  if (s.collective !== report.collective.id) return { figure: 'statement.collective', reason: 'the statement is of another collective than the report' }
  if (s.period !== report.period) return { figure: 'statement.period', reason: 'the statement is of another month than the report' }
  if (s.revision !== report.revision.tx || s.subsystem !== report.revision.subsystem) {
    return { figure: 'statement.revision', reason: 'the statement was fixed by another revision than the one the report shows' }
  }
  const checks: Array<() => Mismatch | null> = [
    () => differ('statement.workloads', String(s.workloads), BigInt(report.work.reduce((n, w) => n + w.workloads, 0)), 'the workloads by wallet'),
    () => differ('statement.a', s.a, sum(report.work.map((w) => w.minutes)), 'the minutes by wallet'),
    () => differ('statement.c', s.c, sum(report.work.map((w) => w.commons)), 'the commons minutes by wallet'),
    () => differ('statement.claimable', s.claimable, sum(report.work.map((w) => w.claimable)), 'the coupons by wallet'),
    ...MOVEMENT_KINDS.map((kind) => () => differ(`statement.movements.${kind}`, s.movements[kind], sum(report.movements.filter((m) => m.kind === kind).map((m) => m.value)), `the listed movements (${kind})`)),
    () => differ('statement.stockEnd', s.stockEnd, expectedStock(s), 'the stock at the start and the movements'),
    () => differ('statement.tax.a', s.tax.a, BigInt(report.revision.a), "the revision's a"),
    () => differ('statement.tax.taxed', s.tax.taxed, BigInt(report.revision.taxed), "the revision's taxed minutes"),
    () => differ('revision.a', report.revision.a, BigInt(report.revision.taxed) + BigInt(report.revision.claimable) + BigInt(report.revision.rounding), 'taxed, claimable and rounding'),
    () => differ('statement.movements.made', s.movements.made, sum(report.productions.flatMap((p) => p.outputs.map((o) => o.value))), "the productions' outputs")
  ]
  for (const check of checks) {
    const problem = check()
    if (problem) return problem
  }
  for (const [i, p] of report.productions.entries()) {
    const inputs = BigInt(p.workloads) + BigInt(p.consumed) + BigInt(p.transfers) + BigInt(p.components)
    const problem = differ(`productions[${i}].value`, p.value, inputs, 'its work, inputs, machine wear and components')
    if (problem) return problem
    const outputs = differ(`productions[${i}].value`, p.value, sum(p.outputs.map((o) => o.value)), 'its outputs')
    if (outputs) return outputs
  }
  return null
}
