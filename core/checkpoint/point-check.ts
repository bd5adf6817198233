// FROST(Ed25519, SHA-512) as noble's `ed25519_FROST`, with its prime-order check made cheap.
//
// RFC 9591 §3.1 rejects every point outside the prime-order subgroup, and noble checks it by
// multiplying the point by the group order (~250 point doublings in JavaScript), twice per
// parsed point (its generic check and the suite's own hook). Profiles of the council's DKG
// and signing showed four fifths of their time in that one check, repeated for the same
// points at every step (apply's check, round 2, round 3, each share check, each signer).
//
// So the suite here is noble's own (`createFROST` with ed25519_FROST's name, point, hash and
// undecorated H2; the RFC vector test holds it to the RFC byte for byte), except that the
// points it parses answer the subgroup question once and remember it: libsodium's
// `crypto_core_ed25519_is_valid_point` (C: on the curve, not of small order, in the main
// subgroup) decides. The answer is a fact about the point, the same on every node.
import { createHash } from 'node:crypto'
import { createFROST } from '@noble/curves/abstract/frost.js'
import { ed25519 } from '@noble/curves/ed25519.js'
import sodium from 'sodium-native'

const Point = ed25519.Point
type Point = InstanceType<typeof Point>
const LIMIT = 8192
const known = new Map<string, boolean>()
const IDENTITY = '01' + '00'.repeat(31)

/** Whether the encoded point is in the prime-order subgroup (the identity is); remembered. */
export function inSubgroup(encoded: Uint8Array): boolean {
  const key = Buffer.from(encoded).toString('hex')
  const remembered = known.get(key)
  if (remembered !== undefined) return remembered
  const answer =
    key === IDENTITY || sodium.crypto_core_ed25519_is_valid_point(Buffer.from(encoded)) === true
  if (known.size >= LIMIT) known.delete(known.keys().next().value!)
  known.set(key, answer)
  return answer
}

/** Forgets every answer (a bench measuring one node's own work, as if alone). */
export function forgetCheckedPoints(): void {
  known.clear()
}

/**
 * A parsed point whose `isTorsionFree` asks `inSubgroup` on its own encoding. Everything else
 * is the point itself (noble's points are frozen, so a proxy is the way to say this).
 */
function checked(point: Point, encoded: Uint8Array): Point {
  const bytes = Uint8Array.from(encoded)
  const isTorsionFree = () => inSubgroup(bytes)
  return new Proxy(point, {
    get: (target, key) => (key === 'isTorsionFree' ? isTorsionFree : Reflect.get(target, key))
  })
}

/** noble's point constructor for the suite: the same statics, `fromBytes` giving checked points. */
const CheckedPoint = function CheckedPoint() {
  throw new TypeError('not a constructor')
} as unknown as typeof Point
Object.defineProperties(CheckedPoint, {
  prototype: { value: Point.prototype },
  BASE: { get: () => Point.BASE },
  ZERO: { get: () => Point.ZERO },
  Fp: { get: () => Point.Fp },
  Fn: { get: () => Point.Fn },
  fromAffine: { value: (p: { x: bigint; y: bigint }) => Point.fromAffine(p) },
  fromHex: { value: (hex: string) => checked(Point.fromHex(hex), Buffer.from(hex, 'hex')) },
  fromBytes: { value: (bytes: Uint8Array) => checked(Point.fromBytes(bytes), bytes) }
})

/** ed25519_FROST (RFC 9591 FROST(Ed25519, SHA-512)) over the checked points. */
export const suite = createFROST({
  name: 'FROST-ED25519-SHA512-v1',
  Point: CheckedPoint,
  // noble's generic parse already checks the subgroup (through `isTorsionFree` above).
  validatePoint: (p) => p.assertValidity(),
  hash: (message: Uint8Array) => new Uint8Array(createHash('sha512').update(message).digest()),
  H2: ''
})
