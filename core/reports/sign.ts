// Signing a report with the collective's key, writing it as bytes, and attaching the proof
// that a council's checkpoint covers its statement.
import { createHash } from 'node:crypto'
import { parseCheckpoint } from '../checkpoint/checkpoint.ts'
import { inclusionProof, rootOf } from '../checkpoint/merkle.ts'
import { parseNote } from '../checkpoint/note.ts'
import { keys } from '../ledger/keys.ts'
import type { StatementLeafRecord } from '../ledger/statements.ts'
import type { KeyValueStore } from '../ledger/store.ts'
import { canonical } from '../protocol/canonical.ts'
import { sign, type KeyPair } from '../protocol/crypto.ts'
import { ReportError } from './errors.ts'
import { SIGNING_PREFIX, type Report, type ReportProof, type SignedReport } from './model.ts'
import type { SignedSubsystemReport } from './subsystem-model.ts'

/** The bytes the collective signs: the format line, then the body's canonical JSON. */
export const signingBytes = (report: Report): Buffer => Buffer.from(SIGNING_PREFIX + canonical(report), 'utf8')

export function signReport(report: Report, identity: KeyPair, proof: ReportProof): SignedReport {
  if (identity.publicKey.toString('hex') !== report.collective.id) {
    throw new ReportError('NOT_A_REPORT', 'a report is signed by its own collective\'s key')
  }
  return { report, signature: sign(signingBytes(report), identity.secretKey).toString('hex'), proof }
}

/** The report file: canonical JSON and one newline, nothing else. */
export const encodeReport = (signed: SignedReport | SignedSubsystemReport): string => canonical(signed) + '\n'

/** SHA-256 of a checkpoint note's bytes, hex: the fingerprint a report prints and its QR code carries. */
export const fingerprintOf = (note: string): string => createHash('sha256').update(note, 'utf8').digest('hex')

export interface CheckpointInput {
  note: string
  councilKey: string
  handOvers?: string[]
}

/**
 * The audit paths of the statements at `indices` to the checkpoint's statements root, computed
 * from the view's leaves up to the checkpoint's count. ReportError BAD_CHECKPOINT when the
 * checkpoint cannot be read, does not cover them all, or is not of this view.
 */
export async function pathsFor(store: KeyValueStore, indices: number[], note: string): Promise<string[][]> {
  const parsedNote = parseNote(note)
  const parsed = parsedNote.ok ? parseCheckpoint(parsedNote.value.text) : parsedNote
  if (!parsed.ok) throw new ReportError('BAD_CHECKPOINT', `the checkpoint cannot be read: ${parsed.reason}`)
  const { count, root } = parsed.value.statements
  const last = Math.max(...indices)
  if (last >= count) throw new ReportError('BAD_CHECKPOINT', `the checkpoint covers ${count} statements; this one is number ${last + 1}`)
  const leaves: Buffer[] = []
  for await (const [, value] of store.range({ gte: keys.statementAt(0), lt: keys.statementAt(count) })) {
    leaves.push(Buffer.from((value as unknown as StatementLeafRecord).leaf, 'hex'))
  }
  if (leaves.length !== count || rootOf(leaves).toString('hex') !== root) {
    throw new ReportError('BAD_CHECKPOINT', 'the checkpoint\'s statements root is not the one this view holds')
  }
  return indices.map((index) => inclusionProof(leaves, index).map((h) => h.toString('hex')))
}

/** The proof for the statement at `index`: with a checkpoint, its audit path to the checkpoint's statements root. */
export async function proofFor(store: KeyValueStore, index: number, checkpoint?: CheckpointInput): Promise<ReportProof> {
  if (!checkpoint) return { index }
  const [path] = await pathsFor(store, [index], checkpoint.note)
  return { index, checkpoint: { note: checkpoint.note, path: path!, councilKey: checkpoint.councilKey, ...(checkpoint.handOvers ? { handOvers: checkpoint.handOvers } : {}) } }
}
