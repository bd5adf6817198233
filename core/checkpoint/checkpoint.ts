// The checkpoint message: a c2sp.org/tlog-checkpoint note body that fixes the confirmed part
// of a Stachanov network's log. The council signs exactly these bytes (UTF-8) with its FROST
// group key, so the aggregate is an ordinary note signature.
//
//   stachanov.network/<network key, 64 hex>     origin: the network (its Autobase key)
//   <length>                                    log records covered (ledger seq 0 … length−1)
//   <base64 root>                               RFC 6962 root over those log records
//   epoch: <council epoch>
//   digest: <state digest after record length−1, hex>
//   view: <view core length> <base64 view core tree hash at that length>
//   statements: <count> <base64 RFC 6962 root over the period statements>
//   subsystem: <id> worked=<µmin> outstanding=<µmin> period=<YYYY-MM|none> a=<µmin> taxed=<µmin>
//   … one subsystem line per subsystem, ids ascending
//
// One state has one message: every number is decimal without leading zeros, every hash has
// one encoding, the lines have one order; `parseCheckpoint` refuses anything else, checked by
// formatting what it parsed and comparing.
import { ok, refuse, CheckpointError, type Result } from './errors.ts'
import type { Hex } from './frost.ts'
import {
  checkText,
  formatNote,
  keyIdOf,
  verifyNote,
  verifierOf,
  type NoteVerifier
} from './note.ts'
import { isHex } from './public.ts'

export const ORIGIN_PREFIX = 'stachanov.network/'
/** Keeps a checkpoint well inside a note's 64 KiB. */
export const MAX_SUBSYSTEMS = 256

export interface SubsystemTotals {
  id: Hex
  /** µmin of workloads registered in the subsystem, ever. */
  worked: string
  /** µmin of labour coupons outstanding (claimed, not spent). */
  outstanding: string
  /** The month of the subsystem's last final revision, or null before the first. */
  period: string | null
  /** a (µmin worked in that month) and the minutes taxed, t = c + w; the rate is taxed / a. */
  a: string
  taxed: string
}

export interface Checkpoint {
  network: Hex
  length: number
  /** RFC 6962 root over the log records 0 … length − 1 (hex here, base64 in the note). */
  root: Hex
  epoch: number
  digest: Hex
  view: { length: number; hash: Hex }
  statements: { count: number; root: Hex }
  subsystems: SubsystemTotals[]
}

export const originOf = (network: Hex): string => ORIGIN_PREFIX + network

const b64 = (hex: Hex) => Buffer.from(hex, 'hex').toString('base64')
const NUMBER = '(0|[1-9][0-9]*)'
const HASH = '([A-Za-z0-9+/]{43}=)'
const HEX64 = '([0-9a-f]{64})'
const LINES: Record<string, RegExp> = {
  origin: new RegExp(`^${ORIGIN_PREFIX.replace('.', '\\.')}${HEX64}$`),
  length: new RegExp(`^${NUMBER}$`),
  root: new RegExp(`^${HASH}$`),
  epoch: new RegExp(`^epoch: ${NUMBER}$`),
  digest: new RegExp(`^digest: ${HEX64}$`),
  view: new RegExp(`^view: ${NUMBER} ${HASH}$`),
  statements: new RegExp(`^statements: ${NUMBER} ${HASH}$`),
  subsystem: new RegExp(
    `^subsystem: ${HEX64} worked=${NUMBER} outstanding=${NUMBER} period=([0-9]{4}-(?:0[1-9]|1[0-2])|none) a=${NUMBER} taxed=${NUMBER}$`
  )
}

/** The note text of a checkpoint. Throws CheckpointError on values that have no canonical text. */
export function formatCheckpoint(c: Checkpoint): string {
  const problem = checkValues(c)
  if (problem) throw new CheckpointError('CHECKPOINT_MALFORMED', problem)
  const lines = [
    originOf(c.network),
    String(c.length),
    b64(c.root),
    `epoch: ${c.epoch}`,
    `digest: ${c.digest}`,
    `view: ${c.view.length} ${b64(c.view.hash)}`,
    `statements: ${c.statements.count} ${b64(c.statements.root)}`,
    ...c.subsystems.map(
      (s) =>
        `subsystem: ${s.id} worked=${s.worked} outstanding=${s.outstanding} period=${s.period ?? 'none'} a=${s.a} taxed=${s.taxed}`
    )
  ]
  return lines.join('\n') + '\n'
}

/** Reads a checkpoint's note text, refusing any text that is not the canonical one. */
export function parseCheckpoint(text: string): Result<Checkpoint> {
  const problem = checkText(text)
  if (problem) return refuse('CHECKPOINT_MALFORMED', problem.reason)
  const lines = text.slice(0, -1).split('\n')
  const fixed = ['origin', 'length', 'root', 'epoch', 'digest', 'view', 'statements']
  if (lines.length < fixed.length)
    return malformed(`a checkpoint has at least ${fixed.length} lines`)
  const m: string[][] = []
  for (const [i, name] of fixed.entries()) {
    const match = LINES[name]!.exec(lines[i]!)
    if (!match) return malformed(`line ${i + 1} is not the ${name} line`)
    m.push(match.slice(1))
  }
  const subsystems: SubsystemTotals[] = []
  for (const [i, line] of lines.slice(fixed.length).entries()) {
    const s = LINES.subsystem!.exec(line)
    if (!s) return malformed(`line ${fixed.length + i + 1} is not a subsystem line`)
    const [, id, worked, outstanding, period, a, taxed] = s as unknown as string[]
    subsystems.push({
      id: id!,
      worked: worked!,
      outstanding: outstanding!,
      period: period === 'none' ? null : period!,
      a: a!,
      taxed: taxed!
    })
  }
  const hex = (base64: string) => Buffer.from(base64, 'base64').toString('hex')
  const c: Checkpoint = {
    network: m[0]![0]!,
    length: Number(m[1]![0]),
    root: hex(m[2]![0]!),
    epoch: Number(m[3]![0]),
    digest: m[4]![0]!,
    view: { length: Number(m[5]![0]), hash: hex(m[5]![1]!) },
    statements: { count: Number(m[6]![0]), root: hex(m[6]![1]!) },
    subsystems
  }
  const wrong = checkValues(c)
  if (wrong) return malformed(wrong)
  // Base64 with stray low bits, for one, decodes fine but is not the text we would write.
  if (formatCheckpoint(c) !== text)
    return malformed('the checkpoint is not written in its canonical form')
  return ok(c)
}

function checkValues(c: Checkpoint): string | null {
  const count = (n: number) => Number.isSafeInteger(n) && n >= 0
  const amount = (s: string) => typeof s === 'string' && /^(0|[1-9][0-9]*)$/.test(s)
  if (!isHex(c.network, 32)) return 'the network key is 32 bytes of lowercase hex'
  if (!count(c.length) || !count(c.epoch) || !count(c.view.length) || !count(c.statements.count)) {
    return 'lengths, counts and the epoch are whole numbers below 2^53'
  }
  if (![c.root, c.digest, c.view.hash, c.statements.root].every((h) => isHex(h, 32)))
    return 'every hash is 32 bytes'
  if (c.subsystems.length > MAX_SUBSYSTEMS)
    return `at most ${MAX_SUBSYSTEMS} subsystems fit in a checkpoint`
  for (const [i, s] of c.subsystems.entries()) {
    if (!isHex(s.id, 32)) return `subsystem ${i + 1}: an id is 64 lowercase hex digits`
    if (i > 0 && c.subsystems[i - 1]!.id >= s.id)
      return 'subsystems are listed once each, ids ascending'
    if (![s.worked, s.outstanding, s.a, s.taxed].every(amount))
      return `subsystem ${s.id}: amounts are decimal µmin without leading zeros`
    if (s.period !== null && !/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(s.period))
      return `subsystem ${s.id}: a period is YYYY-MM`
    if (s.period === null && (s.a !== '0' || s.taxed !== '0'))
      return `subsystem ${s.id}: no revision yet, so a and taxed are 0`
    if (BigInt(s.taxed) > BigInt(s.a)) return `subsystem ${s.id}: the taxed minutes cannot exceed a`
  }
  return null
}

const malformed = (reason: string) => refuse('CHECKPOINT_MALFORMED', reason)

/** The note verifier of a council's group key: named by the origin, as tlog-checkpoint asks. */
export function councilVerifier(network: Hex, groupKey: Hex): NoteVerifier {
  return verifierOf(originOf(network), Buffer.from(groupKey, 'hex'))
}

/** The signed checkpoint note, from its text and the council's aggregate signature (hex). */
export function checkpointNote(c: Checkpoint, groupKey: Hex, signature: Hex): string {
  const name = originOf(c.network)
  const keyId = keyIdOf(name, Buffer.from(groupKey, 'hex'))
  return formatNote({
    text: formatCheckpoint(c),
    signatures: [{ name, keyId, signature: Buffer.from(signature, 'hex') }]
  })
}

/**
 * `stachanov checkpoint verify`: the note checks out under the pinned group key (one Ed25519
 * verification), and its text is a canonical checkpoint of that network.
 */
export function verifyCheckpoint(
  note: string | Uint8Array,
  network: Hex,
  groupKey: Hex
): Result<Checkpoint> {
  if (!isHex(network, 32) || !isHex(groupKey, 32))
    return refuse('CHECKPOINT_BAD_KEY', 'a network key and a group key are 32 bytes of hex')
  const verified = verifyNote(note, [councilVerifier(network, groupKey)])
  if (!verified.ok) return verified
  const parsed = parseCheckpoint(verified.value.text)
  if (!parsed.ok) return parsed
  if (parsed.value.network !== network)
    return refuse('CHECKPOINT_WRONG_NETWORK', 'the checkpoint is for another network')
  return parsed
}
