// Checkpoints and hand-overs signed by the council's key through the log (docs/protocol.md
// §14.3). After every accepted entry that is not the council's own, a counter grows; at
// CHECKPOINT_EVERY such entries, or at an accepted final revision, the view fixes what the
// next checkpoint covers (`council/due`: length, root, digest, totals, statements); a final
// revision that comes while one is due is owed its own (`council/owed`), fixed once that one
// is open. A
// signing member whose node has confirmed that length opens the session with the view line
// (the view core's length and tree hash there, which apply cannot know; every signer checks
// it against its own copy before signing). Shares are checked as they come (session.ts);
// t good ones make the aggregate, and the note is stored under `council/checkpoint/<length>`.
import { checkpointNote, formatCheckpoint, type Checkpoint } from '../checkpoint/checkpoint.ts'
import { groupKeyOf, type Hex } from '../checkpoint/frost.ts'
import { formatHandOver, handOverNote, type HandOver } from '../checkpoint/handover.ts'
import { appendLeaf, EMPTY_FRONTIER, frontierRoot, leafHash, type Frontier } from '../checkpoint/merkle.ts'
import { advance, emptySigning, openSession, publishCommitments, submitShare, type Council, type SigningState } from '../checkpoint/session.ts'
import { refuse, type Refusal } from '../protocol/errors.ts'
import type { Context } from './context.ts'
import { networkKeyOf } from './council-dkg.ts'
import { checkpointTotals, statementsRoot } from './council-totals.ts'
import { keys } from './keys.ts'
import type { SigningCouncilRecord } from './records.ts'
import type { State } from './state.ts'

/** Accepted entries (not the council's own) between checkpoints. */
export const CHECKPOINT_EVERY = 64
/** Log entries a signing round may stay incomplete before a new round replaces it. */
export const SIGNING_STALL_AFTER = 48

export interface DueCheckpoint {
  length: number
  root: Hex
  digest: Hex
  subsystems: Checkpoint['subsystems']
  statements: Checkpoint['statements']
}

/** What the open session signs: a checkpoint (fixed) or the hand-over to the next council. */
export type SessionPurpose = { kind: 'checkpoint'; checkpoint: Checkpoint } | { kind: 'handover'; handOver: HandOver }

export interface CheckpointRecord {
  length: number
  epoch: number
  note: string
  /** The members whose shares made the signature, and those named for a bad share. */
  signers: string[]
  bad: string[]
  /** Log position where the checkpoint became due, and where it was signed. */
  dueAt: number
  signedAt: number
}

export const councilKeys = {
  frontier: 'meta/frontier',
  count: 'council/count',
  due: 'council/due',
  /** The seq of a final revision still owed a checkpoint (it came while `due` waited). */
  owed: 'council/owed',
  signing: 'council/sessions',
  purpose: 'council/purpose',
  latest: 'council/latest',
  checkpoint: (length: number) => `council/checkpoint/${String(length).padStart(12, '0')}`,
  checkpoints: 'council/checkpoint/',
  handOver: (epoch: number) => `council/handover/${String(epoch).padStart(12, '0')}`,
  handOvers: 'council/handover/'
} as const

const asCouncil = (s: SigningCouncilRecord): Council => ({ epoch: s.epoch, members: s.members, key: s.key })
const options = { stallAfter: SIGNING_STALL_AFTER }

/**
 * After every entry, whatever its outcome (bookkeeping, like the digest): the RFC 9162
 * frontier over the log records grows by this entry's digest line as a leaf.
 */
export async function recordLeaf(state: State, line: string): Promise<Frontier> {
  const frontier = ((await state.read(councilKeys.frontier)) as Frontier | undefined) ?? EMPTY_FRONTIER
  // The leaf is the line; the tree holds its RFC 9162 leaf hash, SHA-256(0x00 ‖ line).
  const next = appendLeaf(frontier, leafHash(Buffer.from(line, 'utf8')))
  state.write(councilKeys.frontier, next as never)
  return next
}

/**
 * After an accepted (or pending) entry, once the digest after it is known: count it, fix a
 * checkpoint when one is due, advance the signing session.
 */
export async function afterAccepted(ctx: Context, digest: Hex, frontier: Frontier): Promise<void> {
  const signing = await ctx.state.get(keys.councilSigning)
  if (!signing) return
  const own = ctx.tx.type === 'council.sign' || ctx.tx.type === 'council.dkg'
  const forced = ctx.tx.type === 'revision.final'
  const counted = (((await ctx.state.read(councilKeys.count)) as number | undefined) ?? 0) + (own ? 0 : 1)
  const due = await ctx.state.read(councilKeys.due)
  // A final revision owed a checkpoint of its own (it came while another waited for its
  // `open`) gets it at the entry that opens the waiting one (a council entry: only this fixes
  // at the council's own entries).
  const owed = due === undefined ? await ctx.state.read(councilKeys.owed) : undefined
  const fix = due === undefined && (owed !== undefined || (!own && (counted >= CHECKPOINT_EVERY || forced)))
  if (fix) {
    const fixed: DueCheckpoint = {
      length: ctx.seq + 1,
      root: frontierRoot(frontier),
      digest,
      subsystems: await checkpointTotals(ctx.state),
      statements: await statementsRoot(ctx.state)
    }
    ctx.state.write(councilKeys.due, fixed as never)
    ctx.state.write(councilKeys.count, 0)
    if (owed !== undefined) ctx.state.del(councilKeys.owed)
  } else {
    if (!own) ctx.state.write(councilKeys.count, counted)
    // The waiting checkpoint stays what it is (members may be confirming its length to open
    // it); this revision's is fixed once that one is open.
    if (forced) ctx.state.write(councilKeys.owed, ctx.seq)
  }
  await advanceSigning(ctx, signing)
}

async function readSigning(ctx: Context, signing: SigningCouncilRecord): Promise<SigningState> {
  const state = (await ctx.state.read(councilKeys.signing)) as SigningState | undefined
  return state && state.epoch === signing.epoch ? state : emptySigning(signing.epoch, signing.members.length)
}

/** Rounds time out; a finished key waiting for its hand-over opens that session. */
async function advanceSigning(ctx: Context, signing: SigningCouncilRecord): Promise<void> {
  const before = await readSigning(ctx, signing)
  let state = before
  const council = asCouncil(signing)
  const next = await ctx.state.get(keys.councilNext)
  if (next && (!state.session || state.session.signature !== null)) {
    const handOver: HandOver = {
      network: await networkKeyOf(ctx),
      epoch: next.epoch,
      length: next.since,
      threshold: next.threshold,
      key: groupKeyOf(next.key),
      members: next.members
    }
    const opened = openSession(state, council, formatHandOver(handOver), ctx.seq, options)
    if (opened.ok) {
      state = opened.value
      ctx.state.write(councilKeys.purpose, { kind: 'handover', handOver } as never)
    }
  } else state = advance(state, council, ctx.seq, options)
  // Most entries change nothing here: the signing state (commitment pools) is not rewritten.
  if (state !== before) ctx.state.write(councilKeys.signing, state as never)
}

/** `council.sign`: commitments, a share, the view line that opens a due checkpoint, or a tick. */
export async function signingStep(ctx: Context<'council.sign'>, from: string): Promise<Refusal | void> {
  const signing = await ctx.state.get(keys.councilSigning)
  if (!signing) return refuse('SIGNING_NOT_MEMBER', 'the council has no key yet')
  const body = ctx.tx.body
  if (body.epoch !== signing.epoch) return refuse('DKG_WRONG_EPOCH', `the entry is for epoch ${body.epoch}; the council's key is epoch ${signing.epoch}'s`)
  const member = signing.members.indexOf(from) + 1
  if (member === 0) return refuse('SIGNING_NOT_MEMBER', 'the sender is not a member of the signing council')
  const state = await readSigning(ctx, signing)
  const council = asCouncil(signing)
  if (body.step === 'tick') return
  if (body.step === 'commitments') {
    const published = publishCommitments(state, council, { member, commitments: body.commitments, ...(body.replace ? { replace: true } : {}) }, ctx.seq, options)
    if (!published.ok) return published
    ctx.state.write(councilKeys.signing, published.value as never)
    return
  }
  if (body.step === 'open') return openCheckpoint(ctx, signing, state, body.view)
  const step = submitShare(state, council, { member, session: body.session, round: body.round, share: body.share, ...(body.answers ? { answers: body.answers } : {}) }, ctx.seq, options)
  if (!step.ok) return step
  let next = step.value.state
  const outcome = step.value.outcome
  if (outcome.kind === 'bad') {
    const purpose = (await ctx.state.read(councilKeys.purpose)) as (SessionPurpose & { bad?: string[] }) | undefined
    if (purpose) ctx.state.write(councilKeys.purpose, { ...purpose, bad: [...(purpose.bad ?? []), from] } as never)
  }
  if (outcome.kind === 'signed') next = await finish(ctx, signing, next, outcome.signature)
  ctx.state.write(councilKeys.signing, next as never)
}

async function openCheckpoint(ctx: Context, signing: SigningCouncilRecord, state: SigningState, view: { length: number; hash: string }): Promise<Refusal | void> {
  const due = (await ctx.state.read(councilKeys.due)) as DueCheckpoint | undefined
  if (!due) return refuse('SIGNING_WRONG_SESSION', 'no checkpoint is due')
  if (await ctx.state.get(keys.councilNext)) return refuse('SESSION_BUSY', 'the hand-over to the next council is signed first')
  const checkpoint: Checkpoint = { network: await networkKeyOf(ctx), epoch: signing.epoch, view, ...due }
  let message: string
  try {
    message = formatCheckpoint(checkpoint)
  } catch (error) {
    return refuse('CHECKPOINT_MALFORMED', `the checkpoint cannot be written: ${(error as Error).message}`)
  }
  const opened = openSession(state, asCouncil(signing), message, ctx.seq, options)
  if (!opened.ok) return opened
  ctx.state.write(councilKeys.signing, opened.value as never)
  ctx.state.write(councilKeys.purpose, { kind: 'checkpoint', checkpoint, dueAt: ctx.seq } as never)
  ctx.state.del(councilKeys.due)
}

/** The aggregate is in: store the note; a signed hand-over makes the next council the signer. */
async function finish(ctx: Context, signing: SigningCouncilRecord, state: SigningState, signature: Hex): Promise<SigningState> {
  const purpose = (await ctx.state.read(councilKeys.purpose)) as (SessionPurpose & { bad?: string[]; dueAt?: number }) | undefined
  ctx.state.del(councilKeys.purpose)
  const groupKey = groupKeyOf(signing.key)
  const round = state.session?.round
  const signers = (round?.shares ?? []).map((s) => signing.members[s.member - 1]!).sort()
  if (purpose?.kind === 'checkpoint') {
    const record: CheckpointRecord = {
      length: purpose.checkpoint.length,
      epoch: signing.epoch,
      note: checkpointNote(purpose.checkpoint, groupKey, signature),
      signers,
      bad: purpose.bad ?? [],
      dueAt: purpose.dueAt ?? ctx.seq,
      signedAt: ctx.seq
    }
    ctx.state.write(councilKeys.checkpoint(record.length), record as never)
    ctx.state.write(councilKeys.latest, record.length)
    return state
  }
  if (purpose?.kind === 'handover') {
    const next = await ctx.state.get(keys.councilNext)
    ctx.state.write(councilKeys.handOver(purpose.handOver.epoch), { note: handOverNote(purpose.handOver, groupKey, signature), signers, signedAt: ctx.seq } as never)
    if (next) {
      ctx.state.put(keys.councilSigning, { ...next, since: ctx.seq })
      ctx.state.del(keys.councilNext)
      return emptySigning(next.epoch, next.members.length)
    }
  }
  return state
}
