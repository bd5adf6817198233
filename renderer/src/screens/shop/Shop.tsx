// Shop terminal (dispatchers): the price list in labour time, the checkout where the person
// signs the spending with their wallet, commons goods free, and the dispatch records.
import { useInfiniteQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { call, type BridgeError } from '../../api.ts'
import { Empty, ErrorText, PageTitle, QueryState, StatusBadge } from '../../components/ui.tsx'
import { useMe } from '../../hooks.ts'
import { Checkout } from './Checkout.tsx'
import { KeptWallets } from './KeptWallets.tsx'
import { Till } from './Till.tsx'
import { PriceList } from './PriceList.tsx'
import { dispatchPage, DISPATCHES } from './dispatch-history.ts'

function Recent() {
  const { t } = useTranslation()
  // A page of dispatches at a time, each reading back as far as it must (dispatch-history.ts):
  // a dispatch older than the newest thousand entries is reached with "Show older dispatches".
  const query = useInfiniteQuery({
    queryKey: ['view.log', { search: DISPATCHES, paged: true }],
    queryFn: ({ pageParam }) =>
      dispatchPage((before, limit) => call('view.log', { search: DISPATCHES, limit, ...(before !== null ? { before } : {}) }), pageParam),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.next ?? undefined
  })
  const entries = (query.data?.pages ?? []).flatMap((p) => p.entries)
  const lookedTo = query.data?.pages.at(-1)?.next
  return (
    <section className="card" aria-labelledby="recent-title">
      <h2 id="recent-title">{t('shop:recent')}</h2>
      {/* An older page that failed leaves the newer ones shown, with its error below them. */}
      <QueryState query={{ data: query.data, error: query.isFetchNextPageError ? null : (query.error as BridgeError | null), isPending: query.isPending }}>
        {() => (
          <>
            {entries.length === 0 ? (
              query.hasNextPage ? null : <Empty>{t('shop:noRecent')}</Empty>
            ) : (
              <ul>
                {entries.map((e) => (
                  <li key={e.seq}>
                    #{e.seq} {t(`txType.${e.type}`, { defaultValue: e.type ?? '' })}{' '}
                    <StatusBadge status={e.status} />{' '}
                    {e.reason && <span className="error">{e.reason}</span>}
                  </li>
                ))}
              </ul>
            )}
            {query.hasNextPage && lookedTo != null && (
              <p className="row">
                <span className="muted" role="status">
                  {t(entries.length === 0 ? 'shop:noneSince' : 'shop:olderBefore', { seq: lookedTo })}
                </span>
                <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                  {t('shop:older')}
                </button>
              </p>
            )}
            <ErrorText error={query.isFetchNextPageError ? (query.error as BridgeError) : null} reading />
          </>
        )}
      </QueryState>
    </section>
  )
}

export default function Shop() {
  const { t } = useTranslation()
  const me = useMe()
  return (
    <div className="stack">
      <PageTitle>{t('shop:title')}</PageTitle>
      {me && !me.roles.includes('dispatcher') && <p className="muted">{t('shop:notDispatcher')}</p>}
      <div className="grid-2">
        <PriceList />
        <Checkout />
      </div>
      {me?.roles.includes('dispatcher') && <Till />}
      {me?.roles.includes('dispatcher') && <KeptWallets />}
      <Recent />
    </div>
  )
}
