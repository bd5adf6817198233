// A person's recorded time per day (issue 10): the ledger caps the sum of a wallet's
// workloads on one UTC day at 24 hours, across every collective, so 25 hours in a day is a
// refusal and not a clerk's typo that becomes coupons. The key is the wallet and the UTC day
// of `performedAt` (docs/protocol.md §9): a wallet is one person, and every node computes
// the same day from the declared time without a time zone database.
import { refuse, type Refusal } from '../protocol/errors.ts'
import type { Context } from './context.ts'
import { keys } from './keys.ts'
import { dayOf } from './period.ts'
import { workdayFullReason } from '../protocol/workday-words.ts'

/** 24 hours in µmin. */
export const WORKDAY_LIMIT = 24n * 60n * 1_000_000n

/**
 * Adds `micro` (negative for a reversal) to the wallet's day. Refuses, and writes nothing,
 * when the day would hold more than 24 hours.
 */
export async function addToWorkday(ctx: Context, wallet: string, performedAt: number, micro: bigint): Promise<Refusal | undefined> {
  const day = dayOf(performedAt)
  const key = keys.workday(wallet, day)
  const before = BigInt((await ctx.state.get(key)) ?? '0')
  const after = before + micro
  if (after > WORKDAY_LIMIT) {
    return refuse('WORKDAY_FULL', workdayFullReason(day, before, micro, WORKDAY_LIMIT))
  }
  if (after === 0n) ctx.state.del(key)
  else ctx.state.put(key, String(after))
  return undefined
}
