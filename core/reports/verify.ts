// Verifying a report, offline, without trusting its maker (docs/protocol.md §19). In order:
//   1. the file is a report in its canonical form              else `malformed`
//   2. the collective's signature over the body                 else `signature-invalid` (whose)
//   3. the details add up to the statement                      else `details-mismatch` (which figure)
//   4. with a replica of the network: the same body from the log else `differs-from-log` (where)
//   5. a checkpoint covers the statement                        else `not-covered`
//   6. the checkpoint's group signature, against the pinned key else `checkpoint-signature-invalid`
//   7. the inclusion path leads from the statement to the checkpoint's statements root,
//      else `not-covered` (the checkpoint does not hold this statement)
// and then `valid`.
import { parseCheckpoint, verifyCheckpoint, type Checkpoint } from '../checkpoint/checkpoint.ts'
import { verifyCheckpointFrom } from '../checkpoint/handover.ts'
import { verifyInclusion } from '../checkpoint/merkle.ts'
import { parseNote } from '../checkpoint/note.ts'
import type { Result } from '../checkpoint/errors.ts'
import { statementHash } from '../ledger/statements.ts'
import type { KeyValueStore } from '../ledger/store.ts'
import { canonical } from '../protocol/canonical.ts'
import { verify } from '../protocol/crypto.ts'
import { checkDetails } from './details.ts'
import { makeReport } from './make.ts'
import { signedReportSchema, type Report, type SignedReport } from './model.ts'
import { fingerprintOf, signingBytes } from './sign.ts'
import { extractReport, isPdf } from './pdf-attachment.ts'

export type VerdictCode = 'valid' | 'malformed' | 'signature-invalid' | 'details-mismatch' | 'differs-from-log' | 'not-covered' | 'checkpoint-signature-invalid'

export interface Verdict {
  verdict: VerdictCode
  /** A sentence for people: what was checked, or what failed and where. */
  reason: string
  /** The collective whose signature failed. */
  who?: { id: string; name: string }
  /** The figure that does not add up (`statement.a`). */
  figure?: string
  /** Where the report differs from the replica's log (`work[2].minutes`). */
  where?: string
  report?: Report
  /** The checkpoint that covers the statement, once it verified. */
  checkpoint?: { epoch: number; length: number; fingerprint: string; pinned: boolean }
  /** Whether the report was compared with a replica, and matched. */
  replica: 'matches' | 'differs' | 'not-compared'
}

export interface VerifyOptions {
  /** The council's group key the reader pinned (hex); without it, the key the report carries is used, and said so. */
  councilKey?: string
  /** The epoch of the pinned key, when the report carries hand-overs from it (default 0). */
  pinnedEpoch?: number
  /** A replica's view: the report is made again from it and compared. */
  store?: KeyValueStore
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Reads a report file's bytes: exactly one canonical JSON report and a newline. */
export function parseReport(input: Uint8Array | string): { ok: true; value: SignedReport } | { ok: false; reason: string } {
  let text: string
  try {
    text = typeof input === 'string' ? input : utf8.decode(input)
  } catch {
    return { ok: false, reason: 'the file is not UTF-8 text' }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'the file is not JSON' }
  }
  const parsed = signedReportSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return { ok: false, reason: `not a report: ${issue.path.join('.') || 'the file'}: ${issue.message}` }
  }
  if (canonical(json) + '\n' !== text) return { ok: false, reason: 'the report is not written in its canonical form (RFC 8785 JSON and one newline)' }
  return { ok: true, value: parsed.data }
}

/** Verifies a report file: its JSON, or a PDF that carries it as report.json. */
export async function verifyReport(input: Uint8Array | string, options: VerifyOptions = {}): Promise<Verdict> {
  if (typeof input !== 'string' && isPdf(input)) {
    const embedded = await extractReport(input)
    if (!embedded) return { verdict: 'malformed', reason: 'the PDF carries no signed report (report.json)', replica: 'not-compared' }
    input = embedded
  }
  const parsed = parseReport(input)
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
  const { note, path, councilKey, handOvers } = proof.checkpoint
  const pinned = options.councilKey !== undefined
  // The note must verify under the key of the council that signed it, as the report names it,
  // and under the pinned key (directly, or along the hand-overs from it).
  const own = checkCheckpoint(note, councilKey, 0, undefined)
  const checked = own.ok && pinned ? checkCheckpoint(note, options.councilKey!, options.pinnedEpoch ?? 0, handOvers) : own
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

/** The checkpoint note under the key (directly, or along hand-overs from it). */
function checkCheckpoint(note: string, key: string, epoch: number, handOvers: string[] | undefined): Result<Checkpoint> {
  const unverified = parseNote(note)
  if (!unverified.ok) return unverified
  const claimed = parseCheckpoint(unverified.value.text)
  if (!claimed.ok) return claimed
  const network = claimed.value.network
  return handOvers && handOvers.length > 0 ? verifyCheckpointFrom(note, network, { epoch, key }, handOvers) : verifyCheckpoint(note, network, key)
}

/** The path of the first value that differs between two JSON values, or null. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (a === b) return null
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return path || '(the whole report)'
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`)
      if (d !== null) return d
    }
    return null
  }
  const ka = Object.keys(a).sort()
  const kb = Object.keys(b).sort()
  for (const k of [...new Set([...ka, ...kb])].sort()) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k)
    if (d !== null) return d
  }
  return null
}
