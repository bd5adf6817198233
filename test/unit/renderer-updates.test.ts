// The interface refreshes its views when the node reports an update (watchUpdates). A list
// adding its next page ("Show more") must keep that page when an update arrives meanwhile:
// refetching it then cancelled the page and fetched again only the first, so the clerk's click
// came to nothing (seen in the office browser test under load). The node's pushed update is
// the test's call; the query cache is TanStack's own.
import { InfiniteQueryObserver, QueryClient } from '@tanstack/query-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { refreshOnUpdates } from '../../renderer/src/refresh.ts'

type Page = { lots: string[]; next: string | null }

let stop = () => {}
afterEach(() => stop())

describe('refreshing on an update', () => {
  it('keeps a page being added by "Show more" when an update arrives while it is read', async () => {
    const updates: Array<() => void> = []
    const client = new QueryClient()
    stop = refreshOnUpdates(client, (cb) => {
      updates.push(cb)
      return () => {}
    })

    // The second page is held until the update has been handled.
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    let secondAsked = 0
    const observer = new InfiniteQueryObserver<Page>(client, {
      queryKey: ['view.stock'],
      initialPageParam: null as string | null,
      getNextPageParam: (last: Page) => last.next ?? undefined,
      queryFn: async ({ pageParam }) => {
        if (pageParam === null) return { lots: ['a'], next: 'a' }
        secondAsked++
        await held
        return { lots: ['b'], next: null }
      }
    })
    const unsubscribe = observer.subscribe(() => {})
    await vi.waitFor(() => expect(observer.getCurrentResult().data?.pages.length).toBe(1))

    const more = observer.fetchNextPage()
    await vi.waitFor(() => expect(secondAsked).toBe(1))
    for (const cb of updates) cb()
    // The refresh runs on the next timer turn (no refresh has run in the last second).
    await new Promise((resolve) => setTimeout(resolve, 20))
    release()
    await more
    await vi.waitFor(() => expect(observer.getCurrentResult().isFetching).toBe(false))
    expect(observer.getCurrentResult().data?.pages.flatMap((p) => p.lots)).toEqual(['a', 'b'])
    unsubscribe()
  })
})
