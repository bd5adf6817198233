// Invite codes and joining, on top of core/network's pairing. The code a member hands out is
// the pairing invite followed by the member's collective id (`<invite>.<collective>`, both in
// z-base-32): the newcomer needs that id to sign its half of the strong trust before it can
// write anything, and the member appends both halves the moment it accepts the request.
import type HyperDHT from 'hyperdht'
import { PairingHost, type PairingRequest } from '../network/pairing-host.ts'
import { deviceIdentity, requestPairing } from '../network/pairing-join.ts'
import { decodeZ32, encodeZ32 } from '../network/z32.ts'
import type { NetworkConfig } from '../network/keys.ts'
import { NodeError } from './errors.ts'
import type { Identity } from './keys.ts'
import { makeJoinRequest, type JoinRequest } from './joining.ts'
import type { Role } from './collective-node.ts'

export interface PairingSettings {
  bootstrap?: string[]
  host?: string
  /** A DHT node for pairing's own swarm (tests: a testnet node). */
  makeDht?: () => HyperDHT
  /** Milliseconds between DHT polls (tests: short). */
  poll?: number
}

export function inviteCode(pairingCode: string, memberId: string): string {
  return `${pairingCode}.${encodeZ32(Buffer.from(memberId, 'hex'))}`
}

export function splitInviteCode(code: string): { pairingCode: string; memberId: string } {
  const [pairingCode, member] = code.trim().split('.')
  const id = member ? decodeZ32(member.trim().toLowerCase().replace(/[\s-]+/g, '')) : null
  if (!pairingCode || !id || id.length !== 32) {
    throw new NodeError('BAD_INVITE', 'this is not a Stachanov invite code (check for typing errors)')
  }
  return { pairingCode, memberId: Buffer.from(id).toString('hex') }
}

/** The member's side: a pairing host that admits requests carrying a valid join request. */
export function pairingHost(
  base: ConstructorParameters<typeof PairingHost>[0],
  membership: ConstructorParameters<typeof PairingHost>[1],
  settings: PairingSettings,
  admit: (request: JoinRequest, writerKey: string) => Promise<void>
): PairingHost {
  return new PairingHost(base, membership, {
    ...settings,
    onrequest: async (request: PairingRequest) => {
      let parsed: JoinRequest
      try {
        parsed = JSON.parse(request.payload.toString('utf8'))
      } catch {
        return false
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
  const { pairingCode, memberId } = splitInviteCode(input.code)
  const device = await deviceIdentity(dir)
  const request = makeJoinRequest(identity, { name: input.name, roles: input.roles, writerKey: device.writerKey, memberId, time: input.time })
  return requestPairing({
    code: pairingCode,
    device: device.keyPair,
    payload: Buffer.from(JSON.stringify(request)),
    ...(settings.makeDht ? { dht: settings.makeDht() } : {}),
    ...(settings.bootstrap ? { bootstrap: settings.bootstrap } : {}),
    ...(settings.host ? { host: settings.host } : {}),
    ...(settings.poll ? { poll: settings.poll } : {})
  })
}
