// The member's side of pairing: make invite codes, and answer the devices that use them.
//
// Requests arrive over blind-pairing on a *separate* Hyperswarm with a throwaway key and no
// firewall. The network's own swarm refuses every key it does not know, and a candidate's key
// is not known until its request has been read; the pairing swarm carries nothing but the
// blind-pairing protocol, so an unknown peer on it can only ask. (Requests can also arrive as
// DHT records, polled every `poll` ms, when no direct connection gets through.)
//
// What the candidate asks with is opaque here: `onrequest` (the ledger's side) reads the
// payload, decides, and -- when it accepts -- appends whatever makes the device a writer. The
// candidate is admitted on this device's swarm for `admitMs` so it can sync meanwhile.
import { EventEmitter } from 'node:events'
import BlindPairing, { type MemberRequest } from 'blind-pairing'
import crypto from 'hypercore-crypto'
import HyperDHT from 'hyperdht'
import Hyperswarm from 'hyperswarm'
import type { NetworkBase } from './base.ts'
import { writerKeyOf } from './keys.ts'
import type { Membership } from './membership.ts'
import { decodeCandidateData, encodeInviteCode, encodeMemberReply } from './pairing-messages.ts'

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
  /** Makes the pairing swarm's own DHT node (tests: a testnet node). Default: from options. */
  makeDht?: () => HyperDHT
  bootstrap?: string[]
  host?: string
  /** Milliseconds between DHT polls for requests (default 10 s). */
  poll?: number
  /** How long an accepted device stays admitted before its writer record lands (10 min). */
  admitMs?: number
}

interface OpenInvite {
  publicKey: Buffer
  seed: Buffer
  expires: number
  /** Device key (hex) that used it: an invite pairs one device (which may ask again). */
  usedBy: string | null
}

export class PairingHost extends EventEmitter {
  private readonly invites = new Map<string, OpenInvite>()
  private pairing: BlindPairing | null = null
  private closed = false

  constructor(
    private readonly base: NetworkBase,
    private readonly membership: Membership,
    private readonly options: PairingHostOptions
  ) {
    super()
  }

  /** A new single-use invite code, valid for `expiresInMs` (default 24 h). */
  async createInvite({ expiresInMs = 24 * 3600_000 } = {}): Promise<{
    code: string
    id: string
    expires: number
  }> {
    const expires = Date.now() + expiresInMs
    const created = BlindPairing.createInvite(this.base.key, { expires })
    const id = created.id.toString('hex')
    this.invites.set(id, {
      publicKey: created.publicKey,
      seed: created.seed,
      expires,
      usedBy: null
    })
    await this.listen()
    return { code: encodeInviteCode(created.invite), id, expires: created.expires }
  }

  revokeInvite(id: string): void {
    this.invites.delete(id)
  }

  async close(): Promise<void> {
    this.closed = true
    this.invites.clear()
    const pairing = this.pairing
    this.pairing = null
    if (pairing) {
      await pairing.close()
      await pairing.swarm.destroy()
    }
  }

  private async listen(): Promise<void> {
    if (this.pairing || this.closed) return
    const { makeDht, bootstrap, host } = this.options
    const dht =
      makeDht?.() ??
      new HyperDHT({ ...(bootstrap?.length ? { bootstrap } : {}), ...(host ? { host } : {}) })
    const pairing = new BlindPairing(new Hyperswarm({ dht }), { poll: this.options.poll ?? 10_000 })
    this.pairing = pairing
    const member = pairing.addMember({
      discoveryKey: this.base.discoveryKey,
      onadd: (request) => this.answer(request)
    })
    await member.flushed()
  }

  private async answer(request: MemberRequest): Promise<void> {
    const inviteId = request.inviteId.toString('hex')
    const invite = this.invites.get(inviteId)
    if (!invite) return // another member's invite, or revoked: stay silent
    if (invite.expires < Date.now()) return request.deny({ status: 3 })

    let userData: Buffer
    try {
      userData = request.open(invite.publicKey)
    } catch {
      return // not signed with this invite's key
    }
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
      introducer: this.base.deviceKeyPair.publicKey.toString('hex'),
      bootstrap: this.base.config.bootstrap ?? []
    })
    request.confirm({
      key: this.base.key,
      encryptionKey: this.base.encryptionKey,
      additional: { data, signature: crypto.sign(data, crypto.keyPair(invite.seed).secretKey) }
    })
  }
}
