import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { Empty, QueryState } from '../../components/ui.tsx'
import { formatQuantity, formatTime, toBig } from '../../format.ts'
import { useProducts } from '../../hooks.ts'

/** Socially necessary labour time per unit (§6.2): the average over the subsystem's shops. */
export function PriceList() {
  const { t } = useTranslation()
  const prices = useApi('view.prices', {})
  const products = useProducts()
  return (
    <section className="card stack" aria-labelledby="prices-title">
      <h2 id="prices-title">{t('shop:prices')}</h2>
      <p className="muted">{t('shop:pricesExplain')}</p>
      <QueryState query={prices}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('shop:noPrices')}</Empty>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{t('stock:product')}</th>
                  <th className="num">{t('shop:perUnit')}</th>
                  <th className="num">{t('shop:inShops')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((p) => {
                  const product = products.byId.get(p.product)
                  return (
                    <tr key={p.product}>
                      <td>
                        {p.productName || products.name(p.product)}{' '}
                        {product?.commons && <span className="badge ok">{t('commons')}</span>}
                      </td>
                      <td className="num">
                        {product?.commons
                          ? t('shop:free')
                          : formatTime(p.perUnit ? toBig(p.perUnit.split('.')[0]) : 0n)}
                      </td>
                      <td className="num">{formatQuantity(p.quantity, product?.unit)}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          )
        }
      </QueryState>
    </section>
  )
}
