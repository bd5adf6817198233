// DKG round-2 shares travel through the log, which every member of the network reads, so each
// is sealed to its recipient: a libsodium sealed box (X25519 + XSalsa20-Poly1305, a fresh
// ephemeral key per box) to the X25519 key derived from the recipient collective's Ed25519
// identity key. No new key to publish or back up.
//
// A sealed box says nothing about who sealed it, and the log is public: a box copied from
// another DKG, or from another sender's entry, would open fine. So the sealed plaintext names
// its context (network, epoch, DKG attempt), its sender and its recipient, and `openShare`
// refuses a box whose names are not the ones the entry claims.
import sodium from 'sodium-native'
import type { KeyPair } from '../protocol/crypto.ts'
import { CheckpointError, ok, refuse, type Result } from './errors.ts'
import type { Hex } from './frost.ts'
import { isHex } from './public.ts'

/** Which DKG a share belongs to. */
export interface DkgContext {
  /** The network's key (the Autobase key), hex. */
  network: Hex
  /** The council epoch the DKG makes a key for. */
  epoch: number
  /** The DKG attempt within the epoch (a restart without a bad member is a new attempt). */
  attempt: number
}

const TAG = Buffer.from('stachanov/dkg-share/v1\n', 'ascii')
const PLAIN_BYTES = TAG.length + 32 + 4 + 4 + 32 + 32 + 32
/** The size of a sealed share in bytes. */
export const SEALED_SHARE_BYTES = PLAIN_BYTES + sodium.crypto_box_SEALBYTES

function plaintext(
  context: DkgContext,
  sender: Uint8Array,
  recipient: Uint8Array,
  share: Uint8Array
): Buffer {
  const numbers = Buffer.alloc(8)
  numbers.writeUInt32BE(context.epoch, 0)
  numbers.writeUInt32BE(context.attempt, 4)
  return Buffer.concat([
    TAG,
    Buffer.from(context.network, 'hex'),
    numbers,
    sender,
    recipient,
    share
  ])
}

function checkContext(context: DkgContext): void {
  const u32 = (n: number) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff
  if (!isHex(context.network, 32) || !u32(context.epoch) || !u32(context.attempt)) {
    throw new CheckpointError(
      'SEAL_CONTEXT',
      'a DKG context is a 32-byte network key, an epoch and an attempt'
    )
  }
}

/** The X25519 public key of an Ed25519 identity key; null for a key that has none. */
function curveKeyOf(edPublicKey: Uint8Array): Buffer | null {
  if (edPublicKey.byteLength !== 32) return null
  const out = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES)
  try {
    sodium.crypto_sign_ed25519_pk_to_curve25519(out, Buffer.from(edPublicKey))
    return out
  } catch {
    return null
  }
}

/** Seals a share (32 bytes, hex) from `sender` to `recipient` (Ed25519 public keys); hex. */
export function sealShare(
  context: DkgContext,
  share: Hex,
  sender: Uint8Array,
  recipient: Uint8Array
): Hex {
  checkContext(context)
  if (!isHex(share, 32) || sender.byteLength !== 32) {
    throw new CheckpointError(
      'SEAL_CONTEXT',
      'a share is 32 bytes of hex and a sender is a 32-byte key'
    )
  }
  const curve = curveKeyOf(recipient)
  if (!curve) throw new CheckpointError('SEAL_BAD_KEY', 'the recipient key has no X25519 form')
  const message = plaintext(context, sender, recipient, Buffer.from(share, 'hex'))
  const box = Buffer.alloc(message.length + sodium.crypto_box_SEALBYTES)
  sodium.crypto_box_seal(box, message, curve)
  sodium.sodium_memzero(message)
  return box.toString('hex')
}

/**
 * Opens a sealed share with the recipient's identity key pair and checks that it names this
 * context, this sender and this recipient. The share (hex) or a refusal with a reason.
 */
export function openShare(
  context: DkgContext,
  box: Hex,
  sender: Uint8Array,
  recipient: KeyPair
): Result<Hex> {
  checkContext(context)
  if (!isHex(box, SEALED_SHARE_BYTES)) {
    return refuse('SEAL_MALFORMED', `a sealed share is ${SEALED_SHARE_BYTES} bytes of hex`)
  }
  const publicKey = curveKeyOf(recipient.publicKey)
  if (!publicKey) return refuse('SEAL_BAD_KEY', 'the recipient key has no X25519 form')
  const secretKey = sodium.sodium_malloc(sodium.crypto_box_SECRETKEYBYTES) as Buffer
  const message = sodium.sodium_malloc(PLAIN_BYTES) as Buffer
  let expected: Buffer | undefined
  try {
    sodium.crypto_sign_ed25519_sk_to_curve25519(secretKey, Buffer.from(recipient.secretKey))
    if (!sodium.crypto_box_seal_open(message, Buffer.from(box, 'hex'), publicKey, secretKey)) {
      return refuse(
        'SEAL_OPEN_FAILED',
        'the sealed share does not open with this key: it is for another member, or it was altered'
      )
    }
    const share = message.subarray(PLAIN_BYTES - 32)
    expected = plaintext(context, sender, recipient.publicKey, share)
    if (!expected.equals(message)) {
      return refuse(
        'SEAL_WRONG_CONTEXT',
        'the sealed share names another network, epoch, attempt, sender or recipient'
      )
    }
    return ok(Buffer.from(share).toString('hex'))
  } finally {
    sodium.sodium_memzero(secretKey)
    sodium.sodium_memzero(message)
    if (expected) sodium.sodium_memzero(expected)
  }
}
