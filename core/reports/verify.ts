// Verifying a report, offline, without trusting its maker (docs/protocol.md §19; a subsystem's
// report goes to subsystem-verify.ts, which checks in the same order). In order:
//   1. the file is a report in its canonical form              else `malformed`
//   2. the collective's signature over the body                 else `signature-invalid` (whose)
//   3. the details add up to the statement                      else `details-mismatch` (which figure)
//   4. with a replica of the network: the same body from the log else `differs-from-log` (where)
//   5. a checkpoint covers the statement                        else `not-covered`
//   6. the checkpoint's group signature, against the pinned key else `checkpoint-signature-invalid`
//   7. the inclusion path leads from the statement to the checkpoint's statements root,
//      else `not-covered` (the checkpoint does not hold this statement)
// and then `valid`.
import { verifyInclusion } from '../checkpoint/merkle.ts'
import { statementHash } from '../ledger/statements.ts'
import { verify } from '../protocol/crypto.ts'
import { checkDetails } from './details.ts'
import { makeReport } from './make.ts'
import { signedReportSchema, type Report, type SignedReport } from './model.ts'
import { fingerprintOf, signingBytes } from './sign.ts'
import { extractReport, isPdf } from './pdf-attachment.ts'
import { SUBSYSTEM_REPORT_FORMAT } from './subsystem-model.ts'
import { verifySubsystemReport } from './subsystem-verify.ts'
import { checkCheckpoint, firstDifference, parseWith, readJson, type Parsed, type Verdict, type VerifyOptions } from './verdict.ts'

export { firstDifference, type Verdict, type VerdictCode, type VerifyOptions } from './verdict.ts'

/** Reads a collective report file's bytes: exactly one canonical JSON report and a newline. */
export function parseReport(input: Uint8Array | string): Parsed<SignedReport> {
  const read = readJson(input)
  return read.ok ? parseWith(signedReportSchema, read.text, read.json) : read
}

/** The format a report file names, if any (a collective's or a subsystem's report). */
const formatOf = (json: unknown): unknown => (json as { report?: { format?: unknown } } | null)?.report?.format

/** Verifies a report file (a collective's or a subsystem's): its JSON, or a PDF that carries it as report.json. */
export async function verifyReport(input: Uint8Array | string, options: VerifyOptions = {}): Promise<Verdict> {
  if (typeof input !== 'string' && isPdf(input)) {
    const embedded = await extractReport(input)
    if (!embedded) return { verdict: 'malformed', reason: 'the PDF carries no signed report (report.json)', replica: 'not-compared' }
    input = embedded
  }
  const read = readJson(input)
  if (read.ok && formatOf(read.json) === SUBSYSTEM_REPORT_FORMAT) return verifySubsystemReport(read.text, read.json, options)
  const parsed = read.ok ? parseWith(signedReportSchema, read.text, read.json) : read
  if (!parsed.ok) return { verdict: 'malformed', reason: parsed.reason, replica: 'not-compared' }
  const { report, signature, proof } = parsed.value
  const who = report.collective
  const base = { report, replica: 'not-compared' as Verdict['replica'] }

  if (!verify(signingBytes(report), Buffer.from(signature, 'hex'), Buffer.from(who.id, 'hex'))) {
    return { ...base, verdict: 'signature-invalid', who, reason: `the signature is not ${who.name || who.id.slice(0, 8)}'s over this report (collective ${who.id})` }
  }
  const mismatch = checkDetails(report)
  if (mismatch) return { ...base, verdict: 'details-mismatch', figure: mismatch.figure, reason: `the details do not add up: ${mismatch.reason}` }

  if (options.store) {
    let again: Report | null = null
    try {
      again = (await makeReport(options.store, report.collective.id, report.period)).report
    } catch {
      again = null
    }
    const where = again === null ? 'statement' : firstDifference(report, again)
    if (where !== null) {
      const reason = again === null ? `the replica's log has no statement of ${report.period} for this collective` : `the report differs from the replica's log at ${where}`
      return { ...base, replica: 'differs', verdict: 'differs-from-log', where, reason }
    }
    base.replica = 'matches'
  }

  if (!proof.checkpoint) {
    return { ...base, verdict: 'not-covered', reason: `no council checkpoint covers ${report.period} yet: the signature and the figures check out, but only the collective vouches for them` }
  }
  const { note, path } = proof.checkpoint
  const pinned = options.councilKey !== undefined
  const checked = checkCheckpoint(proof.checkpoint, options)
  if (!checked.ok) return { ...base, verdict: 'checkpoint-signature-invalid', reason: `the checkpoint does not verify${pinned ? ' against the pinned council key' : ''}: ${checked.reason}` }
  const checkpoint = checked.value
  const covered = verifyInclusion(
    statementHash(report.statement),
    proof.index,
    checkpoint.statements.count,
    path.map((h) => Buffer.from(h, 'hex')),
    Buffer.from(checkpoint.statements.root, 'hex')
  )
  if (!covered) {
    return { ...base, verdict: 'not-covered', reason: `the inclusion path does not lead from this statement (number ${proof.index + 1}) to the checkpoint's statements root: the checkpoint does not cover it` }
  }
  const fingerprint = fingerprintOf(note)
  return {
    ...base,
    verdict: 'valid',
    checkpoint: { epoch: checkpoint.epoch, length: checkpoint.length, fingerprint, pinned },
    reason: `signed by ${who.name}, the figures add up, and the council's checkpoint of epoch ${checkpoint.epoch} covers the statement${pinned ? '' : ' (checked with the key the report carries: pin the council\'s key to be sure)'}`
  }
}
