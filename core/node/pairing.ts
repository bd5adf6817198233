// Invite codes and joining, on top of core/network's pairing. The code a member hands out is
// one z-base-32 string of 51 bytes (82 characters): a version byte and the pairing invite's
// 16-byte secret (pairing-messages.ts), the member's collective id -- the newcomer needs it to
// sign its half of the strong trust before it can write anything, and the member appends
// both halves the moment it accepts the request -- and two check bytes, so that a typing
// error is named as one (INVITE_TYPO) instead of leaving the newcomer waiting for a member
// that never answers. Everything else (the network's keys, bootstrap, introducer) comes
// through the pairing. When the member's device listens for direct peers, a second part
// carries its addresses (`<code>.<addresses>`), so a newcomer without a DHT can dial it.
//
// Pairing goes only where the office's settings say (see `pairingSettings`): through the
// swarm's DHT (its office bootstrap, or the public DHT only when it names none), over direct
// connections, or -- with neither -- nowhere: `invite` and `join` then refuse at once.
import type HyperDHT from 'hyperdht'
import type { HyperDHTOptions } from 'hyperdht'
import type { DirectOptions, DirectPeers } from '../network/direct.ts'
import { PairingHost, type PairingRequest } from '../network/pairing-host.ts'
import { deviceIdentity, requestPairing } from '../network/pairing-join.ts'
import { decodeAddresses, encodeAddresses, type PairingDht } from '../network/pairing-routes.ts'
import type { SwarmOptions } from '../network/swarm.ts'
import { decodeZ32, encodeZ32 } from '../network/z32.ts'
import type { NetworkConfig } from '../network/keys.ts'
import { NodeError } from './errors.ts'
import type { Identity } from './keys.ts'
import { makeJoinRequest, type JoinRequest } from './joining.ts'
import { isBindRequest, makeBindRequest, type BindRequest } from './rebinding.ts'
import type { Role } from './collective-node.ts'
import { hash } from '../protocol/crypto.ts'

/** Test hooks for pairing (a testnet DHT node, short polls); never a way around the settings. */
export interface PairingHooks {
  /** Makes pairing's DHT nodes from the options the settings give (tests: testnet nodes). */
  makeDht?: (options: HyperDHTOptions) => HyperDHT
  /** Milliseconds between DHT polls (tests: short). */
  poll?: number
  /** Milliseconds a newcomer waits for a member's answer (default PAIRING_ANSWER_MS; tests: short). */
  answerMs?: number
}

/** Where pairing may go, from the node's network settings. */
export interface PairingSettings {
  /** The swarm's DHT (its bootstrap; none: the public DHT), or false when there is no swarm. */
  dht: PairingDht | false
  /** This node's direct peers ("host:port"): a newcomer asks them too. */
  peers: string[]
  poll?: number
  answerMs?: number
}

export function pairingSettings(options: {
  swarm?: SwarmOptions | false
  direct?: DirectOptions
  pairing?: PairingHooks
}): PairingSettings {
  const { swarm, direct, pairing } = options
  const dht: PairingDht | false =
    swarm === false
      ? false
      : {
          ...(swarm?.bootstrap?.length ? { bootstrap: swarm.bootstrap } : {}),
          ...(swarm?.host ? { host: swarm.host } : {}),
          ...(pairing?.makeDht ? { makeDht: pairing.makeDht } : {})
        }
  return {
    dht,
    peers: direct?.peers ?? [],
    ...(pairing?.poll ? { poll: pairing.poll } : {}),
    ...(pairing?.answerMs ? { answerMs: pairing.answerMs } : {})
  }
}

/** The invite's pairing part, the member's id, the check bytes. */
const PAIRING_BYTES = 17
const CODE_BYTES = PAIRING_BYTES + 32 + 2
/** The characters of a code without addresses. */
export const INVITE_CODE_LENGTH = Math.ceil((CODE_BYTES * 8) / 5)

const checkOf = (bytes: Uint8Array) => hash(Buffer.from('stachanov/invite-code'), bytes).subarray(0, 2)

export function inviteCode(pairingCode: string, memberId: string, addresses: string[] = []): string {
  const pairing = decodeZ32(pairingCode)
  if (!pairing || pairing.length !== PAIRING_BYTES) throw new RangeError('not a pairing invite code')
  const body = Buffer.concat([pairing, Buffer.from(memberId, 'hex')])
  const main = encodeZ32(Buffer.concat([body, checkOf(body)]))
  return `${main}${addresses.length ? `.${encodeAddresses(addresses)}` : ''}`
}

export function splitInviteCode(code: string): { pairingCode: string; memberId: string; addresses: string[] } {
  const parts = code.trim().split('.')
  const [main, addressPart] = parts
  const typed = main ? clean(main) : ''
  const bytes = decodeZ32(typed)
  if (!bytes || parts.length > 2) {
    throw new NodeError('BAD_INVITE', `"${code.trim().slice(0, 24)}" is not an invite code: ${WHAT_A_CODE_LOOKS_LIKE}`)
  }
  if (typed.length !== INVITE_CODE_LENGTH || bytes.length !== CODE_BYTES) {
    throw new NodeError(
      'BAD_INVITE',
      `an invite code has ${INVITE_CODE_LENGTH} characters (before any dot), this one ${typed.length}: a character is missing or one too many`
    )
  }
  const body = Buffer.from(bytes.subarray(0, CODE_BYTES - 2))
  if (!checkOf(body).equals(Buffer.from(bytes.subarray(CODE_BYTES - 2)))) {
    throw new NodeError('INVITE_TYPO', 'the invite code has a typing error: its last characters do not match the rest; compare it character by character with the one you were given')
  }
  const addresses = addressPart === undefined ? [] : decodeAddresses(clean(addressPart))
  return { pairingCode: encodeZ32(body.subarray(0, PAIRING_BYTES)), memberId: body.subarray(PAIRING_BYTES).toString('hex'), addresses }
}

const WHAT_A_CODE_LOOKS_LIKE =
  `an invite code is ${INVITE_CODE_LENGTH} letters and digits (such as "ybndrfg8ej…"), sometimes followed by a dot and more of them; ` +
  'copy it whole from the inviting office (its app makes one under Trust, "Create an invite code", or `stachanov invite`)'

const clean = (part: string) => part.trim().toLowerCase().replace(/[\s-]+/g, '')

/** Why this node cannot hand out an invite, in a sentence; null when it can. */
export function inviteRefusal(settings: PairingSettings, listening: boolean): string | null {
  if (settings.dht !== false || listening) return null
  const reach = settings.peers.length
    ? 'uses no DHT and only dials its direct peers; it does not listen for them'
    : 'uses no DHT and has no direct peers'
  return (
    `This node ${reach}, so no newcomer could reach it with an invite. ` +
    'Run it with --listen <port> (the invite then carries this machine\'s address) or with an office bootstrap (--bootstrap <host:port>). ' +
    'Joining needs one live connection between the two machines, a network cable will do; a USB stick cannot carry an invite, but after joining sync-folder carries everything.'
  )
}
/** The member's side: a pairing host that admits requests carrying a valid join request. */
export function pairingHost(
  base: ConstructorParameters<typeof PairingHost>[0],
  membership: ConstructorParameters<typeof PairingHost>[1],
  settings: PairingSettings,
  direct: DirectPeers | null,
  admit: (request: JoinRequest, writerKey: string) => Promise<void>,
  /** A collective restored from its words binds the asking device (rebinding.ts). */
  rebind: (request: BindRequest, writerKey: string) => Promise<void> = async () => {
    throw new NodeError('BAD_JOIN_REQUEST', 'this device does not bind devices')
  }
): PairingHost {
  const refusal = inviteRefusal(settings, direct?.address() != null)
  if (refusal) throw new NodeError('PAIRING_OFFLINE', refusal)
  return new PairingHost(base, membership, {
    dht: settings.dht,
    direct,
    ...(settings.poll ? { poll: settings.poll } : {}),
    onrequest: async (request: PairingRequest) => {
      let parsed: JoinRequest
      try {
        parsed = JSON.parse(request.payload.toString('utf8'))
      } catch {
        return false
      }
      if (isBindRequest(parsed)) {
        try {
          await rebind(parsed, request.writerKey)
          return true
        } catch {
          return false
        }
      }
      // The registration must name exactly the device that asks.
      if (parsed?.registration?.body?.devices?.[0] !== request.writerKey || parsed.registration.body.devices.length !== 1) return false
      try {
        await admit(parsed, request.writerKey)
        return true
      } catch {
        return false
      }
    }
  })
}

/** The newcomer's side: asks with the code; resolves with the network's configuration. */
export async function pairWithCode(
  dir: string,
  identity: Identity,
  input: { code: string; name: string; roles: Role[]; time: number },
  settings: PairingSettings
): Promise<NetworkConfig> {
  const { pairingCode, memberId, addresses } = splitInviteCode(input.code)
  const dial = [...addresses, ...settings.peers]
  if (settings.dht === false && dial.length === 0) {
    throw new NodeError(
      'PAIRING_OFFLINE',
      'This node uses no DHT and has no direct peers, and the invite carries no address to dial. ' +
        'Run it with --peer <inviting machine>:<port>, or with the office bootstrap (--bootstrap <host:port>) if the inviting office uses one.'
    )
  }
  const device = await deviceIdentity(dir)
  const request = makeJoinRequest(identity, { name: input.name, roles: input.roles, writerKey: device.writerKey, memberId, time: input.time })
  return requestPairing({
    code: pairingCode,
    device: device.keyPair,
    payload: Buffer.from(JSON.stringify(request)),
    dht: settings.dht,
    addresses: dial,
    ...(settings.poll ? { poll: settings.poll } : {}),
    ...(settings.answerMs ? { timeoutMs: settings.answerMs } : {})
  })
}

/**
 * A new device of a collective restored from its words: asks with the code to be bound,
 * and resolves with the network's configuration once a member has bound it.
 */
export async function pairToRebind(
  dir: string,
  identity: Identity,
  input: { code: string; time: number; replaces?: string },
  settings: PairingSettings
): Promise<NetworkConfig> {
  const { pairingCode, addresses } = splitInviteCode(input.code)
  const dial = [...addresses, ...settings.peers]
  if (settings.dht === false && dial.length === 0) {
    throw new NodeError('PAIRING_OFFLINE', 'This node uses no DHT and has no direct peers, and the invite carries no address to dial: run it with --peer <inviting machine>:<port>.')
  }
  const device = await deviceIdentity(dir)
  const request = makeBindRequest(identity, { writerKey: device.writerKey, time: input.time, ...(input.replaces ? { replaces: input.replaces } : {}) })
  return requestPairing({
    code: pairingCode,
    device: device.keyPair,
    payload: Buffer.from(JSON.stringify(request)),
    dht: settings.dht,
    addresses: dial,
    ...(settings.poll ? { poll: settings.poll } : {}),
    ...(settings.answerMs ? { timeoutMs: settings.answerMs } : {})
  })
}

/**
 * A device that paired over a direct connection keeps dialling the address that answered
 * (network.json `peers`), besides the direct peers its settings name.
 */
export function withInviterPeers(direct: DirectOptions | undefined, inviter: string[] | undefined): DirectOptions | undefined {
  const dialable = (inviter ?? []).filter((address) => typeof address === 'string' && /^[^\s:]+:\d{1,5}$/.test(address))
  if (dialable.length === 0) return direct
  return { ...direct, peers: [...new Set([...(direct?.peers ?? []), ...dialable])] }
}
