// A wallet at the shop without its 24 words: either a card whose QR code holds the wallet's
// seed encrypted with the person's PIN, or a wallet kept on this device, encrypted with the
// PIN, that locks after a few wrong PINs. Both use Argon2id (passphrase.ts) and libsodium's
// secretbox (XSalsa20-Poly1305).
//
// What the PIN protects, honestly: a kept wallet's PIN is asked by this node, which counts
// the wrong ones and locks the wallet after MAX_ATTEMPTS; only someone who copies the data
// directory can guess on. A card's code can be guessed offline by whoever photographs it, at
// about a tenth of a second per guess: the PIN turns a lost card from cash into a card that
// takes a day or more to break. Keep the card like cash all the same; its words, kept apart,
// make a new one.
import { join } from 'node:path'
import sodium from 'sodium-native'
import { readSecretJson, writeSecretJson } from '../network/keys.ts'
import { keyPairFromSeed, type KeyPair } from '../protocol/crypto.ts'
import { NodeError } from './errors.ts'
import { deriveKey, INTERACTIVE, newSalt, SALT_BYTES } from './passphrase.ts'

export const WALLETS_FILE = 'wallets.json'
/** Wrong PINs in a row before a kept wallet locks (its words then unlock it). */
export const MAX_ATTEMPTS = 5
/** A card's code can be guessed offline: its PIN is longer. */
export const CARD_PIN_MIN = 6
export const KEPT_PIN_MIN = 4

const NONCE_BYTES: number = sodium.crypto_secretbox_NONCEBYTES
const MAC_BYTES: number = sodium.crypto_secretbox_MACBYTES
const SEED_BYTES = 32
/** A card's code: this prefix, then base32 (RFC 4648, no padding) of salt | nonce | box. QR codes store it in their compact alphanumeric mode. */
const CARD_PREFIX = 'STW1:'
const CARD_BYTES = SALT_BYTES + NONCE_BYTES + SEED_BYTES + MAC_BYTES
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

function checkPin(pin: string, min: number): void {
  if (pin.length < min || pin.length > 64) throw new NodeError('BAD_PIN', `a PIN has ${min} to 64 characters`)
}

async function seal(seed: Uint8Array, pin: string): Promise<{ salt: Buffer; nonce: Buffer; box: Buffer }> {
  const salt = newSalt()
  const key = await deriveKey(pin, { ...INTERACTIVE, salt })
  const nonce = Buffer.alloc(NONCE_BYTES)
  sodium.randombytes_buf(nonce)
  const box = Buffer.alloc(SEED_BYTES + MAC_BYTES)
  sodium.crypto_secretbox_easy(box, Buffer.from(seed), nonce, key)
  return { salt, nonce, box }
}

/** The seed, or null when the PIN does not open the box. */
async function unseal(sealed: { salt: Buffer; nonce: Buffer; box: Buffer }, pin: string, params = INTERACTIVE): Promise<Buffer | null> {
  const key = await deriveKey(pin, { ...params, salt: sealed.salt })
  const seed = sodium.sodium_malloc(SEED_BYTES)
  return sodium.crypto_secretbox_open_easy(seed, sealed.box, sealed.nonce, key) ? seed : null
}

/** The text a wallet card's QR code holds. */
export async function cardCode(seed: Uint8Array, pin: string): Promise<string> {
  checkPin(pin, CARD_PIN_MIN)
  const { salt, nonce, box } = await seal(seed, pin)
  return CARD_PREFIX + toBase32(Buffer.concat([salt, nonce, box]))
}

/** The wallet a scanned card code and its PIN open. */
export async function walletFromCard(code: string, pin: string): Promise<KeyPair> {
  const text = code.trim().toUpperCase()
  const bytes = text.startsWith(CARD_PREFIX) ? fromBase32(text.slice(CARD_PREFIX.length)) : null
  if (!bytes || bytes.length !== CARD_BYTES) throw new NodeError('BAD_WALLET_CARD', 'this is not a Stachanov wallet card: scan the QR code on the card again')
  const sealed = { salt: bytes.subarray(0, SALT_BYTES), nonce: bytes.subarray(SALT_BYTES, SALT_BYTES + NONCE_BYTES), box: bytes.subarray(SALT_BYTES + NONCE_BYTES) }
  const seed = await unseal(sealed, pin)
  if (!seed) throw new NodeError('WRONG_PIN', 'the PIN does not open this wallet card')
  return keyPairFromSeed(seed)
}

interface KeptRecord {
  name?: string
  salt: string
  nonce: string
  box: string
  ops: number
  mem: number
  /** Wrong PINs in a row. */
  failures: number
}

export interface KeptWallet {
  key: string
  name: string | null
  locked: boolean
  attemptsLeft: number
}

/** Wallets kept on this device behind a PIN (wallets.json, owner only, written whole). */
export class WalletVault {
  private queue: Promise<unknown> = Promise.resolve()
  private readonly path: string

  constructor(dir: string) {
    this.path = join(dir, WALLETS_FILE)
  }

  async list(): Promise<KeptWallet[]> {
    const all = await this.read()
    return Object.entries(all)
      .map(([key, r]) => ({ key, name: r.name ?? null, locked: r.failures >= MAX_ATTEMPTS, attemptsLeft: Math.max(0, MAX_ATTEMPTS - r.failures) }))
      .sort((a, b) => (a.name ?? a.key).localeCompare(b.name ?? b.key))
  }

  /** Keeps (or re-keeps, unlocking it) the wallet of `seed` behind `pin`. */
  async keep(seed: Uint8Array, pin: string, name?: string): Promise<KeptWallet> {
    checkPin(pin, KEPT_PIN_MIN)
    const key = keyPairFromSeed(seed).publicKey.toString('hex')
    const { salt, nonce, box } = await seal(seed, pin)
    const record: KeptRecord = { ...(name ? { name } : {}), salt: salt.toString('hex'), nonce: nonce.toString('hex'), box: box.toString('hex'), ...INTERACTIVE, failures: 0 }
    await this.change((all) => ({ ...all, [key]: record }))
    return { key, name: name ?? null, locked: false, attemptsLeft: MAX_ATTEMPTS }
  }

  async forget(key: string): Promise<void> {
    await this.change(({ [key]: _, ...rest }) => rest)
  }

  /**
   * The kept wallet's keys for one payment. A wrong PIN is counted (and saved) before the
   * answer goes out, so restarting the node does not reset the count.
   */
  unlock(key: string, pin: string): Promise<KeyPair> {
    const run = this.queue.then(async () => {
      const all = await this.read()
      const record = all[key]
      if (!record) throw new NodeError('UNKNOWN_WALLET', 'no wallet with this key is kept on this device')
      if (record.failures >= MAX_ATTEMPTS) throw new NodeError('WALLET_LOCKED', `this wallet is locked after ${MAX_ATTEMPTS} wrong PINs: keep it again with its recovery words and a new PIN`)
      const seed = await unseal({ salt: Buffer.from(record.salt, 'hex'), nonce: Buffer.from(record.nonce, 'hex'), box: Buffer.from(record.box, 'hex') }, pin, { ops: record.ops, mem: record.mem })
      if (!seed) {
        const failures = record.failures + 1
        await writeSecretJson(this.path, { ...all, [key]: { ...record, failures } })
        const left = MAX_ATTEMPTS - failures
        throw new NodeError(left > 0 ? 'WRONG_PIN' : 'WALLET_LOCKED', left > 0 ? `wrong PIN: ${left} attempt${left === 1 ? '' : 's'} left before the wallet locks` : `wrong PIN: the wallet is now locked; keep it again with its recovery words and a new PIN`)
      }
      if (record.failures > 0) await writeSecretJson(this.path, { ...all, [key]: { ...record, failures: 0 } })
      return keyPairFromSeed(seed)
    })
    this.queue = run.catch(() => {})
    return run
  }

  private async read(): Promise<Record<string, KeptRecord>> {
    const stored = await readSecretJson(this.path)
    if (stored === null) return {}
    if (typeof stored !== 'object' || Array.isArray(stored)) throw new NodeError('BAD_KEY_FILE', `${this.path} does not hold kept wallets`)
    return stored as Record<string, KeptRecord>
  }

  private change(update: (all: Record<string, KeptRecord>) => Record<string, KeptRecord>): Promise<void> {
    const run = this.queue.then(async () => writeSecretJson(this.path, update(await this.read())))
    this.queue = run.catch(() => {})
    return run
  }
}

function toBase32(bytes: Buffer): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

function fromBase32(text: string): Buffer | null {
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const char of text) {
    const index = BASE32.indexOf(char)
    if (index < 0) return null
    value = ((value << 5) | index) & 0xffff
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}
