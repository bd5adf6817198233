// The collective's identity key and people's wallet keys, both recoverable from 24 words
// (BIP-39 English list over the 32-byte Ed25519 seed). The identity is kept on the office's
// devices in `identity.json` (0600); a wallet key is never stored: it lives in its words.
import { join } from 'node:path'
import { entropyToMnemonic, mnemonicToEntropy, validateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import { keyPairFromSeed, randomBytes, type KeyPair } from '../protocol/crypto.ts'
import { readSecretJson, writeSecretJson } from '../network/keys.ts'
import { NodeError } from './errors.ts'

export const IDENTITY_FILE = 'identity.json'

export interface Identity {
  keyPair: KeyPair
  seed: Buffer
  /** Hex public key: the collective's id in the ledger. */
  id: string
}

export function identityFromSeed(seed: Uint8Array): Identity {
  const keyPair = keyPairFromSeed(seed)
  return { keyPair, seed: Buffer.from(seed), id: keyPair.publicKey.toString('hex') }
}

export function newSeed(): Buffer {
  return randomBytes(32)
}

export function seedToWords(seed: Uint8Array): string[] {
  return entropyToMnemonic(Uint8Array.from(seed), wordlist).split(' ')
}

export function wordsToSeed(words: string[]): Buffer {
  const phrase = words.map((w) => w.trim().toLowerCase()).join(' ')
  if (!validateMnemonic(phrase, wordlist)) {
    throw new NodeError('BAD_WORDS', 'these recovery words are not valid: check each word and their order')
  }
  return Buffer.from(mnemonicToEntropy(phrase, wordlist))
}

export async function loadIdentity(dir: string): Promise<Identity | null> {
  const stored = (await readSecretJson(join(dir, IDENTITY_FILE))) as { seed?: unknown } | null
  if (stored === null) return null
  if (typeof stored.seed !== 'string' || !/^[0-9a-f]{64}$/.test(stored.seed)) {
    throw new NodeError('BAD_KEY_FILE', `${join(dir, IDENTITY_FILE)} does not hold an identity seed`)
  }
  return identityFromSeed(Buffer.from(stored.seed, 'hex'))
}

/** A data dir that belongs to a network but lost the collective's key cannot act for it. */
export function identityLost(dir: string): NodeError {
  return new NodeError(
    'IDENTITY_LOST',
    `${join(dir, IDENTITY_FILE)} is missing, but ${dir} belongs to a network: the collective's key is lost, and this device cannot act for it. ` +
      'Restore the data directory from a backup made with `stachanov backup`, or recover the collective from its 24 words on a new device (`stachanov recover`).'
  )
}

export async function saveIdentity(dir: string, identity: Identity): Promise<void> {
  await writeSecretJson(join(dir, IDENTITY_FILE), { version: 1, seed: identity.seed.toString('hex'), id: identity.id })
}

/** A new wallet: the key and the words that are its only copy. */
export function createWallet(): { key: string; words: string[] } {
  const seed = newSeed()
  return { key: keyPairFromSeed(seed).publicKey.toString('hex'), words: seedToWords(seed) }
}

export function walletFromWords(words: string[]): KeyPair {
  return keyPairFromSeed(wordsToSeed(words))
}
