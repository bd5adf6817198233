// The part of Hypercore 11 this project uses (the package ships no types).
declare module 'hypercore' {
  import type { EventEmitter } from 'node:events'
  import type { Duplex } from 'node:stream'

  export interface Manifest {
    version?: number
    signers: { publicKey: Uint8Array; signature?: string; namespace?: Uint8Array }[]
    [field: string]: unknown
  }

  export interface Download {
    done(): Promise<void>
    destroy(): void
  }

  /** A Protomux channel (what pairing over a direct connection uses). */
  export interface MuxChannel {
    readonly opened: boolean
    readonly messages: { send(message: Uint8Array): boolean }[]
    open(handshake?: unknown): void
    close(): void
  }

  export interface Muxer {
    createChannel(options: {
      protocol: string
      id?: Uint8Array | null
      messages: { onmessage(message: Buffer): void }[]
      onopen?(): void
      onclose?(): void
    }): MuxChannel | null
  }

  /** The Noise stream under a protocol stream; `userData` is its Protomux. */
  export interface NoiseStream extends Duplex {
    readonly remotePublicKey: Buffer | null
    readonly userData: Muxer
  }

  /** What `createProtocolStream` returns: the encrypted side, to pipe to a socket. */
  export interface ProtocolStream extends Duplex {
    readonly noiseStream: NoiseStream
  }

  /** hypercore-storage's CorestoreStorage (RocksDB underneath); opaque here. */
  export interface CoreStorage {
    readonly db: { flush(): Promise<void>; [member: string]: any }
    [member: string]: any
  }

  /** Options hypercore-storage hands to RocksDB (its column family and the database). */
  export interface StorageOptions {
    /** Bytes of the memtable, and so of write-ahead log an open may replay (default 64 MiB). */
    writeBufferSize?: number
    [option: string]: unknown
  }

  class Hypercore extends EventEmitter {
    static key(manifest: Manifest): Buffer
    /** The storage Corestore makes from a directory, with options Corestore does not pass on. */
    static defaultStorage(directory: string, opts?: StorageOptions): CoreStorage
    /** A Noise stream with a Protomux on it, and no core attached. */
    static createProtocolStream(
      isInitiator: boolean,
      opts?: { keyPair?: { publicKey: Buffer; secretKey: Buffer }; keepAlive?: boolean }
    ): ProtocolStream
    readonly key: Buffer
    readonly discoveryKey: Buffer
    readonly id: string
    readonly length: number
    readonly contiguousLength: number
    readonly signedLength: number
    readonly byteLength: number
    readonly fork: number
    readonly writable: boolean
    readonly opened: boolean
    readonly closed: boolean
    readonly peers: unknown[]
    ready(): Promise<void>
    close(): Promise<void>
    get(index: number, opts?: { wait?: boolean; timeout?: number; raw?: boolean }): Promise<any>
    has(start: number, end?: number): Promise<boolean>
    /** The Merkle tree hash of the first `length` blocks (what the core's signatures sign). */
    treeHash(length?: number): Promise<Buffer>
    append(block: Uint8Array | Uint8Array[]): Promise<{ length: number; byteLength: number }>
    update(opts?: { wait?: boolean }): Promise<boolean>
    download(range?: { start?: number; end?: number; linear?: boolean }): Download
    session(opts?: Record<string, unknown>): Hypercore
    getUserData(key: string): Promise<Buffer | null>
    setUserData(key: string, value: Uint8Array | string | null): Promise<void>
  }
  export default Hypercore
}
