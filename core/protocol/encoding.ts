// Canonical encoding: RFC 8785 (JSON Canonicalization Scheme) over everything but `sigs`.
// The same bytes are signed by every signer and hashed into the transaction id, so adding a
// co-signature never changes the id.
import { canonical } from './canonical.ts'
import { hash } from './crypto.ts'
import type { Transaction, UnsignedTransaction } from './envelope.ts'

export function signingBytes(tx: UnsignedTransaction | Transaction): Buffer {
  const { v, type, body, time, expires, signers } = tx
  const signed: Record<string, unknown> = { v, type, body, time, signers }
  if (expires !== undefined) signed.expires = expires
  // Buffer.from writes UTF-8 as TextEncoder does; canonical text has no lone surrogates anyway
  // (JSON.stringify escapes them).
  return Buffer.from(canonical(signed), 'utf8')
}

export function idOf(bytes: Uint8Array): string {
  return hash(bytes).toString('hex')
}

export function transactionId(tx: UnsignedTransaction | Transaction): string {
  return idOf(signingBytes(tx))
}

/** The bytes appended to a log: canonical JSON of the whole envelope. */
export function encodeTransaction(tx: Transaction): Buffer {
  return Buffer.from(canonical(tx), 'utf8')
}
