// What needs the person: co-signatures to give, orders to answer, rejected entries and why;
// and next to it what we wait for from others (offers and requests they have yet to co-sign).
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Overview } from '../../api-types.ts'
import { useApi } from '../../api.ts'
import { useRefusal } from '../../components/refusal.ts'
import { Empty } from '../../components/ui.tsx'
import { formatDate, formatQuantity } from '../../format.ts'
import { useCollectives, useProducts } from '../../hooks.ts'
import { useWhat } from '../log/summary.tsx'

export function Needs({ needs }: { needs: Overview['needs'] }) {
  const { t } = useTranslation()
  const refusal = useRefusal()
  const names = useCollectives()
  const products = useProducts()
  // What is asked ("5 loaf Rye bread"), said as the Log says it.
  const what = useWhat()
  // An open council election waits for every collective's vote.
  const elections = (useApi('view.proposals', {}).data ?? []).filter((p) => p.kind === 'council' && p.status === 'open')
  return (
    <section aria-labelledby="needs-title">
      <h2 id="needs-title">{t('overview:needs.title')}</h2>
      <div className="grid-2">
        <div className="card">
          <h3>{t('overview:needs.cosign', { count: needs.cosign.length })}</h3>
          {needs.cosign.length === 0 ? (
            <Empty>{t('overview:needs.nothing')}</Empty>
          ) : (
            <ul>
              {needs.cosign.slice(0, 5).map((p) => (
                <li key={p.id}>
                  {t(`txType.${p.type}`, { defaultValue: p.type })} ·{' '}
                  {what(p.summary) ? `${what(p.summary)} · ` : ''}
                  {t('overview:needs.from', { name: p.from.join(', ') })}
                </li>
              ))}
            </ul>
          )}
          <Link to="/stock">{t('overview:needs.toPending')}</Link>
        </div>
        <div className="card" data-testid="needs-waiting">
          <h3>{t('overview:needs.waiting', { count: needs.waiting.length })}</h3>
          {needs.waiting.length === 0 ? (
            <Empty>{t('overview:needs.waitingNone')}</Empty>
          ) : (
            <ul>
              {needs.waiting.slice(0, 5).map((w) => (
                <li key={w.id}>
                  {t(`txType.${w.type}`, { defaultValue: w.type })} ·{' '}
                  {what(w.summary) ? `${what(w.summary)} · ` : ''}
                  {t('overview:needs.waitsFor', { name: w.waitingFor.join(', ') })} ·{' '}
                  {w.expired ? (
                    <span className="error">
                      {t('overview:needs.expired', { date: formatDate(w.expires, true) })}
                    </span>
                  ) : (
                    t('overview:needs.since', { date: formatDate(w.since, true) })
                  )}
                </li>
              ))}
            </ul>
          )}
          <Link to="/log?status=pending">{t('overview:needs.toWaiting')}</Link>
        </div>
        <div className="card">
          <h3>{t('overview:needs.orders', { count: needs.orders.length })}</h3>
          {needs.orders.length === 0 ? (
            <Empty>{t('overview:needs.nothing')}</Empty>
          ) : (
            <ul>
              {needs.orders.slice(0, 5).map((o) => (
                <li key={o.id}>
                  {formatQuantity(o.quantity, products.byId.get(o.product)?.unit)}{' '}
                  {products.name(o.product)} · {names.name(o.orderer)}
                </li>
              ))}
            </ul>
          )}
          <Link to="/orders">{t('overview:needs.toOrders')}</Link>
        </div>
        {elections.length > 0 && (
          <div className="card" data-testid="needs-council">
            <h3>{t('overview:needs.council', { count: elections.length })}</h3>
            <Link to="/council">{t('overview:needs.toCouncil')}</Link>
          </div>
        )}
        <div className="card">
          <h3>{t('overview:needs.rejected')}</h3>
          {needs.rejections.length === 0 ? (
            <Empty>{t('overview:needs.noRejected')}</Empty>
          ) : (
            <ul>
              {needs.rejections.slice(0, 5).map((r) => (
                <li key={r.seq}>
                  <strong>{t(`txType.${r.type}`, { defaultValue: r.type ?? '?' })}</strong>:{' '}
                  {r.declined
                    ? // Who declined our offer and why, by name, in the interface's language.
                      t(r.declined.reason ? 'log:declinedWhy' : 'log:declined', r.declined)
                    : refusal(r.code ?? '', r.reason ?? r.code ?? '')}
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
