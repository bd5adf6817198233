// The device's secrets on disk: its key pair and the network it belongs to.
//
// One Ed25519 key pair per device serves three roles, so that knowing a device's writer key
// is enough to admit it on the swarm: it signs the device's Autobase writer core (whose key is
// the hash of a manifest naming this public key), and it is the device's Noise key on
// Hyperswarm. The firewall maps a peer's Noise key to a writer key with `writerKeyOf` and
// looks that up among the network's writers.
//
// Files are written whole (temp file, fsync, rename, fsync of the directory) with mode 0600
// inside a 0700 directory, so a power cut leaves either the old or the new file, and no other
// user of the machine can read them.
import { open, readFile, rename, chmod, mkdir, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import Hypercore from 'hypercore'
import crypto, { type KeyPair } from 'hypercore-crypto'
import { NetworkError } from './errors.ts'

/** Corestore's default manifest version; writer keys are derived with it. */
const MANIFEST_VERSION = 1

export const DEVICE_FILE = 'device.json'
export const NETWORK_FILE = 'network.json'
export const CORESTORE_DIR = 'corestore'

/** What a device must know about its network; written on create or join. */
export interface NetworkConfig {
  /** The Autobase key (hex): the first device's writer key. */
  key: string
  /** The symmetric key that encrypts every core of the network (hex, 32 bytes). */
  encryptionKey: string
  /** DHT bootstrap nodes, "host:port". Empty or absent: the public DHT. */
  bootstrap?: string[]
  /** Noise keys (hex) of the devices that invited this one: trusted until it syncs the view. */
  introducers?: string[]
  /** Direct address ("host:port") of the device that paired this one, when it was direct. */
  peers?: string[]
}

/** The writer-core key of the device with this public key (as Corestore derives it). */
export function writerKeyOf(publicKey: Uint8Array): Buffer {
  return Hypercore.key({ version: MANIFEST_VERSION, signers: [{ publicKey }] })
}

/** Makes the data dir (0700) if needed, and tightens it if it exists. */
export async function secureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  await chmod(dir, 0o700)
}

/**
 * The device's key pair, made on first use. `network`: the network the data dir already
 * belongs to; its device key must be there, since a new one would be a stranger to it.
 */
export async function loadOrCreateDeviceKey(dir: string, network: NetworkConfig | null = null): Promise<KeyPair> {
  const path = join(dir, DEVICE_FILE)
  const stored = await readSecretJson(path)
  if (stored === null && network !== null) {
    throw new NetworkError(
      'DEVICE_KEY_LOST',
      `${path} is missing, but ${dir} belongs to the network ${network.key.slice(0, 8)}…: this device's key is lost, and a new key could not write to that network. ` +
        'Restore the data directory from a backup made with `stachanov backup`, or start this device in an empty data directory and have a member invite it again.'
    )
  }
  if (stored !== null) {
    const { publicKey, secretKey } = stored as { publicKey?: unknown; secretKey?: unknown }
    if (!isHex(publicKey, 32) || !isHex(secretKey, 64)) {
      throw new NetworkError('BAD_KEY_FILE', `${path} does not hold a device key pair`)
    }
    const keyPair = {
      publicKey: Buffer.from(publicKey, 'hex'),
      secretKey: Buffer.from(secretKey, 'hex')
    }
    // An Ed25519 secret key ends with its public key: a cheap check against a mangled file.
    if (!keyPair.secretKey.subarray(32).equals(keyPair.publicKey)) {
      throw new NetworkError(
        'BAD_KEY_FILE',
        `${path}: the public key does not match the secret key`
      )
    }
    return keyPair
  }
  const keyPair = crypto.keyPair()
  await writeSecretJson(path, {
    version: 1,
    publicKey: keyPair.publicKey.toString('hex'),
    secretKey: keyPair.secretKey.toString('hex')
  })
  return keyPair
}

export async function readNetworkConfig(dir: string): Promise<NetworkConfig | null> {
  const path = join(dir, NETWORK_FILE)
  const stored = (await readSecretJson(path)) as Partial<NetworkConfig> | null
  if (stored === null) return null
  if (!isHex(stored.key, 32) || !isHex(stored.encryptionKey, 32)) {
    throw new NetworkError('BAD_KEY_FILE', `${path} does not hold a network key and encryption key`)
  }
  return stored as NetworkConfig
}

export async function writeNetworkConfig(dir: string, config: NetworkConfig): Promise<void> {
  await writeSecretJson(join(dir, NETWORK_FILE), { version: 1, ...config })
}

export async function readSecretJson(path: string): Promise<unknown | null> {
  let text: string
  try {
    const info = await stat(path)
    // Someone loosened the mode (a copy, a backup tool): tighten it again.
    if ((info.mode & 0o077) !== 0) await chmod(path, 0o600)
    text = await readFile(path, 'utf-8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new NetworkError('BAD_KEY_FILE', `${path} is not valid JSON`)
  }
}

export async function writeSecretJson(path: string, value: unknown): Promise<void> {
  const temp = `${path}.tmp`
  const file = await open(temp, 'w', 0o600)
  try {
    await file.chmod(0o600) // the file may be left over from a crash, with another mode
    await file.writeFile(JSON.stringify(value, null, 2) + '\n', 'utf-8')
    await file.sync()
  } finally {
    await file.close()
  }
  await rename(temp, path)
  const parent = await open(dirname(path), 'r')
  try {
    await parent.sync()
  } finally {
    await parent.close()
  }
}

function isHex(value: unknown, bytes: number): value is string {
  return typeof value === 'string' && value.length === bytes * 2 && /^[0-9a-f]+$/.test(value)
}
