// What needs the person: co-signatures to give, orders to answer, rejected entries and why.
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useApi } from '../../api.ts'
import type { LogRecord } from '../../api-types.ts'
import { Empty } from '../../components/ui.tsx'
import { useCollectives } from '../../hooks.ts'

export function logEntries(data: LogRecord[] | { entries: LogRecord[] } | undefined): LogRecord[] {
  if (!data) return []
  return Array.isArray(data) ? data : data.entries
}

export function Needs({ me }: { me: string | undefined }) {
  const { t } = useTranslation()
  const names = useCollectives()
  const pending = useApi('view.pending', {})
  const orders = useApi('view.orders', {})
  const rejected = useApi('view.log', { status: 'rejected', limit: 5 })

  const toSign = (pending.data ?? []).filter((p) => me && p.missing.includes(me))
  const toAnswer = (orders.data ?? []).filter((o) => o.producer === me && o.status === 'open')
  const rejections = logEntries(rejected.data)

  return (
    <section aria-labelledby="needs-title">
      <h2 id="needs-title">{t('overview:needs.title')}</h2>
      <div className="grid-2">
        <div className="card">
          <h3>{t('overview:needs.cosign', { count: toSign.length })}</h3>
          {toSign.length === 0 ? (
            <Empty>{t('overview:needs.nothing')}</Empty>
          ) : (
            <ul>
              {toSign.slice(0, 5).map((p) => (
                <li key={p.id}>
                  {t(`txType.${p.tx.type}`, { defaultValue: p.tx.type })} ·{' '}
                  {t('overview:needs.from', { name: names.name(p.tx.signers[0]) })}
                </li>
              ))}
            </ul>
          )}
          <Link to="/stock#pending">{t('overview:needs.toPending')}</Link>
        </div>
        <div className="card">
          <h3>{t('overview:needs.orders', { count: toAnswer.length })}</h3>
          {toAnswer.length === 0 ? (
            <Empty>{t('overview:needs.nothing')}</Empty>
          ) : (
            <p>{t('overview:needs.ordersWaiting', { count: toAnswer.length })}</p>
          )}
          <Link to="/orders">{t('overview:needs.toOrders')}</Link>
        </div>
        <div className="card">
          <h3>{t('overview:needs.rejected')}</h3>
          {rejections.length === 0 ? (
            <Empty>{t('overview:needs.noRejected')}</Empty>
          ) : (
            <ul>
              {rejections.map((r) => (
                <li key={r.seq}>
                  <strong>{t(`txType.${r.type}`, { defaultValue: r.type ?? '?' })}</strong>:{' '}
                  {r.reason ?? r.code}
                </li>
              ))}
            </ul>
          )}
          <Link to="/log?status=rejected">{t('overview:needs.toLog')}</Link>
        </div>
      </div>
    </section>
  )
}
