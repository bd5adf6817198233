// z-base-32: the human-oriented base 32 that Holepunch uses for keys and invites (lower case,
// no 0/l/v/2, so a code read aloud or typed by hand is hard to get wrong).

const ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769'
const VALUES = new Map([...ALPHABET].map((char, i) => [char, i]))

export function encodeZ32(bytes: Uint8Array): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31]
  return out
}

/** Decodes z-base-32; returns null on any character outside the alphabet. */
export function decodeZ32(text: string): Buffer | null {
  const out: number[] = []
  let buffer = 0
  let bits = 0
  for (const char of text) {
    const value = VALUES.get(char)
    if (value === undefined) return null
    buffer = ((buffer << 5) | value) & 0xffff
    bits += 5
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}
