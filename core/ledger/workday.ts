// A person's recorded time per day (issue 10): the ledger caps the sum of a wallet's
// workloads on one UTC day at 24 hours, across every collective, so 25 hours in a day is a
// refusal and not a clerk's typo that becomes coupons. The day is the UTC day of
// `performedAt` (docs/protocol.md §9): a wallet is one person, and every node computes the
// same day from the declared time without a time zone database.
//
// The day's time is the sum of its range `workloadOf/<wallet>/<day>/`, one key per workload
// (the wallet's index of its workloads): no running sum is written beside it, which cost a
// view block for every workload. Views written before that layout hold the sum of their
// workloads under `workday/<wallet>/<day>` and index them as `workloadOf/<wallet>/<id>`;
// both are read here and kept up to date on a reversal, so such a view decides as a new one.
import { refuse, type Refusal } from '../protocol/errors.ts'
import type { Context } from './context.ts'
import { keys } from './keys.ts'
import { dayOf } from './period.ts'
import type { WorkloadRecord } from './records.ts'
import { workdayFullReason } from '../protocol/workday-words.ts'

/** 24 hours in µmin. */
export const WORKDAY_LIMIT = 24n * 60n * 1_000_000n

/** µmin the wallet's workloads hold on `day`. */
async function heldOn(ctx: Context, wallet: string, day: string): Promise<bigint> {
  let sum = BigInt((await ctx.state.get(keys.legacyWorkday(wallet, day))) ?? '0')
  for (const [, micro] of await ctx.state.prefixed(keys.workloadsOfWalletOn(wallet, day))) sum += BigInt(micro)
  return sum
}

/**
 * Indexes a new workload `id` under its wallet's day. Refuses, and writes nothing, when the
 * day would hold more than 24 hours.
 */
export async function addToWorkday(ctx: Context, wallet: string, performedAt: number, id: string, micro: bigint): Promise<Refusal | undefined> {
  const day = dayOf(performedAt)
  const before = await heldOn(ctx, wallet, day)
  if (before + micro > WORKDAY_LIMIT) {
    return refuse('WORKDAY_FULL', workdayFullReason(day, before, micro, WORKDAY_LIMIT))
  }
  ctx.state.put(keys.workloadOfWallet(wallet, day, id), String(micro))
  return undefined
}

/** Takes a reversed workload out of its wallet's index and day. */
export async function takeFromWorkday(ctx: Context, workload: WorkloadRecord): Promise<void> {
  const day = dayOf(workload.performedAt)
  const key = keys.workloadOfWallet(workload.wallet, day, workload.id)
  if ((await ctx.state.get(key)) !== undefined) {
    ctx.state.del(key)
    return
  }
  // Recorded by the older layout: its index key, and its day's running sum.
  ctx.state.del(keys.legacyWorkloadOfWallet(workload.wallet, workload.id))
  const sum = keys.legacyWorkday(workload.wallet, day)
  const after = BigInt((await ctx.state.get(sum)) ?? '0') - BigInt(workload.minutes)
  if (after === 0n) ctx.state.del(sum)
  else ctx.state.put(sum, String(after))
}
