// RFC 8785 (JSON Canonicalization Scheme) text, written by hand because the ledger computes
// it for every entry it decodes: the `canonicalize` package builds each level by `reduce`
// over template strings, and cost about 6 µs an entry, a tenth of the whole apply loop.
// The output is the package's, byte for byte, for every JSON value (test/unit/canonical.test.ts
// compares them on random values), so ids and signatures cannot change:
//   primitives as JSON.stringify writes them (ECMAScript number form, the RFC's);
//   arrays in order, with undefined and symbols as null;
//   object members sorted by the UTF-16 code units of their keys, undefined and symbols left out;
//   NaN and ±Infinity refused (thrown), toJSON honoured, as the package does.

/** Strings JSON.stringify would copy as they are: no quote, backslash, control or surrogate. */
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/

/** JSON.stringify of a string; most of the ledger's are hex or names and need no escaping. */
function quote(text: string): string {
  return PLAIN.test(text) ? '"' + text + '"' : JSON.stringify(text)
}

export function canonical(value: unknown): string {
  if (typeof value === 'string') return quote(value)
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(Number.isNaN(value) ? 'NaN is not allowed' : 'Infinity is not allowed')
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if ((value as { toJSON?: unknown }).toJSON instanceof Function) {
    return canonical((value as { toJSON: () => unknown }).toJSON())
  }
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i]
      if (i > 0) out += ','
      out += item === undefined || typeof item === 'symbol' ? 'null' : canonical(item)
    }
    return out + ']'
  }
  const keys = sortKeys(Object.keys(value))
  let out = '{'
  for (const key of keys) {
    const member: unknown = (value as Record<string, unknown>)[key]
    if (member === undefined || typeof member === 'symbol') continue
    if (out.length > 1) out += ','
    out += quote(key) + ':' + canonical(member)
  }
  return out + '}'
}

/**
 * Keys in UTF-16 code unit order, as Array.prototype.sort without a comparator gives them.
 * Records have a handful of keys, which insertion sort orders in place without the garbage
 * the built-in sort leaves per call; a large object (a peer's, say) gets the built-in one.
 */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort()
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!
    let j = i - 1
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!
    keys[j + 1] = key
  }
  return keys
}
