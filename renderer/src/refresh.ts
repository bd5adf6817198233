// Refreshing the views when the node reports an update; no DOM here, so unit tests read it.
import type { Query, QueryClient } from '@tanstack/query-core'

/** An infinite list fetching its next page (TanStack's fetchMeta.fetchMore). */
function addingPage(query: Query): boolean {
  const meta = query.state.fetchMeta as { fetchMore?: unknown } | null
  return query.state.fetchStatus === 'fetching' && !!meta?.fetchMore
}

/**
 * Refreshes the active views on each update `subscribe` reports. While a long sync pours in
 * updates, refresh at most once a second so the window stays responsive.
 */
export function refreshOnUpdates(client: QueryClient, subscribe: (cb: () => void) => () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  let last = 0
  const refresh = () => {
    timer = null
    last = Date.now()
    // A list adding its next page ("Show more") is left alone this round: a refetch would cancel
    // that page and fetch again only the pages it had, so the click came to nothing whenever an
    // update arrived meanwhile (often, while a sync pours in). It is refreshed on a later round.
    const busy = client.getQueryCache().findAll({ predicate: addingPage }).length > 0
    // Long paged lists (the log) opt out with meta.manualRefresh and offer a button instead.
    void client.invalidateQueries({
      refetchType: 'active',
      predicate: (q) => !q.meta?.manualRefresh && !addingPage(q)
    })
    if (busy) timer = setTimeout(refresh, 1000)
  }
  const off = subscribe(() => {
    if (timer) return
    timer = setTimeout(refresh, Math.max(0, 1000 - (Date.now() - last)))
  })
  return () => {
    off()
    if (timer) clearTimeout(timer)
  }
}
