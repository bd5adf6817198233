// Calendar months in UTC from declared times, by integer arithmetic alone (no Date: apply
// must not depend on the host's clock or time zone database).

const MS_PER_DAY = 86_400_000n

/** Days since 1970-01-01 → [year, month 1-12, day] (H. Hinnant's civil_from_days). */
function civilFromDays(days: bigint): [bigint, bigint, bigint] {
  const z = days + 719_468n
  const era = (z >= 0n ? z : z - 146_096n) / 146_097n
  const doe = z - era * 146_097n
  const yoe = (doe - doe / 1_460n + doe / 36_524n - doe / 146_096n) / 365n
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n)
  const mp = (5n * doy + 2n) / 153n
  const day = doy - (153n * mp + 2n) / 5n + 1n
  const month = mp < 10n ? mp + 3n : mp - 9n
  const year = yoe + era * 400n + (month <= 2n ? 1n : 0n)
  return [year, month, day]
}

/** [year, month 1-12, day] → days since 1970-01-01 (days_from_civil). */
function daysFromCivil(year: bigint, month: bigint, day: bigint): bigint {
  const y = month <= 2n ? year - 1n : year
  const era = (y >= 0n ? y : y - 399n) / 400n
  const yoe = y - era * 400n
  const mp = month > 2n ? month - 3n : month + 9n
  const doy = (153n * mp + 2n) / 5n + day - 1n
  const doe = yoe * 365n + yoe / 4n - yoe / 100n + doy
  return era * 146_097n + doe - 719_468n
}

/** The month (`YYYY-MM`, UTC) that contains the declared time `ms`. */
export function periodOf(ms: number): string {
  const [year, month] = civilFromDays(BigInt(ms) / MS_PER_DAY)
  return `${year}-${String(month).padStart(2, '0')}`
}

/** First millisecond of the period (inclusive). */
export function periodStart(period: string): number {
  const [year, month] = period.split('-').map(BigInt) as [bigint, bigint]
  return Number(daysFromCivil(year, month, 1n) * MS_PER_DAY)
}

/** First millisecond after the period: the period is ]start, end] in the proposal's words. */
export function periodEnd(period: string): number {
  return periodStart(nextPeriod(period))
}

export function nextPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number]
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`
}

export function previousPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number]
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`
}

/** The UTC day (`YYYY-MM-DD`) that contains the declared time `ms`: the key of a workday. */
export function dayOf(ms: number): string {
  const [year, month, day] = civilFromDays(BigInt(ms) / MS_PER_DAY)
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}
