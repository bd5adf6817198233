// Keys from what a person types (a backup's passphrase, a wallet's PIN): libsodium's
// crypto_pwhash with Argon2id, run off the main thread. The parameters travel with what they
// protect (a backup file's header, a kept wallet's record), so a later version may raise them
// and still open old files; what is read back is bounded, so a crafted file cannot make this
// machine allocate gigabytes.
import sodium from 'sodium-native'
import { NodeError } from './errors.ts'

export interface KdfParams {
  /** crypto_pwhash opslimit (passes over memory). */
  ops: number
  /** crypto_pwhash memlimit in bytes. */
  mem: number
  /** 16 random bytes. */
  salt: Buffer
}

export const SALT_BYTES: number = sodium.crypto_pwhash_SALTBYTES
export const KEY_BYTES = 32

/** libsodium's "moderate" level: ~256 MiB and about a second, for files that leave the machine. */
export const MODERATE = { ops: sodium.crypto_pwhash_OPSLIMIT_MODERATE as number, mem: sodium.crypto_pwhash_MEMLIMIT_MODERATE as number }
/** libsodium's "interactive" level: ~64 MiB, for a PIN asked at the till. */
export const INTERACTIVE = { ops: sodium.crypto_pwhash_OPSLIMIT_INTERACTIVE as number, mem: sodium.crypto_pwhash_MEMLIMIT_INTERACTIVE as number }
/** The least a file may ask for (so a crafted one cannot make its secret cheap to guess)... */
const FLOOR = { ops: 1, mem: 8 * 1024 * 1024 }
/** ...and the most (so it cannot exhaust this machine): libsodium's "sensitive" level. */
const CEILING = { ops: sodium.crypto_pwhash_OPSLIMIT_SENSITIVE as number, mem: sodium.crypto_pwhash_MEMLIMIT_SENSITIVE as number }

export function newSalt(): Buffer {
  const salt = Buffer.alloc(SALT_BYTES)
  sodium.randombytes_buf(salt)
  return salt
}

/** Whether parameters read from a file are within what this machine will run. */
export function kdfParamsAcceptable(params: { ops: number; mem: number }): boolean {
  const { ops, mem } = params
  return Number.isSafeInteger(ops) && Number.isSafeInteger(mem) && ops >= FLOOR.ops && ops <= CEILING.ops && mem >= FLOOR.mem && mem <= CEILING.mem
}

/** A 32-byte key from a passphrase (Argon2id), computed on libsodium's worker thread. */
export async function deriveKey(secret: string, params: KdfParams): Promise<Buffer> {
  if (!kdfParamsAcceptable(params) || params.salt.byteLength !== SALT_BYTES) {
    throw new NodeError('BAD_BACKUP', 'the key derivation parameters are out of bounds: the file is damaged or was not made by Stachanov')
  }
  const key = sodium.sodium_malloc(KEY_BYTES)
  await new Promise<void>((resolve, reject) => {
    sodium.crypto_pwhash_async(key, Buffer.from(secret.normalize('NFC'), 'utf8'), params.salt, params.ops, params.mem, sodium.crypto_pwhash_ALG_ARGON2ID13, (error: Error | null) => (error ? reject(error) : resolve()))
  })
  return key
}
