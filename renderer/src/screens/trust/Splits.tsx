// After a cancelled trust split a subsystem: each part's outstanding coupons against the value
// of exclusive goods at its shops, and a settlement (goods across the cut, co-signed).
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import type { TrustView } from '../../api-types.ts'
import { ChoiceField, NumberField } from '../../components/fields.tsx'
import { explain, quantityOf } from '../../components/forms.ts'
import { useAction } from '../../components/useAction.ts'
import { ErrorText } from '../../components/ui.tsx'
import { formatTime } from '../../format.ts'
import { useCollectives, useMe, useProducts } from '../../hooks.ts'

function Settle({ split, others }: { split: string; others: string[] }) {
  const { t } = useTranslation()
  const me = useMe()
  const names = useCollectives()
  const products = useProducts()
  const lots = useApi('view.lots', { owner: me?.id }, { enabled: !!me })
  const [to, setTo] = useState('')
  const [lot, setLot] = useState('')
  const [quantity, setQuantity] = useState('')
  const q = quantityOf(quantity)
  const errors = {
    to: to ? null : t('stock:errors.to'),
    lot: lot ? null : t('orders:errors.lot'),
    quantity: explain(t, q)
  }
  const action = useAction(() =>
    !me || errors.to || errors.lot || errors.quantity || !q.ok
      ? null
      : {
          type: 'settlement.record',
          body: { split, from: me.id, to, lots: [{ lot, quantity: q.value.toString() }] },
          cosigners: [to]
        }
  )
  return (
    <form className="row" onSubmit={action.onSubmit} noValidate>
      <ChoiceField
        label={t('trust:settle.to')}
        error={action.touched ? errors.to : null}
        value={to}
        onChange={setTo}
        options={others.map((id) => ({ value: id, label: names.name(id) }))}
      />
      <ChoiceField
        label={t('trust:settle.lot')}
        error={action.touched ? errors.lot : null}
        value={lot}
        onChange={setLot}
        options={(lots.data ?? []).map((l) => ({
          value: l.id,
          label: `${l.productName || products.name(l.product)}: ${l.quantity}, ${formatTime(l.value)}`
        }))}
      />
      <NumberField
        label={t('stock:quantity')}
        error={action.touched ? errors.quantity : null}
        value={quantity}
        onChange={setQuantity}
        size={6}
      />
      <button type="submit" disabled={action.busy}>
        {t('trust:settle.submit')}
      </button>
      <ErrorText error={action.error} />
    </form>
  )
}

export function Splits({ view }: { view: TrustView }) {
  const { t } = useTranslation()
  const me = useMe()
  const names = useCollectives()
  return (
    <section className="stack" aria-labelledby="splits-title">
      <h2 id="splits-title">{t('trust:splits.title')}</h2>
      <p className="muted">{t('trust:splits.explain')}</p>
      {view.splits.map((s) => {
        const mine = s.parts.find((p) => me && p.members.includes(me.id))
        const others = s.parts.filter((p) => p !== mine).flatMap((p) => p.members)
        return (
          <div key={s.split.id} className="card stack">
            <table>
              <thead>
                <tr>
                  <th>{t('trust:splits.part')}</th>
                  <th className="num">{t('trust:splits.coupons')}</th>
                  <th className="num">{t('trust:splits.goods')}</th>
                </tr>
              </thead>
              <tbody>
                {s.parts.map((p, i) => (
                  <tr key={i}>
                    <td>{p.members.map((m) => names.name(m)).join(', ')}</td>
                    <td className="num">{formatTime(p.coupons)}</td>
                    <td className="num">{formatTime(p.goods)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {mine && others.length > 0 && <Settle split={s.split.id} others={others} />}
          </div>
        )
      })}
    </section>
  )
}
