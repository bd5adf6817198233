import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TrustView } from '../../api-types.ts'
import { useAction } from '../../components/useAction.ts'
import { ErrorText } from '../../components/ui.tsx'
import { useCollectives, useMe } from '../../hooks.ts'

type Request = TrustView['requests'][number]

function TrustActions({
  id,
  trusted,
  request
}: {
  id: string
  trusted: boolean
  request: Request | undefined
}) {
  const { t } = useTranslation()
  const me = useMe()
  const names = useCollectives()
  const [reason, setReason] = useState('')
  const ask = useAction(() => (me ? { type: 'trust.establish', body: { a: me.id, b: id } } : null))
  const cancel = useAction(() =>
    reason.trim() ? { type: 'trust.cancel', body: { peer: id, reason: reason.trim() } } : null
  )
  if (!me || me.id === id) return null
  // A request already waits: say for whom, rather than offer to ask a second time (the ledger
  // would refuse that one: TRUST_REQUEST_PENDING).
  if (!trusted && request) {
    const ours = request.waitingFor.includes(me.id)
    return (
      <span className="badge warn">
        {ours
          ? t('trust:waitingForUs')
          : t('trust:waitingFor', {
              name: request.waitingFor.map((key) => names.name(key)).join(', ')
            })}
      </span>
    )
  }
  return trusted ? (
    <form className="row" onSubmit={cancel.onSubmit} noValidate>
      <label className="visually-hidden" htmlFor={`cancel-${id}`}>
        {t('trust:cancelReason')}
      </label>
      <input
        id={`cancel-${id}`}
        placeholder={t('trust:cancelReason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        aria-invalid={cancel.touched && !reason.trim() ? true : undefined}
      />
      <button className="danger" type="submit" disabled={cancel.busy}>
        {t('trust:cancel')}
      </button>
      {cancel.touched && !reason.trim() && <span className="error">{t('trust:reasonNeeded')}</span>}
      <ErrorText error={cancel.error} />
    </form>
  ) : (
    <form onSubmit={ask.onSubmit}>
      <button type="submit" disabled={ask.busy}>
        {t('trust:ask')}
      </button>
      <ErrorText error={ask.error} />
    </form>
  )
}

/** The same network as a table: readable by screen readers and searchable by eye. */
export function CollectiveTable({
  view,
  selected,
  colours
}: {
  view: TrustView
  selected: string | null
  colours: Map<string, string>
}) {
  const { t } = useTranslation()
  const me = useMe()
  const [filter, setFilter] = useState('')
  const partners = new Set(
    view.edges.flatMap((e) => (e.a === me?.id ? [e.b] : e.b === me?.id ? [e.a] : []))
  )
  const degree = new Map<string, number>()
  for (const e of view.edges) for (const x of [e.a, e.b]) degree.set(x, (degree.get(x) ?? 0) + 1)
  const rows = view.collectives
    .filter((c) => !filter || c.name.toLowerCase().includes(filter.toLowerCase()))
    .sort(
      (a, b) =>
        Number(b.id === selected) - Number(a.id === selected) ||
        Number(partners.has(b.id)) - Number(partners.has(a.id)) ||
        a.name.localeCompare(b.name)
    )
  return (
    <section className="stack" aria-labelledby="collectives-title">
      <h2 id="collectives-title">{t('trust:collectives')}</h2>
      <label>
        {t('trust:filter')}{' '}
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t('trust:name')}</th>
              <th>{t('trust:roles')}</th>
              <th>{t('trust:subsystem')}</th>
              <th className="num">{t('trust:edges')}</th>
              <th>{t('trust:withUs')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 300).map((c) => (
              <tr key={c.id} aria-selected={c.id === selected}>
                <td>
                  {c.name} {c.id === me?.id && <strong>({t('trust:us')})</strong>}
                </td>
                <td>{c.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                <td>
                  <span
                    className="swatch"
                    style={{ background: colours.get(c.subsystem ?? '') }}
                    aria-hidden="true"
                  />{' '}
                  {c.subsystem?.slice(0, 6)}
                </td>
                <td className="num">{degree.get(c.id) ?? 0}</td>
                <td>
                  {partners.has(c.id) && <span className="badge ok">{t('trust:strong')}</span>}{' '}
                  <TrustActions
                    id={c.id}
                    trusted={partners.has(c.id)}
                    request={view.requests.find(
                      (r) => (r.a === me?.id && r.b === c.id) || (r.b === me?.id && r.a === c.id)
                    )}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
