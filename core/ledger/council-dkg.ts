// The elected council's key generation, with the log as the broadcast channel (docs/protocol.md
// §14.2): `council.dkg` entries feed core/checkpoint/dkg.ts's state machine, kept under
// `council/dkg`; after every accepted entry the machine advances at that entry's position, so
// members silent for DKG_STALL_AFTER entries are excluded and the DKG restarts without them.
// The finished key is the council's: the first epoch's signs at once, a later one once the
// old key has signed its hand-over (council-signing.ts).
import { advanceDkg, startDkg, type DkgOutcome, type DkgState } from '../checkpoint/dkg.ts'
import { refuse, type Refusal } from '../protocol/errors.ts'
import type { Context } from './context.ts'
import { keys } from './keys.ts'
import type { CouncilRecord, SigningCouncilRecord } from './records.ts'

/** Log entries a DKG round (or an answer to a complaint) may take before the silent are excluded. */
export const DKG_STALL_AFTER = 32

/** The network's key (its Autobase key): the writer core of the first entry, the founder's. */
export async function networkKeyOf(ctx: Context): Promise<string> {
  return (await ctx.state.get(keys.log(0)))?.writer ?? ctx.writer
}

/** A passed election starts its DKG among the sitting members; each seals to its own id. */
export async function startCouncilDkg(ctx: Context, council: CouncilRecord, sitting: string[]): Promise<CouncilRecord> {
  const started = startDkg(await networkKeyOf(ctx), council.epoch, council.threshold, sitting.map((id) => ({ id, key: id })), ctx.seq)
  if (!started.ok) return { ...council, dkg: 'failed' }
  ctx.state.put(keys.councilDkg, started.value)
  return { ...council, dkg: 'running' }
}

/** Stores the DKG's next state; a finished key becomes the council's (or waits for its hand-over). */
export async function saveDkg(ctx: Context, state: DkgState, outcome: DkgOutcome): Promise<void> {
  ctx.state.put(keys.councilDkg, state)
  const council = await ctx.state.get(keys.council)
  if (!council || council.epoch !== state.epoch) return
  if (state.stage === 'failed') return saveCouncilStage(ctx, council, 'failed')
  if (outcome.kind !== 'complete') return
  await saveCouncilStage(ctx, council, 'done')
  const signing: SigningCouncilRecord = {
    epoch: state.epoch,
    members: state.members.map((m) => m.id),
    threshold: state.threshold,
    key: outcome.key,
    since: ctx.seq
  }
  if (await ctx.state.get(keys.councilSigning)) ctx.state.put(keys.councilNext, signing)
  else ctx.state.put(keys.councilSigning, signing)
}

function saveCouncilStage(ctx: Context, council: CouncilRecord, dkg: CouncilRecord['dkg']): void {
  const next = { ...council, dkg }
  ctx.state.put(keys.council, next)
  ctx.state.put(keys.councilEpoch(next.epoch), next)
}

/** After every accepted entry: silent members of a running DKG time out. */
export async function advanceCouncilDkg(ctx: Context): Promise<void> {
  const state = await ctx.state.get(keys.councilDkg)
  if (!state || state.stage === 'done' || state.stage === 'failed') return
  const next = advanceDkg(state, ctx.seq, { stallAfter: DKG_STALL_AFTER })
  if (next.state !== state) await saveDkg(ctx, next.state, next.outcome)
}

/** A tick speaks for a member of the running attempt, of its epoch and attempt. */
export function checkTick(state: DkgState, from: string, body: { epoch: number; attempt: number }): Refusal | null {
  if (body.epoch !== state.epoch) return refuse('DKG_WRONG_EPOCH', `the entry is for epoch ${body.epoch}; the DKG is for epoch ${state.epoch}`)
  if (body.attempt !== state.attempt) return refuse('DKG_STALE_ATTEMPT', `the entry is for attempt ${body.attempt}; the DKG is at attempt ${state.attempt}`)
  if (!state.members.some((m) => m.id === from)) return refuse('DKG_NOT_MEMBER', 'the sender is not a member of this DKG attempt')
  if (state.stage === 'done' || state.stage === 'failed') return refuse('DKG_WRONG_STAGE', `the DKG is ${state.stage}: nothing to wait for`)
  return null
}
