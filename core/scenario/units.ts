// People's units in scenario files, turned into the protocol's integers.
import { parseMinutes } from '../economics/index.ts'
import { ScenarioError } from './errors.ts'

/** A value as a scenario's reader should see it quoted: short, whatever was written. */
const quoted = (value: unknown) => {
  const text = String(value)
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}…` : text)
}

/** The proposal's year (§4.2): 356 days. */
export const PROPOSAL_YEAR_MINUTES = 356n * 24n * 60n

const DURATION = /^(\d+)\s*(Y|d|h|min)?$/

/** "12Y", "3d", "8h", "90" → whole minutes. */
export function durationMinutes(text: string): bigint {
  const m = DURATION.exec(text.trim())
  if (!m) throw new ScenarioError(`${quoted(text)} is not a duration (whole minutes, or a number with Y, d, h)`)
  const n = BigInt(m[1]!)
  switch (m[2]) {
    case 'Y':
      return n * PROPOSAL_YEAR_MINUTES
    case 'd':
      return n * 24n * 60n
    case 'h':
      return n * 60n
    default:
      return n
  }
}

/** Decimal minutes → µmin, exactly. */
export function microMinutes(value: unknown): string {
  const micro = parseMinutes(String(value).trim())
  if (micro === null || micro < 0n) throw new ScenarioError(`${quoted(value)} is not a number of minutes (up to 6 decimals)`)
  return String(micro)
}

export function timestamp(value: unknown): number {
  if (typeof value === 'number') return value
  const ms = Date.parse(String(value))
  if (Number.isNaN(ms)) throw new ScenarioError(`${quoted(value)} is not a date and time (ISO 8601, e.g. 2026-04-03T10:00:00Z)`)
  return ms
}
