// The network's council (docs/protocol.md §14.1): elected by a vote of all the network's
// member collectives, one collective one vote. Its members' devices confirm the log (one
// Autobase indexer per member, and only they); its threshold key (core/checkpoint, by a DKG
// through the log) signs checkpoints. Until the first election the founder's device is the
// only indexer, as it has been since genesis.
//
// The council belongs to the network, not to a subsystem: a trust split leaves both parts in
// the one log that the one council confirms, so each part goes on confirming. A member that
// leaves the network (its last trust cancelled) leaves the council, and its device stops
// indexing; the rest go on, and sign while at least `threshold` of them remain.
import { short } from '../protocol/decode.ts'
import { refuse, type Refusal } from '../protocol/errors.ts'
import { getCollective, isRefusal, requireMember, type Context } from './context.ts'
import { keys } from './keys.ts'
import type { CouncilRecord, ProposalRecord } from './records.ts'
import { DKG_STALL_AFTER, dkgWaited, startCouncilDkg } from './council-dkg.ts'

export interface CouncilChoice {
  members: string[]
  threshold: number
}

/** Proposal kinds decided by the whole network rather than by the proposer's subsystem. */
export const NETWORK_KINDS: ReadonlySet<string> = new Set(['council'])

/**
 * A council can be proposed when every member is a member collective now and its threshold
 * is more than half its size (so two disjoint halves can never both sign), at most its size.
 */
export async function checkCouncilChoice(ctx: Context, payload: { members: string[]; threshold: string }): Promise<CouncilChoice | Refusal> {
  const members = [...payload.members].sort()
  const threshold = Number(payload.threshold)
  if (threshold * 2 <= members.length || threshold > members.length) {
    return refuse('COUNCIL_THRESHOLD', `a council of ${members.length} needs a threshold above ${Math.floor(members.length / 2)} and at most ${members.length}, not ${threshold}`)
  }
  for (const id of members) {
    const member = await requireMember(ctx, id)
    if (isRefusal(member)) return member
  }
  const current = await ctx.state.get(keys.council)
  if (current && current.threshold === threshold && current.members.join() === members.join()) {
    return refuse('NO_CHANGE', `this council (${threshold} of ${members.length}) is already elected`)
  }
  return { members, threshold }
}

/** How a council election is stored in its proposal record (payload values are strings). */
export const councilPayload = (choice: CouncilChoice): Record<string, string> => ({
  members: choice.members.join(','),
  threshold: String(choice.threshold)
})

/** The network's member collectives now: the electorate of a council vote. */
export async function networkSize(ctx: Context): Promise<number> {
  let size = 0
  for (const [, value] of await ctx.state.range({ gte: keys.collectives, lt: keys.collectives + '\uffff' })) {
    if ((value as { member?: boolean }).member === true) size++
  }
  return size
}

/** A council vote passes with yes from more than half the network's members (or all of them). */
export const councilEnough = (yes: number, size: number): boolean => yes * 2 > size || yes === size

/**
 * How long after the election the indexer change waits for named devices that have not
 * written yet, on the DKG's clock (entries by the members' devices, council-dkg.ts): as long
 * as the DKG waits for their round-1 packages. Then it is asked for with whoever has written
 * (the DKG drops the silent ones at that same entry); at once if the DKG has ended.
 */
export const PROMOTE_AFTER = DKG_STALL_AFTER

/**
 * The passed election takes effect: a new epoch, its members' devices the indexers. The
 * change of indexers is held until every named device has written an entry (the members'
 * agents write their DKG round-1 packages at once), so Autobase moves to the whole new set in
 * one change: each device promoted on its own would be a change of its own, which Autobase
 * confirms under the set before it and then restarts its linearizer for (docs/protocol.md §14.1).
 */
export async function electCouncil(ctx: Context, proposal: ProposalRecord): Promise<void> {
  const members = proposal.payload.members!.split(',')
  const previous = await ctx.state.get(keys.council)
  const council: CouncilRecord = {
    epoch: (previous?.epoch ?? 0) + 1,
    members,
    threshold: Number(proposal.payload.threshold),
    proposal: proposal.id,
    since: ctx.seq,
    indexers: [],
    waiting: [],
    left: []
  }
  // A member may have left the network between the proposal and the ballot that passed it.
  for (const id of members) {
    const collective = await getCollective(ctx, id)
    if (!collective?.member) council.left.push(id)
  }
  const started = await startCouncilDkg(ctx, council, sitting(council))
  const indexers = await indexersOf(ctx, started)
  await saveCouncil(ctx, { ...started, indexers, waiting: [...indexers], ...(indexers.length > 0 ? { held: true as const } : {}) })
}

/** A collective that leaves the network leaves the council with it. */
export async function leaveCouncil(ctx: Context, id: string): Promise<void> {
  const council = await ctx.state.get(keys.council)
  if (!council || !council.members.includes(id) || council.left.includes(id)) return
  const next = { ...council, left: [...council.left, id] }
  await saveCouncil(ctx, withIndexers(next, council, await indexersOf(ctx, next)))
}

/**
 * The council's devices changed (a member bound or unbound its devices): name the indexers
 * again. Called after the collective's record is written.
 */
export async function refreshIndexers(ctx: Context, collective: string): Promise<void> {
  const council = await ctx.state.get(keys.council)
  if (!council || !council.members.includes(collective) || council.left.includes(collective)) return
  const indexers = await indexersOf(ctx, council)
  if (indexers.join() === council.indexers.join()) return
  await saveCouncil(ctx, withIndexers(council, council, indexers))
}

/**
 * Called for every entry that is accepted or pending (a refusal changes nothing). While the
 * election's indexer change is held: a named device seen writing is no longer waited for, and
 * when none is left (or the DKG stops waiting, PROMOTE_AFTER) the whole set is asked for at once.
 * Runs after advanceCouncilDkg, so both see the same clock reading.
 * After that, a named device that Autobase could only make a pending indexer (it had written
 * nothing) gets the set asked for again at its first entry, so the old indexers can step down.
 */
export async function councilWriterSeen(ctx: Context): Promise<void> {
  const council = await ctx.state.get(keys.council)
  if (!council) return
  const seen = council.waiting.includes(ctx.writer)
  const { held, ...rest } = council
  const waiting = council.waiting.filter((device) => device !== ctx.writer)
  // A member that left may have been the last one waited for: that releases it too.
  const release = held === true && (waiting.length === 0 || (await dkgWaited(ctx, council.epoch, PROMOTE_AFTER)))
  if (!seen && !release) return
  const next: CouncilRecord = { ...rest, waiting, ...(held && !release ? { held } : {}) }
  ctx.state.put(keys.council, next)
  ctx.state.put(keys.councilEpoch(next.epoch), next)
  if (next.held) return
  if (!ctx.effects.some((effect) => effect.kind === 'indexers')) ctx.effects.push({ kind: 'indexers', keys: next.indexers })
}

/** The members still in the council. */
export const sitting = (council: CouncilRecord): string[] => council.members.filter((id) => !council.left.includes(id))

/** One device per sitting member: its first one. */
async function indexersOf(ctx: Context, council: CouncilRecord): Promise<string[]> {
  const devices: string[] = []
  for (const id of sitting(council)) {
    const collective = await getCollective(ctx, id)
    const first = collective?.devices[0]
    if (first) devices.push(first)
  }
  return devices
}

/**
 * The council with new indexer devices: the ones named before keep their waiting state, a
 * newly named one is waited for (it may not have written yet).
 */
function withIndexers(council: CouncilRecord, before: CouncilRecord, indexers: string[]): CouncilRecord {
  const waiting = indexers.filter((device) => before.waiting.includes(device) || !before.indexers.includes(device))
  return { ...council, indexers, waiting }
}

async function saveCouncil(ctx: Context, council: CouncilRecord): Promise<void> {
  ctx.state.put(keys.council, council)
  ctx.state.put(keys.councilEpoch(council.epoch), council)
  // Held: the election's change waits for its devices to write (councilWriterSeen asks then).
  // With no member left the network keeps the indexers it has (Autobase needs one).
  if (council.held) return
  if (council.indexers.length > 0) ctx.effects.push({ kind: 'indexers', keys: council.indexers })
}

export const describeMembers = (members: string[]): string => members.map(short).join(', ')
