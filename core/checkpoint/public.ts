// The public side of FROST that `apply` runs on what members publish: shapes and points of
// packages and commitments, the round-1 proof of knowledge, the council's key computed from
// the round-1 packages alone, and RFC 9591's binding factors. No secret, no randomness, and
// nothing throws on a peer's bytes.
//
// noble's ed25519_FROST checks proofs and derives keys only inside a member's own DKG state,
// so the two public computations are written here with noble's point and field operations
// (`ed25519.Point`, its scalar field): a Schnorr check and a sum of commitments. The unit
// tests hold them to what noble's own DKG computes.
import { createHash } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToNumberLE } from '@noble/curves/utils.js'
import { ok, refuse, type Refusal, type Result } from './errors.ts'
import { inSubgroup, suite } from './point-check.ts'
import type { CouncilKey, Hex, NonceCommitment, Round1Package } from './frost.ts'

const Point = ed25519.Point
type Point = InstanceType<typeof Point>
const Fn = Point.Fn
const SUITE = 'FROST-ED25519-SHA512-v1'
const HEX = /^(?:[0-9a-f]{2})+$/

/** The largest council the code accepts: keeps every loop and message small. */
export const MAX_COUNCIL = 64

export const isHex = (value: unknown, length: number): value is string =>
  typeof value === 'string' && value.length === 2 * length && HEX.test(value)

/** RFC 9591 identifiers are non-zero scalars; member i of the council is the scalar i. */
export const identifierOf = (index: number): string => suite.Identifier.fromNumber(index)

export const indexOfIdentifier = (id: string): number =>
  Number(bytesToNumberLE(Buffer.from(id, 'hex')))

/** A point as RFC 9591 §3.1 accepts it: canonical, on the curve, not the identity, prime order. */
export function pointOf(value: unknown): Point | null {
  if (!isHex(value, 32)) return null
  try {
    const p = Point.fromHex(value)
    if (p.is0() || !inSubgroup(Buffer.from(value, 'hex')) || p.toHex() !== value) return null
    return p
  } catch {
    return null
  }
}

export const isPoint = (value: unknown): boolean => pointOf(value) !== null

/** A canonical scalar (below the group order), or null. */
function scalarOf(value: Uint8Array): bigint | null {
  const n = bytesToNumberLE(value)
  return n < Fn.ORDER ? n : null
}

const isIndex = (n: unknown, size: number): n is number =>
  Number.isSafeInteger(n) && (n as number) >= 1 && (n as number) <= size

/** SHA-512 of the suite's prefix and the message, as a scalar (RFC 9591 §6.1 H1 to H5). */
function hashToScalar(label: string, ...parts: Uint8Array[]): bigint {
  return Fn.create(bytesToNumberLE(hash(label, ...parts)))
}

function hash(label: string, ...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha512').update(label)
  for (const part of parts) h.update(part)
  return h.digest()
}

/**
 * A round-1 package as the log receives it: the sender's place, `threshold` valid points and
 * a proof of knowledge of the polynomial's constant term that verifies.
 */
export function checkRound1(p: Round1Package, threshold: number, size: number): Refusal | null {
  if (!isIndex(p.index, size))
    return refuse('DKG_NOT_MEMBER', `member ${String(p.index)} is not in this council`)
  if (!Array.isArray(p.commitment) || p.commitment.length !== threshold) {
    return refuse(
      'DKG_MALFORMED',
      `member ${p.index}: a round-1 commitment has ${threshold} points`
    )
  }
  const points = p.commitment.map(pointOf)
  if (points.some((x) => x === null))
    return refuse('DKG_MALFORMED', `member ${p.index}: a commitment point is not a valid point`)
  if (!isHex(p.proof, 64))
    return refuse('DKG_MALFORMED', `member ${p.index}: the proof of knowledge is 64 bytes of hex`)
  const R = pointOf(p.proof.slice(0, 64))
  const z = scalarOf(Buffer.from(p.proof.slice(64), 'hex'))
  if (R === null || z === null)
    return refuse('DKG_BAD_PROOF', `member ${p.index}: the proof of knowledge is malformed`)
  // RFC 9591's DKG (as frost-rs and noble do it): c = H_dkg(id || φ0 || R), and R = z·G − c·φ0.
  const phi = points[0]!
  const c = hashToScalar(SUITE + 'dkg', Fn.toBytes(BigInt(p.index)), phi.toBytes(), R.toBytes())
  if (!R.equals(Point.BASE.multiplyUnsafe(z).subtract(phi.multiplyUnsafe(c)))) {
    return refuse('DKG_BAD_PROOF', `member ${p.index}: the proof of knowledge does not verify`)
  }
  return null
}

/**
 * The council's key from every member's round-1 package (checked before): the group
 * commitment is the sum of the members' commitments, member i's verifying share is that
 * polynomial evaluated "in the exponent" at i. The same numbers each member's round 3 gives.
 */
export function councilKeyOf(packages: Round1Package[], threshold: number): CouncilKey {
  const size = packages.length
  const sorted = [...packages].sort((a, b) => a.index - b.index)
  const merged = Array.from({ length: threshold }, (_, k) =>
    sorted.reduce((sum, p) => sum.add(Point.fromHex(p.commitment[k]!)), Point.ZERO)
  )
  const verifyingShares = Array.from({ length: size }, (_, i) => {
    let share = Point.ZERO
    let power = 1n
    for (const c of merged) {
      share = share.add(c.multiplyUnsafe(power))
      power = Fn.mul(power, BigInt(i + 1))
    }
    return share.toHex()
  })
  return { threshold, size, commitment: merged.map((p) => p.toHex()), verifyingShares }
}

/** A nonce commitment as the log receives it: two valid points from a member. */
export function checkCommitment(c: NonceCommitment, size: number): Refusal | null {
  if (!isIndex(c.index, size))
    return refuse('COMMITMENT_MALFORMED', `member ${String(c.index)} is not in this council`)
  if (!isPoint(c.hiding) || !isPoint(c.binding) || c.hiding === c.binding) {
    return refuse(
      'COMMITMENT_MALFORMED',
      `member ${c.index}: a nonce commitment is two different valid points`
    )
  }
  return null
}

export const checkShareShape = (share: unknown): share is Hex => isHex(share, 32)

/** RFC 9591 §4.3: the commitment list sorted by identifier, one entry per member. */
export function sortedCommitments(commitments: NonceCommitment[]): Result<NonceCommitment[]> {
  const list = [...commitments].sort((a, b) => a.index - b.index)
  for (const [i, c] of list.entries()) {
    if (!isIndex(c.index, MAX_COUNCIL) || !isHex(c.hiding, 32) || !isHex(c.binding, 32)) {
      return refuse(
        'COMMITMENT_MALFORMED',
        'a commitment names a member and holds two 32-byte points'
      )
    }
    if (i > 0 && list[i - 1]!.index === c.index)
      return refuse('COMMITMENT_MALFORMED', `member ${c.index} appears twice in the signing set`)
  }
  return ok(list)
}

/**
 * RFC 9591 §4.4 binding factors, one per member of the signing set in identifier order:
 * H1(group key || H4(msg) || H5(encoded commitment list) || identifier). noble computes the
 * same inside `signShare` and `verifyShare`; this copy shows (and the RFC vector checks) how
 * the message and the whole signing set are bound into each member's nonce.
 */
export function bindingFactors(
  groupKey: Hex,
  commitments: NonceCommitment[],
  message: Uint8Array
): Result<Array<{ index: number; factor: Hex }>> {
  const list = sortedCommitments(commitments)
  if (!list.ok) return list
  const encoded = list.value.map((c) =>
    Buffer.concat([
      Fn.toBytes(BigInt(c.index)),
      Buffer.from(c.hiding, 'hex'),
      Buffer.from(c.binding, 'hex')
    ])
  )
  const prefix = Buffer.concat([
    Buffer.from(groupKey, 'hex'),
    hash(SUITE + 'msg', message),
    hash(SUITE + 'com', ...encoded)
  ])
  return ok(
    list.value.map((c) => ({
      index: c.index,
      factor: Buffer.from(
        Fn.toBytes(hashToScalar(SUITE + 'rho', prefix, Fn.toBytes(BigInt(c.index))))
      ).toString('hex')
    }))
  )
}
