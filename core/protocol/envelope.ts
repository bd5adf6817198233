// The transaction envelope (PROTOCOL §2): { v, type, body, time, expires?, signers, sigs }.
import { z } from 'zod'
import { publicKey, signature, timestamp } from './fields.ts'
import type { Body, TxType } from './types.ts'

export const PROTOCOL_VERSION = 1
/** Entries larger than this are refused before parsing: a peer cannot make us chew megabytes. */
export const MAX_ENTRY_BYTES = 64 * 1024
export const MAX_SIGNERS = 8

export const envelopeSchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION, { error: `only protocol version ${PROTOCOL_VERSION} is known` }),
  type: z.string().min(1).max(64),
  body: z.record(z.string(), z.unknown(), { error: 'the body must be an object' }),
  time: timestamp,
  /** Declared time after which missing co-signatures can no longer complete the transaction. */
  expires: timestamp.optional(),
  signers: z
    .array(publicKey)
    .max(MAX_SIGNERS, `at most ${MAX_SIGNERS} signers`)
    .refine((s) => new Set(s).size === s.length, 'a signer is listed twice'),
  sigs: z.record(publicKey, signature, { error: 'sigs maps signer keys to signatures' })
})

export interface Transaction<T extends TxType = TxType> {
  v: typeof PROTOCOL_VERSION
  type: T
  body: Body<T>
  time: number
  expires?: number
  /** Hex public keys whose signatures the transaction needs. */
  signers: string[]
  /** Signatures present so far, by signer key (hex). */
  sigs: Record<string, string>
}

/** The signed part: everything but the signatures. */
export type UnsignedTransaction<T extends TxType = TxType> = Omit<Transaction<T>, 'sigs'>
