import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ChoiceField, NumberField, SubmitRow } from '../../components/fields.tsx'
import { explain, quantityOf } from '../../components/forms.ts'
import { useAction } from '../../components/useAction.ts'
import { Field } from '../../components/ui.tsx'
import { useProducts } from '../../hooks.ts'

/** Original appropriation (§3.1): goods enter the books with value 0. */
export function CollectivizeForm() {
  const { t } = useTranslation()
  const products = useProducts()
  const [product, setProduct] = useState('')
  const [quantity, setQuantity] = useState('')
  const [note, setNote] = useState('')
  const parsed = quantityOf(quantity)
  const quantityError = explain(t, parsed)
  const productError = product ? null : t('stock:errors.product')
  const unit = products.byId.get(product)?.unit

  const action = useAction(
    () =>
      quantityError || productError || !parsed.ok
        ? null
        : {
            type: 'resource.collectivize',
            body: {
              product,
              quantity: parsed.value.toString(),
              ...(note.trim() ? { note: note.trim() } : {})
            }
          },
    {
      onDone: () => {
        setQuantity('')
        setNote('')
      },
      fields: { UNKNOWN_PRODUCT: 'product' }
    }
  )

  return (
    <form
      className="card stack"
      onSubmit={action.onSubmit}
      noValidate
      aria-labelledby="collectivize-title"
    >
      <h2 id="collectivize-title">{t('stock:collectivize.title')}</h2>
      <p className="muted">{t('stock:collectivize.explain')}</p>
      <div className="row">
        <ChoiceField
          label={t('stock:product')}
          error={(action.touched ? productError : null) ?? action.fieldError('product')}
          value={product}
          onChange={setProduct}
          options={products.list.map((x) => ({ value: x.id, label: `${x.name} (${x.unit})` }))}
        />
        <NumberField
          label={t('stock:quantity') + (unit ? ` (${unit})` : '')}
          hint={t('stock:wholeUnits')}
          error={action.touched ? quantityError : null}
          value={quantity}
          onChange={setQuantity}
        />
        <Field label={t('stock:note')} hint={t('stock:collectivize.noteHint')}>
          {(p) => (
            <input {...p} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
          )}
        </Field>
      </div>
      <SubmitRow action={action} className="primary">
        {t('stock:collectivize.submit')}
      </SubmitRow>
    </form>
  )
}
