// A month of work from a spreadsheet: CSV with the columns name (or wallet), date, hours, and
// optionally production. Every row is checked and shown before anything is sent (work-csv.ts);
// what the ledger took leaves the box, and rows already recorded are marked and must be
// confirmed, so pressing Record twice does not count the same hours twice.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { BatchProgress } from '../../components/BatchProgress.tsx'
import { CheckField } from '../../components/fields.tsx'
import { useBatch, type BatchItem } from '../../components/useBatch.ts'
import { Field } from '../../components/ui.tsx'
import { formatTime } from '../../format.ts'
import { useMe } from '../../hooks.ts'
import { usePeople } from '../../people.ts'
import { ProductionSelect } from './ProductionSelect.tsx'
import { leftOver, parseWorkCsv } from './work-csv.ts'

export function CsvImport() {
  const { t } = useTranslation()
  const people = usePeople()
  const batch = useBatch()
  const [production, setProduction] = useState('')
  const [text, setText] = useState('')
  const [again, setAgain] = useState(false)
  const me = useMe()
  const recorded = useApi('view.workloads', { collective: me?.id }, { enabled: !!me }).data
  const productions = useApi('view.productions', { producer: me?.id, running: true }, { enabled: !!me }).data
  const started = (id: string) => productions?.find((p) => p.id === id)?.started ?? null
  const { rows, fields } = text.trim()
    ? parseWorkCsv(text, people, production, t, { recorded: recorded ?? [], started })
    : { rows: [], fields: [] }
  const bad = rows.filter((r) => r.error)
  const repeated = rows.filter((r) => r.again)

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
    // What the ledger took leaves the box (as on the time sheet); what it refused stays, to be
    // corrected, so the same rows cannot be sent a second time by pressing the button again.
    const refused = new Set(outcomes.filter((o) => o.status === 'refused').map((o) => o.index))
    setText(leftOver(fields, rows.filter((_, i) => refused.has(i))))
    setAgain(false)
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
                  <td className={r.error ? 'error' : r.again ? 'warn' : ''}>
                    {r.error ?? (r.again ? t('people:csv.again') : '✓')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <BatchProgress progress={batch.progress} outcomes={batch.outcomes} />
      {repeated.length > 0 && bad.length === 0 && (
        <CheckField
          label={t('people:csv.confirmAgain', { count: repeated.length })}
          checked={again}
          onChange={setAgain}
        />
      )}
      <div>
        <button
          className="primary"
          disabled={
            rows.length === 0 || bad.length > 0 || (repeated.length > 0 && !again) || batch.busy
          }
          onClick={() => void send()}
        >
          {bad.length > 0
            ? t('people:csv.fixFirst', { count: bad.length })
            : t('people:csv.submit', { count: rows.length })}
        </button>
      </div>
    </section>
  )
}
