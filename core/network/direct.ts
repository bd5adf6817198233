// Direct peers by address: plain TCP between devices that know each other's host and port,
// for offices with no DHT at all (no internet, no bootstrap node). The stream is the same
// Noise-encrypted, device-key-authenticated replication stream Hyperswarm would carry, and the
// same membership check runs the moment the handshake names the peer, before any replication
// message is read.
//
// A DHT cannot stand in for this with two nodes: DHT records live on *other* nodes, so two
// devices that bootstrap from each other each find only their own announcement (tried here).
//
// Replication is attached only after the handshake has named a member. A stranger dialling in
// is refused, unless this device is pairing (`onstranger`, set by PairingHost): then its
// stream is handed over to carry a pairing request and nothing else (pairing-direct.ts).
import { EventEmitter } from 'node:events'
import net from 'node:net'
import Hypercore, { type ProtocolStream } from 'hypercore'
import type { NetworkBase } from './base.ts'
import type { Membership } from './membership.ts'
import { splitAddress } from './pairing-routes.ts'

export interface DirectOptions {
  /** Accept direct peers on this TCP address. */
  listen?: { port: number; host?: string }
  /** Dial these "host:port" addresses, and redial whenever the connection drops. */
  peers?: string[]
  /** Milliseconds between redials of a peer that is not connected (default 5 s). */
  retryMs?: number
}

export class DirectPeers extends EventEmitter {
  private server: net.Server | null = null
  private readonly sockets = new Set<net.Socket>()
  private readonly dialing = new Map<string, NodeJS.Timeout | null>()
  private connected = new Map<string, string>() // address → device key (hex)
  private readonly remotes = new Map<net.Socket, Buffer>()
  private destroyed = false
  /**
   * Takes an incoming stranger's stream (handshake done) for pairing; returns false to refuse
   * it. Never given a member's stream, nor one this device dialled.
   */
  onstranger: ((stream: ProtocolStream, remotePublicKey: Buffer) => boolean) | null = null
  private readonly onMembershipChange = () => {
    // A device removed from the network loses its open connections too.
    for (const [socket, key] of this.remotes) if (!this.membership.isAllowed(key)) socket.destroy()
  }

  constructor(
    private readonly base: NetworkBase,
    private readonly membership: Membership,
    private readonly options: DirectOptions = {}
  ) {
    super()
    membership.on('change', this.onMembershipChange)
  }

  async start(): Promise<void> {
    const { listen } = this.options
    if (listen) {
      const server = net.createServer((socket) => this.attach(socket, false, null))
      this.server = server
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(listen.port, listen.host ?? '0.0.0.0', () => {
          server.off('error', reject)
          resolve()
        })
      })
    }
    for (const address of this.options.peers ?? []) this.dial(address)
  }

  /** The bound TCP address (when listening). */
  address(): { host: string; port: number } | null {
    const address = this.server?.address()
    if (!address || typeof address === 'string') return null
    return { host: address.address, port: address.port }
  }

  /** Device keys (hex) of the connected direct peers. */
  peers(): string[] {
    return [...new Set(this.connected.values())]
  }

  async destroy(): Promise<void> {
    this.destroyed = true
    this.membership.off('change', this.onMembershipChange)
    for (const timer of this.dialing.values()) if (timer) clearTimeout(timer)
    this.dialing.clear()
    for (const socket of this.sockets) socket.destroy()
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()))
  }

  private dial(address: string): void {
    if (this.destroyed) return
    const [host, port] = splitAddress(address)
    this.dialing.set(address, null)
    const socket = net.connect(port, host)
    this.attach(socket, true, address)
  }

  private redialLater(address: string): void {
    if (this.destroyed || !this.dialing.has(address)) return
    const timer = setTimeout(() => this.dial(address), this.options.retryMs ?? 5000)
    timer.unref()
    this.dialing.set(address, timer)
  }

  private attach(socket: net.Socket, isInitiator: boolean, address: string | null): void {
    this.sockets.add(socket)
    socket.setNoDelay(true)
    // A Noise stream keyed with the device key, with nothing attached yet; `stream` is the
    // encrypted side, piped to the socket.
    const stream = Hypercore.createProtocolStream(isInitiator, {
      keyPair: this.base.deviceKeyPair
    })
    const noise = stream.noiseStream
    socket.pipe(stream).pipe(socket)

    let remote: string | null = null
    noise.once('handshake', () => {
      const key = noise.remotePublicKey!
      if (!this.membership.isAllowed(key)) {
        if (!isInitiator && this.onstranger?.(stream, key)) return
        this.emit('refused', key.toString('hex'))
        noise.destroy()
        return
      }
      try {
        this.base.replicate(stream)
      } catch {
        // The base is closing: nothing to replicate with.
        noise.destroy()
        return
      }
      remote = key.toString('hex')
      this.remotes.set(socket, key)
      if (address) this.connected.set(address, remote)
      else this.connected.set(`${socket.remoteAddress}:${socket.remotePort}`, remote)
      this.emit('connection', remote)
    })

    const cleanup = () => {
      if (!this.sockets.delete(socket)) return
      this.remotes.delete(socket)
      stream.destroy()
      socket.destroy()
      const key = address ?? `${socket.remoteAddress}:${socket.remotePort}`
      if (remote && this.connected.delete(key)) this.emit('disconnection', remote)
      if (address) this.redialLater(address)
    }
    socket.on('error', () => {})
    stream.on('error', () => {})
    socket.once('close', cleanup)
    stream.once('close', cleanup)
  }
}
