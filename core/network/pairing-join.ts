// The candidate's side of pairing: use an invite code to get the network's keys.
//
// The request goes out over a throwaway Hyperswarm (a random key, not the device key): the
// network's members refuse unknown keys and Hyperswarm bans a refused key for the life of
// their swarm, so the device key must not be the one knocking before it is admitted.
//
// Usage (the node facade does this):
//   const device = await deviceIdentity(dir)
//   const network = await requestPairing({ code, device: device.keyPair,
//                                          payload: ledgerPayload(device.writerKey) })
//   const base = await NetworkBase.open({ dir, join: network, applyEntry })
import BlindPairing, { type PairingResult } from 'blind-pairing'
import HyperDHT from 'hyperdht'
import Hyperswarm from 'hyperswarm'
import type { KeyPair } from 'hypercore-crypto'
import { NetworkError, type NetworkErrorCode } from './errors.ts'
import { type NetworkConfig, loadOrCreateDeviceKey, secureDir, writerKeyOf } from './keys.ts'
import { decodeInviteCode, decodeMemberReply, encodeCandidateData } from './pairing-messages.ts'

export interface PairingOptions {
  code: string
  /** This device's key pair (`deviceIdentity(dir).keyPair`). */
  device: KeyPair
  /** Opaque bytes for the member's ledger (registration, half-signed trust transaction). */
  payload: Uint8Array
  /** A DHT node for the throwaway swarm (tests: a testnet node); destroyed afterwards. */
  dht?: HyperDHT
  bootstrap?: string[]
  host?: string
  /** Milliseconds between DHT polls for the reply (default 5 s). */
  poll?: number
  /** Give up after this long (default 5 minutes). */
  timeoutMs?: number
}

/** The device key pair of a data dir (made on first use) and its writer key (hex). */
export async function deviceIdentity(
  dir: string
): Promise<{ keyPair: KeyPair; writerKey: string }> {
  await secureDir(dir)
  const keyPair = await loadOrCreateDeviceKey(dir)
  return { keyPair, writerKey: writerKeyOf(keyPair.publicKey).toString('hex') }
}

/** Asks the network's members to pair this device; resolves with its join configuration. */
export async function requestPairing(options: PairingOptions): Promise<NetworkConfig> {
  const { invite } = decodeInviteCode(options.code)
  const { bootstrap, host } = options
  const dht =
    options.dht ??
    new HyperDHT({ ...(bootstrap?.length ? { bootstrap } : {}), ...(host ? { host } : {}) })
  const pairing = new BlindPairing(new Hyperswarm({ dht }), { poll: options.poll ?? 5000 })

  let timer: NodeJS.Timeout | undefined
  try {
    const candidate = pairing.addCandidate({
      invite,
      userData: encodeCandidateData(options.device.publicKey, options.payload)
    })
    const result = await new Promise<PairingResult>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new NetworkError('PAIRING_TIMEOUT', 'no member answered the invite in time')),
        options.timeoutMs ?? 5 * 60_000
      )
      candidate.request.on('rejected', (err) => reject(fromPairingError(err)))
      candidate.pairing.then((paired) => {
        if (paired) resolve(paired)
        else reject(new NetworkError('CLOSED', 'pairing stopped before a member answered'))
      }, reject)
    })
    if (!result.encryptionKey) {
      throw new NetworkError('BAD_INVITE', 'the member sent no encryption key')
    }
    const reply = decodeMemberReply(result.data)
    return {
      key: result.key.toString('hex'),
      encryptionKey: result.encryptionKey.toString('hex'),
      introducers: [reply.introducer],
      ...(reply.bootstrap.length ? { bootstrap: reply.bootstrap } : {})
    }
  } finally {
    clearTimeout(timer)
    await pairing.close()
    await pairing.swarm.destroy()
  }
}

function fromPairingError(err: Error & { code?: string }): NetworkError {
  const codes: Record<string, NetworkErrorCode> = {
    PAIRING_REJECTED: 'PAIRING_REJECTED',
    INVITE_USED: 'PAIRING_REJECTED',
    INVITE_EXPIRED: 'INVITE_EXPIRED'
  }
  const messages: Record<string, string> = {
    PAIRING_REJECTED: 'the member declined the pairing request',
    INVITE_USED: 'this invite has already paired another device',
    INVITE_EXPIRED: 'this invite has expired: ask for a new one'
  }
  const code = codes[err.code ?? ''] ?? 'PAIRING_REJECTED'
  return new NetworkError(code, messages[err.code ?? ''] ?? err.message)
}
