// The part of Hyperbee 2 this project uses (the package ships no types).
declare module 'hyperbee' {
  import type { Readable } from 'node:stream'
  import type Hypercore from 'hypercore'

  export interface Codec<T> {
    encode(value: T): Uint8Array
    decode(bytes: Uint8Array): T
  }

  export interface BeeNode<K = any, V = any> {
    seq: number
    key: K
    value: V
  }

  export interface BeeRange<K = any> {
    gt?: K
    gte?: K
    lt?: K
    lte?: K
    reverse?: boolean
    limit?: number
  }

  export interface HyperbeeOptions<K, V> {
    keyEncoding?: 'utf-8' | 'binary' | 'json' | Codec<K>
    valueEncoding?: 'utf-8' | 'binary' | 'json' | Codec<V>
    extension?: boolean
    readonly?: boolean
  }

  export class HyperbeeBatch<K = any, V = any> {
    get(key: K): Promise<BeeNode<K, V> | null>
    put(key: K, value: V): Promise<void>
    del(key: K): Promise<void>
    createReadStream(range?: BeeRange<K>): Readable & AsyncIterable<BeeNode<K, V>>
    flush(): Promise<void>
    close(): Promise<void>
  }

  export default class Hyperbee<K = any, V = any> {
    constructor(core: Hypercore, opts?: HyperbeeOptions<K, V>)
    readonly core: Hypercore
    readonly version: number
    ready(): Promise<void>
    close(): Promise<void>
    get(key: K, opts?: { wait?: boolean; update?: boolean }): Promise<BeeNode<K, V> | null>
    getBySeq(seq: number): Promise<{ key: K; value: V } | null>
    put(key: K, value: V): Promise<void>
    del(key: K): Promise<void>
    /** A batch may read and write with other codecs than the bee's (e.g. values as text). */
    batch<BV = V>(opts?: {
      update?: boolean
      valueEncoding?: 'utf-8' | 'binary' | 'json' | Codec<BV>
    }): HyperbeeBatch<K, BV>
    createReadStream(range?: BeeRange<K>): Readable & AsyncIterable<BeeNode<K, V>>
    createHistoryStream(opts?: Record<string, unknown>): Readable & AsyncIterable<any>
    checkout(version: number): Hyperbee<K, V>
    snapshot(): Hyperbee<K, V>
  }
}

// Hyperbee's block encoding (protocol-buffers), for core/network/bee-cache.ts.
declare module 'hyperbee/lib/messages.js' {
  interface NodeMessage {
    key: Uint8Array
    value: Uint8Array | null
    index: Uint8Array
  }
  const messages: { Node: { decode(bytes: Uint8Array): NodeMessage } }
  export default messages
}
