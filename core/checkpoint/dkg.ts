// The DKG `apply` runs when a council is elected: pure functions over plain JSON data; its
// only clock is the `position` the caller passes (the ledger's: entries written by the
// members' devices, core/ledger/council-dkg.ts). Every member publishes a round-1 package (checked: its proof of
// knowledge names a cheater), then its round-2 shares sealed to each other member (`seal.ts`;
// apply sees only their shape), then either a confirmation of the group key, which apply
// computes from the round-1 packages alone, or a complaint against a sender whose share did
// not open or did not match its commitment.
//
// Complaints (decided here): the accused answers by revealing the share in the clear, and
// apply checks it against the accused's round-1 commitment. A share that checks out settles
// the complaint (the accuser takes it from the log; it was the accuser's own share to know);
// one that does not, or no answer within `stallAfter` entries, excludes the accused. So does
// a bad proof of knowledge, and silence in any round for `stallAfter` entries. An exclusion
// restarts the DKG as a new attempt among the remaining members, with the same threshold;
// fewer members than the threshold and the DKG fails (the old council stays). The DKG is
// complete when every member of the attempt has confirmed the key and no complaint is open.
import { ok, refuse, type Refusal, type Result } from './errors.ts'
import { checkShare, groupKeyOf, type CouncilKey, type Hex, type Round1Package } from './frost.ts'
import { checkRound1, councilKeyOf, isHex, MAX_COUNCIL } from './public.ts'
import { SEALED_SHARE_BYTES, type DkgContext } from './seal.ts'

export interface Candidate {
  /** The collective's id. */
  id: Hex
  /** Its Ed25519 identity public key, to which round-2 shares are sealed. */
  key: Hex
}

export interface Complaint {
  accuser: number
  accused: number
  at: number
  /** Where the accused's revealed share settled it, or null while open. */
  settledAt: number | null
}

export interface DkgState {
  network: Hex
  epoch: number
  threshold: number
  attempt: number
  /** This attempt's members, ids ascending: member i (FROST identifier i) is `members[i - 1]`. */
  members: Candidate[]
  excluded: Array<{ id: Hex; attempt: number; code: string; reason: string }>
  stage: 'round1' | 'round2' | 'confirm' | 'done' | 'failed'
  stageStartedAt: number
  round1: Array<Round1Package | null>
  /** Per sender: its sealed shares to the other members, in member order. */
  round2: Array<Hex[] | null>
  confirmed: boolean[]
  complaints: Complaint[]
  /** Shares revealed to settle complaints: the accuser uses these. */
  revealed: Array<{ from: number; to: number; share: Hex }>
  /** The council's key, computed once every round-1 package is in; final at stage `done`. */
  key: CouncilKey | null
  failure: string | null
}

export interface DkgOptions {
  /** Log entries a round, or an answer to a complaint, may take (≥ 1). */
  stallAfter: number
}

export type DkgOutcome =
  | { kind: 'recorded' }
  | {
      kind: 'excluded'
      members: Array<{ id: Hex; code: string; reason: string }>
      stage: DkgState['stage']
    }
  | { kind: 'complete'; key: CouncilKey }

type Step = Result<{ state: DkgState; outcome: DkgOutcome }>
interface Header {
  epoch: number
  attempt: number
}

/** An elected council starts its DKG: t of the candidates, sorted by id, must sign. */
export function startDkg(
  network: Hex,
  epoch: number,
  threshold: number,
  candidates: Candidate[],
  position: number
): Result<DkgState> {
  const members = [...candidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const n = members.length
  if (!isHex(network, 32) || !Number.isSafeInteger(epoch) || epoch < 1)
    return refuse('DKG_COUNCIL_SHAPE', 'a DKG needs a network key and an epoch from 1')
  if (!Number.isSafeInteger(threshold) || threshold < 2 || threshold > n || n > MAX_COUNCIL) {
    return refuse(
      'DKG_COUNCIL_SHAPE',
      `a council has 2 to ${MAX_COUNCIL} members and a threshold from 2 to its size`
    )
  }
  if (
    members.some(
      (m, i) => !isHex(m.id, 32) || !isHex(m.key, 32) || (i > 0 && members[i - 1]!.id === m.id)
    )
  ) {
    return refuse('DKG_COUNCIL_SHAPE', 'council members are distinct collectives with 32-byte keys')
  }
  return ok(
    fresh({ network, epoch, threshold, attempt: 0, members, excluded: [], failure: null }, position)
  )
}

/** What a member seals its round-2 shares to and opens them with. */
export const contextOf = (state: DkgState): DkgContext => ({
  network: state.network,
  epoch: state.epoch,
  attempt: state.attempt
})

/** A member's place in this attempt (1-based), or 0. */
export const indexOf = (state: DkgState, id: Hex): number =>
  state.members.findIndex((m) => m.id === id) + 1

/** The sealed share `from` sent to `to` (members of this attempt), once round 2 is in. */
export function boxFor(state: DkgState, from: number, to: number): Hex | null {
  if (from === to) return null
  return state.round2[from - 1]?.[to < from ? to - 1 : to - 2] ?? null
}

export function submitRound1(
  state: DkgState,
  from: Hex,
  body: Header & { commitment: Hex[]; proof: Hex },
  position: number
): Step {
  const index = admit(state, from, body, 'round1')
  if (typeof index !== 'number') return index
  if (state.round1[index - 1])
    return refuse('DKG_DUPLICATE', `member ${index} already sent its round-1 package`)
  const pkg: Round1Package = { index, commitment: body.commitment, proof: body.proof }
  const problem = checkRound1(pkg, state.threshold, state.members.length)
  if (problem?.code === 'DKG_BAD_PROOF')
    return ok(exclude(state, [{ index, code: problem.code, reason: problem.reason }], position))
  if (problem) return problem
  const round1 = state.round1.map((p, i) => (i === index - 1 ? pkg : p))
  const all = round1.every((p) => p !== null)
  const next: DkgState = all
    ? {
        ...state,
        round1,
        stage: 'round2',
        stageStartedAt: position,
        key: councilKeyOf(round1 as Round1Package[], state.threshold)
      }
    : { ...state, round1 }
  return ok({ state: next, outcome: { kind: 'recorded' } })
}

export function submitRound2(
  state: DkgState,
  from: Hex,
  body: Header & { boxes: Hex[] },
  position: number
): Step {
  const index = admit(state, from, body, 'round2')
  if (typeof index !== 'number') return index
  if (state.round2[index - 1])
    return refuse('DKG_DUPLICATE', `member ${index} already sent its round-2 shares`)
  const n = state.members.length
  if (
    !Array.isArray(body.boxes) ||
    body.boxes.length !== n - 1 ||
    !body.boxes.every((b) => isHex(b, SEALED_SHARE_BYTES))
  ) {
    return refuse(
      'DKG_MALFORMED',
      `member ${index}: round 2 is ${n - 1} sealed shares of ${SEALED_SHARE_BYTES} bytes`
    )
  }
  const round2 = state.round2.map((b, i) => (i === index - 1 ? [...body.boxes] : b))
  const all = round2.every((b) => b !== null)
  return ok({
    state: {
      ...state,
      round2,
      ...(all ? { stage: 'confirm' as const, stageStartedAt: position } : {})
    },
    outcome: { kind: 'recorded' }
  })
}

/** A member whose share from `against` did not open or did not verify says so. */
export function submitComplaint(
  state: DkgState,
  from: Hex,
  body: Header & { against: Hex },
  position: number
): Step {
  const index = admit(state, from, body, 'confirm')
  if (typeof index !== 'number') return index
  const accused = indexOf(state, body.against)
  if (accused === 0 || accused === index)
    return refuse('DKG_NOT_MEMBER', 'a complaint names another member of the council')
  if (state.confirmed[index - 1])
    return refuse('DKG_WRONG_STAGE', `member ${index} has already confirmed the key`)
  if (state.complaints.some((c) => c.accuser === index && c.accused === accused)) {
    return refuse('DKG_DUPLICATE', `member ${index} already complained about member ${accused}`)
  }
  const complaints = [
    ...state.complaints,
    { accuser: index, accused, at: position, settledAt: null }
  ]
  return ok({ state: { ...state, complaints }, outcome: { kind: 'recorded' } })
}

/** The accused answers a complaint by revealing the share; apply checks it publicly. */
export function submitJustification(
  state: DkgState,
  from: Hex,
  body: Header & { to: Hex; share: Hex },
  position: number
): Step {
  const index = admit(state, from, body, 'confirm')
  if (typeof index !== 'number') return index
  const accuser = indexOf(state, body.to)
  const open = state.complaints.findIndex(
    (c) => c.accused === index && c.accuser === accuser && c.settledAt === null
  )
  if (open < 0)
    return refuse(
      'DKG_NO_COMPLAINT',
      `no open complaint of member ${accuser} against member ${index}`
    )
  if (!checkShare(state.round1[index - 1]!, accuser, body.share)) {
    const reason = `member ${index}'s revealed share for member ${accuser} does not match its commitment`
    return ok(exclude(state, [{ index, code: 'DKG_BAD_SHARE', reason }], position))
  }
  const complaints = state.complaints.map((c, i) =>
    i === open ? { ...c, settledAt: position } : c
  )
  const revealed = [...state.revealed, { from: index, to: accuser, share: body.share }]
  return ok({ state: { ...state, complaints, revealed }, outcome: { kind: 'recorded' } })
}

/** A member has finished round 3 and confirms the group key apply computed. */
export function submitConfirmation(
  state: DkgState,
  from: Hex,
  body: Header & { key: Hex },
  _position: number
): Step {
  const index = admit(state, from, body, 'confirm')
  if (typeof index !== 'number') return index
  if (state.confirmed[index - 1])
    return refuse('DKG_DUPLICATE', `member ${index} already confirmed`)
  if (state.complaints.some((c) => c.accuser === index && c.settledAt === null)) {
    return refuse('DKG_WRONG_STAGE', `member ${index} has an open complaint`)
  }
  if (body.key !== groupKeyOf(state.key!))
    return refuse(
      'DKG_WRONG_KEY',
      `member ${index} confirms another key than the round-1 packages give`
    )
  const confirmed = state.confirmed.map((c, i) => c || i === index - 1)
  if (!confirmed.every(Boolean))
    return ok({ state: { ...state, confirmed }, outcome: { kind: 'recorded' } })
  return ok({
    state: { ...state, confirmed, stage: 'done' },
    outcome: { kind: 'complete', key: state.key! }
  })
}

/**
 * After every log entry: members silent past their deadline, and the accused of complaints
 * unanswered for `stallAfter` entries, are excluded, and the DKG restarts without them.
 */
export function advanceDkg(
  state: DkgState,
  position: number,
  options: DkgOptions
): { state: DkgState; outcome: DkgOutcome } {
  const k = Math.max(1, options.stallAfter)
  const idle = { state, outcome: { kind: 'recorded' } as DkgOutcome }
  if (state.stage === 'done' || state.stage === 'failed') return idle
  const offenders: Array<{ index: number; code: string; reason: string }> = []
  const late = (since: number) => position - since >= k
  state.members.forEach((_, i) => {
    const m = i + 1
    const silent = (reason: string) =>
      offenders.push({
        index: m,
        code: 'DKG_SILENT',
        reason: `member ${m} ${reason} within ${k} entries of the DKG's clock`
      })
    if (state.stage === 'round1' && !state.round1[i] && late(state.stageStartedAt))
      silent('sent no round-1 package')
    if (state.stage === 'round2' && !state.round2[i] && late(state.stageStartedAt))
      silent('sent no round-2 shares')
    if (state.stage !== 'confirm') return
    const mine = state.complaints.filter((c) => c.accuser === m)
    const since = Math.max(state.stageStartedAt, ...mine.map((c) => c.settledAt ?? position))
    if (!state.confirmed[i] && !mine.some((c) => c.settledAt === null) && late(since))
      silent('neither confirmed the key nor complained')
    const unanswered = state.complaints.find(
      (c) => c.accused === m && c.settledAt === null && late(c.at)
    )
    if (unanswered) {
      offenders.push({
        index: m,
        code: 'DKG_UNANSWERED',
        reason: `member ${m} did not answer member ${unanswered.accuser}'s complaint within ${k} entries of the DKG's clock`
      })
    }
  })
  return offenders.length ? exclude(state, offenders, position) : idle
}

/** Excludes members and starts the next attempt among the others, or fails. */
function exclude(
  state: DkgState,
  offenders: Array<{ index: number; code: string; reason: string }>,
  position: number
) {
  const gone = new Map(offenders.map((o) => [o.index, o]))
  const named = [...gone.values()].map((o) => ({
    id: state.members[o.index - 1]!.id,
    code: o.code,
    reason: o.reason
  }))
  const excluded = [...state.excluded, ...named.map((o) => ({ ...o, attempt: state.attempt }))]
  const members = state.members.filter((_, i) => !gone.has(i + 1))
  if (members.length < state.threshold || members.length < 2) {
    const failure = `only ${members.length} members remain for a threshold of ${state.threshold}`
    const failed: DkgState = {
      ...state,
      excluded,
      stage: 'failed',
      failure,
      stageStartedAt: position
    }
    return {
      state: failed,
      outcome: { kind: 'excluded' as const, members: named, stage: failed.stage }
    }
  }
  const next = fresh({ ...state, excluded, members, attempt: state.attempt + 1 }, position)
  return { state: next, outcome: { kind: 'excluded' as const, members: named, stage: next.stage } }
}

type Identity = Pick<
  DkgState,
  'network' | 'epoch' | 'threshold' | 'attempt' | 'members' | 'excluded' | 'failure'
>

/** A new attempt: round 1, nothing received yet. */
function fresh(base: Identity, position: number): DkgState {
  const { network, epoch, threshold, attempt, members, excluded, failure } = base
  const n = members.length
  const none = () => Array(n).fill(null)
  return {
    ...{ network, epoch, threshold, attempt, members, excluded, failure }, // nothing else carries over
    stage: 'round1',
    stageStartedAt: position,
    round1: none(),
    round2: none(),
    confirmed: Array(n).fill(false),
    complaints: [],
    revealed: [],
    key: null
  }
}

/** The checks every DKG entry passes first; the sender's place in this attempt. */
function admit(
  state: DkgState,
  from: Hex,
  body: Header,
  stage: DkgState['stage']
): number | Refusal {
  if (body.epoch !== state.epoch)
    return refuse(
      'DKG_WRONG_EPOCH',
      `the entry is for epoch ${String(body.epoch)}; the DKG is for epoch ${state.epoch}`
    )
  if (body.attempt !== state.attempt)
    return refuse(
      'DKG_STALE_ATTEMPT',
      `the entry is for attempt ${String(body.attempt)}; the DKG is at attempt ${state.attempt}`
    )
  const index = indexOf(state, from)
  if (index === 0) return refuse('DKG_NOT_MEMBER', 'the sender is not a member of this DKG attempt')
  if (state.stage !== stage)
    return refuse('DKG_WRONG_STAGE', `the DKG is at ${state.stage}, not ${stage}`)
  return index
}
