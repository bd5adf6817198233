// Mutators for fuzzing, driven by the simulator's seeded PRNG: bytes (bit flips, insertions,
// deletions, truncation, repeats) and JSON trees (a field dropped, added, retyped, or set to an
// edge value: huge numbers, -0, long and odd strings, deep nesting, prototype names).
import { Prng } from '../sim/prng.ts'

export { Prng }

export function mutateBytes(input: Uint8Array, rng: Prng): Buffer {
  let bytes = Buffer.from(input)
  const rounds = 1 + rng.int(4)
  for (let i = 0; i < rounds; i++) {
    const at = rng.int(Math.max(1, bytes.length))
    switch (rng.int(6)) {
      case 0:
        if (bytes.length > 0) bytes[at] = bytes[at]! ^ (1 << rng.int(8))
        break
      case 1:
        bytes = Buffer.concat([bytes.subarray(0, at), rng.bytes(1 + rng.int(8)), bytes.subarray(at)])
        break
      case 2:
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + rng.int(16))])
        break
      case 3:
        bytes = bytes.subarray(0, at)
        break
      case 4:
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at, at + 1 + rng.int(32)), bytes.subarray(at)])
        break
      default:
        if (bytes.length > 0) bytes[at] = pickChar(rng)
    }
  }
  return bytes
}

const CHARS = Buffer.from('{}[]":,0123456789-.eE \\ntrufalsn\u0000')
const pickChar = (rng: Prng) => CHARS[rng.int(CHARS.length)]!

const EDGE_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  -1,
  1.5,
  2 ** 53,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  8_640_000_000_000_001,
  '',
  ' ',
  '0',
  '-1',
  '00',
  '1e3',
  '9'.repeat(40),
  'x'.repeat(10_000),
  '0'.repeat(64),
  'f'.repeat(64),
  `${'0'.repeat(64)}:0`,
  `${'0'.repeat(64)}:99999999999`,
  '2026-13',
  '2026-04',
  '\u0000',
  '\ud800',
  'İ',
  '__proto__',
  'constructor',
  [],
  [1, 2, 3],
  {},
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  JSON.parse('['.repeat(40) + ']'.repeat(40))
]

/** A random value: an edge value, or a random scalar. */
export function randomValue(rng: Prng): unknown {
  switch (rng.int(4)) {
    case 0:
      return rng.int(2 ** 31) - 2 ** 30
    case 1:
      return rng.bytes(rng.int(40)).toString('hex')
    default:
      return structuredClone(EDGE_VALUES[rng.int(EDGE_VALUES.length)])
  }
}

type Tree = Record<string, unknown> | unknown[]

/** Every container (object or array) in a JSON tree, with the tree itself first. */
function containers(value: unknown, out: Tree[] = []): Tree[] {
  if (value !== null && typeof value === 'object') {
    out.push(value as Tree)
    for (const child of Object.values(value)) containers(child, out)
  }
  return out
}

/** Mutates a JSON value in place (1 to 3 changes) and returns it. */
export function mutateJson<T>(value: T, rng: Prng, siblings: unknown[] = []): T {
  const rounds = 1 + rng.int(3)
  for (let i = 0; i < rounds; i++) {
    const all = containers(value)
    if (all.length === 0) return value
    const target = all[rng.int(all.length)]!
    const keys = Object.keys(target)
    const key = keys.length > 0 ? keys[rng.int(keys.length)]! : '0'
    const record = target as Record<string, unknown>
    switch (rng.int(7)) {
      case 0:
        if (Array.isArray(target)) target.splice(Number(key), 1)
        else delete record[key]
        break
      case 1:
        record[key] = randomValue(rng)
        break
      case 2:
        if (Array.isArray(target)) target.push(randomValue(rng))
        else record[rng.pick(['extra', 'v', 'type', 'signers', 'sigs', 'body', 'expires', '__proto__'])] = randomValue(rng)
        break
      case 3: {
        // A value taken from another valid transaction: ids, keys and amounts that exist.
        const other = siblings.length > 0 ? containers(rng.pick(siblings)) : []
        const source = other.length > 0 ? (rng.pick(other) as Record<string, unknown>) : {}
        const values = Object.values(source)
        if (values.length > 0) record[key] = structuredClone(rng.pick(values))
        break
      }
      case 4: {
        const current = record[key]
        if (typeof current === 'string' && /^[0-9]+$/.test(current)) record[key] = String(BigInt(current) + BigInt(rng.int(3) - 1) * 10n ** BigInt(rng.int(20)))
        else if (typeof current === 'number') record[key] = current + rng.int(3) - 1
        else record[key] = randomValue(rng)
        break
      }
      case 5: {
        const current = record[key]
        record[key] = typeof current === 'string' ? Number(current) || current.toUpperCase() : String(current)
        break
      }
      default:
        record[key] = rng.chance(50) ? [record[key]] : { value: record[key] }
    }
  }
  return value
}
