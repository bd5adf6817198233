// The signing session `apply` runs for one checkpoint: pure functions over plain JSON data, the
// log position the only clock. Members publish nonce commitments ahead (`publishCommitments`);
// when the view fixes a checkpoint message (`openSession`), the session picks a signing set of
// t members and hands each its oldest unused commitment; members answer with signature shares
// (`submitShare`), each checked on arrival; t good shares aggregate into the signature.
//
// A round that cannot complete does not block (ROAST's idea, with the log as coordinator): a
// bad share names its member, who is left out for the rest of the session, and a new round
// starts at once; a round without all its shares after `stallAfter` log entries is dropped and
// a new one starts, the silent members placed last (in later sessions too, until they answer
// again). Every commitment is consumed when its
// round starts, answered or not, so no nonce is ever asked for twice.
//
// What the view stores: the `SigningState` below (the pool of unused commitments, the
// hiding points seen this epoch, the open session with its current round); the council
// (members, key) comes from the DKG. `advance` runs after every log entry.
import { createHash } from 'node:crypto'
import { ok, refuse, type Result } from './errors.ts'
import {
  aggregate,
  verifyShare,
  verifySignature,
  type CouncilKey,
  type Hex,
  type NonceCommitment
} from './frost.ts'
import { checkCommitment, checkShareShape } from './public.ts'

export interface Council {
  epoch: number
  /** Collective ids ascending; member i (FROST identifier i) is `members[i - 1]`. */
  members: Hex[]
  key: CouncilKey
}

export interface PooledCommitment {
  hiding: Hex
  binding: Hex
  /** The log position of the entry that published it. */
  at: number
}

export interface Round {
  number: number
  startedAt: number
  /** The signing set: one commitment per member, sorted by member. */
  commitments: NonceCommitment[]
  /** Verified shares, in arrival order. */
  shares: Array<{ member: number; share: Hex }>
}

export interface Session {
  /** Sessions are numbered within the epoch; a share names its session and round. */
  number: number
  /** The checkpoint's note text: the bytes signed are its UTF-8. */
  message: string
  openedAt: number
  /** The open round, or null while fewer than t members have commitments. */
  round: Round | null
  rounds: number
  /** Members whose share did not verify: left out for the rest of this session. */
  bad: number[]
  /** Per member (member 1 first): rounds of this session it let stall. */
  silence: number[]
  signature: Hex | null
}

export interface SigningState {
  epoch: number
  /** Unused nonce commitments per member (member 1 first), oldest first. */
  pool: PooledCommitment[][]
  /** The points of every commitment accepted this epoch, sorted: none is accepted twice. */
  seen: Hex[]
  sessions: number
  session: Session | null
}

export interface SigningOptions {
  /** Log entries a round may stay incomplete before a new round replaces it (≥ 1). */
  stallAfter: number
}

export type ShareOutcome =
  | { kind: 'accepted' }
  | { kind: 'signed'; signature: Hex }
  | { kind: 'bad'; member: number; code: string; reason: string }

/** A batch of commitments in one entry, and a member's unused ones, are bounded. */
export const MAX_BATCH = 16
export const MAX_POOL = 64

export function emptySigning(epoch: number, size: number): SigningState {
  return {
    epoch,
    pool: Array.from({ length: size }, () => []),
    seen: [],
    sessions: 0,
    session: null
  }
}

/** A member publishes unused nonce commitments for later rounds. */
export function publishCommitments(
  state: SigningState,
  council: Council,
  entry: { member: number; commitments: Array<{ hiding: Hex; binding: Hex }>; replace?: boolean },
  position: number,
  options: SigningOptions
): Result<SigningState> {
  const { member, commitments } = entry
  const size = council.members.length
  if (!Number.isSafeInteger(member) || member < 1 || member > size)
    return refuse('SIGNING_NOT_MEMBER', `member ${String(member)} is not in the council`)
  if (!Array.isArray(commitments) || commitments.length < 1 || commitments.length > MAX_BATCH) {
    return refuse('COMMITMENT_MALFORMED', `an entry publishes 1 to ${MAX_BATCH} commitments`)
  }
  // A member whose node lost the nonces of its unused commitments (a restart) replaces them:
  // rounds would otherwise pick them first and stall, one after another. They stay in `seen`.
  const kept = entry.replace ? [] : state.pool[member - 1]!
  if (kept.length + commitments.length > MAX_POOL) {
    return refuse(
      'COMMITMENT_POOL_FULL',
      `member ${member} already has ${state.pool[member - 1]!.length} unused commitments; at most ${MAX_POOL}`
    )
  }
  const seen = new Set(state.seen)
  for (const c of commitments) {
    if (typeof c !== 'object' || c === null)
      return refuse('COMMITMENT_MALFORMED', 'a commitment is an object with two points')
    const problem = checkCommitment({ index: member, hiding: c.hiding, binding: c.binding }, size)
    if (problem) return problem
    if (seen.has(c.hiding) || seen.has(c.binding)) {
      return refuse(
        'COMMITMENT_REUSED',
        `member ${member} published a nonce commitment that was published before`
      )
    }
    seen.add(c.hiding).add(c.binding)
  }
  const pool = state.pool.map((p, i) =>
    i === member - 1
      ? [
          ...kept,
          ...commitments.map((c) => ({ hiding: c.hiding, binding: c.binding, at: position }))
        ]
      : p
  )
  return ok(advance({ ...state, pool, seen: [...seen].sort() }, council, position, options))
}

/** The view has fixed a checkpoint message: a session starts (its first round if it can). */
export function openSession(
  state: SigningState,
  council: Council,
  message: string,
  position: number,
  options: SigningOptions
): Result<SigningState> {
  if (state.session && state.session.signature === null) {
    return refuse('SESSION_BUSY', `session ${state.session.number} is still collecting shares`)
  }
  const session: Session = {
    number: state.sessions + 1,
    message,
    openedAt: position,
    round: null,
    rounds: 0,
    bad: [],
    // Carried over: a member silent in the last session (offline, say) is asked last again.
    silence: state.session?.silence ?? council.members.map(() => 0),
    signature: null
  }
  return ok(advance({ ...state, sessions: session.number, session }, council, position, options))
}

/** A member's signature share for the current round: checked, then counted or named bad. */
export function submitShare(
  state: SigningState,
  council: Council,
  entry: { member: number; session: number; round: number; share: Hex; answers?: Hex },
  position: number,
  options: SigningOptions
): Result<{ state: SigningState; outcome: ShareOutcome }> {
  const session = state.session
  if (!session || session.number !== entry.session)
    return refuse(
      'SIGNING_WRONG_SESSION',
      `session ${String(entry.session)} is not the open session`
    )
  if (session.signature !== null)
    return refuse('SIGNING_DONE', `session ${session.number} is already signed`)
  const round = session.round
  if (!round || round.number !== entry.round)
    return refuse('SIGNING_STALE_ROUND', `round ${String(entry.round)} is not the current round`)
  if (!round.commitments.some((c) => c.index === entry.member))
    return refuse(
      'SIGNING_NOT_IN_ROUND',
      `member ${String(entry.member)} is not in round ${round.number}`
    )
  if (round.shares.some((s) => s.member === entry.member))
    return refuse(
      'SIGNING_DUPLICATE',
      `member ${entry.member} already answered round ${round.number}`
    )
  if (!checkShareShape(entry.share))
    return refuse('SHARE_MALFORMED', 'a signature share is 32 bytes of hex')
  // A member may answer a round its node saw before the log's order was settled; if a reorder
  // gave this round another message or signing set, the share answers a round that no longer
  // exists: refused as stale, not named bad (it would not verify, through no fault of its own).
  if (
    entry.answers !== undefined &&
    entry.answers !== roundDigest(session.message, round.commitments)
  )
    return refuse(
      'SIGNING_STALE_ROUND',
      `member ${entry.member}'s share answers another version of round ${round.number} (a reorder settled it differently)`
    )
  const message = Buffer.from(session.message, 'utf8')
  if (!verifyShare(council.key, round.commitments, message, entry.member, entry.share)) {
    // The entry stays as evidence: the member is named and the round starts again without it.
    const bad = [...session.bad, entry.member].sort((a, b) => a - b)
    const next = advance(
      { ...state, session: { ...session, round: null, bad } },
      council,
      position,
      options
    )
    const reason = `member ${entry.member}'s share for round ${round.number} does not verify`
    return ok({
      state: next,
      outcome: { kind: 'bad', member: entry.member, code: 'SIGNING_BAD_SHARE', reason }
    })
  }
  const shares = [...round.shares, { member: entry.member, share: entry.share }]
  // A good share shows the member is back: its past silence no longer counts.
  const silence = session.silence.map((n, i) => (i === entry.member - 1 ? 0 : n))
  if (shares.length < round.commitments.length) {
    return ok({
      state: { ...state, session: { ...session, silence, round: { ...round, shares } } },
      outcome: { kind: 'accepted' }
    })
  }
  const signature = aggregate(
    council.key,
    round.commitments,
    message,
    new Map(shares.map((s) => [s.member, s.share]))
  )
  if (!signature.ok || !verifySignature(council.key.commitment[0]!, message, signature.value)) {
    // Unreachable with verified shares; still, a round that cannot finish is replaced, not thrown.
    return ok({
      state: advance(
        { ...state, session: { ...session, round: null } },
        council,
        position,
        options
      ),
      outcome: { kind: 'accepted' }
    })
  }
  const done = { ...session, silence, round: { ...round, shares }, signature: signature.value }
  return ok({
    state: { ...state, session: done },
    outcome: { kind: 'signed', signature: signature.value }
  })
}

/**
 * After every log entry: a round incomplete for `stallAfter` entries is dropped (its silent
 * members' silence counted), and a session without a round starts one if t members have
 * commitments.
 */
export function advance(
  state: SigningState,
  council: Council,
  position: number,
  options: SigningOptions
): SigningState {
  let session = state.session
  if (!session || session.signature !== null) return state
  const round = session.round
  if (round && position - round.startedAt >= Math.max(1, options.stallAfter)) {
    const silence = session.silence.map((n, i) =>
      round.commitments.some((c) => c.index === i + 1) &&
      !round.shares.some((s) => s.member === i + 1)
        ? n + 1
        : n
    )
    session = { ...session, round: null, silence }
  }
  if (session.round) return session === state.session ? state : { ...state, session }
  const chosen = signingSet(state.pool, session, council.key.threshold)
  if (!chosen) return { ...state, session }
  const pool = state.pool.map((p, i) => (chosen.includes(i + 1) ? p.slice(1) : p))
  const commitments = chosen.map((m) => ({
    index: m,
    hiding: state.pool[m - 1]![0]!.hiding,
    binding: state.pool[m - 1]![0]!.binding
  }))
  const next: Round = { number: session.rounds + 1, startedAt: position, commitments, shares: [] }
  return { ...state, pool, session: { ...session, round: next, rounds: next.number } }
}

/**
 * The next signing set, or null: members not named bad that have an unused commitment, the
 * least silent first, then the one whose oldest commitment is oldest, then by member; the
 * first t of them, sorted by member.
 */
function signingSet(
  pool: PooledCommitment[][],
  session: Session,
  threshold: number
): number[] | null {
  const candidates = pool
    .map((p, i) => ({ member: i + 1, oldest: p[0]?.at, silence: session.silence[i] ?? 0 }))
    .filter((c) => c.oldest !== undefined && !session.bad.includes(c.member))
  if (candidates.length < threshold) return null
  candidates.sort((a, b) => a.silence - b.silence || a.oldest! - b.oldest! || a.member - b.member)
  return candidates
    .slice(0, threshold)
    .map((c) => c.member)
    .sort((a, b) => a - b)
}

/**
 * What a share answers: SHA-256 over the round's message and signing set (hex). A share names
 * it, so `apply` can tell a share for another version of the round (a reorder) from a bad one.
 */
export function roundDigest(message: string, commitments: NonceCommitment[]): Hex {
  const h = createHash('sha256')
  const sorted = [...commitments].sort((a, b) => a.index - b.index)
  for (const c of sorted) h.update(`${c.index}:${c.hiding}:${c.binding};`)
  return h.update(message, 'utf8').digest('hex')
}

/** What a member's node should sign now, if anything: the message and its round. */
export function taskOf(
  state: SigningState,
  member: number
): {
  session: number
  round: number
  message: string
  commitments: NonceCommitment[]
  mine: NonceCommitment
} | null {
  const session = state.session
  const round = session?.round
  if (!session || !round || session.signature !== null) return null
  const mine = round.commitments.find((c) => c.index === member)
  if (!mine || round.shares.some((s) => s.member === member)) return null
  return {
    session: session.number,
    round: round.number,
    message: session.message,
    commitments: round.commitments,
    mine
  }
}

/**
 * Whether a member's node may tick about the open round (a tick is an entry that says "still
 * waiting"): only once the round's start is confirmed on that node, that is once the member
 * could answer it; `confirmed` is the signing state in the node's confirmed part. Ticks count
 * towards the round's stall; when members signed only confirmed rounds, ticks written while
 * waiting expired every round before anyone could answer it (a live 7-of-10 council on a
 * loaded machine: a new round every 48 entries, all of them ticks, none ever signed), and
 * kept the view moving, so the confirm watch never wrote the ack that would confirm it.
 */
export function roundConfirmed(view: SigningState, confirmed: SigningState | undefined): boolean {
  const round = view.session?.round
  const there = confirmed?.session?.round
  return (
    !!round &&
    !!there &&
    confirmed!.epoch === view.epoch &&
    confirmed!.session!.number === view.session!.number &&
    there.number === round.number
  )
}
