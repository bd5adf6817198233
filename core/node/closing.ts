// Closing a month, before anyone does it: which month can be closed now, from when a month can
// be closed, and what its final revision would fix per subsystem (a, c, w, the tax and the
// coupons), from the ledger's own revision rules on a buffer that is dropped (ledger/preview.ts).
import { fraction, toDecimal } from '../economics/index.ts'
import { keys } from '../ledger/keys.ts'
import { periodEnd, periodOf, previousPeriod } from '../ledger/period.ts'
import { preview } from '../ledger/preview.ts'
import * as q from '../ledger/queries.ts'
import type { RevisionRecord } from '../ledger/records.ts'
import type { KeyValueStore } from '../ledger/store.ts'
import { createTransaction } from '../protocol/sign.ts'

const MS_PER_MINUTE = 60_000

/** How far back the proposed month is looked for. */
const MONTHS_BACK = 36

/** The first moment `period` may be closed in a subsystem with grace `graceMinutes`. */
function closableFrom(period: string, graceMinutes: string): number {
  return periodEnd(period) + Number(graceMinutes) * MS_PER_MINUTE
}

export interface ClosingPreview {
  period: string
  /** The latest month whose grace time is over and that is still open for `me`, if any. */
  proposed: string | null
  /** Every month that can be closed now (grace over, still open for `me`), the latest first. */
  closable: string[]
  /** The month the network began, or the earliest one work was recorded for: nothing earlier is proposed. */
  earliest: string | null
  /** The next month to become closable, and from when (ms). */
  next: { period: string; from: number }
  /** When `period` can be closed in `me`'s subsystem (ms). */
  possibleFrom: number
  refusal: { code: string; reason: string } | null
  /** What the revision would fix, per subsystem it closes. */
  subsystems: Array<{
    subsystem: string
    members: string[]
    memberNames: string[]
    a: string
    c: string
    w: string
    tax: string
    claimable: string
    rounding: string
    debtOut: string
  }>
}

export async function closing(
  store: KeyValueStore,
  me: string,
  now: number,
  period?: string
): Promise<ClosingPreview> {
  const mine = await q.collective(store, me)
  const all = await q.subsystems(store)
  const names = new Map((await q.collectives(store)).map((c) => [c.id, c.name]))
  const grace = all.find((s) => s.id === mine?.subsystem)?.params.graceMinutes ?? '0'

  // Months before the network began hold nothing, unless work was recorded for them later:
  // they are never proposed.
  const first = (await q.log(store, { limit: 1 }))[0]
  const began = first?.id ? (await q.enteredTransaction(store, first.id))?.time : undefined
  let earliest = began === undefined ? null : periodOf(began)
  for (const c of await q.collectives(store)) {
    const [tally] = await q.entries(store, { gte: `tally/${c.id}/`, lt: `tally/${c.id}/\uffff`, limit: 1 })
    const month = tally?.[0].slice(`tally/${c.id}/`.length)
    if (month && (earliest === null || month < earliest)) earliest = month
  }
  const closable: string[] = []
  let next = { period: periodOf(now), from: closableFrom(periodOf(now), grace) }
  for (let p = previousPeriod(periodOf(now)), i = 0; i < MONTHS_BACK; p = previousPeriod(p), i++) {
    if (earliest !== null && p < earliest) break
    if (now < closableFrom(p, grace)) {
      next = { period: p, from: closableFrom(p, grace) }
      continue
    }
    if ((await store.get(keys.closed(me, p))) === undefined) closable.push(p)
  }
  const proposed = closable[0] ?? null
  const asked = period ?? proposed ?? previousPeriod(periodOf(now))

  const tx = createTransaction({
    type: 'revision.final',
    body: { period: asked },
    time: now,
    signers: []
  })
  const result = await preview(store, tx, '')
  const subsystems: ClosingPreview['subsystems'] = []
  if (!result.refusal) {
    for (const s of all) {
      const r = (await result.read(keys.revision(result.id, s.id))) as RevisionRecord | undefined
      if (!r) continue
      const rate = BigInt(r.a) === 0n ? fraction(0n) : fraction(BigInt(r.taxed), BigInt(r.a))
      subsystems.push({
        subsystem: s.id,
        members: r.members,
        memberNames: r.members.map((m) => names.get(m) ?? m),
        a: r.a,
        c: r.c,
        w: r.w,
        tax: toDecimal(rate, 6),
        claimable: r.claimable,
        rounding: r.rounding,
        debtOut: r.debtOut
      })
    }
  }
  return {
    period: asked,
    proposed,
    closable,
    earliest,
    next,
    possibleFrom: closableFrom(asked, grace),
    refusal: result.refusal ? { code: result.refusal.code, reason: result.refusal.reason } : null,
    subsystems
  }
}
