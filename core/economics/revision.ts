// The final revision of a period (proposal §6.3, §6.4; PROTOCOL §7) and coupon claims.

import { ZERO, floor, floorDiv, fraction, mul, type Fraction } from './fraction.ts'

export interface RevisionInput {
  /** All workload µmin of the period. */
  a: bigint
  /** Commons workload µmin plus repurposed MoP transfers of the period. */
  c: bigint
  /** Exclusive write-offs of the period, µmin. */
  w: bigint
  /** Write-off debt carried in from the previous period, µmin. */
  debtIn: bigint
  /** Share of a that write-offs may take per period; default 1/10 (§6.3 footnote). */
  limit?: Fraction
}

export interface Revision {
  a: bigint
  c: bigint
  /** Write-offs counted in this period: min(w + debtIn, floor(a · limit)). */
  w: bigint
  /** Carried into the next period's debtIn. */
  debtOut: bigint
  /** Tax t = min(c + counted w, a). */
  taxed: bigint
  /** t / a; 0 when a = 0. */
  rate: Fraction
}

export const DEFAULT_WRITE_OFF_LIMIT: Fraction = fraction(1n, 10n)

/**
 * Fixes a period's tax. Write-offs count up to floor(a · limit); the rest is debt. The tax
 * can never exceed a (coupons cannot go negative): when c + counted w > a, the excess is
 * also carried as write-off debt, so the whole burden is kept for later periods:
 * c + w + debtIn = taxed + debtOut, always. With a = 0 nothing is taxed and everything
 * is carried. Throws a RangeError on negative inputs or a negative limit.
 */
export function finalRevision(input: RevisionInput): Revision {
  const { a, c, w, debtIn } = input
  const limit = input.limit ?? DEFAULT_WRITE_OFF_LIMIT
  if (a < 0n || c < 0n || w < 0n || debtIn < 0n) {
    throw new RangeError('revision inputs must not be negative')
  }
  if (limit.num < 0n) throw new RangeError('write-off limit must not be negative')
  const owed = w + debtIn
  const cap = floor(mul(fraction(a), limit))
  const counted = owed < cap ? owed : cap
  const raw = c + counted
  const taxed = raw < a ? raw : a
  const debtOut = owed - counted + (raw - taxed)
  return { a, c, w: counted, debtOut, taxed, rate: a === 0n ? ZERO : fraction(taxed, a) }
}

/** Coupons a workload of l µmin may claim: floor(l · (a − t) / a); 0 when a = 0. */
export function claimable(l: bigint, revision: Revision): bigint {
  if (revision.a === 0n) return 0n
  return floorDiv(l * (revision.a - revision.taxed), revision.a)
}

/**
 * What flooring the claims leaves over, for the subsystem's visible rounding account:
 * (a − t) − Σ claimable(l). With the period's workloads (Σ l = a) it is ≥ 0 and less than
 * their count, and Σ claimable + t + rounding = a (invariant 4).
 */
export function roundingOf(revision: Revision, workloads: readonly bigint[]): bigint {
  let claimed = 0n
  for (const l of workloads) claimed += claimable(l, revision)
  return revision.a - revision.taxed - claimed
}
