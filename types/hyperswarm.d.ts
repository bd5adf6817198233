// The part of Hyperswarm 4 this project uses (the package ships no types).
declare module 'hyperswarm' {
  import type { EventEmitter } from 'node:events'
  import type { Duplex } from 'node:stream'
  import type HyperDHT from 'hyperdht'
  import type { KeyPair } from 'hypercore-crypto'

  /** An encrypted, authenticated connection (a Noise secret stream). */
  export interface SwarmConnection extends Duplex {
    readonly remotePublicKey: Buffer
    readonly publicKey: Buffer
    readonly isInitiator: boolean
    readonly rawStream: { remoteHost?: string; remotePort?: number }
  }

  export interface PeerInfo {
    publicKey: Buffer
    banned: boolean
    ban(banned: boolean): void
  }

  export interface PeerDiscoverySession {
    flushed(): Promise<void>
    refresh(opts?: { client?: boolean; server?: boolean }): Promise<void>
    destroy(): Promise<void>
  }

  export interface HyperswarmOptions {
    keyPair?: KeyPair
    dht?: HyperDHT
    bootstrap?: (string | { host: string; port: number })[]
    /** Return true to refuse the peer. */
    firewall?(remotePublicKey: Buffer, payload: unknown): boolean
    maxPeers?: number
  }

  export default class Hyperswarm extends EventEmitter {
    constructor(opts?: HyperswarmOptions)
    readonly keyPair: KeyPair
    readonly dht: HyperDHT
    readonly connections: Set<SwarmConnection>
    readonly peers: Map<string, PeerInfo>
    readonly destroyed: boolean
    join(topic: Uint8Array, opts?: { server?: boolean; client?: boolean }): PeerDiscoverySession
    leave(topic: Uint8Array): Promise<void>
    joinPeer(publicKey: Uint8Array): void
    leavePeer(publicKey: Uint8Array): void
    listen(): Promise<void>
    flush(): Promise<boolean>
    destroy(opts?: { force?: boolean }): Promise<void>
    on(event: 'connection', listener: (conn: SwarmConnection, info: PeerInfo) => void): this
    on(event: string, listener: (...args: any[]) => void): this
  }
}
