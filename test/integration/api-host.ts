// A real node on disk behind the API table, for tests that call `dispatch` as a host does:
// a founding collective (producer and dispatcher) with no network (no swarm), a clock the
// test moves, and a partner collective admitted through a join request whose keys the test
// holds (as the partner's own node would).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dispatch, type Host } from '../../main/api/table.ts'
import type { Method, Args } from '../../main/api/contract.ts'
import type { Results } from '../../main/api/results.ts'
import { peopleStore, settingsStore } from '../../main/server/settings.ts'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import { makeJoinRequest } from '../../core/node/joining.ts'
import { identityFromSeed, newSeed, seedToWords, type Identity } from '../../core/node/keys.ts'
import { SCENARIOS_DIR } from '../../main/server/host.ts'

export interface ApiHost {
  dir: string
  host: Host
  node: CollectiveNode
  clock: { now: number }
  /** Calls the API; throws with the API error's code on an error answer. */
  call<M extends Method>(method: M, args: Args<M>): Promise<Results[M]>
  close(): Promise<void>
}

export async function apiHost(start = Date.UTC(2026, 3, 10, 12)): Promise<ApiHost> {
  const dir = await mkdtemp(join(tmpdir(), 'stachanov-api-'))
  const clock = { now: start }
  const node = await CollectiveNode.open({ dir, swarm: false, now: () => clock.now })
  const host: Host = {
    node,
    demo: null,
    scenariosDir: SCENARIOS_DIR,
    settings: settingsStore(dir),
    people: peopleStore(dir),
    emit: () => {}
  }
  const call = async <M extends Method>(method: M, args: Args<M>): Promise<Results[M]> => {
    const answer = await dispatch(host, method, args)
    if ('error' in answer)
      throw Object.assign(new Error(answer.error.message), { code: answer.error.code })
    return answer.result as Results[M]
  }
  return {
    dir,
    host,
    node,
    clock,
    call,
    async close() {
      await node.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
}

/** A second collective, registered and trusted through the node's own admission of a join request. */
export async function admitPartner(
  api: ApiHost,
  name = 'Mill'
): Promise<{ identity: Identity; words: string[] }> {
  const seed = newSeed()
  const identity = identityFromSeed(seed)
  const me = api.node.requireIdentity().id
  const request = makeJoinRequest(identity, {
    name,
    roles: ['producer', 'dispatcher'],
    writerKey: 'ab'.repeat(32),
    memberId: me,
    time: api.clock.now
  })
  const { ids } = await api.node.admit(request)
  await api.node.outcome(ids[1]!)
  return { identity, words: seedToWords(seed) }
}
