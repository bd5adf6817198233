// Invite codes and joining, on top of core/network's pairing. The code a member hands out is
// the pairing invite followed by the member's collective id (`<invite>.<collective>`, both in
// z-base-32): the newcomer needs that id to sign its half of the strong trust before it can
// write anything, and the member appends both halves the moment it accepts the request. When
// the member's device listens for direct peers, a third part carries its addresses
// (`<invite>.<collective>.<addresses>`), so a newcomer without a DHT can dial it.
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

/** Test hooks for pairing (a testnet DHT node, short polls); never a way around the settings. */
export interface PairingHooks {
  /** Makes pairing's DHT nodes from the options the settings give (tests: testnet nodes). */
  makeDht?: (options: HyperDHTOptions) => HyperDHT
  /** Milliseconds between DHT polls (tests: short). */
  poll?: number
}

/** Where pairing may go, from the node's network settings. */
export interface PairingSettings {
  /** The swarm's DHT (its bootstrap; none: the public DHT), or false when there is no swarm. */
  dht: PairingDht | false
  /** This node's direct peers ("host:port"): a newcomer asks them too. */
  peers: string[]
  poll?: number
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
  return { dht, peers: direct?.peers ?? [], ...(pairing?.poll ? { poll: pairing.poll } : {}) }
}

export function inviteCode(pairingCode: string, memberId: string, addresses: string[] = []): string {
  const member = encodeZ32(Buffer.from(memberId, 'hex'))
  return `${pairingCode}.${member}${addresses.length ? `.${encodeAddresses(addresses)}` : ''}`
}

export function splitInviteCode(code: string): { pairingCode: string; memberId: string; addresses: string[] } {
  const parts = code.trim().split('.')
  const [pairingCode, member, addressPart] = parts
  const id = member ? decodeZ32(clean(member)) : null
  if (!pairingCode || !id || id.length !== 32 || parts.length > 3) {
    throw new NodeError('BAD_INVITE', 'this is not a Stachanov invite code (check for typing errors)')
  }
  const addresses = addressPart === undefined ? [] : decodeAddresses(clean(addressPart))
  return { pairingCode, memberId: Buffer.from(id).toString('hex'), addresses }
}

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
    ...(settings.poll ? { poll: settings.poll } : {})
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
    ...(settings.poll ? { poll: settings.poll } : {})
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
