// The candidate's side of pairing: use an invite code to get the network's keys.
//
// The request goes out over a throwaway Hyperswarm (a random key, not the device key): the
// network's members refuse unknown keys and Hyperswarm bans a refused key for the life of
// their swarm, so the device key must not be the one knocking before it is admitted.
//
// Which ways it asks is the settings' business (pairing-routes.ts): the DHT named by `dht`
// (none when false), and directly every address in `addresses` (the invite code's and the
// node's own direct peers). Both run at once; the first answer wins and stops the other.
//
// Usage (the node facade does this):
//   const device = await deviceIdentity(dir)
//   const network = await requestPairing({ code, device: device.keyPair,
//                                          payload: ledgerPayload(device.writerKey) })
//   const base = await NetworkBase.open({ dir, join: network, applyEntry })
import BlindPairing, { type PairingResult } from 'blind-pairing'
import Hyperswarm from 'hyperswarm'
import type { KeyPair } from 'hypercore-crypto'
import { NetworkError, type NetworkErrorCode } from './errors.ts'
import { type NetworkConfig, loadOrCreateDeviceKey, secureDir, writerKeyOf } from './keys.ts'
import { askDirectly } from './pairing-direct.ts'
import { decodeInviteCode, decodeMemberReply, DIRECT_PAIRING_ID, encodeCandidateData } from './pairing-messages.ts'
import { pairingDht, type PairingDht } from './pairing-routes.ts'

export interface PairingOptions {
  code: string
  /** This device's key pair (`deviceIdentity(dir).keyPair`). */
  device: KeyPair
  /** Opaque bytes for the member's ledger (registration, half-signed trust transaction). */
  payload: Uint8Array
  /** The DHT to ask through (default: the public DHT); false: none. */
  dht?: PairingDht | false
  /** "host:port" addresses to ask directly (the inviting device's, this node's peers). */
  addresses?: string[]
  /** Milliseconds between DHT polls for the reply (default 5 s). */
  poll?: number
  /** Milliseconds between rounds of direct attempts while none gets through (default 2 s). */
  retryMs?: number
  /** Give up after this long (default 90 s: a member online answers within seconds). */
  timeoutMs?: number
}

/** How long a newcomer waits for a member's answer before it says what to check. */
export const PAIRING_ANSWER_MS = 90_000

/**
 * No member answered: a code in the right form that no running device holds (made on a
 * device that restarted since, already used, from another office's settings) is never
 * answered at all, so after a bounded wait the newcomer is told what to check.
 */
export function noAnswer(timeoutMs: number): NetworkError {
  const seconds = Math.round(timeoutMs / 1000)
  return new NetworkError(
    'PAIRING_TIMEOUT',
    `No device answered this invite code within ${seconds} seconds. Check that the inviting office's app is running and online now ` +
      '(an invite lives only while the node that made it runs), that this is the newest code they made and it has not been used to join already, ' +
      'and that both machines use the same network settings (the same office bootstrap, if any). Then try again, or ask for a new code.'
  )
}

/** The device key pair of a data dir (made on first use) and its writer key (hex). */
export async function deviceIdentity(
  dir: string
): Promise<{ keyPair: KeyPair; writerKey: string }> {
  await secureDir(dir)
  const keyPair = await loadOrCreateDeviceKey(dir)
  return { keyPair, writerKey: writerKeyOf(keyPair.publicKey).toString('hex') }
}

/**
 * Asks the network's members to pair this device; resolves with its join configuration (with
 * `peers` set to the address that answered, when a direct connection did).
 */
export async function requestPairing(options: PairingOptions): Promise<NetworkConfig> {
  const decoded = decodeInviteCode(options.code)
  const userData = encodeCandidateData(options.device.publicKey, options.payload)
  const dht = options.dht ?? {}
  const addresses = [...new Set(options.addresses ?? [])]
  if (dht === false && addresses.length === 0) {
    throw new NetworkError(
      'PAIRING_OFFLINE',
      'this device uses no DHT and knows no address of the inviting device'
    )
  }
  const stop = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const attempts: Promise<{ result: PairingResult; via: string | null }>[] = []
  if (addresses.length > 0) {
    attempts.push(
      pairDirectly(decoded.invite, DIRECT_PAIRING_ID, userData, addresses, options, stop.signal)
    )
  }
  if (dht !== false) attempts.push(pairOverDht(decoded.invite, userData, dht, options, stop.signal))
  try {
    const timeoutMs = options.timeoutMs ?? PAIRING_ANSWER_MS
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(noAnswer(timeoutMs)), timeoutMs)
    })
    const { result, via } = await Promise.race([firstAnswer(attempts), timeout])
    if (!result.encryptionKey) {
      throw new NetworkError('BAD_INVITE', 'the member sent no encryption key')
    }
    const reply = decodeMemberReply(result.data)
    return {
      key: reply.network,
      encryptionKey: result.encryptionKey.toString('hex'),
      introducers: [reply.introducer],
      ...(reply.bootstrap.length ? { bootstrap: reply.bootstrap } : {}),
      ...(via ? { peers: [via] } : {})
    }
  } finally {
    clearTimeout(timer)
    stop.abort()
    await Promise.allSettled(attempts)
  }
}

/**
 * The first attempt to succeed; a member's refusal (declined, used, expired) ends all at once,
 * since the others would hear the same. Fails with the most telling error when all fail.
 */
function firstAnswer<T>(attempts: Promise<T>[]): Promise<T> {
  return new Promise((resolve, reject) => {
    let failed = 0
    let last: unknown = null
    for (const attempt of attempts) {
      attempt.then(resolve, (err: unknown) => {
        const code = (err as NetworkError).code
        if (code === 'PAIRING_REJECTED' || code === 'INVITE_EXPIRED') return reject(err)
        if (last === null || (last as NetworkError).code === 'CLOSED') last = err
        if (++failed === attempts.length) reject(last)
      })
    }
  })
}

/** Blind-pairing over a DHT, as its own module does it. */
async function pairOverDht(
  invite: Buffer,
  userData: Buffer,
  dht: PairingDht,
  options: PairingOptions,
  signal: AbortSignal
): Promise<{ result: PairingResult; via: null }> {
  const pairing = new BlindPairing(new Hyperswarm({ dht: pairingDht(dht) }), {
    poll: options.poll ?? 5000
  })
  try {
    const candidate = pairing.addCandidate({ invite, userData })
    const result = await new Promise<PairingResult>((resolve, reject) => {
      const stopped = () => reject(new NetworkError('CLOSED', 'pairing stopped'))
      if (signal.aborted) return stopped()
      signal.addEventListener('abort', stopped, { once: true })
      candidate.request.on('rejected', (err) => reject(fromPairingError(err)))
      candidate.pairing.then((paired) => {
        if (paired) resolve(paired)
        else reject(new NetworkError('CLOSED', 'pairing stopped before a member answered'))
      }, reject)
    })
    return { result, via: null }
  } finally {
    await pairing.close()
    await pairing.swarm.destroy()
  }
}

/**
 * Blind-pairing's request and response over direct connections: asks each address in turn,
 * and again every `retryMs` while none could be reached (the inviting node may be starting).
 * When every address answered that it knows no such invite, fails at once.
 */
async function pairDirectly(
  invite: Buffer,
  discoveryKey: Buffer,
  userData: Buffer,
  addresses: string[],
  options: PairingOptions,
  signal: AbortSignal
): Promise<{ result: PairingResult; via: string }> {
  for (;;) {
    let unknown = 0
    let lastError: unknown = null
    for (const address of addresses) {
      if (signal.aborted) throw new NetworkError('CLOSED', 'pairing stopped')
      const request = BlindPairing.createRequest(invite, userData)
      let response: Buffer | null
      try {
        response = await askDirectly(address, discoveryKey, request.encode(), signal)
      } catch (err) {
        lastError = err
        continue
      }
      if (response === null) {
        unknown++
        continue
      }
      let rejection: NetworkError | null = null
      request.once('rejected', (err) => (rejection = fromPairingError(err)))
      let result: PairingResult | null = null
      try {
        result = request.handleResponse(response)
      } catch {
        result = null
      }
      if (result) return { result, via: address }
      throw rejection ?? new NetworkError('BAD_INVITE', `the answer from ${address} is malformed`)
    }
    if (unknown === addresses.length) {
      throw new NetworkError(
        'INVITE_UNKNOWN',
        `no device at ${addresses.join(', ')} knows this invite: it was made on another device, or that node restarted since (invites live only while it runs); ask for a new code`
      )
    }
    if (signal.aborted) throw lastError
    await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 2000))
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
