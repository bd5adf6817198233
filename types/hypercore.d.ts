// The part of Hypercore 11 this project uses (the package ships no types).
declare module 'hypercore' {
  import type { EventEmitter } from 'node:events'

  export interface Manifest {
    version?: number
    signers: { publicKey: Uint8Array; signature?: string; namespace?: Uint8Array }[]
    [field: string]: unknown
  }

  export interface Download {
    done(): Promise<void>
    destroy(): void
  }

  class Hypercore extends EventEmitter {
    static key(manifest: Manifest): Buffer
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
