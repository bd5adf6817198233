// The output of a production run, with the value balance shown live: everything that went in
// equals the value of what comes out, split by quantity (largest remainder), to the µmin.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { largestRemainder } from '../../../../core/economics/split.ts'
import type { Production } from '../../api-types.ts'
import { ChoiceField, NumberField, SubmitRow } from '../../components/fields.tsx'
import { explain, quantityOf } from '../../components/forms.ts'
import { useAction } from '../../components/useAction.ts'
import { formatQuantity, formatTime, perUnit, toBig } from '../../format.ts'
import { useProducts } from '../../hooks.ts'

interface Row {
  product: string
  quantity: string
}

export function OutputForm({ production }: { production: Production }) {
  const { t } = useTranslation()
  const products = useProducts()
  const [rows, setRows] = useState<Row[]>([{ product: production.product, quantity: '' }])
  const parsed = rows.map((r) => quantityOf(r.quantity))
  const errors = rows.map((r, i) =>
    r.product ? explain(t, parsed[i]!) : t('orders:errors.product')
  )
  const ok = errors.every((e) => e === null)
  const total = toBig(production.value)
  const values = ok
    ? largestRemainder(
        total,
        parsed.map((p) => (p.ok ? p.value : 0n))
      )
    : []
  const machines = production.allocated.length

  const action = useAction(() => {
    if (!ok || machines > 0) return null
    return {
      type: 'production.output',
      body: {
        production: production.id,
        outputs: rows.map((r, i) => ({
          product: r.product,
          quantity: (parsed[i] as { value: bigint }).value.toString(),
          value: values[i]!.toString()
        }))
      }
    }
  })
  const set = (i: number, patch: Partial<Row>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  const productOptions = products.list.map((x) => ({ value: x.id, label: x.name }))

  return (
    <form
      className="card stack"
      onSubmit={action.onSubmit}
      noValidate
      aria-labelledby={`output-${production.id}`}
    >
      <h3 id={`output-${production.id}`}>{t('orders:output.title')}</h3>
      {rows.map((r, i) => (
        <div className="row" key={i}>
          <ChoiceField
            label={t('stock:product')}
            error={action.touched && !r.product ? errors[i] : null}
            value={r.product}
            onChange={(product) => set(i, { product })}
            options={productOptions}
          />
          <NumberField
            label={t('stock:quantity')}
            error={action.touched && r.product ? errors[i] : null}
            value={r.quantity}
            onChange={(quantity) => set(i, { quantity })}
            size={8}
          />
          {rows.length > 1 && (
            <button type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              {t('orders:output.remove')}
            </button>
          )}
        </div>
      ))}
      <div>
        <button type="button" onClick={() => setRows([...rows, { product: '', quantity: '' }])}>
          {t('orders:output.add')}
        </button>
      </div>
      <table aria-live="polite">
        <caption>{t('orders:output.balance')}</caption>
        <tbody>
          <tr>
            <th scope="row">{t('orders:output.in')}</th>
            <td className="num">{formatTime(total)}</td>
          </tr>
          {ok &&
            rows.map((r, i) => (
              <tr key={i}>
                <th scope="row">
                  {t('orders:output.out')}:{' '}
                  {formatQuantity(
                    (parsed[i] as { value: bigint }).value,
                    products.byId.get(r.product)?.unit
                  )}{' '}
                  {products.name(r.product)}
                  <span className="muted">
                    {' '}
                    (
                    {t('orders:output.each', {
                      value: perUnit(
                        values[i]!.toString(),
                        (parsed[i] as { value: bigint }).value.toString()
                      )
                    })}
                    )
                  </span>
                </th>
                <td className="num">{formatTime(values[i])}</td>
              </tr>
            ))}
          {ok && (
            <tr>
              <th scope="row">{t('orders:output.difference')}</th>
              <td className="num">{formatTime(total - values.reduce((a, b) => a + b, 0n))}</td>
            </tr>
          )}
        </tbody>
      </table>
      {machines > 0 && (
        <p className="error">{t('orders:output.releaseFirst', { count: machines })}</p>
      )}
      <SubmitRow action={action} className="primary" disabled={machines > 0}>
        {t('orders:output.submit')}
      </SubmitRow>
    </form>
  )
}
