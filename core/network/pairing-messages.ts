// What travels during pairing, besides blind-pairing's own envelope:
//  - the invite code: a version byte and a 16-byte secret, in z-base-32 (28 characters).
//    Everything else blind-pairing's invite would carry is derived from the secret -- its
//    seed (the invite key pair), and a key of the invite's own whose discovery key names the
//    invite's rendezvous -- so the network's discovery key is not in the code: the member
//    listens at each open invite's rendezvous. The expiry stays with the member, which
//    answers an expired invite with INVITE_EXPIRED;
//  - the candidate's user data: its device public key and an opaque payload the ledger
//    defines (its signed registration and the half-signed trust transaction);
//  - the member's reply, signed with the invite key by blind-pairing and encrypted to the
//    candidate's session: the invite's key (which blind-pairing checks against the
//    rendezvous), the network's encryption key, and in the signed data the network key, the
//    inviting device's key (trusted as introducer until the new device has the view) and the
//    DHT bootstrap list.
import BlindPairing from 'blind-pairing'
import crypto from 'hypercore-crypto'
import { NetworkError } from './errors.ts'
import { decodeZ32, encodeZ32 } from './z32.ts'

const CANDIDATE_VERSION = 1
const INVITE_VERSION = 2
export const INVITE_SECRET_BYTES = 16

/** The protomux channel a direct pairing runs on (the candidate knows no network key yet). */
export const DIRECT_PAIRING_ID = crypto.hash(Buffer.from('stachanov/direct-pairing/v2'))

export interface InviteKeys {
  /** blind-pairing's invite bytes for the candidate (seed and rendezvous, no expiry). */
  invite: Buffer
  seed: Buffer
  /** The invite's own key: the member confirms with it; never the network's. */
  key: Buffer
  discoveryKey: Buffer
  /** Invite id (hex): the member looks its invite up by it. */
  id: string
}

/** What both sides derive from an invite's secret. */
export function inviteKeys(secret: Uint8Array): InviteKeys {
  const seed = crypto.hash([Buffer.from('stachanov/invite/seed'), Buffer.from(secret)])
  const key = crypto.hash([Buffer.from('stachanov/invite/key'), Buffer.from(secret)])
  const created = BlindPairing.createInvite(key, { seed })
  return { invite: Buffer.from(created.invite), seed, key, discoveryKey: created.discoveryKey, id: created.id.toString('hex') }
}

export function encodeInviteCode(secret: Uint8Array): string {
  return encodeZ32(Buffer.concat([Buffer.from([INVITE_VERSION]), Buffer.from(secret)]))
}

export interface DecodedInviteCode extends InviteKeys {
  secret: Buffer
}

/** Decodes an invite code as typed or pasted (spaces, dashes and case are forgiven). */
export function decodeInviteCode(code: string): DecodedInviteCode {
  const bytes = decodeZ32(
    code
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '')
  )
  if (bytes === null || bytes.length !== 1 + INVITE_SECRET_BYTES || bytes[0] !== INVITE_VERSION) {
    throw new NetworkError('BAD_INVITE', 'this is not an invite code (check for typing errors)')
  }
  const secret = Buffer.from(bytes.subarray(1))
  return { secret, ...inviteKeys(secret) }
}

export function encodeCandidateData(devicePublicKey: Uint8Array, payload: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([CANDIDATE_VERSION]), devicePublicKey, payload])
}

export function decodeCandidateData(
  data: Uint8Array | null
): { devicePublicKey: Buffer; payload: Buffer } | null {
  if (data === null || data.length < 33 || data[0] !== CANDIDATE_VERSION) return null
  const bytes = Buffer.from(data)
  return { devicePublicKey: bytes.subarray(1, 33), payload: bytes.subarray(33) }
}

export interface MemberReply {
  /** The network key (hex): blind-pairing's own key field carries the invite's. */
  network: string
  /** Device public key (hex) of the member that confirmed. */
  introducer: string
  bootstrap: string[]
}

export function encodeMemberReply(reply: MemberReply): Buffer {
  return Buffer.from(JSON.stringify({ v: 1, ...reply }))
}

export function decodeMemberReply(data: Uint8Array | null): MemberReply {
  try {
    const parsed = JSON.parse(Buffer.from(data ?? []).toString('utf-8'))
    const hex = (value: unknown) => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value)
    if (hex(parsed.introducer) && hex(parsed.network)) {
      const bootstrap = Array.isArray(parsed.bootstrap)
        ? parsed.bootstrap.filter((b: unknown) => typeof b === 'string')
        : []
      return { network: parsed.network, introducer: parsed.introducer, bootstrap }
    }
  } catch {
    // fall through
  }
  throw new NetworkError('BAD_INVITE', 'the member’s reply to the pairing request is malformed')
}
