// What can be done with one lot: transfer it to a trusted collective (they co-sign), write it
// off with a reason, or count it (dispatchers' inventory).
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Lot } from '../../api-types.ts'
import { ChoiceField, NumberField, SubmitRow } from '../../components/fields.tsx'
import { explain, quantityOf } from '../../components/forms.ts'
import { useAction } from '../../components/useAction.ts'
import { Field } from '../../components/ui.tsx'
import { formatDate, formatQuantity, formatTime, toBig } from '../../format.ts'
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
  const quantityLabel = t('stock:quantity') + (unit ? ` (${unit})` : '')
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
  // Who co-signs is the ledger's to say (the giver and the receiver), not this form's.
  const transfer = useAction(
    () =>
      transferQError || toError
        ? null
        : { type: 'resource.transfer', body: { lot: lot.id, quantity: qty(qTransfer), to } },
    {
      fields: {
        NO_STRONG_TRUST: 'to',
        SAME_OWNER: 'to',
        NOT_MEMBER: 'to',
        QUANTITY_TOO_LARGE: 'quantity',
        LOT_ALLOCATED: 'quantity',
        LOT_RESERVED: 'quantity'
      }
    }
  )
  const writeoffQError = explain(t, quantityOf(qWriteoff)) ?? tooMuch(qWriteoff)
  const reasonError = reason.trim() ? null : t('stock:errors.reason')
  const writeoff = useAction(
    () =>
      writeoffQError || reasonError
        ? null
        : {
            type: 'resource.writeoff',
            body: { lot: lot.id, quantity: qty(qWriteoff), reason: reason.trim() }
          },
    { fields: { QUANTITY_TOO_LARGE: 'quantity', LOT_ALLOCATED: 'quantity' } }
  )
  const countError = explain(t, quantityOf(counted), { positive: false })
  const count = useAction(
    () =>
      countError ? null : { type: 'inventory.count', body: { lot: lot.id, counted: qty(counted) } },
    { fields: { INVENTORY_SURPLUS: 'counted', WRONG_ROLE: 'counted', LOT_ALLOCATED: 'counted' } }
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
      {lot.reserved ? (
        <p role="note">
          {t('stock:reservedNote', {
            quantity: formatQuantity(lot.reserved.quantity, unit),
            to: lot.reserved.toName,
            who: lot.reserved.waitingFor.join(', '),
            when: formatDate(lot.reserved.expires, true)
          })}
        </p>
      ) : (
        <div className="grid-2">
          <form className="stack" onSubmit={transfer.onSubmit} noValidate>
            <h3>{t('stock:transfer.title')}</h3>
            <p className="muted">{t('stock:transfer.explain')}</p>
            <ChoiceField
              label={t('stock:transfer.to')}
              error={(transfer.touched ? toError : null) ?? transfer.fieldError('to')}
              hint={partners.length === 0 ? t('stock:transfer.noPartners') : undefined}
              value={to}
              onChange={setTo}
              options={partners.map((id) => ({ value: id, label: names.name(id) }))}
            />
            <NumberField
              label={quantityLabel}
              error={(transfer.touched ? transferQError : null) ?? transfer.fieldError('quantity')}
              value={qTransfer}
              onChange={setQTransfer}
            />
            <SubmitRow action={transfer} className="primary" disabled={!me}>
              {t('stock:transfer.submit')}
            </SubmitRow>
          </form>
          <form className="stack" onSubmit={writeoff.onSubmit} noValidate>
            <h3>{t('stock:writeoff.title')}</h3>
            <p className="muted">{t('stock:writeoff.explain')}</p>
            <NumberField
              label={quantityLabel}
              error={(writeoff.touched ? writeoffQError : null) ?? writeoff.fieldError('quantity')}
              value={qWriteoff}
              onChange={setQWriteoff}
            />
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
            <SubmitRow action={writeoff} className="danger">
              {t('stock:writeoff.submit')}
            </SubmitRow>
          </form>
          {me?.roles.includes('dispatcher') && (
            <form className="stack" onSubmit={count.onSubmit} noValidate>
              <h3>{t('stock:count.title')}</h3>
              <p className="muted">{t('stock:count.explain')}</p>
              <NumberField
                label={t('stock:count.counted') + (unit ? ` (${unit})` : '')}
                error={(count.touched ? countError : null) ?? count.fieldError('counted')}
                value={counted}
                onChange={setCounted}
              />
              <SubmitRow action={count}>{t('stock:count.submit')}</SubmitRow>
            </form>
          )}
        </div>
      )}
    </section>
  )
}
