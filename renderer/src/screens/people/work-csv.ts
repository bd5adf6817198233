// The rows of a work CSV, checked before anything is sent: who (one person, by name or wallet),
// which day (one that has come), how many hours, which production; and whether the very same
// work is already in the ledger, so an import pressed twice does not count the hours twice.
// No React here: the browser test and the screen read the same rules.
import type { TFunction } from 'i18next'
import Papa from 'papaparse'
import { explain, hoursOf } from '../../components/forms.ts'
import { isFutureDay, performedAt } from '../../format.ts'
import type { Person } from '../../people.ts'

export interface CsvRow {
  line: number
  who: string
  wallet: string | null
  date: number | null
  minutes: bigint | null
  production: string | null
  error: string | null
  /** The same person, day, production and hours are already recorded (and not reversed). */
  again: boolean
  /** The row as read, to put back in the box when the ledger did not take it. */
  raw: Record<string, string>
}

/** A workload already in the ledger, as the view lists it. */
export interface Recorded {
  wallet: string
  production: string
  minutes: string
  performedAt: number
  reversedBy?: string | undefined
}

const HEX_KEY = /^[0-9a-f]{64}$/

const pick = (row: Record<string, string>, ...names: string[]) => {
  for (const n of names)
    for (const [k, v] of Object.entries(row))
      if (k.trim().toLowerCase() === n && (v ?? '').trim()) return (v ?? '').trim()
  return ''
}

const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10)
const sameWork = (production: string, wallet: string, day: string, minutes: bigint) =>
  `${production}/${wallet}/${day}/${minutes}`

/** Whether calendar day `day` (UTC) is before the day a production started. */
export function beforeStart(day: string, started: number | null): boolean {
  return started !== null && day < dayOf(started)
}

export interface ParsedCsv {
  rows: CsvRow[]
  /** The header row as read, to write the rows left over back into the box. */
  fields: string[]
}

export function parseWorkCsv(
  text: string,
  people: Person[],
  fallbackProduction: string,
  t: TFunction,
  {
    recorded = [],
    now = Date.now(),
    started = () => null
  }: {
    recorded?: Recorded[]
    now?: number
    /** When a production started: a day before that is a typing mistake, not its work. */
    started?: (production: string) => number | null
  } = {}
): ParsedCsv {
  const parsed = Papa.parse<Record<string, string>>(text.trim(), {
    header: true,
    skipEmptyLines: true
  })
  const done = new Set(
    recorded
      .filter((w) => !w.reversedBy)
      .map((w) => sameWork(w.production, w.wallet, dayOf(w.performedAt), BigInt(w.minutes)))
  )
  const rows = parsed.data.map((row, i) => {
    const keyColumn = pick(row, 'wallet', 'key')
    const who = pick(row, 'name', 'person') || keyColumn
    // A name two people share would book the hours to whichever comes first: refuse to guess.
    const named = people.filter((p) => p.name.trim().toLowerCase() === who.toLowerCase())
    const wallet = HEX_KEY.test(keyColumn)
      ? keyColumn
      : HEX_KEY.test(who)
        ? who
        : named.length === 1
          ? named[0]!.key
          : null
    const dateText = pick(row, 'date', 'day', 'datum')
    const date = /^\d{4}-\d{2}-\d{2}$/.test(dateText) ? performedAt(dateText, now) : NaN
    const h = hoursOf(pick(row, 'hours', 'stunden', 'h'))
    const production = pick(row, 'production') || fallbackProduction || null
    let error: string | null = null
    if (!wallet && named.length > 1)
      error = t('people:csv.ambiguousPerson', { who, count: named.length })
    else if (!wallet) error = t('people:csv.unknownPerson', { who })
    else if (Number.isNaN(date)) error = t('people:csv.badDate', { date: dateText })
    else if (isFutureDay(dateText, now)) error = t('orders:errors.futureDay')
    else if (!h.ok && h.error === 'format') error = t('people:csv.badHours')
    else if (explain(t, h)) error = explain(t, h)
    else if (!production || !HEX_KEY.test(production)) error = t('people:csv.noProduction')
    else if (beforeStart(dateText, started(production)))
      error = t('people:errors.beforeStart', { date: dayOf(started(production)!) })
    const again =
      !error && done.has(sameWork(production!, wallet!, dateText, h.ok ? h.value : 0n))
    return {
      line: i + 2,
      who,
      wallet,
      date: Number.isNaN(date) ? null : date,
      minutes: h.ok ? h.value : null,
      production,
      error,
      again,
      raw: row
    }
  })
  return { rows, fields: parsed.meta.fields ?? [] }
}

/** The box's text after a run: the header and the rows the ledger did not take. */
export function leftOver(fields: string[], rows: CsvRow[]): string {
  if (rows.length === 0) return ''
  const data = rows.map((r) => fields.map((f) => r.raw[f] ?? ''))
  return Papa.unparse({ fields, data }, { newline: '\n' }) + '\n'
}
