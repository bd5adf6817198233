// The report of a subsystem's month (issue 12, docs/protocol.md §19.7): the subsystem's
// statement (the revision's a, c, w and tax, the prices and the parity of coupons and goods)
// and the statement of every collective the revision closed, signed by the collective that
// makes it, which must be one of them. Like a collective's report it is one canonical JSON
// file; its proof holds one inclusion path per statement, all to the same checkpoint's root,
// so the reader trusts neither the maker nor any member for the figures.
import { z } from 'zod'
import { amount, checkpointFields, count, hex, period, statementSchema, text } from './model.ts'

export const SUBSYSTEM_REPORT_FORMAT = 'stachanov-subsystem-report/1'
/** What the maker's key signs: this line, then the body's canonical JSON. */
export const SUBSYSTEM_SIGNING_PREFIX = `${SUBSYSTEM_REPORT_FORMAT}\n`

export const subsystemStatementSchema = z.strictObject({
  v: z.literal(1),
  kind: z.literal('subsystem'),
  subsystem: hex(32),
  period,
  revision: hex(32),
  members: z.array(hex(32)).max(100_000),
  a: amount,
  c: amount,
  w: amount,
  wRaw: amount,
  taxed: amount,
  claimable: amount,
  rounding: amount,
  prices: z.array(z.strictObject({ product: hex(32), value: amount, quantity: amount })).max(100_000),
  parity: z.strictObject({ coupons: amount, exclusiveGoods: amount, commonsGoods: amount })
})

export const subsystemReportSchema = z.strictObject({
  format: z.literal(SUBSYSTEM_REPORT_FORMAT),
  subsystem: hex(32),
  period,
  /** The collective that made and signed the report: one of the members. */
  maker: z.strictObject({ id: hex(32), name: text }),
  statement: subsystemStatementSchema,
  /** Each member's statement, in the order of `statement.members`: the totals per collective. */
  collectives: z.array(statementSchema).max(100_000),
  names: z.record(hex(32), text)
})

export const subsystemProofSchema = z.strictObject({
  /** The subsystem statement's leaf index, and each collective statement's, in report order. */
  index: count,
  indices: z.array(count).max(100_000),
  checkpoint: z
    .strictObject({
      ...checkpointFields,
      /** Audit paths, bottom up: the subsystem statement's, then each collective's. */
      path: z.array(hex(32)).max(64),
      paths: z.array(z.array(hex(32)).max(64)).max(100_000)
    })
    .optional()
})

export const signedSubsystemReportSchema = z.strictObject({
  report: subsystemReportSchema,
  signature: hex(64),
  proof: subsystemProofSchema
})

export type SubsystemReport = z.infer<typeof subsystemReportSchema>
export type SubsystemProof = z.infer<typeof subsystemProofSchema>
export type SignedSubsystemReport = z.infer<typeof signedSubsystemReportSchema>
