// Stock: this collective's lots with quantity and value; collectivize, transfer (co-signed by
// both sides), write off, count; and the co-signatures other collectives are waiting for.
import { useInfiniteQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../../api.ts'
import { BarSeries } from '../../components/charts.tsx'
import { Empty, PageTitle, QueryState } from '../../components/ui.tsx'
import { CsvButton } from '../../components/CsvButton.tsx'
import { formatQuantity, formatTime, hoursForChart, perUnit, toBig } from '../../format.ts'
import { useMe, useProducts } from '../../hooks.ts'
import type { BridgeError } from '../../bridge.ts'
import { CollectivizeForm } from './CollectivizeForm.tsx'
import { LotActions } from './LotActions.tsx'
import { PendingList } from './PendingList.tsx'

const PAGE = 50

export default function Stock() {
  const { t } = useTranslation()
  const me = useMe()
  const products = useProducts()
  // A page of lots at a time ("Show more"), with the totals the ledger keeps: a shop with
  // thousands of lots opens as fast as one with ten (issue 14).
  const query = useInfiniteQuery({
    queryKey: ['view.stock', { owner: me?.id }],
    queryFn: ({ pageParam }) =>
      call('view.stock', { ...(me ? { owner: me.id } : {}), limit: PAGE, ...(pageParam !== null ? { after: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next ?? undefined,
    enabled: !!me
  })
  const total = query.data?.pages[0]?.total
  const lots = {
    data: query.data ? query.data.pages.flatMap((p) => p.lots) : undefined,
    error: query.error as BridgeError | null,
    isPending: query.isPending
  }
  const [selected, setSelected] = useState<string | null>(null)
  const lot = lots.data?.find((l) => l.id === selected)

  return (
    <div className="stack">
      <PageTitle>{t('stock:title')}</PageTitle>
      <PendingList />
      <section aria-labelledby="lots-title">
        <h2 id="lots-title">{t('stock:lots')}</h2>
        <QueryState query={lots}>
          {(list) =>
            list.length === 0 ? (
              <Empty>{t('stock:empty')}</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>{t('stock:product')}</th>
                      <th className="num">{t('stock:quantity')}</th>
                      <th className="num">{t('stock:value')}</th>
                      <th className="num">{t('stock:perUnit')}</th>
                      <th>{t('stock:state')}</th>
                      <th>
                        <span className="visually-hidden">{t('stock:actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((l) => {
                      const product = products.byId.get(l.product)
                      return (
                        <tr key={l.id} aria-selected={l.id === selected}>
                          <td>
                            {l.productName || products.name(l.product)}{' '}
                            {product?.commons && <span className="badge ok">{t('commons')}</span>}
                          </td>
                          <td className="num">{formatQuantity(l.quantity, product?.unit)}</td>
                          <td className="num">{formatTime(l.value)}</td>
                          <td className="num">{perUnit(l.value, l.quantity)}</td>
                          <td>
                            {l.reserved
                              ? t('stock:reserved', { to: l.reserved.toName })
                              : l.allocatedTo
                                ? t('stock:allocated')
                                : t('stock:free')}
                          </td>
                          <td>
                            <button
                              onClick={() => setSelected(l.id === selected ? null : l.id)}
                              aria-expanded={l.id === selected}
                              aria-controls="lot-actions"
                            >
                              {t('stock:manage')}
                            </button>
                          </td>
                        </tr>
                      )
                    })}
                  </tbody>
                </table>
                <CsvButton
                  fileName="stock.csv"
                  columns={[t('stock:product'), t('stock:quantity'), `${t('stock:value')} (µmin)`, t('stock:state'), 'lot']}
                  rows={() => list.map((l) => [l.productName || products.name(l.product), l.quantity, l.value, l.allocatedTo ? t('stock:allocated') : t('stock:free'), l.id])}
                />
                {total && (
                  <p className="muted" aria-live="polite">
                    {t('stock:shown', { shown: list.length, count: total.lots, value: formatTime(total.value) })}
                  </p>
                )}
                {query.hasNextPage && (
                  <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                    {t('stock:more')}
                  </button>
                )}
              </div>
            )
          }
        </QueryState>
      </section>
      {total && total.byProduct.length > 0 && <StockChart lots={total.byProduct} name={products.name} />}
      {lot && <LotActions key={lot.id} lot={lot} onClose={() => setSelected(null)} />}
      <CollectivizeForm />
    </div>
  )
}

/** Stock value by product, in hours: where the labour time of the stock sits (all lots, not the page's). */
function StockChart({
  lots,
  name
}: {
  lots: Array<{ product: string; value: string }>
  name: (id: string) => string
}) {
  const { t } = useTranslation()
  const byProduct = new Map<string, bigint>()
  for (const l of lots) byProduct.set(l.product, (byProduct.get(l.product) ?? 0n) + toBig(l.value))
  const points = [...byProduct]
    .sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0))
    .slice(0, 12)
    .map(([product, value]) => ({
      label: name(product),
      value: Math.round(hoursForChart(value) * 10) / 10
    }))
  return (
    <BarSeries
      title={t('stock:chart')}
      unit="h"
      points={points}
      summary={points.map((p) => `${p.label}: ${p.value} h`).join('; ')}
    />
  )
}
