// What can be done with one lot: transfer it to a trusted collective (they co-sign), write it
// off with a reason, or count it (dispatchers' inventory).
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Lot } from '../../api-types.ts'
import { explain, quantityOf } from '../../components/forms.ts'
import { useAction } from '../../components/useAction.ts'
import { ErrorText, Field } from '../../components/ui.tsx'
import { formatQuantity, formatTime, toBig } from '../../format.ts'
import { useCollectives, useMe, usePartners, useProducts } from '../../hooks.ts'

const qty = (text: string) => {
  const p = quantityOf(text)
  return p.ok ? p.value.toString() : ''
}

export function LotActions({ lot, onClose }: { lot: Lot; onClose: () => void }) {
  const { t } = useTranslation()
  const me = useMe()
  const names = useCollectives()
  const partners = usePartners()
  const products = useProducts()
  const unit = products.byId.get(lot.product)?.unit
  const [to, setTo] = useState('')
  const [qTransfer, setQTransfer] = useState('')
  const [qWriteoff, setQWriteoff] = useState('')
  const [reason, setReason] = useState('')
  const [counted, setCounted] = useState('')

  const tooMuch = (text: string) => {
    const p = quantityOf(text)
    return p.ok && p.value > toBig(lot.quantity)
      ? t('stock:errors.tooMuch', { quantity: formatQuantity(lot.quantity, unit) })
      : null
  }
  const transferQError = explain(t, quantityOf(qTransfer)) ?? tooMuch(qTransfer)
  const toError = to ? null : t('stock:errors.to')
  const transfer = useAction(() =>
    transferQError || toError
      ? null
      : {
          type: 'resource.transfer',
          body: { lot: lot.id, quantity: qty(qTransfer), to },
          cosigners: [to]
        }
  )
  const writeoffQError = explain(t, quantityOf(qWriteoff)) ?? tooMuch(qWriteoff)
  const reasonError = reason.trim() ? null : t('stock:errors.reason')
  const writeoff = useAction(() =>
    writeoffQError || reasonError
      ? null
      : {
          type: 'resource.writeoff',
          body: { lot: lot.id, quantity: qty(qWriteoff), reason: reason.trim() }
        }
  )
  const countError = explain(t, quantityOf(counted), { positive: false })
  const count = useAction(() =>
    countError ? null : { type: 'inventory.count', body: { lot: lot.id, counted: qty(counted) } }
  )

  return (
    <section id="lot-actions" className="card stack" aria-labelledby="lot-actions-title">
      <div className="row">
        <h2 id="lot-actions-title">
          {t('stock:manageLot', {
            product: lot.productName || products.name(lot.product),
            quantity: formatQuantity(lot.quantity, unit),
            value: formatTime(lot.value)
          })}
        </h2>
        <span className="spacer" />
        <button onClick={onClose}>{t('close')}</button>
      </div>
      {lot.allocatedTo && <p className="muted">{t('stock:allocatedNote')}</p>}
      <div className="grid-2">
        <form className="stack" onSubmit={transfer.onSubmit} noValidate>
          <h3>{t('stock:transfer.title')}</h3>
          <p className="muted">{t('stock:transfer.explain')}</p>
          <Field
            label={t('stock:transfer.to')}
            error={transfer.touched ? toError : null}
            hint={partners.length === 0 ? t('stock:transfer.noPartners') : undefined}
          >
            {(p) => (
              <select {...p} value={to} onChange={(e) => setTo(e.target.value)}>
                <option value="">{t('stock:choose')}</option>
                {partners.map((id) => (
                  <option key={id} value={id}>
                    {names.name(id)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label={t('stock:quantity') + (unit ? ` (${unit})` : '')}
            error={transfer.touched ? transferQError : null}
          >
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                value={qTransfer}
                onChange={(e) => setQTransfer(e.target.value)}
              />
            )}
          </Field>
          <ErrorText error={transfer.error} />
          <div>
            <button className="primary" type="submit" disabled={transfer.busy || !me}>
              {t('stock:transfer.submit')}
            </button>
          </div>
        </form>
        <form className="stack" onSubmit={writeoff.onSubmit} noValidate>
          <h3>{t('stock:writeoff.title')}</h3>
          <p className="muted">{t('stock:writeoff.explain')}</p>
          <Field
            label={t('stock:quantity') + (unit ? ` (${unit})` : '')}
            error={writeoff.touched ? writeoffQError : null}
          >
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                value={qWriteoff}
                onChange={(e) => setQWriteoff(e.target.value)}
              />
            )}
          </Field>
          <Field
            label={t('stock:writeoff.reason')}
            hint={t('stock:writeoff.reasonHint')}
            error={writeoff.touched ? reasonError : null}
          >
            {(p) => (
              <input
                {...p}
                value={reason}
                maxLength={500}
                onChange={(e) => setReason(e.target.value)}
              />
            )}
          </Field>
          <ErrorText error={writeoff.error} />
          <div>
            <button className="danger" type="submit" disabled={writeoff.busy}>
              {t('stock:writeoff.submit')}
            </button>
          </div>
        </form>
        {me?.roles.includes('dispatcher') && (
          <form className="stack" onSubmit={count.onSubmit} noValidate>
            <h3>{t('stock:count.title')}</h3>
            <p className="muted">{t('stock:count.explain')}</p>
            <Field
              label={t('stock:count.counted') + (unit ? ` (${unit})` : '')}
              error={count.touched ? countError : null}
            >
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  value={counted}
                  onChange={(e) => setCounted(e.target.value)}
                />
              )}
            </Field>
            <ErrorText error={count.error} />
            <div>
              <button type="submit" disabled={count.busy}>
                {t('stock:count.submit')}
              </button>
            </div>
          </form>
        )}
      </div>
    </section>
  )
}
