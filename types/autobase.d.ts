// The part of Autobase 7 this project uses (the package ships no types).
declare module 'autobase' {
  import type { EventEmitter } from 'node:events'
  import type { Duplex } from 'node:stream'
  import type Corestore from 'corestore'
  import type Hypercore from 'hypercore'
  import type { KeyPair } from 'hypercore-crypto'

  /** One linearized block handed to `apply`. */
  export interface ApplyNode {
    /**
     * On the appending device, the value as it was passed to `append`; elsewhere the bytes
     * decoded from the writer core (valueEncoding binary), null for a zero-length value.
     * Read it through `entryBytes` (core/network/apply.ts).
     */
    value: unknown
    /** The writer core that appended it. */
    from: Hypercore
    /** Length of the writer core including this block. */
    length: number
    /** True when the block is below the indexed (signed) point. */
    indexed: boolean
    optimistic: boolean
    heads: { key: Buffer; length: number }[]
  }

  export interface WriterInfo {
    isIndexer: boolean
    isRemoved: boolean
    length: number
  }

  /** The host calls `apply` may make; only valid inside `apply`. */
  export interface ApplyHost {
    addWriter(key: Uint8Array, opts?: { indexer?: boolean }): Promise<void>
    removeWriter(key: Uint8Array): Promise<void>
    ackWriter(key: Uint8Array): Promise<void>
    removeable(key: Uint8Array): boolean
    interrupt(reason?: string): void
    readonly system: {
      get(key: Uint8Array): Promise<WriterInfo | null>
      /** The active indexers (pending ones, which have not written yet, are not listed). */
      readonly indexers: ReadonlyArray<{ key: Buffer; length: number }>
    }
  }

  export interface ViewStore {
    get(name: string | { name: string; valueEncoding?: unknown }): Hypercore
  }

  export interface ViewChanges {
    get(name: string): { from: number; to: number; shared: number } | undefined
  }

  export interface AutobaseOptions<V> {
    open(store: ViewStore, host: unknown): V
    apply(nodes: ApplyNode[], view: V, host: ApplyHost): Promise<void>
    update?(view: V, changes: ViewChanges): Promise<void> | void
    close?(view: V): Promise<void>
    valueEncoding?: unknown
    ackInterval?: number
    encryptionKey?: Uint8Array | Promise<Uint8Array>
    encrypted?: boolean
    keyPair?: KeyPair | Promise<KeyPair>
    fastForward?: boolean
    bigBatches?: boolean
  }

  export default class Autobase<V = unknown> extends EventEmitter {
    constructor(store: Corestore, bootstrap: Uint8Array | null, opts: AutobaseOptions<V>)
    static getLocalKey(store: Corestore, opts?: Record<string, unknown>): Promise<Buffer>
    readonly key: Buffer
    readonly discoveryKey: Buffer
    readonly local: Hypercore
    readonly core: Hypercore
    readonly view: V
    readonly store: Corestore
    readonly writable: boolean
    readonly isIndexer: boolean
    readonly length: number
    readonly signedLength: number
    readonly indexedLength: number
    readonly opened: boolean
    readonly closed: boolean
    readonly closing: Promise<void> | null
    readonly encryptionKey: Buffer | null
    readonly system: {
      list(): AsyncIterable<{ key: Buffer; value: WriterInfo }>
      get(key: Uint8Array): Promise<WriterInfo | null>
      members: number
      indexers: { key: Buffer; length: number }[]
    } | null
    ready(): Promise<void>
    close(): Promise<void>
    append(value: Uint8Array | Uint8Array[] | null): Promise<number>
    update(): Promise<void>
    ack(bg?: boolean): Promise<void>
    waitForWritable(): Promise<boolean>
    replicate(isInitiator: boolean | Duplex, opts?: Record<string, unknown>): Duplex
    hintWakeup(hints: { key: Uint8Array; length: number }[]): void
    heads(): { key: Buffer; length: number }[]
    /** The views Autobase keeps now: `_system`, `_encryption` and the ones `open` made. */
    views(): { name: string; key: Buffer; length: number; signedLength: number }[]
  }
}

// Autobase's wire encodings; the node reads an entry back from its writer core with the oplog's
// (core/network/writer-entries.ts).
declare module 'autobase/lib/messages.js' {
  const messages: {
    /** A writer core's block: the node (its value, as appended) and Autobase's bookkeeping. */
    OplogMessage: unknown
  }
  export default messages
}
