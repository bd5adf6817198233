// Ed25519 and BLAKE2b through sodium-native: the hot path verifies ~20,000 signatures/s on
// these machines, where a pure-JS verify manages under 1,000 (ENVIRONMENT.md).
import sodium from 'sodium-native'

export interface KeyPair {
  publicKey: Buffer
  secretKey: Buffer
}

export const PUBLIC_KEY_BYTES = sodium.crypto_sign_PUBLICKEYBYTES
export const SIGNATURE_BYTES = sodium.crypto_sign_BYTES

export function generateKeyPair(): KeyPair {
  const publicKey = Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES)
  const secretKey = sodium.sodium_malloc(sodium.crypto_sign_SECRETKEYBYTES) as Buffer
  sodium.crypto_sign_keypair(publicKey, secretKey)
  return { publicKey, secretKey }
}

/** A key pair derived from 32 seed bytes (scenario actors, recovery words). */
export function keyPairFromSeed(seed: Uint8Array): KeyPair {
  if (seed.byteLength !== sodium.crypto_sign_SEEDBYTES) {
    throw new RangeError(`seed must be ${sodium.crypto_sign_SEEDBYTES} bytes`)
  }
  const publicKey = Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES)
  const secretKey = Buffer.alloc(sodium.crypto_sign_SECRETKEYBYTES)
  sodium.crypto_sign_seed_keypair(publicKey, secretKey, Buffer.from(seed))
  return { publicKey, secretKey }
}

export function sign(message: Uint8Array, secretKey: Uint8Array): Buffer {
  const signature = Buffer.alloc(sodium.crypto_sign_BYTES)
  sodium.crypto_sign_detached(signature, Buffer.from(message), Buffer.from(secretKey))
  return signature
}

/** A check of one Ed25519 signature: `verify` below, or answers a host worked out earlier. */
export type Verifier = (message: Buffer, signature: Buffer, publicKey: Buffer) => boolean

export function verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.byteLength !== sodium.crypto_sign_BYTES) return false
  if (publicKey.byteLength !== sodium.crypto_sign_PUBLICKEYBYTES) return false
  return sodium.crypto_sign_verify_detached(asBuffer(signature), asBuffer(message), asBuffer(publicKey))
}

/** A Buffer view of the bytes, without copying (and without a new object when it is one). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** BLAKE2b-256 of the concatenated parts. */
export function hash(...parts: Uint8Array[]): Buffer {
  const out = Buffer.alloc(32)
  if (parts.length === 1) {
    sodium.crypto_generichash(out, asBuffer(parts[0]!))
    return out
  }
  const state = Buffer.alloc(sodium.crypto_generichash_STATEBYTES)
  sodium.crypto_generichash_init(state, null, 32)
  for (const part of parts) sodium.crypto_generichash_update(state, asBuffer(part))
  sodium.crypto_generichash_final(state, out)
  return out
}

export function randomBytes(length: number): Buffer {
  const out = Buffer.alloc(length)
  sodium.randombytes_buf(out)
  return out
}
