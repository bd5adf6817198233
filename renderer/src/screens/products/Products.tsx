// Products: the catalogue with commons/exclusive labels; define a new product type.
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useApi } from '../../api.ts'
import { Empty, PageTitle, QueryState } from '../../components/ui.tsx'
import { CsvButton } from '../../components/CsvButton.tsx'
import { formatDuration, formatTime } from '../../format.ts'
import { CommonsVotes } from './CommonsVotes.tsx'
import { DefineForm } from './DefineForm.tsx'

export default function Products() {
  const { t } = useTranslation()
  const all = useApi('view.products', {})
  // A retired product type is gone from the catalogue; its records still show its name.
  const products = { ...all, data: all.data?.filter((p) => !p.retiredBy) }
  const prices = useApi('view.prices', {})
  const priceOf = new Map((prices.data ?? []).map((p) => [p.product, p.perUnit]))
  return (
    <div className="stack">
      <PageTitle>{t('products:title')}</PageTitle>
      <p className="muted">{t('products:explain')}</p>
      <QueryState query={products}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('products:empty')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t('products:name')}</th>
                    <th>{t('products:unit')}</th>
                    <th>{t('products:kind')}</th>
                    <th>{t('products:durability')}</th>
                    <th>{t('products:label')}</th>
                    <th className="num">{t('products:price')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((p) => {
                    const price = priceOf.get(p.id)
                    return (
                      <tr key={p.id}>
                        <td>
                          <Link to={`/products/${p.id}`}>{p.name}</Link>
                        </td>
                        <td>{p.unit}</td>
                        <td>{t(`kind.${p.kind}`)}</td>
                        <td>{p.durability ? formatDuration(p.durability) : '–'}</td>
                        <td>
                          {p.commons ? (
                            <span className="badge ok">{t('commons')}</span>
                          ) : (
                            <span className="badge">{t('exclusive')}</span>
                          )}
                        </td>
                        <td className="num">{price ? formatTime(price.split('.')[0]) : '–'}</td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
              <CsvButton
                fileName="products.csv"
                columns={[t('products:name'), t('products:unit'), t('products:kind'), `${t('products:durability')} (min)`, t('products:label'), `${t('products:price')} (µmin)`, 'id']}
                rows={() => list.map((p) => [p.name, p.unit, t(`kind.${p.kind}`), p.durability, p.commons ? t('commons') : t('exclusive'), priceOf.get(p.id)?.split('.')[0], p.id])}
              />
            </div>
          )
        }
      </QueryState>
      <DefineForm />
      <CommonsVotes />
    </div>
  )
}
