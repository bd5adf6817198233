// Finding and connecting the network's devices over Hyperswarm, and only them.
//
// The swarm's Noise key is the device key, so the firewall can check every peer against the
// network's writers (membership.ts) before any byte of replication flows. Hyperswarm bans a
// refused key for the life of the swarm; when that key later becomes a member (it was paired
// meanwhile) we lift the ban and look the topic up again.
//
// Reaching peers:
//  - the public DHT (default), or a `bootstrap` list (an office's own `stachanov bootstrap`);
//  - `dht`: a ready-made DHT node (tests: a loopback testnet node);
//  - direct peers by address without any DHT: see direct.ts.
// This machine's only public address is in a reserved block, which the DHT's LAN shortcut
// filters out; binding the DHT to loopback (`host: '127.0.0.1'`) works for tests, and on an
// office LAN with private addresses the shortcut works as is.
import { EventEmitter } from 'node:events'
import { networkInterfaces } from 'node:os'
import HyperDHT from 'hyperdht'
import Hyperswarm, { type PeerDiscoverySession, type SwarmConnection } from 'hyperswarm'
import type { NetworkBase } from './base.ts'
import type { Membership } from './membership.ts'

export interface SwarmOptions {
  /** DHT bootstrap nodes, "host:port". Default: the public DHT. */
  bootstrap?: string[]
  /** Address to bind the DHT's socket to (e.g. '127.0.0.1'). */
  host?: string
  /** A DHT node to use instead of making one (it is destroyed with the swarm). */
  dht?: HyperDHT
  /**
   * How often to look the topic up again while some known device is not connected, in ms.
   * Hyperswarm itself re-looks only every ~10 minutes, so two devices that announced at the
   * same moment would not find each other for that long.
   */
  lookupInterval?: number
}

export class NetworkSwarm extends EventEmitter {
  readonly swarm: Hyperswarm
  private discovery: PeerDiscoverySession | null = null
  private timer: NodeJS.Timeout | null = null
  private readonly onMembershipChange = () => this.enforce()

  constructor(
    private readonly base: NetworkBase,
    private readonly membership: Membership,
    private readonly options: SwarmOptions = {}
  ) {
    super()
    const dht =
      options.dht ??
      new HyperDHT({
        ...(options.bootstrap?.length ? { bootstrap: options.bootstrap } : {}),
        ...(options.host ? { host: options.host } : {})
      })
    this.swarm = new Hyperswarm({
      keyPair: base.deviceKeyPair,
      dht,
      firewall: (remotePublicKey) => {
        const refused = !membership.isAllowed(remotePublicKey)
        if (refused) this.emit('refused', remotePublicKey.toString('hex'))
        return refused
      }
    })
    this.swarm.on('connection', (conn: SwarmConnection) => this.onConnection(conn))
    membership.on('change', this.onMembershipChange)
  }

  /** Joins the network's topic; resolves once announced (peers connect as they are found). */
  async start(): Promise<void> {
    await this.membership.refresh()
    this.discovery = this.swarm.join(this.base.discoveryKey, { server: true, client: true })
    await this.discovery.flushed()
    const interval = this.options.lookupInterval ?? 30_000
    this.timer = setInterval(() => this.lookupIfMissing(), interval)
    this.timer.unref()
  }

  get connections(): number {
    return this.swarm.connections.size
  }

  /** Device keys (hex) of the connected peers. */
  peers(): string[] {
    return [...this.swarm.connections].map((conn) => conn.remotePublicKey.toString('hex'))
  }

  /** Looks the topic up now (e.g. after this device was paired). */
  async lookup(): Promise<void> {
    await this.discovery?.refresh({ server: true, client: true })
  }

  async destroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.membership.off('change', this.onMembershipChange)
    await this.swarm.destroy()
  }

  private onConnection(conn: SwarmConnection): void {
    const remote = conn.remotePublicKey.toString('hex')
    conn.on('error', (err) => this.emit('connection-error', remote, err))
    // The firewall ran at the handshake; membership may have changed since (rare race).
    if (!this.membership.isAllowed(conn.remotePublicKey)) {
      conn.destroy()
      return
    }
    try {
      this.base.replicate(conn)
    } catch (err) {
      // The base is closing (the swarm is torn down right after): drop the peer.
      conn.destroy()
      this.emit('connection-error', remote, err)
      return
    }
    conn.once('close', () => this.emit('disconnection', remote))
    this.emit('connection', remote)
  }

  /** Applies a membership change: lift bans of new members, drop removed ones. */
  private enforce(): void {
    let unbanned = false
    for (const info of this.swarm.peers.values()) {
      if (info.banned && this.membership.isAllowed(info.publicKey)) {
        info.ban(false)
        unbanned = true
      }
    }
    for (const conn of this.swarm.connections) {
      if (!this.membership.isAllowed(conn.remotePublicKey)) conn.destroy()
    }
    if (unbanned) void this.lookup().catch(() => {})
  }

  private lookupIfMissing(): void {
    // Every other writer is a device we could be connected to (most run one device each).
    if (this.swarm.connections.size < this.membership.size - 1) void this.lookup().catch(() => {})
  }
}

/** Runs a DHT bootstrap node for an office without internet (`stachanov bootstrap`). */
/**
 * A DHT bootstrap node bound to `host` (0.0.0.0: every address of this machine). The DHT
 * also tells its peers an address to reach it at, which must be a real IPv4 address: for
 * 0.0.0.0 that is this machine's first LAN address (`announce` overrides it).
 */
export async function runBootstrapNode(port: number, host: string, announce = announcedAddress(host)): Promise<HyperDHT> {
  const node = HyperDHT.bootstrapper(port, announce, { host })
  await node.ready()
  return node
}

/** The address a bootstrap node bound to `host` gives its peers. */
export function announcedAddress(host: string): string {
  return host === '0.0.0.0' ? lanAddress() : host
}

function lanAddress(): string {
  const addresses = Object.values(networkInterfaces()).flat()
  return addresses.find((a) => a && a.family === 'IPv4' && !a.internal)?.address ?? '127.0.0.1'
}
