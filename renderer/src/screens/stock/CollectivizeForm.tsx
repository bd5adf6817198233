import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { explain, quantityOf } from '../../components/forms.ts'
import { useSubmit } from '../../components/toasts.tsx'
import { ErrorText, Field } from '../../components/ui.tsx'
import type { BridgeError } from '../../bridge.ts'
import { useProducts } from '../../hooks.ts'

/** Original appropriation (§3.1): goods enter the books with value 0. */
export function CollectivizeForm() {
  const { t } = useTranslation()
  const products = useProducts()
  const submit = useSubmit()
  const [product, setProduct] = useState('')
  const [quantity, setQuantity] = useState('')
  const [note, setNote] = useState('')
  const [touched, setTouched] = useState(false)
  const [error, setError] = useState<BridgeError | null>(null)
  const parsed = quantityOf(quantity)
  const quantityError = explain(t, parsed)
  const productError = product ? null : t('stock:errors.product')
  const unit = products.byId.get(product)?.unit

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (quantityError || productError || !parsed.ok) return
    setError(null)
    try {
      await submit({
        type: 'resource.collectivize',
        body: {
          product,
          quantity: parsed.value.toString(),
          ...(note.trim() ? { note: note.trim() } : {})
        }
      })
      setQuantity('')
      setNote('')
      setTouched(false)
    } catch (err) {
      setError(err as BridgeError)
    }
  }

  return (
    <form
      className="card stack"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="collectivize-title"
    >
      <h2 id="collectivize-title">{t('stock:collectivize.title')}</h2>
      <p className="muted">{t('stock:collectivize.explain')}</p>
      <div className="row">
        <Field label={t('stock:product')} error={touched ? productError : null}>
          {(p) => (
            <select {...p} value={product} onChange={(e) => setProduct(e.target.value)}>
              <option value="">{t('stock:choose')}</option>
              {products.list.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name} ({x.unit})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t('stock:quantity') + (unit ? ` (${unit})` : '')}
          hint={t('stock:wholeUnits')}
          error={touched ? quantityError : null}
        >
          {(p) => (
            <input
              {...p}
              inputMode="numeric"
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('stock:note')} hint={t('stock:collectivize.noteHint')}>
          {(p) => (
            <input {...p} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
          )}
        </Field>
      </div>
      <ErrorText error={error} />
      <div>
        <button className="primary" type="submit">
          {t('stock:collectivize.submit')}
        </button>
      </div>
    </form>
  )
}
