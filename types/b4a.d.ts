// The part of b4a (buffer helpers shared by the Holepunch modules) this project uses.
declare module 'b4a' {
  const b4a: {
    from(input: string, encoding?: BufferEncoding): Buffer
    from(input: ArrayLike<number> | ArrayBuffer | Uint8Array): Buffer
    toString(buffer: Uint8Array, encoding?: BufferEncoding, start?: number, end?: number): string
    equals(a: Uint8Array, b: Uint8Array): boolean
    compare(a: Uint8Array, b: Uint8Array): number
    concat(buffers: Uint8Array[], totalLength?: number): Buffer
    alloc(size: number, fill?: number): Buffer
    allocUnsafe(size: number): Buffer
    isBuffer(value: unknown): value is Buffer
  }
  export default b4a
}
