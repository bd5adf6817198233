// The final revision of a month (§6.3): anyone may append it once the month and the
// subsystem's grace time are over. It closes the month for every collective of every
// subsystem that is due, and fixes a, c, w and the tax per subsystem.
import { claimable, finalRevision, fraction } from '../../economics/index.ts'
import { refuse } from '../../protocol/errors.ts'
import type { Context, Handler } from '../context.ts'
import { keys } from '../keys.ts'
import { periodEnd } from '../period.ts'
import type { RevisionRecord } from '../records.ts'
import { fixStatements } from '../statements.ts'
import { fixSubsystemStatement } from '../subsystem-statements.ts'
import { membersOf } from '../subsystems.ts'
import { paramsOf } from './orders.ts'

const MS_PER_MINUTE = 60_000n

export const revisionFinal: Handler<'revision.final'> = {
  async signers() {
    return []
  },
  async apply(ctx) {
    const { period } = ctx.tx.body
    const end = periodEnd(period)
    let early = false
    let closed = 0
    for (const [, subsystem] of await ctx.state.prefixed(keys.subsystems)) {
      const params = await paramsOf(ctx, subsystem.id)
      if (BigInt(ctx.tx.time) < BigInt(end) + BigInt(params.graceMinutes) * MS_PER_MINUTE) {
        early = true
        continue
      }
      const open: string[] = []
      for (const member of await membersOf(ctx, subsystem.id)) {
        if ((await ctx.state.get(keys.closed(member, period))) === undefined) open.push(member)
      }
      if (open.length === 0) continue
      await close(ctx, period, subsystem.id, open, params.writeoffLimit)
      closed++
    }
    if (closed > 0) return
    if (early) return refuse('EARLY_REVISION', `${period} cannot be closed yet: its grace time after the end of the month has not passed`)
    return refuse('ALREADY_FINAL', `${period} has already been closed everywhere`)
  }
}

async function close(ctx: Context, period: string, subsystem: string, members: string[], limit: string): Promise<void> {
  let a = 0n
  let c = 0n
  let w = 0n
  for (const member of members) {
    const tally = await ctx.state.get(keys.tally(member, period))
    if (!tally) continue
    a += BigInt(tally.a)
    c += BigInt(tally.c)
    w += BigInt(tally.w)
  }
  const debtIn = BigInt((await ctx.state.get(keys.debt(subsystem))) ?? '0')
  const [num, den] = limit.split('/').map(BigInt) as [bigint, bigint]
  const revision = finalRevision({ a, c, w, debtIn, limit: fraction(num, den) })
  let total = 0n
  for (const member of members) {
    for (const [, minutes] of await ctx.state.prefixed(keys.workloadsIn(member, period))) {
      total += claimable(BigInt(minutes as string), revision)
    }
    ctx.state.put(keys.closed(member, period), { revision: ctx.id, subsystem })
  }
  const record: RevisionRecord = {
    tx: ctx.id,
    period,
    subsystem,
    members,
    a: String(a),
    c: String(c),
    w: String(revision.w),
    wRaw: String(w),
    debtIn: String(debtIn),
    debtOut: String(revision.debtOut),
    taxed: String(revision.taxed),
    claimable: String(total),
    rounding: String(a - revision.taxed - total)
  }
  ctx.state.put(keys.revision(ctx.id, subsystem), record)
  ctx.state.put(keys.revisionIn(period, subsystem), ctx.id)
  if (revision.debtOut > 0n) ctx.state.put(keys.debt(subsystem), String(revision.debtOut))
  else ctx.state.del(keys.debt(subsystem))
  await fixStatements(ctx, record)
  await fixSubsystemStatement(ctx, record)
}

/** The revision's numbers as the economics functions take them. */
export function revisionNumbers(record: RevisionRecord) {
  const a = BigInt(record.a)
  const taxed = BigInt(record.taxed)
  return { a, c: BigInt(record.c), w: BigInt(record.w), debtOut: BigInt(record.debtOut), taxed, rate: a === 0n ? fraction(0n) : fraction(taxed, a) }
}
