// The elected council's key generation, with the log as the broadcast channel (docs/protocol.md
// §14.2): `council.dkg` entries feed core/checkpoint/dkg.ts's state machine, kept under
// `council/dkg`. Its clock is not the log position but the entries written by its members'
// devices (`council/dkg-clock`), so other collectives' traffic cannot make a healthy member
// late: members silent for DKG_STALL_AFTER of those entries are excluded and the DKG
// restarts without them. The finished key is the council's: the first epoch's signs at
// once, a later one once the old key has signed its hand-over (council-signing.ts).
import { advanceDkg, startDkg, type DkgOutcome, type DkgState } from '../checkpoint/dkg.ts'
import { refuse, type Refusal } from '../protocol/errors.ts'
import type { Context } from './context.ts'
import { keys } from './keys.ts'
import type { CouncilRecord, DkgClock, SigningCouncilRecord } from './records.ts'

/**
 * Entries by the members' devices (ticks included, the DKG's own steps not) that a round, or
 * an answer to a complaint, may take before the silent are excluded.
 */
export const DKG_STALL_AFTER = 32

/** The network's key (its Autobase key): the writer core of the first entry, the founder's. */
export async function networkKeyOf(ctx: Context): Promise<string> {
  return (await ctx.state.get(keys.log(0)))?.writer ?? ctx.writer
}

/** A passed election starts its DKG among the sitting members; each seals to its own id. */
export async function startCouncilDkg(ctx: Context, council: CouncilRecord, sitting: string[]): Promise<CouncilRecord> {
  const started = startDkg(await networkKeyOf(ctx), council.epoch, council.threshold, sitting.map((id) => ({ id, key: id })), 0)
  if (!started.ok) return { ...council, dkg: 'failed' }
  ctx.state.put(keys.councilDkg, started.value)
  ctx.state.put(keys.councilDkgClock, { epoch: council.epoch, since: ctx.seq, entries: 0 })
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

/** The running DKG's clock now: the reading its steps are recorded at. */
export async function dkgClock(ctx: Context, state: DkgState): Promise<DkgClock> {
  const clock = await ctx.state.get(keys.councilDkgClock)
  // A DKG started before the clock existed (a view written by an older version) goes on from
  // its stage's start, every entry from now on counted by the rule.
  return clock && clock.epoch === state.epoch ? clock : { epoch: state.epoch, since: -1, entries: state.stageStartedAt }
}

/**
 * Whether this entry moves the DKG's clock: written (accepted or pending) after the
 * election by a device of a member of the running attempt, and not one of the DKG's own
 * steps. Steps are progress, not waiting: in a large council the others' round packages
 * alone would otherwise use up the last one's time. Ticks count: they are how members that
 * wait say that time passes; so do the members' ordinary entries. Entries of collectives
 * outside the attempt never count: a busy network does not make a member late.
 */
async function moves(ctx: Context, state: DkgState, clock: DkgClock): Promise<boolean> {
  if (ctx.seq <= clock.since) return false
  if (ctx.tx.type === 'council.dkg' && (ctx.tx.body as { step: string }).step !== 'tick') return false
  const device = await ctx.state.get(keys.device(ctx.writer))
  return device !== undefined && state.members.some((m) => m.id === device.collective)
}

/** After every accepted (or pending) entry: the clock moves, and silent members time out. */
export async function advanceCouncilDkg(ctx: Context): Promise<void> {
  const state = await ctx.state.get(keys.councilDkg)
  if (!state || state.stage === 'done' || state.stage === 'failed') return
  const clock = await dkgClock(ctx, state)
  if (!(await moves(ctx, state, clock))) return
  const entries = clock.entries + 1
  ctx.state.put(keys.councilDkgClock, { ...clock, entries })
  const next = advanceDkg(state, entries, { stallAfter: DKG_STALL_AFTER })
  if (next.state !== state) await saveDkg(ctx, next.state, next.outcome)
}

/**
 * Whether `limit` entries have passed on the clock of the epoch's DKG since its election, or
 * that DKG is not running (never started, done or failed: nothing more to wait for).
 */
export async function dkgWaited(ctx: Context, epoch: number, limit: number): Promise<boolean> {
  const state = await ctx.state.get(keys.councilDkg)
  if (!state || state.epoch !== epoch || state.stage === 'done' || state.stage === 'failed') return true
  return (await dkgClock(ctx, state)).entries >= limit
}

/** A tick speaks for a member of the running attempt, of its epoch and attempt. */
export function checkTick(state: DkgState, from: string, body: { epoch: number; attempt: number }): Refusal | null {
  if (body.epoch !== state.epoch) return refuse('DKG_WRONG_EPOCH', `the entry is for epoch ${body.epoch}; the DKG is for epoch ${state.epoch}`)
  if (body.attempt !== state.attempt) return refuse('DKG_STALE_ATTEMPT', `the entry is for attempt ${body.attempt}; the DKG is at attempt ${state.attempt}`)
  if (!state.members.some((m) => m.id === from)) return refuse('DKG_NOT_MEMBER', 'the sender is not a member of this DKG attempt')
  if (state.stage === 'done' || state.stage === 'failed') return refuse('DKG_WRONG_STAGE', `the DKG is ${state.stage}: nothing to wait for`)
  return null
}
