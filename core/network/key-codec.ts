// Key encoding for the Hyperbee view, chosen so that Hyperbee's byte order is exactly the
// order of JavaScript's `<` on strings (UTF-16 code units), the order the ledger's
// KeyValueStore contract promises and MemoryStore implements.
//
// Hyperbee compares keys as bytes. Plain UTF-8 agrees with `<` for ASCII and for most of
// the BMP, but not everywhere: a character above U+FFFF (a surrogate pair, 0xD800..0xDFFF
// in UTF-16) sorts *below* U+E000..U+FFFF under `<` and *above* them in UTF-8; and a lone
// surrogate does not survive UTF-8 at all (it becomes U+FFFD, so two keys collide). CESU-8
// encodes each UTF-16 code unit on its own (1 to 3 bytes, the UTF-8 bit layout), which keeps
// the code-unit order byte for byte and round-trips every JS string. For ASCII keys -- all
// the ledger uses -- it is byte-identical to UTF-8 and takes a fast path.

export function encodeKey(key: string): Buffer {
  let ascii = true
  for (let i = 0; i < key.length; i++) {
    if (key.charCodeAt(i) >= 0x80) {
      ascii = false
      break
    }
  }
  if (ascii) return Buffer.from(key, 'latin1')

  const out: number[] = []
  for (let i = 0; i < key.length; i++) {
    const unit = key.charCodeAt(i)
    if (unit < 0x80) out.push(unit)
    else if (unit < 0x800) out.push(0xc0 | (unit >> 6), 0x80 | (unit & 0x3f))
    else out.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f))
  }
  return Buffer.from(out)
}

export function decodeKey(bytes: Uint8Array): string {
  let ascii = true
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      ascii = false
      break
    }
  }
  if (ascii) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')

  let out = ''
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!
    if (b < 0x80) {
      out += String.fromCharCode(b)
      i += 1
    } else if (b < 0xe0) {
      out += String.fromCharCode(((b & 0x1f) << 6) | (bytes[i + 1]! & 0x3f))
      i += 2
    } else {
      out += String.fromCharCode(
        ((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f)
      )
      i += 3
    }
  }
  return out
}

/** The codec object Hyperbee takes as `keyEncoding`. */
export const keyCodec = { encode: encodeKey, decode: decodeKey }

/** JSON values as UTF-8 bytes: what Hyperbee's built-in 'json' encoding does, spelled out. */
export const jsonCodec = {
  encode: (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf-8'),
  decode: (bytes: Uint8Array): any =>
    JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf-8'))
}
