// A week of work as a time sheet: one row per person, one column per day, hours in the cells.
// Each filled cell becomes one workload on the chosen production.
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { BatchProgress } from '../../components/BatchProgress.tsx'
import { explain, hoursOf } from '../../components/forms.ts'
import { useBatch, type BatchItem } from '../../components/useBatch.ts'
import { Empty } from '../../components/ui.tsx'
import { formatDate, formatWeekday, isFutureDay, performedAt } from '../../format.ts'
import { useApi } from '../../api.ts'
import { useMe, useWalletList } from '../../hooks.ts'
import { PeopleState } from './PeopleState.tsx'
import { ProductionSelect } from './ProductionSelect.tsx'
import { WorkMonthPicker } from './WorkMonthPicker.tsx'
import { mergeWallets } from '../../people.ts'
import { beforeStart } from './work-csv.ts'

function monday(d = new Date()): Date {
  const day = (d.getUTCDay() + 6) % 7
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day, 12))
}

export function TimeSheet() {
  const { t } = useTranslation()
  // Besides this month's and last month's people, those of a month the clerk chooses.
  const [month, setMonth] = useState<string | null>(null)
  const booked = useWalletList(month)
  const me = useMe()
  const batch = useBatch()
  const [start, setStart] = useState(() => monday())
  const [production, setProduction] = useState('')
  const [cells, setCells] = useState<Record<string, string>>({})
  const [touched, setTouched] = useState(false)
  // Whoever has hours typed stays on the sheet when another month is chosen: nothing typed is
  // dropped unsent.
  const typedFor = Object.entries(cells).filter(([, text]) => text.trim()).map(([cell]) => cell.split('/')[0]!)
  const people = mergeWallets(booked.list, typedFor)
  const days = Array.from({ length: 7 }, (_, i) => new Date(start.getTime() + i * 86_400_000))
  const productions = useApi('view.productions', { producer: me?.id, running: true }, { enabled: !!me }).data
  const started = productions?.find((p) => p.id === production)?.started ?? null
  const cellKey = (person: string, day: number) => `${person}/${day}`
  // Checked as the clerk types, before anything is sent: a day still ahead is refused by the
  // ledger's own rule (WORKLOAD_IN_FUTURE; the ledger stays the backstop), and said with its date.
  const cellError = (text: string | undefined, day: number) => {
    if (!text?.trim()) return null
    const dayText = new Date(day).toISOString().slice(0, 10)
    if (isFutureDay(dayText)) return t('people:errors.futureDay', { date: formatDate(day) })
    return (
      explain(t, hoursOf(text)) ??
      (beforeStart(dayText, started)
        ? t('people:errors.beforeStart', { date: new Date(started!).toISOString().slice(0, 10) })
        : null)
    )
  }
  const errorOf = ([cell, text]: [string, string]) => cellError(text, Number(cell.split('/')[1]))
  const anyError = Object.entries(cells).some((c) => errorOf(c))
  // Each distinct mistake once, in its own words ("This cannot be negative."), not one
  // sentence for all of them.
  const mistakes = [...new Set(Object.entries(cells).map(errorOf).filter(Boolean))]
  // "Record the week" on a sheet with no hours says so, rather than doing nothing.
  const filled = Object.values(cells).some((text) => text.trim())
  // Two people with one name: their rows and results carry the wallet's first digits too.
  const shared = new Set(
    people.map((p) => p.name.toLowerCase()).filter((n, i, all) => all.indexOf(n) !== i)
  )
  const nameOf = (person: { name: string; key: string }) =>
    shared.has(person.name.toLowerCase()) ? `${person.name} (${person.key.slice(0, 8)}…)` : person.name

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (!production || anyError) return
    // Every filled cell, of this week and of any other week leafed through: nothing typed is
    // left behind unsent.
    const list: Array<BatchItem & { cell: string }> = []
    const ordered = Object.entries(cells).sort(([a], [b]) => (a < b ? -1 : 1))
    for (const [cell, text] of ordered) {
      const [key, time] = cell.split('/')
      const person = people.find((p) => p.key === key)
      const h = text.trim() ? hoursOf(text) : null
      if (!person || !h?.ok) continue
      const day = Number(time)
      list.push({
        cell,
        label: `${nameOf(person)}, ${formatDate(day)}`,
        intent: {
          type: 'production.workload',
          body: {
            production,
            wallet: person.key,
            minutes: h.value.toString(),
            // Noon of the day (or now, today before noon). A day still ahead is sent as
            // typed, never moved to today: the ledger refuses it, and the sheet says so.
            performedAt: performedAt(new Date(day).toISOString().slice(0, 10))
          }
        }
      })
    }
    if (list.length === 0) return
    const outcomes = await batch.run(list)
    // What the ledger took leaves the sheet; what it refused stays, to be corrected.
    const refused = new Set(
      outcomes.filter((o) => o.status === 'refused').map((o) => list[o.index]!.cell)
    )
    setCells(Object.fromEntries(Object.entries(cells).filter(([k]) => refused.has(k))))
    setTouched(false)
  }

  return (
    <form className="card stack" onSubmit={onSubmit} noValidate aria-labelledby="sheet-title">
      <h2 id="sheet-title">{t('people:sheet.title')}</h2>
      <p className="muted">{t('people:sheet.explain')}</p>
      <div className="row">
        <ProductionSelect
          value={production}
          onChange={setProduction}
          error={touched && !production ? t('people:errors.production') : null}
        />
        <button type="button" onClick={() => setStart(new Date(start.getTime() - 7 * 86_400_000))}>
          ← {t('people:sheet.previous')}
        </button>
        <span>{t('people:sheet.week', { date: formatDate(start.getTime()) })}</span>
        <button type="button" onClick={() => setStart(new Date(start.getTime() + 7 * 86_400_000))}>
          {t('people:sheet.next')} →
        </button>
      </div>
      {booked.state === 'ready' && <WorkMonthPicker value={month} onChange={setMonth} monthWorkers={booked.monthWorkers} />}
      {booked.state !== 'ready' ? (
        <PeopleState people={booked} />
      ) : people.length === 0 ? (
        <Empty>{t('people:list.empty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('people:name')}</th>
                {days.map((d) => (
                  <th scope="col" key={d.getTime()}>
                    {formatWeekday(d.getTime())}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {people.map((person) => (
                <tr key={person.key}>
                  <th scope="row">{nameOf(person)}</th>
                  {days.map((d) => {
                    const k = cellKey(person.key, d.getTime())
                    const error = cellError(cells[k], d.getTime())
                    return (
                      <td key={k}>
                        <input
                          aria-label={t('people:sheet.cell', {
                            name: nameOf(person),
                            date: formatDate(d.getTime())
                          })}
                          aria-invalid={error ? true : undefined}
                          title={error ?? undefined}
                          value={cells[k] ?? ''}
                          onChange={(e) => setCells({ ...cells, [k]: e.target.value })}
                          size={4}
                        />
                      </td>
                    )
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {anyError && (
        <p className="error">
          {t('people:sheet.fix')} {mistakes.join(' ')}
        </p>
      )}
      {touched && production && !filled && <p className="error">{t('people:sheet.nothing')}</p>}
      <BatchProgress progress={batch.progress} outcomes={batch.outcomes} />
      <div>
        <button className="primary" type="submit" disabled={batch.busy}>
          {t('people:sheet.submit')}
        </button>
      </div>
    </form>
  )
}
