// Typed access to the API table, and React hooks over it. Arguments are checked with the
// contract's own zod schemas before they leave the window, so a form shows the same sentence
// the host would send back.
import {
  QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
  type UseQueryOptions
} from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { methods, type Args, type Method } from '../../main/api/contract.ts'
import type { Result } from './api-types.ts'
import { BridgeError, getBridge, toApiError, type ConnectionState } from './bridge.ts'
import { issueForPeople } from './components/issues.ts'
import { refreshOnUpdates } from './refresh.ts'

export { BridgeError }

export async function call<M extends Method>(method: M, args: Args<M>): Promise<Result<M>> {
  const checked = methods[method].safeParse(args)
  if (!checked.success) throw new BridgeError('INVALID', issueForPeople(checked.error.issues[0]))
  try {
    return (await getBridge().call(method, checked.data)) as Result<M>
  } catch (error) {
    throw toApiError(error)
  }
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (count, error) => count < 3 && (error as BridgeError).code === 'DISCONNECTED',
      refetchOnWindowFocus: false
    }
  }
})

/** Reads one view method; refreshed whenever the node reports an update. */
export function useApi<M extends Method>(
  method: M,
  args: Args<M>,
  options: Partial<UseQueryOptions<Result<M>, BridgeError>> = {}
) {
  return useQuery<Result<M>, BridgeError>({
    queryKey: [method, args],
    queryFn: () => call(method, args),
    ...options
  })
}

/** Any call that changes something; refreshes the views afterwards. */
export function useCall<M extends Method>(method: M) {
  const client = useQueryClient()
  return useMutation<Result<M>, BridgeError, Args<M>>({
    mutationFn: (args) => call(method, args),
    onSuccess: () => void client.invalidateQueries()
  })
}

/**
 * Refresh the views when the node says the view changed (renderer/src/refresh.ts says how).
 */
export function watchUpdates(client: QueryClient): () => void {
  return refreshOnUpdates(client, (cb) => getBridge().on('update', () => cb()))
}

export function useConnection(): { state: ConnectionState; attempt: number } {
  const bridge = getBridge()
  const [value, setValue] = useState({ state: bridge.state(), attempt: 0 })
  useEffect(() => bridge.onState((state, attempt) => setValue({ state, attempt })), [bridge])
  return value
}

export function useProgress(): Map<string, { done: number; total: number }> {
  const [tasks, setTasks] = useState(() => new Map<string, { done: number; total: number }>())
  useEffect(
    () =>
      getBridge().on('progress', ({ task, done, total }) =>
        setTasks((prev) => {
          const next = new Map(prev)
          if (done >= total) next.delete(task)
          else next.set(task, { done, total })
          return next
        })
      ),
    []
  )
  return tasks
}
