import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ChoiceField } from '../../components/fields.tsx'
import { formatTime } from '../../format.ts'
import { useProducts } from '../../hooks.ts'

export interface Line {
  product: string
  quantity: string
}

export function Basket({
  lines,
  setLines,
  lineTotal,
  errors
}: {
  lines: Line[]
  setLines: (l: Line[]) => void
  lineTotal: (l: Line) => bigint
  errors: Array<string | null>
}) {
  const { t } = useTranslation()
  const products = useProducts()
  const [product, setProduct] = useState('')
  const add = () => {
    if (!product) return
    setLines([...lines, { product, quantity: '1' }])
    setProduct('')
  }
  return (
    <div className="stack">
      <div className="row">
        <ChoiceField
          label={t('shop:addProduct')}
          value={product}
          onChange={setProduct}
          options={products.list.map((x) => ({ value: x.id, label: x.name }))}
        />
        <button type="button" onClick={add} disabled={!product}>
          {t('shop:add')}
        </button>
      </div>
      {lines.length > 0 && (
        <table>
          <caption className="visually-hidden">{t('shop:basket')}</caption>
          <thead>
            <tr>
              <th>{t('stock:product')}</th>
              <th>{t('stock:quantity')}</th>
              <th className="num">{t('shop:lineTotal')}</th>
              <th>
                <span className="visually-hidden">{t('stock:actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => (
              <tr key={i}>
                <td>
                  {products.name(l.product)}{' '}
                  {products.byId.get(l.product)?.commons && (
                    <span className="badge ok">{t('shop:free')}</span>
                  )}
                </td>
                <td>
                  <input
                    aria-label={t('shop:quantityOf', { product: products.name(l.product) })}
                    aria-invalid={errors[i] ? true : undefined}
                    inputMode="numeric"
                    size={5}
                    value={l.quantity}
                    onChange={(e) =>
                      setLines(
                        lines.map((x, j) => (j === i ? { ...x, quantity: e.target.value } : x))
                      )
                    }
                  />
                  {errors[i] && <span className="error"> {errors[i]}</span>}
                </td>
                <td className="num">{formatTime(lineTotal(l))}</td>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => setLines(lines.filter((_, j) => j !== i))}
                  >
                    {t('orders:output.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
