// One formatter for labour time, and exact parsers for what people type. Amounts travel as
// decimal strings of µmin (1 minute = 1,000,000 µmin); anything sent back is computed in
// BigInt, never in floating point. Floating point is used only to draw charts.
import { performedInFuture } from '../../core/protocol/workload-time.ts'

export const MICRO_PER_MINUTE = 1_000_000n
export const MICRO_PER_HOUR = 60n * MICRO_PER_MINUTE

let locale = 'en'
export function setFormatLocale(next: string): void {
  locale = next
}

const group = (n: bigint) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n)
/** A chart's figure (floating point, drawing only) in the interface's language. */
export const formatChartNumber = (n: number) =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n)
const decimalSeparator = () => (1.5).toLocaleString(locale).charAt(1)

/** A non-negative BigInt as `int` plus up to `places` decimals (trailing zeros dropped). */
function decimal(num: bigint, den: bigint, places: number): string {
  const negative = num < 0n
  const abs = negative ? -num : num
  const scale = 10n ** BigInt(places)
  // Round half up at `places`.
  const scaled = (abs * scale * 2n + den) / (den * 2n)
  const int = scaled / scale
  let frac = (scaled % scale).toString().padStart(places, '0').replace(/0+$/, '')
  if (places === 0) frac = ''
  return (
    (negative && scaled !== 0n ? '-' : '') + group(int) + (frac ? decimalSeparator() + frac : '')
  )
}

export function toBig(value: string | bigint | number | null | undefined): bigint {
  if (typeof value === 'bigint') return value
  if (value === null || value === undefined || value === '') return 0n
  try {
    return BigInt(value)
  } catch {
    return 0n
  }
}

/**
 * Labour time for people: "7 h 30 min", "45 min", "0.00105 min". Hours and whole minutes for
 * an hour or more; minutes with up to six decimals below that.
 */
export function formatTime(micro: string | bigint | null | undefined): string {
  const v = toBig(micro)
  const abs = v < 0n ? -v : v
  const sign = v < 0n ? '−' : ''
  if (abs >= MICRO_PER_HOUR) {
    const totalMinutes = (abs + MICRO_PER_MINUTE / 2n) / MICRO_PER_MINUTE
    const h = totalMinutes / 60n
    const m = totalMinutes % 60n
    return `${sign}${group(h)} h${m ? ` ${m} min` : ''}`
  }
  if (abs === 0n) return '0 min'
  const places = abs >= MICRO_PER_MINUTE ? 2 : 6
  return `${sign}${decimal(abs, MICRO_PER_MINUTE, places)} min`
}

/** Decimal hours, e.g. "7.5" (for tables where people add up hours). */
export function formatHours(micro: string | bigint | null | undefined, places = 2): string {
  return decimal(toBig(micro), MICRO_PER_HOUR, places)
}

/** Hours as a float, for charts only. */
export function hoursForChart(micro: string | bigint | null | undefined): number {
  return Number(toBig(micro) / 1000n) / 60_000
}

/** A quantity with its unit: "1,200 kg". */
export function formatQuantity(quantity: string | bigint, unit?: string): string {
  return group(toBig(quantity)) + (unit ? ` ${unit}` : '')
}

/** An exact fraction or decimal string as a percentage: "12.5 %". */
export function formatPercent(
  rate: { num: string; den: string } | string | null | undefined,
  places = 2
): string {
  if (rate === null || rate === undefined) return '–'
  if (typeof rate === 'string') {
    const parsed = parseDecimal(rate, 12)
    if (!parsed.ok) return rate
    return decimal(parsed.value * 100n, 10n ** 12n, places) + ' %'
  }
  const den = toBig(rate.den)
  if (den === 0n) return '–'
  return decimal(toBig(rate.num) * 100n, den, places) + ' %'
}

export type Parsed =
  | { ok: true; value: bigint }
  | { ok: false; error: 'empty' | 'format' | 'precision' | 'negative' | 'whole' | 'minutes' | 'tooLarge' }

/**
 * "7.5", "7,5", "12" → the number scaled by 10^places, exactly. Refuses more decimals than
 * `places` rather than rounding them away.
 */
export function parseDecimal(text: string, places: number): Parsed {
  const s = text.trim().replace(/\s/g, '')
  if (s === '') return { ok: false, error: 'empty' }
  if (s.startsWith('-')) return { ok: false, error: 'negative' }
  const m = /^(\d*)(?:[.,](\d*))?$/.exec(s)
  if (!m || (m[1] === '' && !m[2])) return { ok: false, error: 'format' }
  const frac = m[2] ?? ''
  const trimmed = frac.replace(/0+$/, '')
  if (trimmed.length > places) return { ok: false, error: 'precision' }
  return {
    ok: true,
    value: BigInt(m[1] || '0') * 10n ** BigInt(places) + BigInt(trimmed.padEnd(places, '0') || '0')
  }
}

/**
 * Hours as people write them on a time sheet: "7.5", "7,5", "7:30", "7h30" → µmin, exactly.
 * Decimal hours may have up to 7 places (an hour is 6·10⁷ µmin, divisible by 10⁷).
 */
export function parseHours(text: string): Parsed {
  const s = text.trim().toLowerCase()
  const hm = /^(\d+)\s*(?::|h)\s*(\d{1,2})?\s*(?:m|min)?$/.exec(s)
  if (hm) {
    const minutes = BigInt(hm[2] ?? '0')
    // "25:99" is a time written with too many minutes, not a word: say which part is wrong.
    if (minutes >= 60n) return { ok: false, error: 'minutes' }
    return { ok: true, value: BigInt(hm[1]!) * MICRO_PER_HOUR + minutes * MICRO_PER_MINUTE }
  }
  const parsed = parseDecimal(s.replace(/\s*h$/, ''), 7)
  if (!parsed.ok) return parsed
  return { ok: true, value: (parsed.value * MICRO_PER_HOUR) / 10n ** 7n }
}

/** Minutes with up to six decimals → µmin, exactly. */
export function parseMinutes(text: string): Parsed {
  return parseDecimal(text.replace(/\s*min$/i, ''), 6)
}

/** A whole, positive quantity. */
export function parseQuantity(text: string): Parsed {
  const s = text.trim().replace(/[\s_]/g, '')
  if (s === '') return { ok: false, error: 'empty' }
  if (s.startsWith('-')) return { ok: false, error: 'negative' }
  if (/^\d*[.,]\d+$/.test(s)) return { ok: false, error: 'whole' }
  if (!/^\d+$/.test(s)) return { ok: false, error: 'format' }
  return { ok: true, value: BigInt(s) }
}

export function shortKey(key: string | null | undefined): string {
  return key ? key.slice(0, 8) : '–'
}

export function formatDate(ms: number | null | undefined, withTime = false): string {
  if (ms === null || ms === undefined) return '–'
  return new Intl.DateTimeFormat(
    locale,
    withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }
  ).format(ms)
}

/** A time sheet's column: "Mon 30" / "Mo., 30." in the interface's language, not the browser's. */
export function formatWeekday(ms: number): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', timeZone: 'UTC' }).format(ms)
}

/** The current month as the protocol names periods: "2026-04" (UTC). */
export function currentPeriod(now = new Date()): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`
}

/** A month (YYYY-MM) in words, "October 2026" / "Oktober 2026", in the interface's language. */
export function formatMonth(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number]
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, 15))
}

/** The month before `period` (YYYY-MM). */
export function previousMonth(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number]
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`
}

/** Splits an amount into value per unit for display, exactly to six places of a minute. */
export function perUnit(value: string, quantity: string): string {
  const q = toBig(quantity)
  if (q === 0n) return '–'
  return formatTime((toBig(value) + q / 2n) / q)
}

/** The proposal's year: 356 days (§4.2). */
export const MINUTES_PER = { min: 1n, h: 60n, d: 24n * 60n, Y: 356n * 24n * 60n } as const
export type DurationUnit = keyof typeof MINUTES_PER

/** Whole minutes as the largest unit that divides them, e.g. "12 Y", "3 d", "90 min". */
export function formatDuration(minutes: string | bigint | null | undefined): string {
  const m = toBig(minutes)
  if (m === 0n) return '0 min'
  for (const unit of ['Y', 'd', 'h'] as const) {
    const per = MINUTES_PER[unit]
    if (m % per === 0n) return `${group(m / per)} ${unit}`
    if (m >= per * 2n) return `${decimal(m, per, 2)} ${unit}`
  }
  return `${group(m)} min`
}

/** µmin as plain minutes, as the proposal's tables write them: "4,468 min", "0.00105 min". */
export function formatMinutes(micro: string | bigint | null | undefined, places = 2): string {
  const v = toBig(micro)
  const abs = v < 0n ? -v : v
  return `${decimal(v, MICRO_PER_MINUTE, abs !== 0n && abs < MICRO_PER_MINUTE ? 6 : places)} min`
}

/**
 * When work on a calendar day (YYYY-MM-DD) was performed, as declared in a workload: noon UTC
 * of that day, or now when today's noon is still to come. A day that has not begun stays as
 * it is, never moved to today: the ledger refuses it (WORKLOAD_IN_FUTURE), and a form says so.
 */
export function performedAt(day: string, now = Date.now()): number {
  const noon = Date.parse(day + 'T12:00:00Z')
  return Date.parse(day + 'T00:00:00Z') > now ? noon : Math.min(noon, now)
}

/**
 * Whether work on calendar day `day` (YYYY-MM-DD, UTC), declared as performedAt() declares it,
 * would be refused by the ledger as not yet performed (WORKLOAD_IN_FUTURE): the ledger's own rule.
 */
export function isFutureDay(day: string, now = Date.now()): boolean {
  return performedInFuture(performedAt(day, now), now)
}
