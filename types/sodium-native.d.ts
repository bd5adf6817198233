// The part of sodium-native's API this project uses (the package ships no types).
declare module 'sodium-native' {
  const sodium: {
    crypto_sign_PUBLICKEYBYTES: number
    crypto_sign_SECRETKEYBYTES: number
    crypto_sign_SEEDBYTES: number
    crypto_sign_BYTES: number
    crypto_generichash_STATEBYTES: number
    crypto_sign_keypair(publicKey: Buffer, secretKey: Buffer): void
    crypto_sign_seed_keypair(publicKey: Buffer, secretKey: Buffer, seed: Buffer): void
    crypto_sign_detached(signature: Buffer, message: Buffer, secretKey: Buffer): void
    crypto_sign_verify_detached(signature: Buffer, message: Buffer, publicKey: Buffer): boolean
    crypto_generichash(out: Buffer, input: Buffer, key?: Buffer | null): void
    crypto_generichash_init(state: Buffer, key: Buffer | null, outputLength: number): void
    crypto_generichash_update(state: Buffer, input: Buffer): void
    crypto_generichash_final(state: Buffer, out: Buffer): void
    randombytes_buf(buffer: Buffer): void
    sodium_malloc(size: number): Buffer
    [name: string]: any
  }
  export default sodium
}
