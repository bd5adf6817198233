// What verifying a report says (docs/protocol.md §19.4), and the checks a collective's report
// and a subsystem's share: the checkpoint's signature under the pinned key, and where two
// bodies first differ.
import { parseCheckpoint, verifyCheckpoint, type Checkpoint } from '../checkpoint/checkpoint.ts'
import { verifyCheckpointFrom } from '../checkpoint/handover.ts'
import { parseNote } from '../checkpoint/note.ts'
import type { Result } from '../checkpoint/errors.ts'
import type { KeyValueStore } from '../ledger/store.ts'
import { canonical } from '../protocol/canonical.ts'
import type { Report } from './model.ts'
import type { SubsystemReport } from './subsystem-model.ts'

export type VerdictCode = 'valid' | 'malformed' | 'signature-invalid' | 'details-mismatch' | 'differs-from-log' | 'not-covered' | 'checkpoint-signature-invalid'

export interface Verdict {
  verdict: VerdictCode
  /** A sentence for people: what was checked, or what failed and where. */
  reason: string
  /** The collective whose signature failed. */
  who?: { id: string; name: string }
  /** The figure that does not add up (`statement.a`, `collectives[1].stockEnd`). */
  figure?: string
  /** Where the report differs from the replica's log (`work[2].minutes`), or which statement no checkpoint covers (`collectives[1]`). */
  where?: string
  /** A collective's report. */
  report?: Report
  /** A subsystem's report. */
  subsystemReport?: SubsystemReport
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

/** The checkpoint note under the key (directly, or along hand-overs from it). */
function checkUnder(note: string, key: string, epoch: number, handOvers: string[] | undefined): Result<Checkpoint> {
  const unverified = parseNote(note)
  if (!unverified.ok) return unverified
  const claimed = parseCheckpoint(unverified.value.text)
  if (!claimed.ok) return claimed
  const network = claimed.value.network
  return handOvers && handOvers.length > 0 ? verifyCheckpointFrom(note, network, { epoch, key }, handOvers) : verifyCheckpoint(note, network, key)
}

/**
 * The note must verify under the key of the council that signed it, as the report names it,
 * and under the key the reader pinned: directly when it is that key, else along the hand-overs.
 */
export function checkCheckpoint(proof: { note: string; councilKey: string; handOvers?: string[] | undefined }, options: VerifyOptions): Result<Checkpoint> {
  const own = checkUnder(proof.note, proof.councilKey, 0, undefined)
  if (!own.ok || options.councilKey === undefined || options.councilKey === proof.councilKey) return own
  return checkUnder(proof.note, options.councilKey, options.pinnedEpoch ?? 0, proof.handOvers)
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string }

/** The file's text and JSON, or why it is neither. */
export function readJson(input: Uint8Array | string): { ok: true; text: string; json: unknown } | { ok: false; reason: string } {
  let text: string
  try {
    text = typeof input === 'string' ? input : utf8.decode(input)
  } catch {
    return { ok: false, reason: 'the file is not UTF-8 text' }
  }
  try {
    return { ok: true, text, json: JSON.parse(text) }
  } catch {
    return { ok: false, reason: 'the file is not JSON' }
  }
}

/** Checks JSON against a report schema and its canonical spelling: exactly the canonical JSON and a newline. */
export function parseWith<T>(schema: { safeParse(json: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, text: string, json: unknown): Parsed<T> {
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return { ok: false, reason: `not a report: ${issue.path.join('.') || 'the file'}: ${issue.message}` }
  }
  if (canonical(json) + '\n' !== text) return { ok: false, reason: 'the report is not written in its canonical form (RFC 8785 JSON and one newline)' }
  return { ok: true, value: parsed.data }
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
