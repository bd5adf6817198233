// Signing a subsystem's report with the maker's key, and the proof that one checkpoint
// covers its statement and every member's.
import type { KeyValueStore } from '../ledger/store.ts'
import { sign, type KeyPair } from '../protocol/crypto.ts'
import { ReportError } from './errors.ts'
import { pathsFor, type CheckpointInput } from './sign.ts'
import type { SubsystemReportMade } from './subsystem-make.ts'
import type { SignedSubsystemReport, SubsystemProof, SubsystemReport } from './subsystem-model.ts'
import { subsystemSigningBytes } from './subsystem-verify.ts'

export function signSubsystemReport(report: SubsystemReport, identity: KeyPair, proof: SubsystemProof): SignedSubsystemReport {
  if (identity.publicKey.toString('hex') !== report.maker.id) throw new ReportError('NOT_A_REPORT', "a subsystem's report is signed by the collective named as its maker")
  return { report, signature: sign(subsystemSigningBytes(report), identity.secretKey).toString('hex'), proof }
}

export async function subsystemProofFor(store: KeyValueStore, made: Pick<SubsystemReportMade, 'index' | 'indices'>, checkpoint?: CheckpointInput): Promise<SubsystemProof> {
  const { index, indices } = made
  if (!checkpoint) return { index, indices }
  const [path, ...paths] = await pathsFor(store, [index, ...indices], checkpoint.note)
  return { index, indices, checkpoint: { note: checkpoint.note, path: path!, paths, councilKey: checkpoint.councilKey, ...(checkpoint.handOvers ? { handOvers: checkpoint.handOvers } : {}) } }
}
