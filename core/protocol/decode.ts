// Turning an entry's bytes into a checked transaction, or a refusal with a reason. Nothing
// here throws on bad input: a peer's garbage must produce the same refusal on every node.
import type { z } from 'zod'
import { verify, type Verifier } from './crypto.ts'
import { idOf, signingBytes } from './encoding.ts'
import { envelopeSchema, MAX_ENTRY_BYTES, MAX_SIGNERS, type Transaction } from './envelope.ts'
import { refuse, type Refusal } from './errors.ts'
import { plainBody } from './plain-bodies.ts'
import { isRefusalCode, type RefusalCode } from './refusals.ts'
import { bodySchemas, isTxType } from './types.ts'

export interface Decoded {
  ok: true
  tx: Transaction
  id: string
  /** The canonical signed bytes (what every signature covers). */
  signed: Buffer
  /** The entry's bytes as text, byte for byte (a leading BOM kept), when it was decoded from bytes. */
  text?: string
}

// ignoreBOM keeps a leading BOM in the text, so the text is exactly the bytes (the ledger's
// log record keeps it); JSON.parse is given the text after it, as a decoder that drops it would.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** The first problem zod found, as one sentence naming where it is. */
export function describeIssue(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0]
  if (!issue) return `${prefix} is not valid`
  const where = issue.path.length ? `${prefix}.${issue.path.join('.')}` : prefix
  // zod's own words for an absent field ("expected string, received undefined") name a
  // JavaScript value, not what the person left out (found by test/fuzz/entries.test.ts).
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) {
    return `${where} is missing: ${issue.message.replace(/^Invalid input: /, '').replace(/, received undefined$/, '')}`
  }
  return `${where}: ${issue.message}`
}

/** INVALID_BODY, or the text rule's own code when its check found the first problem. */
function refusalCode(error: z.ZodError): RefusalCode {
  const issue = error.issues[0]
  const code =
    issue?.code === 'custom'
      ? (issue.params as { refusal?: unknown } | undefined)?.refusal
      : undefined
  return isRefusalCode(code) ? code : 'INVALID_BODY'
}

export function decodeEntry(bytes: Uint8Array): Decoded | Refusal {
  if (bytes.byteLength > MAX_ENTRY_BYTES) {
    return refuse(
      'TOO_LARGE',
      `the entry has ${bytes.byteLength} bytes; at most ${MAX_ENTRY_BYTES} are accepted`
    )
  }
  let value: unknown
  let text: string
  try {
    text = utf8.decode(bytes)
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch {
    return refuse('MALFORMED', 'the entry is not valid UTF-8 JSON')
  }
  const envelope = plainEnvelope(value)
  const decoded = envelope ? checkBody(envelope) : checkTransaction(value)
  if (decoded.ok) decoded.text = text
  return decoded
}

/** Checks the shape of an already parsed transaction: envelope, type and body. */
export function checkTransaction(value: unknown): Decoded | Refusal {
  const envelope = envelopeSchema.safeParse(value)
  if (!envelope.success)
    return refuse('INVALID_ENVELOPE', describeIssue(envelope.error, 'transaction'))
  return checkBody(envelope.data)
}

type Envelope = z.output<typeof envelopeSchema>

function checkBody(envelope: Envelope): Decoded | Refusal {
  const { type } = envelope
  if (!isTxType(type))
    return refuse('UNKNOWN_TYPE', `"${type.slice(0, 64)}" is not a transaction type`)
  // The usual bodies by hand (plain-bodies.ts), anything else by its schema.
  const plain = isObject(envelope.body) ? plainBody(type, envelope.body) : null
  let data: unknown = plain
  if (plain === null) {
    const body = bodySchemas[type].safeParse(envelope.body)
    if (!body.success) return refuse(refusalCode(body.error), describeIssue(body.error, type))
    data = body.data
  }
  const tx = { ...envelope, type, body: data } as Transaction
  const signed = signingBytes(tx)
  return { ok: true, tx, id: idOf(signed), signed }
}

const KEY = /^[0-9a-f]{64}$/
const SIGNATURE = /^[0-9a-f]{128}$/
const ENVELOPE_KEYS = new Set(['v', 'type', 'body', 'time', 'expires', 'signers', 'sigs'])

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const isTime = (value: unknown): value is number =>
  Number.isSafeInteger(value) &&
  (value as number) >= 0 &&
  (value as number) <= 8_640_000_000_000_000

/**
 * envelopeSchema's verdict and output, by hand, for what JSON.parse made of an entry: zod
 * cost about 4 µs an entry here, a tenth of the ledger's own work. It accepts only envelopes
 * the schema accepts and returns what the schema would (the same keys in the same order; the
 * body, signers and sigs by reference rather than copied, as nothing else holds them). For
 * anything else it returns null and zod decides, with its own words for the refusal.
 * JSON.parse output has no prototypes but Object's and Array's, no symbols, getters or
 * hidden properties, which is what lets these few checks stand for the schema's.
 * (test/unit/decode-envelope.test.ts compares the two on random and broken envelopes.)
 */
function plainEnvelope(value: unknown): Envelope | null {
  if (!isObject(value)) return null
  for (const key in value) if (!ENVELOPE_KEYS.has(key)) return null
  const { v, type, body, time, expires, signers, sigs } = value
  if (v !== 1 || typeof type !== 'string' || type.length < 1 || type.length > 64) return null
  // zod's record copies the body without a `__proto__` member, which the body schema would see.
  if (!isObject(body) || Object.hasOwn(body, '__proto__')) return null
  const hasExpires = Object.hasOwn(value, 'expires')
  if (!isTime(time) || (hasExpires && !isTime(expires))) return null
  if (!Array.isArray(signers) || signers.length > MAX_SIGNERS) return null
  for (let i = 0; i < signers.length; i++) {
    const signer: unknown = signers[i]
    if (typeof signer !== 'string' || !KEY.test(signer) || signers.indexOf(signer) !== i)
      return null
  }
  if (!isObject(sigs)) return null
  for (const key in sigs) {
    const sig = sigs[key]
    if (!KEY.test(key) || typeof sig !== 'string' || !SIGNATURE.test(sig)) return null
  }
  const envelope = { v, type, body, time } as Envelope
  if (hasExpires) envelope.expires = expires as number
  envelope.signers = signers as string[]
  envelope.sigs = sigs as Record<string, string>
  return envelope
}

/**
 * Verifies every signature present. Which signers a transaction *needs* depends on the
 * ledger's state and is checked there; here only: no stranger's signature, none forged.
 * `check` is sodium's verify unless the ledger was handed another (see LedgerOptions).
 */
export function verifySignatures(decoded: Decoded, check: Verifier = verify): Refusal | null {
  const { tx, signed } = decoded
  for (const [signer, sig] of Object.entries(tx.sigs)) {
    if (!tx.signers.includes(signer)) {
      return refuse(
        'UNEXPECTED_SIGNATURE',
        `a signature by ${short(signer)} is attached but that key is not a signer`
      )
    }
    if (!check(signed, Buffer.from(sig, 'hex'), Buffer.from(signer, 'hex'))) {
      return refuse(
        'BAD_SIGNATURE',
        `the signature of ${short(signer)} does not match the transaction`
      )
    }
  }
  return null
}

export function short(key: string): string {
  return `${key.slice(0, 8)}…`
}
