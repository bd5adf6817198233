// Opening and closing a device's data directory: which network it belongs to (created,
// joined or already there), Corestore's refusals at open as sentences, and a close that
// releases RocksDB's lock whatever fails before it. NetworkBase (base.ts) uses these.
import type Corestore from 'corestore'
import crypto, { type KeyPair } from 'hypercore-crypto'
import type { NetworkBaseOptions } from './base.ts'
import { NetworkError } from './errors.ts'
import { type NetworkConfig, readNetworkConfig, writeNetworkConfig, writerKeyOf } from './keys.ts'

/**
 * Closes a Corestore and, if that fails, its RocksDB all the same. Corestore closes its
 * sessions first and its storage only if they all closed; on a full disk a session's last
 * write fails, so RocksDB stayed open with its lock held, and every later open in this process
 * failed ("open in another process"): a node that met a full disk while opening never came
 * back once space was freed (found by the simulator, docs/reliability.md).
 */
export async function closeStore(corestore: Corestore): Promise<void> {
  try {
    await corestore.close()
  } catch (error) {
    await corestore.storage.close().catch(() => {})
    throw error
  }
}

export async function resolveConfig(
  dir: string,
  device: KeyPair,
  options: NetworkBaseOptions
): Promise<NetworkConfig> {
  const existing = await readNetworkConfig(dir)
  if (existing !== null) {
    if (options.join && options.join.key !== existing.key) {
      throw new NetworkError('NETWORK_EXISTS', `${dir} already belongs to network ${existing.key}`)
    }
    return existing
  }
  let config: NetworkConfig
  if (options.join) config = options.join
  else if (options.create) {
    // The first device's writer core is the Autobase bootstrap: the network key is its key.
    config = {
      key: writerKeyOf(device.publicKey).toString('hex'),
      encryptionKey: crypto.randomBytes(32).toString('hex')
    }
  } else throw new NetworkError('NO_NETWORK', `${dir} has no network: create one or join one`)
  await writeNetworkConfig(dir, config)
  return config
}

/** Corestore's refusals at open, as sentences that say what to do. */
export function storeOpenError(dir: string, err: unknown): unknown {
  const { code, message } = Object(err) as { code?: unknown; message?: unknown }
  if (code === 'DEVICE_FILE') {
    return new NetworkError(
      'DATA_DIR_COPY',
      `${dir} is a file copy of a node's data directory (${String(message)}): it cannot be opened, because two devices writing with the same keys would fork the network's log. ` +
        'To back a node up or move it, use `stachanov backup` on the running node; to add another device, start it in an empty data directory and have a member invite it.'
    )
  }
  if (code === 'ELOCKED' || /lock/i.test(String(message))) {
    return new NetworkError('DATA_DIR_IN_USE', `${dir} is open in another Stachanov process: stop that one first (${String(message)})`)
  }
  return err
}
