// Checking a signing round's shares (RFC 9591 §5.3, §5.4) with what the round's shares have
// in common computed once. noble's `verifyShare` recomputes the binding factors, the group
// commitment (a multi-scalar multiplication over the whole signing set) and the challenge
// for every share it checks, and its `aggregate` does it all again; apply checks each share
// as it arrives, on every node. Here those are computed once per round (the signing set, the
// message and the council's key name a round) and kept, so a share check is two scalar
// multiplications: z·G = (D + ρ·E) + (c·λ)·Y. The aggregate is then the sum of the checked
// shares, confirmed by one Ed25519 verification. The RFC vector test holds both to the RFC.
import { createHash } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToNumberLE } from '@noble/curves/utils.js'
import type { CouncilKey, Hex, NonceCommitment } from './frost.ts'
import { bindingFactors, isHex, pointOf, sortedCommitments } from './public.ts'

const Point = ed25519.Point
type Point = InstanceType<typeof Point>
const Fn = Point.Fn

interface Member {
  /** D + ρ·E: the member's part of the group commitment. */
  part: Point
  /** The member's verifying share. */
  key: Point
  /** c·λ: the challenge times the member's Lagrange coefficient. */
  weight: bigint
}

interface RoundFacts {
  /** The group commitment R, encoded: the first half of the signature. */
  commitment: Uint8Array
  members: Map<number, Member>
}

const KEEP = 64
const rounds = new Map<string, RoundFacts | null>()

/** The round's common facts, or null when its points or signing set do not check out. */
function factsOf(
  key: CouncilKey,
  commitments: NonceCommitment[],
  message: Uint8Array
): RoundFacts | null {
  const id = roundId(key, commitments, message)
  if (rounds.has(id)) return rounds.get(id)!
  const facts = compute(key, commitments, message)
  if (rounds.size >= KEEP) rounds.delete(rounds.keys().next().value!)
  rounds.set(id, facts)
  return facts
}

function roundId(key: CouncilKey, commitments: NonceCommitment[], message: Uint8Array): string {
  const h = createHash('sha256')
  for (const part of [...key.commitment, ...key.verifyingShares]) h.update(`${part},`)
  for (const c of commitments) h.update(`${c.index}:${c.hiding}:${c.binding};`)
  return h.update(message).digest('hex')
}

function compute(
  key: CouncilKey,
  commitments: NonceCommitment[],
  message: Uint8Array
): RoundFacts | null {
  const list = sortedCommitments(commitments)
  const groupKey = pointOf(key.commitment[0])
  if (!list.ok || !groupKey) return null
  const factors = bindingFactors(key.commitment[0]!, list.value, message)
  if (!factors.ok) return null
  const parts: Array<{ index: number; part: Point; key: Point }> = []
  for (const [i, c] of list.value.entries()) {
    const hiding = pointOf(c.hiding)
    const binding = pointOf(c.binding)
    const verifying = pointOf(key.verifyingShares[c.index - 1])
    if (!hiding || !binding || !verifying) return null
    const rho = bytesToNumberLE(Buffer.from(factors.value[i]!.factor, 'hex'))
    parts.push({ index: c.index, part: hiding.add(binding.multiplyUnsafe(rho)), key: verifying })
  }
  const R = parts.reduce((sum, p) => sum.add(p.part), Point.ZERO)
  const commitment = R.toBytes()
  // RFC 8032's challenge, as Ed25519 verifiers compute it: H(R || Y || message) mod ℓ.
  const challenge = Fn.create(
    bytesToNumberLE(
      createHash('sha512').update(commitment).update(groupKey.toBytes()).update(message).digest()
    )
  )
  const xs = parts.map((p) => BigInt(p.index))
  const members = new Map<number, Member>()
  for (const p of parts) {
    const x = BigInt(p.index)
    let num = Fn.ONE
    let den = Fn.ONE
    for (const other of xs) {
      if (other === x) continue
      num = Fn.mul(num, other)
      den = Fn.mul(den, Fn.sub(other, x))
    }
    members.set(p.index, { part: p.part, key: p.key, weight: Fn.mul(challenge, Fn.div(num, den)) })
  }
  return { commitment, members }
}

/** A canonical scalar from 32 bytes of hex, or null. */
function scalarOf(share: Hex): bigint | null {
  if (!isHex(share, 32)) return null
  const n = bytesToNumberLE(Buffer.from(share, 'hex'))
  return n < Fn.ORDER ? n : null
}

/** RFC 9591 §5.4 for one member of the round (inputs checked for shape by the caller). */
export function checkRoundShare(
  key: CouncilKey,
  commitments: NonceCommitment[],
  message: Uint8Array,
  index: number,
  share: Hex
): boolean {
  const member = factsOf(key, commitments, message)?.members.get(index)
  const z = scalarOf(share)
  if (!member || z === null) return false
  return Point.BASE.multiplyUnsafe(z).equals(
    member.part.add(member.key.multiplyUnsafe(member.weight))
  )
}

/**
 * RFC 9591 §5.3: R and the sum of the shares, as a 64-byte Ed25519 signature; null when the
 * round's facts do not check out. The caller verifies the result (one Ed25519 verification)
 * and names the members whose shares fail `checkRoundShare` when it does not.
 */
export function sumShares(
  key: CouncilKey,
  commitments: NonceCommitment[],
  message: Uint8Array,
  shares: Map<number, Hex>
): Hex | null {
  const facts = factsOf(key, commitments, message)
  if (!facts) return null
  let z = Fn.ZERO
  for (const index of facts.members.keys()) {
    const s = scalarOf(shares.get(index) ?? '')
    if (s === null) return null
    z = Fn.add(z, s)
  }
  return Buffer.concat([facts.commitment, Fn.toBytes(z)]).toString('hex')
}
