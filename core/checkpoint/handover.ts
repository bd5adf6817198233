// Hand-overs: when a newly elected council has made its key, the old council signs a note
// that names the new key, its epoch, its members and threshold, and the log length from which
// it signs the checkpoints. A verifier who pinned the first council's key follows the chain
// of hand-overs, each checked with the key before it, to the key of any later checkpoint.
//
//   stachanov.network/<network key, 64 hex>
//   council hand-over
//   epoch: <new epoch = old epoch + 1>
//   length: <log length from which the new council signs>
//   threshold: <t>
//   key: <base64 of the new group key>
//   member: <collective id>          one line per member, ids ascending: member i is FROST index i
import { parseCheckpoint, originOf, councilVerifier, type Checkpoint } from './checkpoint.ts'
import { CheckpointError, ok, refuse, type Result } from './errors.ts'
import type { Hex } from './frost.ts'
import { formatNote, keyIdOf, verifyNote, parseNote } from './note.ts'
import { isHex, isPoint, MAX_COUNCIL } from './public.ts'

export interface HandOver {
  network: Hex
  epoch: number
  length: number
  threshold: number
  key: Hex
  members: Hex[]
}

/** A council's key in the chain, and the log lengths it checkpoints: from `length` on. */
export interface CouncilLink {
  epoch: number
  key: Hex
  length: number
  threshold?: number
  members?: Hex[]
}

const MARK = 'council hand-over'

export function formatHandOver(h: HandOver): string {
  const problem = checkHandOver(h)
  if (problem) throw new CheckpointError('HANDOVER_MALFORMED', problem)
  return (
    [
      originOf(h.network),
      MARK,
      `epoch: ${h.epoch}`,
      `length: ${h.length}`,
      `threshold: ${h.threshold}`,
      `key: ${Buffer.from(h.key, 'hex').toString('base64')}`,
      ...h.members.map((m) => `member: ${m}`)
    ].join('\n') + '\n'
  )
}

export function parseHandOver(text: string): Result<HandOver> {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : []
  const number = '(0|[1-9][0-9]*)'
  const patterns = [
    /^stachanov\.network\/([0-9a-f]{64})$/,
    new RegExp(`^${MARK}$`),
    new RegExp(`^epoch: ${number}$`),
    new RegExp(`^length: ${number}$`),
    new RegExp(`^threshold: ${number}$`),
    /^key: ([A-Za-z0-9+/]{43}=)$/
  ]
  if (lines.length < patterns.length)
    return malformed('a hand-over has at least 6 lines and ends with a newline')
  const m: string[] = []
  for (const [i, pattern] of patterns.entries()) {
    const match = pattern.exec(lines[i]!)
    if (!match) return malformed(`line ${i + 1} is not what a hand-over has there`)
    m.push(match[1] ?? '')
  }
  const members: Hex[] = []
  for (const line of lines.slice(patterns.length)) {
    const member = /^member: ([0-9a-f]{64})$/.exec(line)
    if (!member) return malformed(`"${line.slice(0, 80)}" is not a member line`)
    members.push(member[1]!)
  }
  const h: HandOver = {
    network: m[0]!,
    epoch: Number(m[2]),
    length: Number(m[3]),
    threshold: Number(m[4]),
    key: Buffer.from(m[5]!, 'base64').toString('hex'),
    members
  }
  const problem = checkHandOver(h)
  if (problem) return malformed(problem)
  if (formatHandOver(h) !== text)
    return malformed('the hand-over is not written in its canonical form')
  return ok(h)
}

function checkHandOver(h: HandOver): string | null {
  const whole = (n: number) => Number.isSafeInteger(n) && n >= 0
  if (!isHex(h.network, 32)) return 'the network key is 32 bytes of hex'
  if (!whole(h.epoch) || h.epoch < 1 || !whole(h.length))
    return 'the epoch (from 1) and length are whole numbers'
  if (!isPoint(h.key)) return 'the new key is not a valid Ed25519 group key'
  const n = h.members.length
  if (!Number.isSafeInteger(h.threshold) || h.threshold < 2 || h.threshold > n || n > MAX_COUNCIL) {
    return `a council has 2 to ${MAX_COUNCIL} members and a threshold from 2 to its size`
  }
  for (const [i, member] of h.members.entries()) {
    if (!isHex(member, 32)) return 'a member is a collective id, 64 lowercase hex digits'
    if (i > 0 && h.members[i - 1]! >= member) return 'members are listed once each, ids ascending'
  }
  return null
}

const malformed = (reason: string) => refuse('HANDOVER_MALFORMED', reason)

/** The hand-over note, signed by the old council's aggregate signature (hex). */
export function handOverNote(h: HandOver, oldKey: Hex, signature: Hex): string {
  const name = originOf(h.network)
  const keyId = keyIdOf(name, Buffer.from(oldKey, 'hex'))
  return formatNote({
    text: formatHandOver(h),
    signatures: [{ name, keyId, signature: Buffer.from(signature, 'hex') }]
  })
}

/**
 * Follows hand-overs, in epoch order, from the pinned first key. Every one must be signed by
 * the key before it and name the next epoch of the same network, a length not before the
 * previous one and a key not used before. The chain from the pinned key to the current one,
 * or the first break with its reason.
 */
export function followChain(
  network: Hex,
  pinned: { epoch: number; key: Hex },
  notes: Array<string | Uint8Array>
): Result<CouncilLink[]> {
  if (!isHex(network, 32) || !isPoint(pinned.key))
    return refuse('HANDOVER_MALFORMED', 'the network key and the pinned key are 32 bytes of hex')
  const chain: CouncilLink[] = [{ epoch: pinned.epoch, key: pinned.key, length: 0 }]
  for (const [i, note] of notes.entries()) {
    const last = chain.at(-1)!
    const where = `hand-over ${i + 1}`
    const verified = verifyNote(note, [councilVerifier(network, last.key)])
    if (!verified.ok) {
      return refuse(
        'HANDOVER_NOT_SIGNED',
        `${where} is not signed by the key of epoch ${last.epoch}: ${verified.reason}`
      )
    }
    const parsed = parseHandOver(verified.value.text)
    if (!parsed.ok) return refuse(parsed.code, `${where}: ${parsed.reason}`)
    const h = parsed.value
    if (h.network !== network)
      return refuse('HANDOVER_WRONG_NETWORK', `${where} is for another network`)
    if (h.epoch !== last.epoch + 1)
      return refuse(
        'HANDOVER_WRONG_EPOCH',
        `${where} names epoch ${h.epoch}; the next is ${last.epoch + 1}`
      )
    if (h.length < last.length)
      return refuse(
        'HANDOVER_WRONG_LENGTH',
        `${where} starts at length ${h.length}, before epoch ${last.epoch} began`
      )
    if (chain.some((c) => c.key === h.key))
      return refuse('HANDOVER_KEY_REUSED', `${where} hands over to a key used before`)
    chain.push({
      epoch: h.epoch,
      key: h.key,
      length: h.length,
      threshold: h.threshold,
      members: h.members
    })
  }
  return ok(chain)
}

/**
 * A checkpoint of any epoch, checked against the pinned first key: the chain is followed,
 * the checkpoint's epoch picks the key, and its length must lie in that council's term.
 */
export function verifyCheckpointFrom(
  note: string | Uint8Array,
  network: Hex,
  pinned: { epoch: number; key: Hex },
  handOvers: Array<string | Uint8Array>
): Result<Checkpoint> {
  const chain = followChain(network, pinned, handOvers)
  if (!chain.ok) return chain
  const unverified = parseNote(note)
  if (!unverified.ok) return unverified
  const claimed = parseCheckpoint(unverified.value.text)
  if (!claimed.ok) return claimed
  const at = chain.value.findIndex((c) => c.epoch === claimed.value.epoch)
  if (at < 0)
    return refuse('CHECKPOINT_WRONG_EPOCH', `no hand-over leads to epoch ${claimed.value.epoch}`)
  const link = chain.value[at]!
  const next = chain.value[at + 1]
  if (claimed.value.length < link.length || (next && claimed.value.length > next.length)) {
    return refuse(
      'CHECKPOINT_WRONG_EPOCH',
      `epoch ${link.epoch} signs lengths from ${link.length}${next ? ` to ${next.length}` : ''}`
    )
  }
  const verified = verifyNote(note, [councilVerifier(network, link.key)])
  if (!verified.ok) return verified
  return claimed.value.network === network
    ? claimed
    : refuse('CHECKPOINT_WRONG_NETWORK', 'the checkpoint is for another network')
}
