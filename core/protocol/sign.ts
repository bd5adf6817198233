// Building and signing transactions on the writing side.
import type { KeyPair } from './crypto.ts'
import { sign } from './crypto.ts'
import { signingBytes } from './encoding.ts'
import { PROTOCOL_VERSION, type Transaction } from './envelope.ts'
import type { Body, TxType } from './types.ts'

export interface Draft<T extends TxType> {
  type: T
  body: Body<T>
  time: number
  expires?: number
  signers: string[]
}

export function createTransaction<T extends TxType>(draft: Draft<T>): Transaction<T> {
  const tx: Transaction<T> = {
    v: PROTOCOL_VERSION,
    type: draft.type,
    body: draft.body,
    time: draft.time,
    signers: draft.signers,
    sigs: {}
  }
  if (draft.expires !== undefined) tx.expires = draft.expires
  return tx
}

/** The signature of one signer over a transaction's signed bytes (hex). */
export function signatureFor(tx: Transaction, keyPair: KeyPair): string {
  return sign(signingBytes(tx), keyPair.secretKey).toString('hex')
}

/** Returns a copy of the transaction with `keyPair`'s signature added. */
export function signTransaction<T extends TxType>(tx: Transaction<T>, keyPair: KeyPair): Transaction<T> {
  const signer = keyPair.publicKey.toString('hex')
  if (!tx.signers.includes(signer)) {
    throw new Error(`key ${signer.slice(0, 8)}… is not among the transaction's signers`)
  }
  return { ...tx, sigs: { ...tx.sigs, [signer]: signatureFor(tx, keyPair) } }
}
