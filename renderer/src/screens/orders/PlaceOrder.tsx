import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ChoiceField, NumberField, SubmitRow } from '../../components/fields.tsx'
import { explain, quantityOf } from '../../components/forms.ts'
import { useAction } from '../../components/useAction.ts'
import { Field } from '../../components/ui.tsx'
import { useCollectives, useMe, usePartners, useProducts } from '../../hooks.ts'

/** Order goods from a collective we trust, or from ourselves (to record our own production). */
export function PlaceOrder() {
  const { t } = useTranslation()
  const me = useMe()
  const partners = usePartners()
  const names = useCollectives()
  const products = useProducts()
  const [producer, setProducer] = useState('')
  const [product, setProduct] = useState('')
  const [quantity, setQuantity] = useState('')
  const [deliverBy, setDeliverBy] = useState('')
  const q = quantityOf(quantity)
  const errors = {
    producer: producer ? null : t('orders:errors.producer'),
    product: product ? null : t('orders:errors.product'),
    quantity: explain(t, q)
  }
  const place = useAction(
    () => {
      if (errors.producer || errors.product || errors.quantity || !q.ok) return null
      const body = { producer, product, quantity: q.value.toString() }
      const by = deliverBy ? { deliverBy: Date.parse(deliverBy + 'T12:00:00Z') } : {}
      return { type: 'order.place', body: { ...body, ...by } }
    },
    {
      onDone: () => setQuantity(''),
      fields: { NO_STRONG_TRUST: 'producer', WRONG_ROLE: 'producer', UNKNOWN_PRODUCT: 'product' }
    }
  )
  const producers = me ? [me.id, ...partners] : partners
  return (
    <form className="card stack" onSubmit={place.onSubmit} noValidate aria-labelledby="place-title">
      <h2 id="place-title">{t('orders:place.title')}</h2>
      <p className="muted">{t('orders:place.explain')}</p>
      <div className="row">
        <ChoiceField
          label={t('orders:place.producer')}
          error={(place.touched ? errors.producer : null) ?? place.fieldError('producer')}
          value={producer}
          onChange={setProducer}
          options={producers.map((id) => ({
            value: id,
            label: id === me?.id ? t('orders:place.ourselves') : names.name(id)
          }))}
        />
        <ChoiceField
          label={t('stock:product')}
          error={place.touched ? errors.product : null}
          value={product}
          onChange={setProduct}
          options={products.list.map((x) => ({ value: x.id, label: `${x.name} (${x.unit})` }))}
        />
        <NumberField
          label={t('stock:quantity')}
          error={place.touched ? errors.quantity : null}
          value={quantity}
          onChange={setQuantity}
          size={8}
        />
        <Field label={t('orders:place.deliverBy')} hint={t('orders:place.optional')}>
          {(p) => (
            <input
              {...p}
              type="date"
              value={deliverBy}
              onChange={(e) => setDeliverBy(e.target.value)}
            />
          )}
        </Field>
      </div>
      <SubmitRow action={place} className="primary">
        {t('orders:place.submit')}
      </SubmitRow>
    </form>
  )
}
