// Strong trust between collectives, its cancellation, and settlement after a split (§2.1).
import { short } from '../../protocol/decode.ts'
import { refuse } from '../../protocol/errors.ts'
import { getCollective, hasStrongTrust, isRefusal, requireMember, type Context, type Handler } from '../context.ts'
import type { PendingRecord } from '../records.ts'
import { keys } from '../keys.ts'
import { lotFrom, requireFreeLot, requireQuantity, saveLot, take } from '../lots.ts'
import { connect, disconnect } from '../subsystems.ts'
import { admit, dismiss, soleSigner } from './collectives.ts'
import { leaveCouncil } from '../council.ts'

export const trustEstablish: Handler<'trust.establish'> = {
  cosignable: true,
  async signers(ctx) {
    return [ctx.tx.body.a, ctx.tx.body.b]
  },
  /**
   * One request per pair at a time (docs/protocol.md §5): a second one while the first waits
   * would ask the partner twice for one intent, and the later of the two could only fail.
   */
  async hold(ctx) {
    const { a, b } = ctx.tx.body
    const waiting = await pendingTrustRequest(ctx, a, b)
    if (waiting) {
      const names = await Promise.all(waiting.missing.map(async (key) => (await getCollective(ctx, key))?.name ?? short(key)))
      return refuse('TRUST_REQUEST_PENDING', `a request for strong trust between these two collectives (${short(waiting.id)}) already waits for the co-signature of ${names.join(', ')}`)
    }
    ctx.state.put(keys.trustRequest(a, b), ctx.id)
  },
  async apply(ctx) {
    const a = await getCollective(ctx, ctx.tx.body.a)
    const b = await getCollective(ctx, ctx.tx.body.b)
    if (!a || !b) return refuse('UNKNOWN_COLLECTIVE', `collective ${short(!a ? ctx.tx.body.a : ctx.tx.body.b)} is not registered`)
    if (!a.member && !b.member) return refuse('NOT_MEMBER', 'one of the two collectives must already be a member of the network')
    if (await hasStrongTrust(ctx, a.id, b.id)) return refuse('ALREADY_TRUSTED', `${a.name} and ${b.name} already trust each other`)
    if ((await ctx.state.get(keys.trustRequest(a.id, b.id))) === ctx.id) ctx.state.del(keys.trustRequest(a.id, b.id))
    admit(ctx, a)
    admit(ctx, b)
    await connect(ctx, a, b)
    ctx.state.put(keys.collective(a.id), a)
    ctx.state.put(keys.collective(b.id), b)
  }
}

/**
 * The request for strong trust between `a` and `b` that still waits (not co-signed, declined
 * or expired by this transaction's declared time), other than this transaction itself.
 */
export async function pendingTrustRequest(ctx: Context, a: string, b: string): Promise<PendingRecord | undefined> {
  const id = await ctx.state.get(keys.trustRequest(a, b))
  if (id === undefined || id === ctx.id) return undefined
  const pending = await ctx.state.get(keys.pending(id))
  if (!pending || ctx.tx.time > pending.expires) return undefined
  return pending
}

export const trustCancel: Handler<'trust.cancel'> = {
  signers: soleSigner,
  async apply(ctx) {
    const me = await requireMember(ctx, ctx.tx.signers[0]!)
    if (isRefusal(me)) return me
    const peer = await getCollective(ctx, ctx.tx.body.peer)
    if (!peer || !(await hasStrongTrust(ctx, me.id, peer.id))) {
      return refuse('NO_STRONG_TRUST', `${me.name} has no strong trust with ${peer?.name ?? short(ctx.tx.body.peer)} to cancel`)
    }
    await disconnect(ctx, me, peer)
    // A collective left without any trust leaves the network, unless it founded it.
    const genesis = await ctx.state.get(keys.genesis)
    for (const side of [me, peer]) {
      const edges = await ctx.state.range({ gte: keys.edgesOf(side.id), lt: keys.edgesOf(side.id) + '\uffff', limit: 1 })
      if (edges.length === 0 && side.id !== genesis) {
        dismiss(ctx, side)
        await leaveCouncil(ctx, side.id)
      }
      ctx.state.put(keys.collective(side.id), side)
    }
  }
}

/** Goods cross a split once, from one part to the other, to restore parity. */
export const settlementRecord: Handler<'settlement.record'> = {
  cosignable: true,
  async signers(ctx) {
    return [ctx.tx.body.from, ctx.tx.body.to]
  },
  async apply(ctx) {
    const { split: splitId, from, to, lots } = ctx.tx.body
    const split = await ctx.state.get(keys.split(splitId))
    if (!split) return refuse('UNKNOWN_SPLIT', 'no trust cancellation with that id split a subsystem')
    const side = (id: string) => split.parts.findIndex((part) => part.members.includes(id))
    if (side(from) < 0 || side(to) < 0 || side(from) === side(to)) {
      return refuse('NOT_ACROSS_SPLIT', 'a settlement goes from one part of the split to the other')
    }
    // Not requireMember: a collective cut off alone has left the network, and settling with
    // the part it left is exactly what it still has to do.
    const giver = (await getCollective(ctx, from))!
    const receiver = (await getCollective(ctx, to))!
    if (giver.subsystem === receiver.subsystem) {
      return refuse('NOT_SPLIT', `${giver.name} and ${receiver.name} are in one subsystem again: use a transfer`)
    }
    for (const [index, item] of lots.entries()) {
      const lot = await requireFreeLot(ctx, item.lot, from)
      if (isRefusal(lot)) return lot
      const quantity = BigInt(item.quantity)
      const tooMuch = requireQuantity(lot, quantity)
      if (tooMuch) return tooMuch
      const taken = take(lot, quantity)
      await saveLot(ctx, lot, taken.rest)
      await saveLot(ctx, undefined, lotFrom(`${ctx.id}:${index}`, lot, to, quantity, taken, ctx.id))
    }
    const settled = split.settlements ?? []
    ctx.state.put(keys.split(splitId), { ...split, settlements: [...settled, ctx.id] })
  }
}
