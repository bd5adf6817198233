// The report of a collective's month (issue 12, docs/protocol.md §19): one source of truth,
// canonical JSON signed by the collective's key, from which the CSV and the PDF are drawn.
//
//   { report:    the body: the statement and the details behind it (signed),
//     signature: the collective's Ed25519 signature (hex) over "stachanov-report/1\n" and the
//                body's canonical JSON; the collective's id is its public key,
//     proof:     the statement's place in the tree and, once a council's checkpoint covers
//                it, that checkpoint and the inclusion path (not signed: it proves itself) }
//
// A report file is exactly its canonical JSON and one newline, so every byte of it counts.
import { z } from 'zod'

export const REPORT_FORMAT = 'stachanov-report/1'
/** What the collective's key signs: this line, then the body's canonical JSON. */
export const SIGNING_PREFIX = `${REPORT_FORMAT}\n`

export const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `${bytes} bytes of lowercase hex`)
export const amount = z.string().regex(/^(0|[1-9][0-9]*)$/, 'decimal µmin')
const signed = z.string().regex(/^(0|-?[1-9][0-9]*)$/, 'signed decimal µmin')
export const count = z.number().int().min(0)
export const period = z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM')
export const text = z.string().max(500)

export const movementTotalsSchema = z.strictObject({
  in: amount,
  out: amount,
  made: amount,
  used: amount,
  writtenOff: amount,
  dispatched: amount,
  other: signed
})

export const statementSchema = z.strictObject({
  v: z.literal(1),
  collective: hex(32),
  period,
  subsystem: hex(32),
  revision: hex(32),
  from: count,
  to: count,
  workloads: count,
  a: amount,
  c: amount,
  claimable: amount,
  w: amount,
  tax: z.strictObject({ a: amount, taxed: amount }),
  movements: movementTotalsSchema,
  stockStart: amount,
  stockEnd: amount
})

/** One wallet's work in the month (wallets are pseudonyms: keys, no names). */
const workSchema = z.strictObject({ wallet: hex(32), workloads: count, minutes: amount, commons: amount, claimable: amount })

const outputSchema = z.strictObject({ lot: z.string().max(200), product: hex(32), quantity: amount, value: amount })
const productionSchema = z.strictObject({
  id: hex(32),
  product: hex(32),
  commons: z.boolean(),
  workloads: amount,
  consumed: amount,
  transfers: amount,
  components: amount,
  value: amount,
  outputs: z.array(outputSchema).max(10_000)
})

const movementSchema = z.strictObject({
  kind: z.enum(['in', 'out', 'made', 'used', 'writtenOff', 'dispatched', 'other']),
  seq: count,
  tx: hex(32),
  type: z.string().max(64),
  lot: z.string().max(200),
  product: hex(32),
  quantity: amount,
  value: signed,
  counterparty: hex(32).optional(),
  production: hex(32).optional(),
  reason: text.optional()
})

export const revisionSchema = z.strictObject({
  tx: hex(32),
  subsystem: hex(32),
  members: count,
  a: amount,
  c: amount,
  w: amount,
  wRaw: amount,
  debtIn: amount,
  debtOut: amount,
  taxed: amount,
  claimable: amount,
  rounding: amount
})

export const reportSchema = z.strictObject({
  format: z.literal(REPORT_FORMAT),
  collective: z.strictObject({ id: hex(32), name: text }),
  period,
  statement: statementSchema,
  revision: revisionSchema,
  work: z.array(workSchema).max(1_000_000),
  productions: z.array(productionSchema).max(1_000_000),
  movements: z.array(movementSchema).max(1_000_000),
  /** Names of the product types and collectives the report mentions, for people. */
  names: z.record(hex(32), text)
})

/** What a proof holds of the checkpoint that covers it, in a collective's and a subsystem's report. */
export const checkpointFields = {
  /** The council's signed checkpoint note (c2sp.org/tlog-checkpoint). */
  note: z.string().max(65_536),
  /** The group key the maker saw (a reader should pin its own). */
  councilKey: hex(32),
  /** Hand-over notes from an earlier council's key to the one that signed, if any. */
  handOvers: z.array(z.string().max(65_536)).max(64).optional()
}

export const proofSchema = z.strictObject({
  /** The statement's leaf index in the statements tree. */
  index: count,
  /** Present once a checkpoint covers the statement. */
  checkpoint: z
    .strictObject({
      ...checkpointFields,
      /** The audit path from the leaf to the checkpoint's statements root, bottom up. */
      path: z.array(hex(32)).max(64)
    })
    .optional()
})

export const signedReportSchema = z.strictObject({
  report: reportSchema,
  signature: hex(64),
  proof: proofSchema
})

export type Report = z.infer<typeof reportSchema>
export type ReportProof = z.infer<typeof proofSchema>
export type SignedReport = z.infer<typeof signedReportSchema>
export type ReportMovement = Report['movements'][number]
export type ReportProduction = Report['productions'][number]
export type ReportWork = Report['work'][number]
