// The part of HyperDHT 6 this project uses (the package ships no types).
declare module 'hyperdht' {
  import type { EventEmitter } from 'node:events'
  import type { KeyPair } from 'hypercore-crypto'

  export interface HyperDHTOptions {
    bootstrap?: (string | { host: string; port: number })[]
    port?: number
    host?: string
    ephemeral?: boolean
    firewalled?: boolean
    anyPort?: boolean
    keyPair?: KeyPair
  }

  export default class HyperDHT extends EventEmitter {
    constructor(opts?: HyperDHTOptions)
    static bootstrapper(port: number, host: string, opts?: HyperDHTOptions): HyperDHT
    static keyPair(seed?: Uint8Array): KeyPair
    readonly destroyed: boolean
    readonly bootstrapNodes: { host: string; port: number }[]
    ready(): Promise<void>
    fullyBootstrapped(): Promise<void>
    address(): { host: string; port: number }
    destroy(opts?: { force?: boolean }): Promise<void>
  }
}

declare module 'hyperdht/testnet.js' {
  import type HyperDHT from 'hyperdht'
  import type { HyperDHTOptions } from 'hyperdht'

  export interface Testnet {
    nodes: HyperDHT[]
    bootstrap: { host: string; port: number }[]
    createNode(opts?: HyperDHTOptions): HyperDHT
    destroy(): Promise<void>
  }
  export default function createTestnet(
    size?: number,
    opts?: { host?: string; port?: number; bootstrap?: { host: string; port: number }[] }
  ): Promise<Testnet>
}
