// The member's side of pairing: make invite codes, and answer the devices that use them.
//
// Requests arrive over blind-pairing on a *separate* Hyperswarm with a throwaway key and no
// firewall. The network's own swarm refuses every key it does not know, and a candidate's key
// is not known until its request has been read; the pairing swarm carries nothing but the
// blind-pairing protocol, so an unknown peer on it can only ask. (Requests can also arrive as
// DHT records, polled every `poll` ms, when no direct connection gets through.)
//
// Which ways requests may arrive is the office's settings' business (pairing-routes.ts): the
// DHT named by `dht` (an office bootstrap, or the public DHT only when no bootstrap is set),
// not at all when `dht` is false; and direct connections to this device's listener when
// `direct` is given (pairing-direct.ts). With neither, `createInvite` refuses at once.
//
// What the candidate asks with is opaque here: `onrequest` (the ledger's side) reads the
// payload, decides, and -- when it accepts -- appends whatever makes the device a writer. The
// candidate is admitted on this device's swarm for `admitMs` so it can sync meanwhile.
import { EventEmitter } from 'node:events'
import BlindPairing, { type MemberRequest } from 'blind-pairing'
import { MemberRequest as DirectRequest } from 'blind-pairing-core'
import type { ProtocolStream } from 'hypercore'
import crypto from 'hypercore-crypto'
import Hyperswarm from 'hyperswarm'
import type { NetworkBase } from './base.ts'
import type { DirectPeers } from './direct.ts'
import { NetworkError } from './errors.ts'
import { writerKeyOf } from './keys.ts'
import type { Membership } from './membership.ts'
import { answerPairing } from './pairing-direct.ts'
import { decodeCandidateData, DIRECT_PAIRING_ID, encodeInviteCode, encodeMemberReply, INVITE_SECRET_BYTES, inviteKeys } from './pairing-messages.ts'
import { dialableAddresses, pairingDht, type PairingDht } from './pairing-routes.ts'

export interface PairingRequest {
  inviteId: string
  /** The candidate's device public key (hex): its Noise key on the swarm. */
  deviceKey: string
  /** The candidate's writer key (hex): how the ledger names the device. */
  writerKey: string
  /** Opaque bytes from the candidate, defined by the ledger. */
  payload: Buffer
}

export interface PairingHostOptions {
  /** Decides a request; resolve true to send the network's keys. */
  onrequest(request: PairingRequest): Promise<boolean> | boolean
  /** The DHT requests may come through (default: the public DHT); false: none. */
  dht?: PairingDht | false
  /** This device's direct peers: requests may come over a connection to its listener. */
  direct?: DirectPeers | null
  /** Milliseconds between DHT polls for requests (default 10 s). */
  poll?: number
  /** How long an accepted device stays admitted before its writer record lands (10 min). */
  admitMs?: number
}

/** Strangers pairing over direct connections at once; more are refused until one is done. */
const MAX_DIRECT_PAIRINGS = 8

interface OpenInvite {
  publicKey: Buffer
  seed: Buffer
  /** The invite's own key (pairing-messages.ts): what the member confirms with. */
  key: Buffer
  discoveryKey: Buffer
  expires: number
  /** Device key (hex) that used it: an invite pairs one device (which may ask again). */
  usedBy: string | null
}

export class PairingHost extends EventEmitter {
  private readonly invites = new Map<string, OpenInvite>()
  private pairing: BlindPairing | null = null
  private directPairings = 0
  private closed = false

  constructor(
    private readonly base: NetworkBase,
    private readonly membership: Membership,
    private readonly options: PairingHostOptions
  ) {
    super()
  }

  /** Addresses ("host:port") a newcomer can dial this device at, from its direct listener. */
  addresses(): string[] {
    return dialableAddresses(this.options.direct?.address() ?? null)
  }

  /**
   * A new single-use invite code, valid for `expiresInMs` (default 24 h), and the addresses
   * to carry with it (empty without a direct listener).
   */
  async createInvite({ expiresInMs = 24 * 3600_000 } = {}): Promise<{
    code: string
    id: string
    expires: number
    addresses: string[]
  }> {
    const addresses = this.addresses()
    if (this.options.dht === false && addresses.length === 0) {
      throw new NetworkError(
        'PAIRING_OFFLINE',
        'this device uses no DHT and listens for no direct peers: no newcomer could reach it'
      )
    }
    const expires = Date.now() + expiresInMs
    const secret = crypto.randomBytes(INVITE_SECRET_BYTES)
    const keys = inviteKeys(secret)
    this.invites.set(keys.id, {
      publicKey: crypto.keyPair(keys.seed).publicKey,
      seed: keys.seed,
      key: keys.key,
      discoveryKey: keys.discoveryKey,
      expires,
      usedBy: null
    })
    await this.listen(keys.discoveryKey)
    return { code: encodeInviteCode(secret), id: keys.id, expires, addresses }
  }

  revokeInvite(id: string): void {
    this.invites.delete(id)
  }

  async close(): Promise<void> {
    this.closed = true
    this.invites.clear()
    if (this.options.direct?.onstranger === this.onstranger) this.options.direct.onstranger = null
    const pairing = this.pairing
    this.pairing = null
    if (pairing) {
      await pairing.close()
      await pairing.swarm.destroy()
    }
  }

  /** Listens for requests at an invite's rendezvous (each invite has its own: pairing-messages.ts). */
  private async listen(discoveryKey: Buffer): Promise<void> {
    if (this.closed) return
    const direct = this.options.direct
    if (direct && direct.onstranger !== this.onstranger) direct.onstranger = this.onstranger
    if (this.options.dht === false) return
    if (!this.pairing) {
      const dht = pairingDht(this.options.dht ?? {})
      this.pairing = new BlindPairing(new Hyperswarm({ dht }), { poll: this.options.poll ?? 10_000 })
    }
    const member = this.pairing.addMember({ discoveryKey, onadd: (request) => this.answer(request) })
    await member.flushed()
  }

  /** A stranger on this device's direct listener: it may ask, over that stream only. */
  private readonly onstranger = (stream: ProtocolStream): boolean => {
    if (this.closed || this.directPairings >= MAX_DIRECT_PAIRINGS) return false
    this.directPairings++
    void answerPairing(stream, DIRECT_PAIRING_ID, async (bytes) => {
      let request: MemberRequest
      try {
        request = DirectRequest.from(bytes)
      } catch {
        return null
      }
      await this.answer(request)
      return request.response
    }).finally(() => this.directPairings--)
    return true
  }

  private async answer(request: MemberRequest): Promise<void> {
    const inviteId = request.inviteId.toString('hex')
    const invite = this.invites.get(inviteId)
    if (!invite) return // another member's invite, or revoked: stay silent

    let userData: Buffer
    try {
      userData = request.open(invite.publicKey)
    } catch {
      return // not signed with this invite's key
    }
    // After opening: an answer goes to the request's session. The code carries no expiry, so
    // the candidate learns it here.
    if (invite.expires < Date.now()) return request.deny({ status: 3 })
    const candidate = decodeCandidateData(userData)
    if (candidate === null) return request.deny({ status: 1 })
    const deviceKey = candidate.devicePublicKey.toString('hex')
    if (invite.usedBy !== null && invite.usedBy !== deviceKey) return request.deny({ status: 2 })

    if (invite.usedBy === null) {
      const pairingRequest: PairingRequest = {
        inviteId,
        deviceKey,
        writerKey: writerKeyOf(candidate.devicePublicKey).toString('hex'),
        payload: candidate.payload
      }
      let accepted = false
      try {
        accepted = (await this.options.onrequest(pairingRequest)) === true
      } catch (err) {
        this.emit('warning', err)
      }
      if (!accepted) {
        this.emit('denied', pairingRequest)
        return request.deny({ status: 1 })
      }
      invite.usedBy = deviceKey
      this.emit('paired', pairingRequest)
    }

    this.membership.admit(deviceKey, this.options.admitMs ?? 10 * 60_000)
    const data = encodeMemberReply({
      network: this.base.key.toString('hex'),
      introducer: this.base.deviceKeyPair.publicKey.toString('hex'),
      bootstrap: this.base.config.bootstrap ?? []
    })
    request.confirm({
      key: invite.key,
      encryptionKey: this.base.encryptionKey,
      additional: { data, signature: crypto.sign(data, crypto.keyPair(invite.seed).secretKey) }
    })
  }
}
