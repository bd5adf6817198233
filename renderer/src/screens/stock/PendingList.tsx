// Transactions waiting for this collective's co-signature: a transfer to us, a trust request,
// a settlement. Sign or decline (with a reason).
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi, useCall } from '../../api.ts'
import type { PendingTx } from '../../api-types.ts'
import { notify } from '../../components/toasts.tsx'
import { Empty, ErrorText, QueryState } from '../../components/ui.tsx'
import { formatDate, formatQuantity } from '../../format.ts'
import { useCollectives, useProducts } from '../../hooks.ts'

function Describe({ p }: { p: PendingTx }) {
  const { t } = useTranslation()
  const names = useCollectives()
  const products = useProducts()
  const b = p.body
  if (p.type === 'resource.transfer') {
    return (
      <>
        {t('stock:pending.transfer', {
          quantity: b.quantity,
          to: names.name(b.to),
          lot: String(b.lot).slice(0, 8)
        })}
      </>
    )
  }
  if (p.type === 'trust.establish')
    return <>{t('stock:pending.trust', { a: names.name(b.a), b: names.name(b.b) })}</>
  if (p.type === 'settlement.record')
    return (
      <>
        {t('stock:pending.settlement', {
          from: names.name(b.from),
          to: names.name(b.to),
          count: (b.lots as unknown[]).length
        })}
      </>
    )
  if (p.type === 'order.place')
    return (
      <>
        {formatQuantity(b.quantity, products.byId.get(b.product)?.unit)} {products.name(b.product)}
      </>
    )
  return <span className="mono">{JSON.stringify(b).slice(0, 160)}</span>
}

export function PendingList() {
  const { t } = useTranslation()
  const pending = useApi('view.pending', {})
  const cosign = useCall('tx.cosign')
  const decline = useCall('tx.decline')
  const [reason, setReason] = useState<Record<string, string>>({})

  return (
    <section className="card" aria-labelledby="pending-title" id="pending">
      <h2 id="pending-title">{t('stock:pending.title')}</h2>
      <QueryState query={pending}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('stock:pending.none')}</Empty>
          ) : (
            <ul className="stack">
              {list.map((p) => (
                <li key={p.id} className="stack">
                  <div>
                    <strong>{t(`txType.${p.type}`, { defaultValue: p.type })}</strong>{' '}
                    {t('stock:pending.from', { names: p.from.join(', ') })} · <Describe p={p} />
                    <div className="muted">
                      {t('stock:pending.expires', { when: formatDate(p.expires, true) })}
                    </div>
                  </div>
                  <div className="row">
                    <button
                      className="primary"
                      disabled={cosign.isPending}
                      onClick={() =>
                        cosign.mutate(
                          { id: p.id },
                          { onSuccess: () => notify('ok', t('stock:pending.signed')) }
                        )
                      }
                    >
                      {t('stock:pending.sign')}
                    </button>
                    <label className="visually-hidden" htmlFor={`decline-${p.id}`}>
                      {t('stock:pending.reason')}
                    </label>
                    <input
                      id={`decline-${p.id}`}
                      placeholder={t('stock:pending.reason')}
                      value={reason[p.id] ?? ''}
                      onChange={(e) => setReason({ ...reason, [p.id]: e.target.value })}
                    />
                    <button
                      disabled={decline.isPending}
                      onClick={() =>
                        decline.mutate(
                          {
                            id: p.id,
                            ...(reason[p.id]?.trim() ? { reason: reason[p.id]!.trim() } : {})
                          },
                          { onSuccess: () => notify('info', t('stock:pending.declined')) }
                        )
                      }
                    >
                      {t('stock:pending.decline')}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <ErrorText error={cosign.error ?? decline.error} />
    </section>
  )
}
