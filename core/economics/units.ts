// Values are integers in micro-minutes (µmin) so that no rounding ever needs floating point.
// Durabilities and ages are whole minutes.

import { fraction, toDecimal } from './fraction.ts'

/** µmin per minute. */
export const MICRO = 1_000_000n

/** Whole minutes → µmin. */
export function fromMinutes(minutes: bigint): bigint {
  return minutes * MICRO
}

/** µmin → decimal minutes for display, e.g. formatMinutes(1_500_000n) = "1.500000". */
export function formatMinutes(micro: bigint, digits = 6): string {
  return toDecimal(fraction(micro, MICRO), digits)
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,6}))?$/

/**
 * Decimal minutes ("12", "0.25", "-3.000001") → µmin, exactly; null when the text is not
 * such a number or has more than six fractional digits (it would not be exact).
 */
export function parseMinutes(text: string): bigint | null {
  const m = DECIMAL.exec(text)
  if (!m) return null
  const micro = BigInt(m[2] ?? '0') * MICRO + BigInt((m[3] ?? '').padEnd(6, '0'))
  return m[1] === '-' ? -micro : micro
}
