// Labour coupons (§6.4, §6.5): claimed once per workload after the month's final revision,
// tagged with the collective where the work was registered, deleted when spent at a
// dispatcher of the same subsystem. No transaction moves coupons between wallets.
import { claimable, formatMinutes } from '../../economics/index.ts'
import { refuse } from '../../protocol/errors.ts'
import { addTotals, isRefusal, requireRole, type Context, type Handler } from '../context.ts'
import { keys } from '../keys.ts'
import { revisionNumbers } from './revision.ts'

/** µmin as minutes for a reason people read ("383.608891"). */
const minutes = (micro: bigint) => formatMinutes(micro).replace(/\.?0+$/, '')

async function addBalance(ctx: Context, wallet: string, origin: string, amount: bigint): Promise<void> {
  const key = keys.balance(wallet, origin)
  const next = BigInt((await ctx.state.get(key)) ?? '0') + amount
  if (next === 0n) ctx.state.del(key)
  else ctx.state.put(key, String(next))
  const outstanding = BigInt((await ctx.state.get(keys.outstanding(origin))) ?? '0') + amount
  if (outstanding === 0n) ctx.state.del(keys.outstanding(origin))
  else ctx.state.put(keys.outstanding(origin), String(outstanding))
}

export const couponClaim: Handler<'coupon.claim'> = {
  async signers(ctx) {
    const workload = await ctx.state.get(keys.workload(ctx.tx.body.workload))
    if (!workload) return refuse('UNKNOWN_WORKLOAD', 'no workload with that id exists')
    return [workload.wallet]
  },
  async apply(ctx) {
    const workload = (await ctx.state.get(keys.workload(ctx.tx.body.workload)))!
    if (workload.reversedBy) return refuse('WORKLOAD_REVERSED', 'the workload was reversed: it earns no coupons')
    if (workload.claimedBy) return refuse('ALREADY_CLAIMED', 'the coupons of this workload were already claimed')
    const closed = await ctx.state.get(keys.closed(workload.collective, workload.period))
    if (!closed) return refuse('NOT_FINAL', `${workload.period} has not had its final revision yet`)
    if (closed.revision !== ctx.tx.body.revision) {
      return refuse('WRONG_REVISION', `the workload's month was closed by revision ${closed.revision.slice(0, 8)}…`)
    }
    const revision = (await ctx.state.get(keys.revision(closed.revision, closed.subsystem)))!
    const amount = claimable(BigInt(workload.minutes), revisionNumbers(revision))
    await addBalance(ctx, workload.wallet, workload.collective, amount)
    await addTotals(ctx, { claimed: amount })
    ctx.state.put(keys.workload(workload.id), { ...workload, claimedBy: ctx.id })
  }
}

export const couponSpend: Handler<'coupon.spend'> = {
  cosignable: true,
  async signers(ctx) {
    return [ctx.tx.body.wallet, ctx.tx.body.dispatcher]
  },
  async apply(ctx) {
    const { wallet } = ctx.tx.body
    const amount = BigInt(ctx.tx.body.amount)
    const dispatcher = await requireRole(ctx, ctx.tx.body.dispatcher, 'dispatcher')
    if (isRefusal(dispatcher)) return dispatcher
    const spendable: Array<[string, bigint]> = []
    let here = 0n
    let everywhere = 0n
    for (const [key, value] of await ctx.state.prefixed(keys.balancesOf(wallet))) {
      const origin = key.slice(key.lastIndexOf('/') + 1)
      const balance = BigInt(value as string)
      everywhere += balance
      const collective = await ctx.state.get(keys.collective(origin))
      if (collective?.subsystem === dispatcher.subsystem) {
        spendable.push([origin, balance])
        here += balance
      }
    }
    if (here < amount) {
      if (everywhere >= amount) {
        return refuse('COUPON_OTHER_SUBSYSTEM', `only ${minutes(here)} minutes of this wallet's coupons come from ${dispatcher.name}'s subsystem`)
      }
      return refuse('OVERSPEND', `the wallet holds ${minutes(everywhere)} minutes of coupons, less than ${minutes(amount)}`)
    }
    // Spend from origins in key order: deterministic, and no origin is favoured by the spender.
    let left = amount
    for (const [origin, balance] of spendable) {
      if (left === 0n) break
      const used = balance < left ? balance : left
      await addBalance(ctx, wallet, origin, -used)
      left -= used
    }
    await addTotals(ctx, { spent: amount })
  }
}
