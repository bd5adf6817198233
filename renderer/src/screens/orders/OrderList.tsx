import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import type { Order } from '../../api-types.ts'
import { explain, hoursOf } from '../../components/forms.ts'
import { useAction } from '../../components/useAction.ts'
import { Empty, ErrorText, Field, QueryState, StatusBadge } from '../../components/ui.tsx'
import { formatDate, formatQuantity, formatTime } from '../../format.ts'
import { useMe, useProducts } from '../../hooks.ts'
import { OrderCorrections } from './OrderCorrections.tsx'
import { StartProduction } from './StartProduction.tsx'

/** Answer an incoming order: an estimate in hours, or a rejection with a reason. */
function Answer({ order }: { order: Order }) {
  const { t } = useTranslation()
  const [hours, setHours] = useState('')
  const [reason, setReason] = useState('')
  const parsed = hoursOf(hours)
  const hoursError = explain(t, parsed)
  const estimate = useAction(() =>
    hoursError || !parsed.ok
      ? null
      : { type: 'estimate.publish', body: { order: order.id, minutes: parsed.value.toString() } }
  )
  const reasonError = reason.trim() ? null : t('orders:errors.reason')
  const reject = useAction(() =>
    reasonError ? null : { type: 'order.reject', body: { order: order.id, reason: reason.trim() } }
  )
  return (
    <div className="row">
      <form className="row" onSubmit={estimate.onSubmit} noValidate>
        <Field
          label={t('orders:estimateHours')}
          hint={t('orders:hoursHint')}
          error={estimate.touched ? hoursError : null}
        >
          {(p) => (
            <input {...p} value={hours} onChange={(e) => setHours(e.target.value)} size={8} />
          )}
        </Field>
        <button className="primary" type="submit" disabled={estimate.busy}>
          {t('orders:estimate')}
        </button>
        <ErrorText error={estimate.error} />
      </form>
      <form className="row" onSubmit={reject.onSubmit} noValidate>
        <Field label={t('orders:rejectReason')} error={reject.touched ? reasonError : null}>
          {(p) => (
            <input
              {...p}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
            />
          )}
        </Field>
        <button className="danger" type="submit" disabled={reject.busy}>
          {t('orders:reject')}
        </button>
        <ErrorText error={reject.error} />
      </form>
    </div>
  )
}

function OrderTable({ orders, incoming }: { orders: Order[]; incoming: boolean }) {
  const { t } = useTranslation()
  const products = useProducts()
  if (orders.length === 0)
    return <Empty>{incoming ? t('orders:noIncoming') : t('orders:noOutgoing')}</Empty>
  return (
    <ul className="stack">
      {orders.map((o) => (
        <li key={o.id} className="card stack">
          <div>
            <strong>
              {formatQuantity(o.quantity, products.byId.get(o.product)?.unit)}{' '}
              {o.productName || products.name(o.product)}
            </strong>{' '}
            {incoming
              ? t('orders:fromWho', { name: o.ordererName })
              : t('orders:toWho', { name: o.producerName })}{' '}
            <StatusBadge status={o.status} />
            {o.estimateMinutes && (
              <span> · {t('orders:estimateOf', { value: formatTime(o.estimateMinutes) })}</span>
            )}
            {o.deliverBy && (
              <span className="muted">
                {' '}
                · {t('orders:deliverBy', { date: formatDate(o.deliverBy) })}
              </span>
            )}
            {o.reason && (
              <div className="error">
                {t(
                  o.status === 'withdrawn'
                    ? 'corrections:withdrawnBecause'
                    : 'orders:rejectedBecause',
                  {
                    reason: o.reason
                  }
                )}
              </div>
            )}
          </div>
          {incoming && o.status === 'open' && <Answer order={o} />}
          {incoming && o.status === 'estimated' && <StartProduction order={o} />}
          <OrderCorrections order={o} incoming={incoming} />
        </li>
      ))}
    </ul>
  )
}

export function OrderList() {
  const { t } = useTranslation()
  const me = useMe()
  const orders = useApi('view.orders', {})
  return (
    <QueryState query={orders}>
      {(list) => {
        // An order to ourselves is both: answer it as the producer.
        const incoming = list.filter((o) => o.producer === me?.id)
        const outgoing = list.filter((o) => o.orderer === me?.id && o.producer !== me?.id)
        return (
          <div className="grid-2">
            <section aria-labelledby="incoming-title">
              <h2 id="incoming-title">{t('orders:incoming')}</h2>
              <OrderTable orders={incoming} incoming />
            </section>
            <section aria-labelledby="outgoing-title">
              <h2 id="outgoing-title">{t('orders:outgoing')}</h2>
              <OrderTable orders={outgoing} incoming={false} />
            </section>
          </div>
        )
      }}
    </QueryState>
  )
}
