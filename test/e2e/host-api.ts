// The node's API as the interface calls it, for browser tests that set a node up (or check
// it) beside the page: `api` throws the API's error as `CODE: message`; `accepted` submits an
// intent and wants the ledger to accept it, returning its transaction id.
import type { Args, Method } from '../../main/api/contract.ts'
import type { Results } from '../../main/api/results.ts'
import { dispatch } from '../../main/api/table.ts'
import type { RunningHost } from '../../main/server/host.ts'

export function hostApi(running: () => RunningHost) {
  const api = async <M extends Method>(method: M, args: Args<M>): Promise<Results[M]> => {
    const answer = await dispatch(running().host, method, args)
    if ('error' in answer) throw new Error(`${answer.error.code}: ${answer.error.message}`)
    return answer.result as Results[M]
  }
  const accepted = async (intent: Args<'tx.submit'>['intent']): Promise<string> => {
    const result = await api('tx.submit', { intent })
    if (result.status !== 'accepted') throw new Error(`${intent.type}: ${JSON.stringify(result)}`)
    return result.id
  }
  return { api, accepted }
}
