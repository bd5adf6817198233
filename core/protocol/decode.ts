// Turning an entry's bytes into a checked transaction, or a refusal with a reason. Nothing
// here throws on bad input: a peer's garbage must produce the same refusal on every node.
import type { z } from 'zod'
import { verify } from './crypto.ts'
import { idOf, signingBytes } from './encoding.ts'
import { envelopeSchema, MAX_ENTRY_BYTES, type Transaction } from './envelope.ts'
import { refuse, type Refusal } from './errors.ts'
import { bodySchemas, isTxType } from './types.ts'

export interface Decoded {
  ok: true
  tx: Transaction
  id: string
  /** The canonical signed bytes (what every signature covers). */
  signed: Buffer
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The first problem zod found, as one sentence naming where it is. */
export function describeIssue(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0]
  if (!issue) return `${prefix} is not valid`
  const where = issue.path.length ? `${prefix}.${issue.path.join('.')}` : prefix
  return `${where}: ${issue.message}`
}

export function decodeEntry(bytes: Uint8Array): Decoded | Refusal {
  if (bytes.byteLength > MAX_ENTRY_BYTES) {
    return refuse('TOO_LARGE', `the entry has ${bytes.byteLength} bytes; at most ${MAX_ENTRY_BYTES} are accepted`)
  }
  let value: unknown
  try {
    value = JSON.parse(utf8.decode(bytes))
  } catch {
    return refuse('MALFORMED', 'the entry is not valid UTF-8 JSON')
  }
  return checkTransaction(value)
}

/** Checks the shape of an already parsed transaction: envelope, type and body. */
export function checkTransaction(value: unknown): Decoded | Refusal {
  const envelope = envelopeSchema.safeParse(value)
  if (!envelope.success) return refuse('INVALID_ENVELOPE', describeIssue(envelope.error, 'transaction'))
  const { type } = envelope.data
  if (!isTxType(type)) return refuse('UNKNOWN_TYPE', `"${type.slice(0, 64)}" is not a transaction type`)
  const body = bodySchemas[type].safeParse(envelope.data.body)
  if (!body.success) return refuse('INVALID_BODY', describeIssue(body.error, type))
  const tx = { ...envelope.data, type, body: body.data } as Transaction
  const signed = signingBytes(tx)
  return { ok: true, tx, id: idOf(signed), signed }
}

/**
 * Verifies every signature present. Which signers a transaction *needs* depends on the
 * ledger's state and is checked there; here only: no stranger's signature, none forged.
 */
export function verifySignatures(decoded: Decoded): Refusal | null {
  const { tx, signed } = decoded
  for (const [signer, sig] of Object.entries(tx.sigs)) {
    if (!tx.signers.includes(signer)) {
      return refuse('UNEXPECTED_SIGNATURE', `a signature by ${short(signer)} is attached but that key is not a signer`)
    }
    if (!verify(signed, Buffer.from(sig, 'hex'), Buffer.from(signer, 'hex'))) {
      return refuse('BAD_SIGNATURE', `the signature of ${short(signer)} does not match the transaction`)
    }
  }
  return null
}

export function short(key: string): string {
  return `${key.slice(0, 8)}…`
}
