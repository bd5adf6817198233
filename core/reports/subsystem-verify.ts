// Verifying a subsystem's report (docs/protocol.md §19.7), in the order of a collective's:
// malformed; the maker's signature, and that the maker is one of the members
// (`signature-invalid`, whose); the figures (`details-mismatch`, which); with a replica, the
// same body from its log (`differs-from-log`, where); a checkpoint (`not-covered`); its
// signature (`checkpoint-signature-invalid`); and every statement's inclusion path to the
// checkpoint's root (`not-covered`, naming the statement that is not).
import { verifyInclusion } from '../checkpoint/merkle.ts'
import { statementHash } from '../ledger/statements.ts'
import { canonical } from '../protocol/canonical.ts'
import { verify } from '../protocol/crypto.ts'
import { fingerprintOf } from './sign.ts'
import { checkSubsystemDetails } from './subsystem-details.ts'
import { makeSubsystemReport } from './subsystem-make.ts'
import { SUBSYSTEM_SIGNING_PREFIX, signedSubsystemReportSchema, type SubsystemReport } from './subsystem-model.ts'
import { checkCheckpoint, firstDifference, parseWith, type Verdict, type VerifyOptions } from './verdict.ts'

/** The bytes the maker signs: the format line, then the body's canonical JSON. */
export const subsystemSigningBytes = (report: SubsystemReport): Buffer => Buffer.from(SUBSYSTEM_SIGNING_PREFIX + canonical(report), 'utf8')

export async function verifySubsystemReport(text: string, json: unknown, options: VerifyOptions): Promise<Verdict> {
  const parsed = parseWith(signedSubsystemReportSchema, text, json)
  if (!parsed.ok) return { verdict: 'malformed', reason: parsed.reason, replica: 'not-compared' }
  const { report, signature, proof } = parsed.value
  const who = report.maker
  const base = { subsystemReport: report, replica: 'not-compared' as Verdict['replica'] }
  const whose = who.name || who.id.slice(0, 8)

  if (!verify(subsystemSigningBytes(report), Buffer.from(signature, 'hex'), Buffer.from(who.id, 'hex'))) {
    return { ...base, verdict: 'signature-invalid', who, reason: `the signature is not ${whose}'s over this report (collective ${who.id})` }
  }
  if (!report.statement.members.includes(who.id)) {
    return { ...base, verdict: 'signature-invalid', who, reason: `${whose} signed it, but was not a collective of the subsystem in ${report.period}: only its members vouch for its report` }
  }
  if (proof.indices.length !== report.collectives.length || (proof.checkpoint && proof.checkpoint.paths.length !== report.collectives.length)) {
    return { ...base, verdict: 'malformed', reason: 'the proof does not hold one leaf index (and one path) per collective statement' }
  }
  const mismatch = checkSubsystemDetails(report)
  if (mismatch) return { ...base, verdict: 'details-mismatch', figure: mismatch.figure, reason: `the details do not add up: ${mismatch.reason}` }

  if (options.store) {
    let again: SubsystemReport | null = null
    try {
      again = (await makeSubsystemReport(options.store, who.id, report.period, report.subsystem)).report
    } catch {
      again = null
    }
    const where = again === null ? 'statement' : firstDifference(report, again)
    if (where !== null) {
      const reason = again === null ? `the replica's log has no statement of ${report.period} for this subsystem` : `the report differs from the replica's log at ${where}`
      return { ...base, replica: 'differs', verdict: 'differs-from-log', where, reason }
    }
    base.replica = 'matches'
  }

  if (!proof.checkpoint) {
    return { ...base, verdict: 'not-covered', reason: `no council checkpoint covers ${report.period} yet: the signature and the figures check out, but only ${whose} vouches for them` }
  }
  const pinned = options.councilKey !== undefined
  const checked = checkCheckpoint(proof.checkpoint, options)
  if (!checked.ok) return { ...base, verdict: 'checkpoint-signature-invalid', reason: `the checkpoint does not verify${pinned ? ' against the pinned council key' : ''}: ${checked.reason}` }
  const checkpoint = checked.value
  const root = Buffer.from(checkpoint.statements.root, 'hex')
  const leaves = [
    { where: 'statement', hash: statementHash(report.statement), index: proof.index, path: proof.checkpoint.path, what: "the subsystem's statement" },
    ...report.collectives.map((c, i) => ({
      where: `collectives[${i}]`,
      hash: statementHash(c),
      index: proof.indices[i]!,
      path: proof.checkpoint!.paths[i]!,
      what: `the statement of ${report.names[c.collective] || c.collective.slice(0, 8)}`
    }))
  ]
  for (const leaf of leaves) {
    if (!verifyInclusion(leaf.hash, leaf.index, checkpoint.statements.count, leaf.path.map((h) => Buffer.from(h, 'hex')), root)) {
      return {
        ...base,
        verdict: 'not-covered',
        where: leaf.where,
        reason: `the inclusion path does not lead from ${leaf.what} (number ${leaf.index + 1}) to the checkpoint's statements root: the checkpoint does not cover it`
      }
    }
  }
  return {
    ...base,
    verdict: 'valid',
    checkpoint: { epoch: checkpoint.epoch, length: checkpoint.length, fingerprint: fingerprintOf(proof.checkpoint.note), pinned },
    reason: `signed by ${whose}, the figures add up, and the council's checkpoint of epoch ${checkpoint.epoch} covers the subsystem's statement and all ${report.collectives.length} of its collectives'${pinned ? '' : ' (checked with the key the report carries: pin the council\'s key to be sure)'}`
  }
}
