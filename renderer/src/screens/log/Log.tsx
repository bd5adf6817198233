// The log as an audit trail: every entry with who took part, what moved and what became of it
// (its transaction's present status: a transfer co-signed since shows as accepted), newest
// first, searchable by names; a row opens the whole transaction. Paged queries and a virtualised
// list keep it fast at a million entries: only the rows on screen exist in the page.
import { useInfiniteQuery } from '@tanstack/react-query'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useDeferredValue, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { call } from '../../api.ts'
import { getBridge } from '../../bridge.ts'
import type { LogRecord } from '../../api-types.ts'
import { useRefusal } from '../../components/refusal.ts'
import { ErrorText, Field, Loading, PageTitle, StatusBadge } from '../../components/ui.tsx'
import { partiesOf, useWhat } from './summary.tsx'
import { TransactionDialog } from './TransactionDialog.tsx'
import { CsvButton } from '../../components/CsvButton.tsx'

const PAGE = 200
type StatusFilter = '' | 'accepted' | 'pending' | 'rejected'

export default function Log() {
  const { t } = useTranslation()
  const [params, setParams] = useSearchParams()
  const [search, setSearch] = useState(params.get('q') ?? '')
  const status = (params.get('status') ?? '') as StatusFilter
  const deferred = useDeferredValue(search.trim())
  const query = useInfiniteQuery({
    queryKey: ['view.log', { search: deferred, status }],
    queryFn: ({ pageParam }) =>
      call('view.log', {
        limit: PAGE,
        ...(pageParam !== null ? { before: pageParam } : {}),
        ...(deferred ? { search: deferred } : {}),
        ...(status ? { status } : {})
      }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.next ?? undefined,
    // Refetching every loaded page on each update would be heavy at a million entries.
    meta: { manualRefresh: true },
    staleTime: 0
  })
  const [fresh, setFresh] = useState(false)
  const [open, setOpen] = useState<string | null>(null)
  const what = useWhat()
  const refusal = useRefusal()
  useEffect(() => getBridge().on('update', () => setFresh(true)), [])
  const rows: LogRecord[] = query.data?.pages.flatMap((p) => p.entries) ?? []
  const total = query.data?.pages[0]?.total
  const parent = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length + (query.hasNextPage && (query.data?.pages.at(-1)?.entries.length ?? 0) >= PAGE ? 1 : 0),
    getScrollElement: () => parent.current,
    estimateSize: () => 38,
    overscan: 12
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items.at(-1)?.index ?? 0
  // A search or filter looks at a bounded stretch of the log per call (issue 14); one that came
  // back short stopped there, and reading on is the clerk's choice, not the scroll's.
  const last = query.data?.pages.at(-1)
  const stopped = query.hasNextPage && last !== undefined && last.entries.length < PAGE
  const scrollMore = query.hasNextPage && !stopped

  useEffect(() => {
    if (lastIndex >= rows.length - 1 && scrollMore && !query.isFetchingNextPage)
      void query.fetchNextPage()
  }, [lastIndex, rows.length, query, scrollMore])

  return (
    <div className="stack">
      <PageTitle>{t('log:title')}</PageTitle>
      <div className="row" role="search">
        <Field label={t('log:search')} hint={t('log:searchHint')}>
          {(p) => (
            <input
              {...p}
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('log:status')}>
          {(p) => (
            <select
              {...p}
              value={status}
              onChange={(e) => {
                const next = new URLSearchParams(params)
                if (e.target.value) next.set('status', e.target.value)
                else next.delete('status')
                setParams(next, { replace: true })
              }}
            >
              <option value="">{t('log:all')}</option>
              <option value="accepted">{t('status.accepted')}</option>
              <option value="pending">{t('status.pending')}</option>
              <option value="rejected">{t('status.rejected')}</option>
            </select>
          )}
        </Field>
        {total !== undefined && <p className="muted">{t('log:total', { count: total })}</p>}
        {/* The entries loaded so far; the whole log as signed transactions is under Reports. */}
        <CsvButton
          fileName="log.csv"
          columns={['#', t('log:type'), t('log:status'), 'code', t('log:detail'), 'id', 'writer']}
          rows={() => rows.map((r) => [r.seq, r.type, r.status, r.code, r.reason, r.id, r.writer])}
        />
        {fresh && (
          <button
            onClick={() => {
              setFresh(false)
              void query.refetch()
            }}
          >
            {t('log:newEntries')}
          </button>
        )}
      </div>
      <ErrorText error={query.error} reading />
      {query.isPending ? (
        <Loading />
      ) : (
        <div
          className="virtual-list"
          ref={parent}
          role="table"
          aria-label={t('log:title')}
          aria-rowcount={total ?? rows.length}
          tabIndex={0}
        >
          <div className="virtual-row head" role="row">
            <span role="columnheader">#</span>
            <span role="columnheader">{t('log:type')}</span>
            <span role="columnheader">{t('log:parties')}</span>
            <span role="columnheader">{t('log:what')}</span>
            <span role="columnheader">{t('log:status')}</span>
            <span role="columnheader">{t('log:detail')}</span>
          </div>
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const r = rows[item.index]
              // What the transaction is now: a pending entry may have been co-signed since.
              const status = r?.now?.status ?? r?.status
              const code = r?.now?.code ?? r?.code
              const reason = r?.now?.reason ?? r?.reason
              return (
                <div
                  key={item.key}
                  className={r?.id ? 'virtual-row clickable' : 'virtual-row'}
                  role="row"
                  style={{ transform: `translateY(${item.start}px)`, height: item.size }}
                  tabIndex={r?.id ? 0 : undefined}
                  onClick={() => r?.id && setOpen(r.id)}
                  onKeyDown={(e) => e.key === 'Enter' && r?.id && setOpen(r.id)}
                >
                  {r ? (
                    <>
                      <span role="cell" className="mono">
                        {r.seq}
                      </span>
                      <span role="cell">
                        {t(`txType.${r.type}`, { defaultValue: r.type ?? t('log:unreadable') })}
                      </span>
                      <span role="cell">{partiesOf(r.summary)}</span>
                      <span role="cell">{what(r.summary)}</span>
                      <span role="cell">
                        <StatusBadge status={status ?? ''} />
                        {r.now && r.now.status !== r.status && (
                          <span className="muted"> {t('log:settledLater')}</span>
                        )}
                      </span>
                      <span role="cell" className={status === 'rejected' ? 'error' : 'muted mono'}>
                        {status === 'rejected'
                          ? r.declined
                            ? // Who declined and why, in the interface's language.
                              t(r.declined.reason ? 'log:declinedWhy' : 'log:declined', r.declined)
                            : `${refusal(code ?? '', reason ?? '')} (${code ?? ''})`
                          : (r.id?.slice(0, 12) ?? '')}
                      </span>
                    </>
                  ) : (
                    <span role="cell">{t('loading')}</span>
                  )}
                </div>
              )
            })}
          </div>
        </div>
      )}
      {open && <TransactionDialog id={open} onOpen={setOpen} onClose={() => setOpen(null)} />}
      {stopped && (
        <p className="row">
          <span className="muted">
            {t(rows.length === 0 ? 'log:searchedNone' : 'log:searchedTo', { seq: last.next })}
          </span>
          <button onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {t('log:searchFurther')}
          </button>
        </p>
      )}
      {!query.hasNextPage && rows.length > 0 && <p className="muted">{t('log:end')}</p>}
    </div>
  )
}
