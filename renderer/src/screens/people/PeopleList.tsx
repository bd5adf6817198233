import { useInfiniteQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../../api.ts'
import { Empty, Field } from '../../components/ui.tsx'
import { CsvButton } from '../../components/CsvButton.tsx'
import { currentPeriod, formatTime, toBig } from '../../format.ts'
import { useMe, useWalletList } from '../../hooks.ts'
import { addPerson, mergeWallets, removePerson, usePeople } from '../../people.ts'
import { PeopleState } from './PeopleState.tsx'

const PAGE = 50

/**
 * The people of this workplace with their hours this month; add an existing wallet by key. The
 * people named here come first with their hours, then the month's other workers a page at a
 * time ("Show more"): the screen reads a page, never the month's every workload (issue 14).
 */
export function PeopleList() {
  const { t } = useTranslation()
  const me = useMe()
  // Whether the node answered at all (clerk finding 11): unreachable is not "nobody here".
  const booked = useWalletList()
  const named = usePeople()
  const period = currentPeriod()
  const wallets = named.map((p) => p.key).slice(0, 500)
  const query = useInfiniteQuery({
    queryKey: ['view.people', { period, wallets, me: me?.id }],
    queryFn: ({ pageParam }) => call('view.people', { period, wallets, limit: PAGE, ...(pageParam !== null ? { after: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next ?? undefined,
    enabled: !!me
  })
  const pages = query.data?.pages ?? []
  const hours = new Map<string, bigint>(Object.entries(pages[0]?.hours ?? {}).map(([k, v]) => [k, toBig(v)]))
  const workers = pages.flatMap((p) => p.workers)
  for (const w of workers) hours.set(w.wallet, toBig(w.minutes))
  const people = mergeWallets(named, workers.map((w) => w.wallet))
  const total = pages[0]?.total
  // How many worked this month in all (read with the first page): "50 of 312 shown".
  const count = pages[0]?.count
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
            {total !== undefined && (
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2}>
                    {t('people:list.total', { period })}
                  </th>
                  <td className="num">{formatTime(total)}</td>
                  <td />
                </tr>
              </tfoot>
            )}
          </table>
          {query.hasNextPage && (
            <p className="row">
              {count && (
                <span className="muted" role="status">
                  {t(count.atLeast ? 'people:list.shownAtLeast' : 'people:list.shown', { shown: workers.length, count: count.count, period })}
                </span>
              )}
              <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                {t('people:list.more')}
              </button>
            </p>
          )}
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
