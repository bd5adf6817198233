// Read-only queries for the council (the Council screen, the Overview, `stachanov checkpoint`):
// who sits, whose key signs, the key generation, the latest checkpoints and hand-overs.
import { councilVerifier } from '../checkpoint/checkpoint.ts'
import type { DkgState } from '../checkpoint/dkg.ts'
import { groupKeyOf } from '../checkpoint/frost.ts'
import { formatVerifierKey } from '../checkpoint/note.ts'
import { councilKeys, type CheckpointRecord, type DueCheckpoint } from './council-signing.ts'
import { keys } from './keys.ts'
import type { CouncilRecord, SigningCouncilRecord } from './records.ts'
import type { KeyValueStore } from './store.ts'

export interface SigningCouncilView {
  epoch: number
  members: string[]
  threshold: number
  /** The group public key (hex) and the signed-note verifier key a reader pins. */
  groupKey: string
  verifierKey: string
  since: number
}

export interface CouncilView {
  network: string | null
  elected: CouncilRecord | null
  dkg: { epoch: number; stage: DkgState['stage']; attempt: number; members: string[]; excluded: DkgState['excluded']; failure: string | null } | null
  signing: SigningCouncilView | null
  next: SigningCouncilView | null
  /** The latest checkpoints, newest first. */
  checkpoints: CheckpointRecord[]
  handOvers: Array<{ epoch: number; note: string; signers: string[] }>
  /** The log length the latest checkpoint covers (0 before the first). */
  checkpointed: number
  due: DueCheckpoint | null
}

async function rangeOf<T>(store: KeyValueStore, prefix: string, limit?: number, reverse = false): Promise<T[]> {
  const out: T[] = []
  for await (const [, value] of store.range({ gte: prefix, lt: prefix + '\uffff', reverse, ...(limit ? { limit } : {}) })) out.push(value as T)
  return out
}

function signingView(network: string | null, record: SigningCouncilRecord | undefined): SigningCouncilView | null {
  if (!record) return null
  const groupKey = groupKeyOf(record.key)
  return {
    epoch: record.epoch,
    members: record.members,
    threshold: record.threshold,
    groupKey,
    verifierKey: network ? formatVerifierKey(councilVerifier(network, groupKey)) : '',
    since: record.since
  }
}

export async function councilView(store: KeyValueStore, limit = 20): Promise<CouncilView> {
  const genesis = (await store.get(keys.log(0))) as { writer?: string } | undefined
  const network = genesis?.writer ?? null
  const dkg = (await store.get(keys.councilDkg)) as DkgState | undefined
  const checkpoints = await rangeOf<CheckpointRecord>(store, councilKeys.checkpoints, limit, true)
  return {
    network,
    elected: ((await store.get(keys.council)) as CouncilRecord | undefined) ?? null,
    dkg: dkg
      ? { epoch: dkg.epoch, stage: dkg.stage, attempt: dkg.attempt, members: dkg.members.map((m) => m.id), excluded: dkg.excluded, failure: dkg.failure }
      : null,
    signing: signingView(network, (await store.get(keys.councilSigning)) as SigningCouncilRecord | undefined),
    next: signingView(network, (await store.get(keys.councilNext)) as SigningCouncilRecord | undefined),
    checkpoints,
    handOvers: await rangeOf(store, councilKeys.handOvers),
    checkpointed: checkpoints[0]?.length ?? 0,
    due: ((await store.get(councilKeys.due)) as DueCheckpoint | undefined) ?? null
  }
}
