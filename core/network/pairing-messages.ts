// What travels during pairing, besides blind-pairing's own envelope:
//  - the invite code: blind-pairing's invite (seed + the network's discovery key + expiry),
//    in z-base-32, ~108 characters;
//  - the candidate's user data: its device public key and an opaque payload the ledger
//    defines (its signed registration and the half-signed trust transaction);
//  - the member's reply, signed with the invite key by blind-pairing: the network key and
//    encryption key (in blind-pairing's own fields), plus the inviting device's key (trusted
//    as introducer until the new device has the view) and the DHT bootstrap list.
import BlindPairing from 'blind-pairing'
import { NetworkError } from './errors.ts'
import { decodeZ32, encodeZ32 } from './z32.ts'

const CANDIDATE_VERSION = 1

export interface DecodedInviteCode {
  invite: Buffer
  /** Invite id (hex): the member looks its invite up by it. */
  id: string
  discoveryKey: Buffer
  /** Expiry in ms since the epoch, 0 for none. */
  expires: number
}

export function encodeInviteCode(invite: Uint8Array): string {
  return encodeZ32(invite)
}

/** Decodes an invite code as typed or pasted (spaces, dashes and case are forgiven). */
export function decodeInviteCode(code: string, now = Date.now()): DecodedInviteCode {
  const bytes = decodeZ32(
    code
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '')
  )
  let decoded: ReturnType<typeof BlindPairing.decodeInvite> | null = null
  if (bytes !== null && bytes.length > 0) {
    try {
      decoded = BlindPairing.decodeInvite(bytes)
    } catch {
      decoded = null
    }
  }
  if (bytes === null || decoded === null || !decoded.discoveryKey) {
    throw new NetworkError('BAD_INVITE', 'this is not an invite code (check for typing errors)')
  }
  if (decoded.expires && decoded.expires < now) {
    throw new NetworkError('INVITE_EXPIRED', 'this invite has expired: ask for a new one')
  }
  return {
    invite: bytes,
    id: decoded.id.toString('hex'),
    discoveryKey: decoded.discoveryKey,
    expires: decoded.expires
  }
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
    if (typeof parsed.introducer === 'string' && /^[0-9a-f]{64}$/.test(parsed.introducer)) {
      const bootstrap = Array.isArray(parsed.bootstrap)
        ? parsed.bootstrap.filter((b: unknown) => typeof b === 'string')
        : []
      return { introducer: parsed.introducer, bootstrap }
    }
  } catch {
    // fall through
  }
  throw new NetworkError('BAD_INVITE', 'the member’s reply to the pairing request is malformed')
}
