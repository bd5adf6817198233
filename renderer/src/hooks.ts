// Lookups most screens need: who we are, and names for the keys and ids in the view.
import { useQueryClient } from '@tanstack/react-query'
import { useMemo } from 'react'
import { useApi, useConnection, type BridgeError } from './api.ts'
import type { Collective, CollectiveInfo, Product } from './api-types.ts'
import { currentPeriod, previousMonth, shortKey } from './format.ts'
import { mergeWallets, usePeople } from './people.ts'

/** This collective: the node's own, or the demo's "you" while a demo economy is open. */
export function useMe(): CollectiveInfo | null {
  const status = useApi('node.status', {})
  const demo = !!status.data?.demo
  const overview = useApi('view.overview', {}, { enabled: demo })
  if (demo) return overview.data?.collective ?? null
  return status.data?.state === 'ready' ? status.data.collective : null
}

export function useCollectives(): {
  list: Collective[]
  byId: Map<string, Collective>
  name: (id: string | null | undefined) => string
} {
  const query = useApi('view.collectives', {})
  return useMemo(() => {
    const list = query.data ?? []
    const byId = new Map(list.map((c) => [c.id, c]))
    return { list, byId, name: (id) => (id ? (byId.get(id)?.name ?? shortKey(id)) : '–') }
  }, [query.data])
}

export function useProducts(): {
  list: Product[]
  byId: Map<string, Product>
  name: (id: string | null | undefined) => string
  isLoading: boolean
} {
  const query = useApi('view.products', {})
  return useMemo(() => {
    const all = query.data ?? []
    // A retired type keeps its name for the records that show it, but nothing can pick it.
    const list = all.filter((p) => !p.retiredBy)
    const byId = new Map(all.map((p) => [p.id, p]))
    return {
      list,
      byId,
      name: (id) => (id ? (byId.get(id)?.name ?? shortKey(id)) : '–'),
      isLoading: query.isPending
    }
  }, [query.data, query.isPending])
}

/** Collectives we hold strong trust with: goods move only along these edges. */
export function usePartners(): string[] {
  const me = useMe()
  const trust = useApi('view.trust', {})
  return useMemo(() => {
    if (!me || !trust.data) return []
    return trust.data.edges.flatMap((e) => (e.a === me.id ? [e.b] : e.b === me.id ? [e.a] : []))
  }, [me, trust.data])
}

/**
 * The people who can be booked for work, and whether that list could be read at all (clerk
 * finding 11): an empty list is said as empty only once the node has answered; while it cannot
 * be reached the forms say so, and never ask to add people. `month` (YYYY-MM) adds the people
 * who worked in that month too (WorkMonthPicker); `monthWorkers` is how many did, once read.
 */
export function useWalletList(month: string | null = null): {
  list: ReturnType<typeof useWallets>['list']
  state: 'ready' | 'loading' | 'unreachable' | 'failed'
  error: BridgeError | null
  retry: () => void
  monthWorkers: number | null
} {
  const { list, monthWorkers } = useWallets(month)
  const people = useApi('people.list', {})
  const { state: connection } = useConnection()
  const client = useQueryClient()
  const disconnected =
    connection === 'reconnecting' || people.error?.code === 'DISCONNECTED'
  const state = people.data
    ? 'ready'
    : disconnected
      ? 'unreachable'
      : people.error
        ? 'failed'
        : 'loading'
  const retry = () => {
    void client.refetchQueries({ queryKey: ['people.list'] })
    void client.refetchQueries({ queryKey: ['view.people'] })
  }
  return { list, state, error: people.error, retry, monthWorkers }
}

/**
 * People named on this device plus unnamed wallets that worked for this collective this month
 * or the last, and in `month` when one is chosen (a page of each month's workers: not every
 * workload the collective ever booked).
 */
export function useWallets(month: string | null = null) {
  const me = useMe()
  const people = usePeople()
  const period = currentPeriod()
  const thisMonth = useApi('view.people', { period, limit: 500 }, { enabled: !!me })
  const lastMonth = useApi('view.people', { period: previousMonth(period), limit: 500 }, { enabled: !!me })
  const other = month !== null && month !== period && month !== previousMonth(period) ? month : null
  const chosen = useApi('view.people', { period: other ?? period, limit: 500 }, { enabled: !!me && other !== null })
  const chosenWorkers = other !== null ? chosen.data?.workers : undefined
  const list = useMemo(
    () =>
      mergeWallets(
        people,
        [...(thisMonth.data?.workers ?? []), ...(lastMonth.data?.workers ?? []), ...(chosenWorkers ?? [])].map((w) => w.wallet)
      ),
    [people, thisMonth.data, lastMonth.data, chosenWorkers]
  )
  const monthData = month === null ? undefined : month === period ? thisMonth.data : month === previousMonth(period) ? lastMonth.data : chosen.data
  return { list, monthWorkers: monthData ? (monthData.count?.count ?? monthData.workers.length) : null }
}
