// Commons and exclusive goods per subsystem (§6.1), and where write-offs and repurposed
// transfers are tallied for the final revision (§6.3).
import type { Context } from './context.ts'
import { keys } from './keys.ts'
import { nextPeriod, periodOf } from './period.ts'
import type { CollectiveRecord, Tally } from './records.ts'

export async function isCommons(ctx: Context, subsystem: string, product: string): Promise<boolean> {
  return (await ctx.state.get(keys.commons(subsystem, product))) !== undefined
}

/**
 * The first period at or after `time` that the collective has not closed yet. Write-offs and
 * transfers declared inside an already closed month count into the next open one, so
 * nothing escapes the tax by arriving late.
 */
export async function openPeriod(ctx: Context, collective: string, time: number): Promise<string> {
  let period = periodOf(time)
  for (let i = 0; i < 1200 && (await ctx.state.get(keys.closed(collective, period))) !== undefined; i++) {
    period = nextPeriod(period)
  }
  return period
}

export async function addTally(ctx: Context, collective: string, period: string, delta: Partial<Record<keyof Tally, bigint>>): Promise<void> {
  const key = keys.tally(collective, period)
  const tally = (await ctx.state.get(key)) ?? { a: '0', c: '0', w: '0' }
  const next = { ...tally }
  for (const [name, amount] of Object.entries(delta) as Array<[keyof Tally, bigint]>) {
    next[name] = String(BigInt(tally[name]) + amount)
  }
  ctx.state.put(key, next)
}

/** A write-off of exclusive goods counts into w of the owner's open period. */
export async function tallyWriteoff(ctx: Context, owner: CollectiveRecord, product: string, value: bigint): Promise<void> {
  if (value === 0n || (await isCommons(ctx, owner.subsystem, product))) return
  await addTally(ctx, owner.id, await openPeriod(ctx, owner.id, ctx.tx.time), { w: value })
}
