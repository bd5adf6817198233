// The part of hypercore-crypto this project uses.
declare module 'hypercore-crypto' {
  export interface KeyPair {
    publicKey: Buffer
    secretKey: Buffer
  }
  const crypto: {
    keyPair(seed?: Uint8Array): KeyPair
    randomBytes(n: number): Buffer
    discoveryKey(key: Uint8Array): Buffer
    sign(message: Uint8Array, secretKey: Uint8Array): Buffer
    verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean
    hash(data: Uint8Array | Uint8Array[], out?: Buffer): Buffer
    namespace(name: string, count: number): Buffer[]
  }
  export default crypto
}
