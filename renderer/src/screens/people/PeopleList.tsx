import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { Empty, Field } from '../../components/ui.tsx'
import { CsvButton } from '../../components/CsvButton.tsx'
import { currentPeriod, formatTime, toBig } from '../../format.ts'
import { useMe, useWalletList } from '../../hooks.ts'
import { PeopleState } from './PeopleState.tsx'
import { addPerson, removePerson } from '../../people.ts'

/** The people of this workplace with their hours this month; add an existing wallet by key. */
export function PeopleList() {
  const { t } = useTranslation()
  const me = useMe()
  const booked = useWalletList()
  const people = booked.list
  const period = currentPeriod()
  const workloads = useApi('view.workloads', { collective: me?.id, period }, { enabled: !!me })
  const hours = new Map<string, bigint>()
  for (const w of workloads.data ?? [])
    hours.set(w.wallet, (hours.get(w.wallet) ?? 0n) + toBig(w.minutes))
  const [name, setName] = useState('')
  const [key, setKey] = useState('')
  const [touched, setTouched] = useState(false)
  const errors = {
    name: name.trim() ? null : t('people:errors.name'),
    key: /^[0-9a-f]{64}$/.test(key.trim()) ? null : t('people:errors.key')
  }
  const onAdd = (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (errors.name || errors.key) return
    void addPerson({ name: name.trim(), key: key.trim() })
    setName('')
    setKey('')
    setTouched(false)
  }

  return (
    <section aria-labelledby="people-title" className="stack">
      <h2 id="people-title">{t('people:list.title')}</h2>
      <p className="muted">{t('people:list.explain')}</p>
      {booked.state !== 'ready' ? (
        <PeopleState people={booked} />
      ) : people.length === 0 ? (
        <Empty>{t('people:list.empty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('people:name')}</th>
                <th>{t('people:wallet')}</th>
                <th className="num">{t('people:list.hours', { period })}</th>
                <th>
                  <span className="visually-hidden">{t('stock:actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.key}>
                  <td>
                    {p.unnamed ? <span className="muted">{t('people:list.unnamed')}</span> : p.name}
                  </td>
                  <td className="mono">{p.key.slice(0, 16)}…</td>
                  <td className="num">{formatTime(hours.get(p.key) ?? 0n)}</td>
                  <td>
                    <button
                      className="link"
                      onClick={() => void removePerson(p.key)}
                      aria-label={t('people:list.removeNamed', { name: p.name })}
                    >
                      {t('people:list.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <CsvButton
            fileName={`people-${period}.csv`}
            columns={[t('people:name'), t('people:wallet'), `${t('people:list.hours', { period })} (µmin)`]}
            rows={() => people.map((p) => [p.unnamed ? '' : p.name, p.key, String(hours.get(p.key) ?? 0n)])}
          />
        </div>
      )}
      <details open={key !== '' || undefined}>
        <summary>{t('people:list.addExisting')}</summary>
        <form className="row" onSubmit={onAdd} noValidate>
          <Field label={t('people:name')} error={touched ? errors.name : null}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field
            label={t('people:walletKey')}
            hint={t('people:list.keyHint')}
            error={touched ? errors.key : null}
          >
            {(p) => (
              <input
                {...p}
                className="mono"
                value={key}
                onChange={(e) => setKey(e.target.value.toLowerCase())}
                size={40}
              />
            )}
          </Field>
          <button type="submit">{t('people:list.add')}</button>
        </form>
      </details>
    </section>
  )
}
