// The part of blind-pairing 2 this project uses (the package ships no types).
declare module 'blind-pairing' {
  import type Hyperswarm from 'hyperswarm'

  export interface CreatedInvite {
    id: Buffer
    invite: Buffer
    seed: Buffer
    publicKey: Buffer
    discoveryKey: Buffer
    expires: number
  }

  export interface DecodedInvite {
    id: Buffer
    seed: Buffer
    discoveryKey: Buffer
    expires: number
  }

  /** A pairing request as the member sees it. */
  export interface MemberRequest {
    inviteId: Buffer
    userData: Buffer | null
    open(invitePublicKey: Uint8Array): Buffer
    confirm(reply: {
      key: Uint8Array
      encryptionKey?: Uint8Array
      additional?: { data: Uint8Array; signature: Uint8Array }
    }): void
    /** status 1: rejected, 2: invite used, 3: invite expired. */
    deny(opts?: { status?: number }): void
    /** The encoded answer, once confirmed or denied. */
    readonly response: Buffer | null
  }

  /** A pairing request as the candidate holds it (blind-pairing-core's CandidateRequest). */
  export interface CandidateRequest {
    encode(): Buffer
    /** The member's answer: the result, or null when it declined (then 'rejected' fired). */
    handleResponse(response: Buffer): PairingResult | null
    once(event: 'rejected', listener: (err: Error & { code?: string }) => void): void
  }

  export interface PairingResult {
    key: Buffer
    encryptionKey: Buffer | null
    data: Buffer | null
  }

  export interface Member {
    flushed(): Promise<void>
    close(): Promise<void>
  }

  export interface Candidate {
    readonly pairing: Promise<PairingResult | null>
    readonly paired: PairingResult | null
    readonly request: {
      on(event: 'rejected', listener: (err: Error & { code?: string }) => void): void
    }
    close(): Promise<void>
  }

  export default class BlindPairing {
    constructor(swarm: Hyperswarm, opts?: { poll?: number })
    static createInvite(
      key: Uint8Array,
      opts?: { expires?: number; discoveryKey?: Uint8Array; seed?: Uint8Array }
    ): CreatedInvite
    static decodeInvite(invite: Uint8Array): DecodedInvite
    static createRequest(invite: Uint8Array, userData: Uint8Array): CandidateRequest
    readonly swarm: Hyperswarm
    addMember(opts: {
      discoveryKey: Uint8Array
      announce?: boolean
      onadd(request: MemberRequest): Promise<void> | void
    }): Member
    addCandidate(opts: {
      invite: Uint8Array
      userData: Uint8Array
      onadd?(result: PairingResult): Promise<void> | void
    }): Candidate
    close(): Promise<void>
  }
}

// blind-pairing's own core (a dependency of blind-pairing): the member's request decoder, for
// requests that arrive over a direct connection rather than through blind-pairing's swarm.
declare module 'blind-pairing-core' {
  import type { MemberRequest as Request } from 'blind-pairing'
  export const MemberRequest: { from(encoded: Buffer): Request }
}
