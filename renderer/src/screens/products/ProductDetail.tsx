// One product type: its details, its lots, and for a means of production each lot's value tree
// as the proposal's table (t, c(t), d(t), v(t), v*(t)) with a transfer calculator.
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { useApi } from '../../api.ts'
import { Empty, PageTitle, QueryState } from '../../components/ui.tsx'
import { formatDuration, formatQuantity, formatTime } from '../../format.ts'
import { useCollectives, useProducts } from '../../hooks.ts'
import { RetireProduct } from './RetireProduct.tsx'
import { TransferCalculator } from './TransferCalculator.tsx'
import { ValueTree } from './ValueTree.tsx'

export default function ProductDetail() {
  const { t } = useTranslation()
  const { id } = useParams()
  const products = useProducts()
  const names = useCollectives()
  const lots = useApi('view.lots', {})
  const product = id ? products.byId.get(id) : undefined

  if (!product) return products.isLoading ? null : <Empty>{t('products:notFound')}</Empty>
  const mine = (lots.data ?? []).filter((l) => l.product === product.id)
  return (
    <div className="stack">
      <p>
        <Link to="/products">← {t('products:back')}</Link>
      </p>
      <PageTitle>{product.name}</PageTitle>
      <p>
        {t(`kind.${product.kind}`)} · {t('products:unitIs', { unit: product.unit })}
        {product.durability && (
          <> · {t('products:lasts', { duration: formatDuration(product.durability) })}</>
        )}{' '}
        ·{' '}
        {product.commons ? (
          <span className="badge ok">{t('commons')}</span>
        ) : (
          <span className="badge">{t('exclusive')}</span>
        )}{' '}
        <RetireProduct product={product} />
      </p>
      <h2>{t('products:lotsOf')}</h2>
      <QueryState query={lots}>
        {() =>
          mine.length === 0 ? (
            <Empty>{t('products:noLots')}</Empty>
          ) : (
            <div className="stack">
              {mine.map((lot) => (
                <section
                  key={lot.id}
                  className="card stack"
                  aria-label={t('products:lotLabel', {
                    owner: lot.ownerName || names.name(lot.owner)
                  })}
                >
                  <h3>
                    {lot.ownerName || names.name(lot.owner)}:{' '}
                    {formatQuantity(lot.quantity, product.unit)},{' '}
                    {t('products:worth', { value: formatTime(lot.value) })}
                    {lot.allocatedTo && <span className="badge warn"> {t('products:inUse')}</span>}
                  </h3>
                  {lot.tree && (
                    <>
                      <ValueTree rows={lot.tree} />
                      <TransferCalculator rows={lot.tree} />
                    </>
                  )}
                </section>
              ))}
            </div>
          )
        }
      </QueryState>
    </div>
  )
}
