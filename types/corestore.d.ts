// The part of Corestore 7 this project uses (the package ships no types).
declare module 'corestore' {
  import type { EventEmitter } from 'node:events'
  import type { Duplex } from 'node:stream'
  import type Hypercore from 'hypercore'
  import type { CoreStorage, Manifest } from 'hypercore'
  import type { KeyPair } from 'hypercore-crypto'

  export interface GetOptions {
    key?: Uint8Array
    name?: string
    keyPair?: KeyPair
    manifest?: Manifest
    valueEncoding?: unknown
    encryption?: unknown
    active?: boolean
    exclusive?: boolean
    createIfMissing?: boolean
    [option: string]: unknown
  }

  class Corestore extends EventEmitter {
    constructor(storage: string | CoreStorage, opts?: { primaryKey?: Uint8Array; unsafe?: boolean })
    readonly primaryKey: Buffer
    readonly manifestVersion: number
    readonly storage: { flush(): Promise<void>; [member: string]: any }
    readonly opened: boolean
    readonly closed: boolean
    ready(): Promise<void>
    close(): Promise<void>
    get(opts: GetOptions | Uint8Array): Hypercore
    session(opts?: Record<string, unknown>): Corestore
    namespace(name: string): Corestore
    replicate(isInitiator: boolean | Duplex, opts?: Record<string, unknown>): Duplex
    /** Discovery keys of every core stored here. */
    list(namespace?: Uint8Array): AsyncIterable<Buffer>
    getAuth(discoveryKey: Uint8Array): Promise<{ key: Buffer; manifest: Manifest | null } | null>
    createKeyPair(name: string): Promise<KeyPair>
  }
  export default Corestore
}
