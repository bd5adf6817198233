// Do a subsystem report's figures add up? The members' statements must be those of the
// subsystem's month and revision, in the order of its members, and sum to its totals; each
// member's stock must balance. Each rule names the figure it checks.
import { expectedStock } from '../ledger/statements.ts'
import type { Mismatch } from './details.ts'
import type { SubsystemReport } from './subsystem-model.ts'

const differ = (figure: string, stated: string, found: bigint, what: string): Mismatch | null =>
  BigInt(stated) === found ? null : { figure, reason: `${figure} is ${stated}, but ${what} come to ${found}` }

/** The first figure of the subsystem's statement or of a member's that its details do not give, or null. */
export function checkSubsystemDetails(report: SubsystemReport): Mismatch | null {
  const s = report.statement
  if (s.subsystem !== report.subsystem) return { figure: 'statement.subsystem', reason: 'the statement is of another subsystem than the report' }
  if (s.period !== report.period) return { figure: 'statement.period', reason: 'the statement is of another month than the report' }
  const members = report.collectives.map((c) => c.collective)
  if (members.length !== s.members.length || members.some((id, i) => id !== s.members[i])) {
    return { figure: 'collectives', reason: "the collectives' statements are not those of the subsystem's members, in their order" }
  }
  for (const [i, c] of report.collectives.entries()) {
    const at = `collectives[${i}]`
    if (c.period !== s.period || c.subsystem !== s.subsystem || c.revision !== s.revision) {
      return { figure: `${at}.revision`, reason: `the statement of ${name(report, c.collective)} was fixed by another revision or month than the subsystem's` }
    }
    if (c.tax.a !== s.a || c.tax.taxed !== s.taxed) {
      return { figure: `${at}.tax`, reason: `the tax in the statement of ${name(report, c.collective)} is not the subsystem's (a ${s.a}, taxed ${s.taxed})` }
    }
    const stock = differ(`${at}.stockEnd`, c.stockEnd, expectedStock(c), `the stock at the start and the movements of ${name(report, c.collective)}`)
    if (stock) return stock
  }
  let c = 0n
  for (const member of report.collectives) c += BigInt(member.c)
  const sum = (figure: 'a' | 'claimable' | 'w') => report.collectives.reduce((total, m) => total + BigInt(m[figure]), 0n)
  const checks: Array<() => Mismatch | null> = [
    () => differ('statement.a', s.a, sum('a'), "the collectives' work"),
    () => differ('statement.claimable', s.claimable, sum('claimable'), "the collectives' coupons"),
    () => differ('statement.wRaw', s.wRaw, sum('w'), "the collectives' write-offs"),
    // c also counts means of production repurposed for the commons, which no collective's work shows.
    () => (c <= BigInt(s.c) ? null : { figure: 'statement.c', reason: `statement.c is ${s.c}, less than the collectives' commons work (${c})` }),
    () => differ('statement.a', s.a, BigInt(s.taxed) + BigInt(s.claimable) + BigInt(s.rounding), 'taxed, claimable and rounding'),
    () => (BigInt(s.w) <= BigInt(s.wRaw) ? null : { figure: 'statement.w', reason: `statement.w is ${s.w}, more than the write-offs counted (${s.wRaw})` })
  ]
  for (const check of checks) {
    const problem = check()
    if (problem) return problem
  }
  for (const [i, p] of s.prices.entries()) {
    if (i > 0 && s.prices[i - 1]!.product >= p.product) return { figure: `statement.prices[${i}]`, reason: 'the prices are not in product id order, once each' }
  }
  return null
}

const name = (report: SubsystemReport, id: string) => report.names[id] || id.slice(0, 8)
