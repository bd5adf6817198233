// A month of work from a spreadsheet: CSV with the columns name (or wallet), date, hours, and
// optionally production. Every row is checked and shown before anything is sent.
import type { TFunction } from 'i18next'
import Papa from 'papaparse'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { BatchProgress } from '../../components/BatchProgress.tsx'
import { explain, hoursOf } from '../../components/forms.ts'
import { useBatch, type BatchItem } from '../../components/useBatch.ts'
import { Field } from '../../components/ui.tsx'
import { formatTime, performedAt } from '../../format.ts'
import { usePeople, type Person } from '../../people.ts'
import { ProductionSelect } from './ProductionSelect.tsx'

export interface CsvRow {
  line: number
  who: string
  wallet: string | null
  date: number | null
  minutes: bigint | null
  production: string | null
  error: string | null
}

const pick = (row: Record<string, string>, ...names: string[]) => {
  for (const n of names)
    for (const [k, v] of Object.entries(row))
      if (k.trim().toLowerCase() === n) return (v ?? '').trim()
  return ''
}

export function parseWorkCsv(
  text: string,
  people: Person[],
  fallbackProduction: string,
  t: TFunction
): CsvRow[] {
  const parsed = Papa.parse<Record<string, string>>(text.trim(), {
    header: true,
    skipEmptyLines: true
  })
  return parsed.data.map((row, i) => {
    const who = pick(row, 'name', 'person', 'wallet', 'key')
    const wallet = /^[0-9a-f]{64}$/.test(who)
      ? who
      : (people.find((p) => p.name.toLowerCase() === who.toLowerCase())?.key ?? null)
    const dateText = pick(row, 'date', 'day', 'datum')
    const date = /^\d{4}-\d{2}-\d{2}$/.test(dateText) ? performedAt(dateText) : NaN
    const h = hoursOf(pick(row, 'hours', 'stunden', 'h'))
    const production = pick(row, 'production') || fallbackProduction || null
    let error: string | null = null
    if (!wallet) error = t('people:csv.unknownPerson', { who })
    else if (Number.isNaN(date)) error = t('people:csv.badDate', { date: dateText })
    else if (explain(t, h)) error = t('people:csv.badHours')
    else if (!production || !/^[0-9a-f]{64}$/.test(production)) error = t('people:csv.noProduction')
    return {
      line: i + 2,
      who,
      wallet,
      date: Number.isNaN(date) ? null : date,
      minutes: h.ok ? h.value : null,
      production,
      error
    }
  })
}

export function CsvImport() {
  const { t } = useTranslation()
  const people = usePeople()
  const batch = useBatch()
  const [production, setProduction] = useState('')
  const [text, setText] = useState('')
  const rows = text.trim() ? parseWorkCsv(text, people, production, t) : []
  const bad = rows.filter((r) => r.error)

  const onFile = async (file: File | undefined) => {
    if (file) setText(await file.text())
  }
  const send = async () => {
    const list: BatchItem[] = rows.map((r) => ({
      label: t('people:csv.lineLabel', { line: r.line }),
      intent: {
        type: 'production.workload',
        body: {
          production: r.production!,
          wallet: r.wallet!,
          minutes: r.minutes!.toString(),
          performedAt: r.date!
        }
      }
    }))
    const outcomes = await batch.run(list)
    if (outcomes.every((o) => o.status !== 'refused')) setText('')
  }

  return (
    <section className="card stack" aria-labelledby="csv-title">
      <h2 id="csv-title">{t('people:csv.title')}</h2>
      <p className="muted">{t('people:csv.explain')}</p>
      <pre className="mono muted">
        name,date,hours{'\n'}Anna,2026-04-01,7.5{'\n'}Ben,2026-04-01,8
      </pre>
      <div className="row">
        <ProductionSelect value={production} onChange={setProduction} />
        <Field label={t('people:csv.file')}>
          {(p) => (
            <input
              {...p}
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => void onFile(e.target.files?.[0])}
            />
          )}
        </Field>
      </div>
      <Field label={t('people:csv.paste')}>
        {(p) => (
          <textarea
            {...p}
            rows={5}
            value={text}
            onChange={(e) => setText(e.target.value)}
            className="mono"
          />
        )}
      </Field>
      {rows.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>{t('people:csv.preview', { count: rows.length, bad: bad.length })}</caption>
            <thead>
              <tr>
                <th>{t('people:csv.line')}</th>
                <th>{t('people:name')}</th>
                <th>{t('people:csv.date')}</th>
                <th className="num">{t('people:csv.hours')}</th>
                <th>{t('people:csv.check')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, 200).map((r) => (
                <tr key={r.line}>
                  <td>{r.line}</td>
                  <td>{r.who}</td>
                  <td>{r.date ? new Date(r.date).toISOString().slice(0, 10) : '–'}</td>
                  <td className="num">{r.minutes !== null ? formatTime(r.minutes) : '–'}</td>
                  <td className={r.error ? 'error' : ''}>{r.error ?? '✓'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <BatchProgress progress={batch.progress} outcomes={batch.outcomes} />
      <div>
        <button
          className="primary"
          disabled={rows.length === 0 || bad.length > 0 || batch.busy}
          onClick={() => void send()}
        >
          {t('people:csv.submit', { count: rows.length })}
        </button>
      </div>
    </section>
  )
}
