// FROST(Ed25519, SHA-512) (RFC 9591) in the council's words, over @noble/curves'
// `ed25519_FROST`: distributed key generation in three steps, nonce commitments, signature
// shares, their verification and aggregation. The group arithmetic is noble's; this file
// only names members by their place in the council and carries everything as hex, so the
// public parts can go into the log as JSON.
//
// Two kinds of functions live here. The member's own node calls `dkgRound1`, `dkgRound2`,
// `dkgFinish`, `commit` and `signShare` with its secrets (these use randomness and throw on a
// wrong call). `apply` calls the public checks in `public.ts` and `verifyShare`, `aggregate`
// and `verifySignature` here, which never throw and read no randomness.
import { suite } from './point-check.ts'
import type {
  DKG_Round1,
  DKG_Secret,
  FrostPublic,
  NonceCommitments
} from '@noble/curves/abstract/frost.js'
import { verify } from '../protocol/crypto.ts'
import { checkRoundShare, sumShares } from './round-check.ts'
import { CheckpointError, ok, refuse, type Result } from './errors.ts'
import { checkShareShape, identifierOf, isHex, isPoint, sortedCommitments } from './public.ts'

export type Hex = string

/** The council's public key material after a DKG: what `apply` keeps in the view. */
export interface CouncilKey {
  threshold: number
  size: number
  /** The group's VSS commitment, `threshold` points; the first is the group public key. */
  commitment: Hex[]
  /** Every member's verifying share (its signing share times the base point), member 1 first. */
  verifyingShares: Hex[]
}

/** One member's key: the public part and its secret signing share (never in the log). */
export interface KeyShare extends CouncilKey {
  index: number
  signingShare: Hex
}

/** A member's DKG round-1 broadcast: its polynomial's commitment and a proof of knowledge. */
export interface Round1Package {
  index: number
  commitment: Hex[]
  proof: Hex
}

/** A round-2 share in the clear (`seal.ts` encrypts it to the recipient before it is logged). */
export interface Round2Share {
  from: number
  to: number
  share: Hex
}

/** The member's DKG state between the rounds: in memory only. */
export interface DkgSecret {
  index: number
  threshold: number
  size: number
  state: DKG_Secret
}

/** A pair of public nonce commitments, published ahead of the message; usable once. */
export interface NonceCommitment {
  index: number
  hiding: Hex
  binding: Hex
}

/** The secret nonces behind one commitment: in memory only, consumed by `signShare`. */
export interface Nonces {
  hiding: Uint8Array
  binding: Uint8Array
}

export type Rng = (bytes?: number) => Uint8Array

export const groupKeyOf = (key: CouncilKey): Hex => key.commitment[0]!

const bytes = (hex: Hex) => Uint8Array.from(Buffer.from(hex, 'hex'))
const hex = (data: Uint8Array): Hex => Buffer.from(data).toString('hex')

/** Round 1: a random polynomial of degree threshold − 1, its commitment and proof. */
export function dkgRound1(
  index: number,
  threshold: number,
  size: number,
  rng?: Rng
): { package: Round1Package; secret: DkgSecret } {
  checkCouncilShape(index, threshold, size)
  const { public: pub, secret } = suite.DKG.round1(
    identifierOf(index),
    { min: threshold, max: size },
    undefined,
    rng
  )
  return {
    package: { index, commitment: pub.commitment.map(hex), proof: hex(pub.proofOfKnowledge) },
    secret: { index, threshold, size, state: secret }
  }
}

/**
 * Round 2: checks every other member's round-1 package (noble checks the proofs again) and
 * evaluates our polynomial at each of them: one share per other member, in council order.
 */
export function dkgRound2(secret: DkgSecret, round1: Round1Package[]): Round2Share[] {
  const others = othersOf(secret, round1)
  let shares: Record<string, { signingShare: Uint8Array }>
  try {
    shares = suite.DKG.round2(secret.state, others.map(toNobleRound1))
  } catch (error) {
    throw new CheckpointError(
      'DKG_ROUND1_INVALID',
      `the round-1 packages do not check out: ${(error as Error).message}`
    )
  }
  return others.map((p) => ({
    from: secret.index,
    to: p.index,
    share: hex(shares[identifierOf(p.index)]!.signingShare)
  }))
}

/** Whether a round-2 share matches its sender's round-1 commitment (RFC 9591 C.2 vss_verify). */
export function checkShare(sender: Round1Package, to: number, share: Hex): boolean {
  if (!isHex(share, 32) || sender.commitment.length < 2) return false
  try {
    suite.validateSecret(
      { identifier: identifierOf(to), signingShare: bytes(share) },
      {
        signers: { min: sender.commitment.length, max: Math.max(to, sender.commitment.length) },
        commitments: sender.commitment.map(bytes),
        verifyingShares: {}
      }
    )
    return true
  } catch {
    return false
  }
}

/**
 * Round 3: the member's signing share and the council's key. Every received share is checked
 * first, so a bad one names its sender (the member then complains, see `dkg.ts`).
 */
export function dkgFinish(
  secret: DkgSecret,
  round1: Round1Package[],
  received: Round2Share[]
): KeyShare {
  const others = othersOf(secret, round1)
  const shares = others.map((p) => {
    const got = received.filter((s) => s.from === p.index && s.to === secret.index)
    if (got.length !== 1)
      throw new CheckpointError('DKG_SHARE_MISSING', `no single share from member ${p.index}`)
    if (!isHex(got[0]!.share, 32))
      throw new CheckpointError(
        'DKG_BAD_SHARE',
        `the share from member ${p.index} is not 32 bytes of hex`
      )
    return { identifier: identifierOf(p.index), signingShare: bytes(got[0]!.share) }
  })
  let key: ReturnType<typeof suite.DKG.round3>
  try {
    key = suite.DKG.round3(secret.state, others.map(toNobleRound1), shares)
  } catch (error) {
    // noble checks every share but does not say whose failed: find the sender to complain about.
    const bad = others.find(
      (p, i) => !checkShare(p, secret.index, Buffer.from(shares[i]!.signingShare).toString('hex'))
    )
    if (bad)
      throw new CheckpointError(
        'DKG_BAD_SHARE',
        `the share from member ${bad.index} does not match its commitment`
      )
    throw new CheckpointError(
      'DKG_FAILED',
      `the key cannot be finished: ${(error as Error).message}`
    )
  }
  const verifyingShares = Array.from({ length: secret.size }, (_, i) =>
    hex(key.public.verifyingShares[identifierOf(i + 1)]!)
  )
  return {
    index: secret.index,
    threshold: secret.threshold,
    size: secret.size,
    commitment: key.public.commitments.map(hex),
    verifyingShares,
    signingShare: hex(key.secret.signingShare)
  }
}

/** Forgets the polynomial (best effort: JavaScript may keep copies of big integers). */
export function dkgForget(secret: DkgSecret): void {
  suite.DKG.clean(secret.state)
}

/** Fresh nonces and their public commitments (RFC 9591 §5.1). Keep the nonces in memory only. */
export function commit(
  share: KeyShare,
  rng?: Rng
): { nonces: Nonces; commitment: NonceCommitment } {
  const { nonces, commitments } = suite.commit(secretOf(share), rng)
  return {
    nonces,
    commitment: {
      index: share.index,
      hiding: hex(commitments.hiding),
      binding: hex(commitments.binding)
    }
  }
}

/**
 * The member's signature share over the message, for the signing set named by the
 * commitments (RFC 9591 §5.2). noble zeroes the nonces afterwards, so a second use throws.
 */
export function signShare(
  share: KeyShare,
  nonces: Nonces,
  commitments: NonceCommitment[],
  message: Uint8Array
): Hex {
  const list = sortedCommitments(commitments)
  if (!list.ok) throw new CheckpointError(list.code, list.reason)
  try {
    return hex(
      suite.signShare(
        secretOf(share),
        publicOf(share),
        nonces,
        list.value.map(toNobleCommitment),
        message
      )
    )
  } catch (error) {
    throw new CheckpointError('SIGN_REFUSED', `cannot sign: ${(error as Error).message}`)
  }
}

/**
 * RFC 9591 §5.4: does this member's share fit its commitment and verifying share? The
 * round's binding factors, group commitment and challenge are computed once per round
 * (round-check.ts), not once per share as noble's `verifyShare` would.
 */
export function verifyShare(
  key: CouncilKey,
  commitments: NonceCommitment[],
  message: Uint8Array,
  index: number,
  share: Hex
): boolean {
  const list = sortedCommitments(commitments)
  if (!list.ok || !isHex(share, 32) || !list.value.some((c) => c.index === index)) return false
  return checkRoundShare(key, list.value, message, index, share)
}

/**
 * RFC 9591 §5.3: sums the shares into an ordinary Ed25519 signature (64 bytes, hex). A share
 * that spoils the sum is named: `AGGREGATE_BAD_SHARE` with the members in the reason.
 */
export function aggregate(
  key: CouncilKey,
  commitments: NonceCommitment[],
  message: Uint8Array,
  shares: Map<number, Hex>
): Result<Hex> {
  const list = sortedCommitments(commitments)
  if (!list.ok) return list
  const indices = list.value.map((c) => c.index)
  if (shares.size !== indices.length || !indices.every((i) => checkShareShape(shares.get(i)))) {
    return refuse(
      'AGGREGATE_SHARES_MISSING',
      'every member of the signing set needs exactly one share'
    )
  }
  const signature = sumShares(key, list.value, message, shares)
  if (signature !== null && verifySignature(groupKeyOf(key), message, signature))
    return ok(signature)
  const cheaters = indices.filter(
    (i) => !checkRoundShare(key, list.value, message, i, shares.get(i)!)
  )
  return refuse(
    'AGGREGATE_BAD_SHARE',
    cheaters.length
      ? `the shares of members ${cheaters.join(', ')} do not verify`
      : 'the shares do not add up to a signature'
  )
}

/** One Ed25519 verification under the group key (sodium-native, strict RFC 8032). */
export function verifySignature(groupKey: Hex, message: Uint8Array, signature: Hex): boolean {
  return (
    isHex(groupKey, 32) &&
    isHex(signature, 64) &&
    verify(message, Buffer.from(signature, 'hex'), Buffer.from(groupKey, 'hex'))
  )
}

function checkCouncilShape(index: number, threshold: number, size: number): void {
  const whole = (n: number) => Number.isSafeInteger(n) && n > 0
  if (
    !whole(index) ||
    !whole(threshold) ||
    !whole(size) ||
    threshold < 2 ||
    threshold > size ||
    index > size
  ) {
    throw new CheckpointError(
      'COUNCIL_SHAPE',
      `member ${index} of a ${threshold}-of-${size} council does not exist`
    )
  }
}

function othersOf(secret: DkgSecret, round1: Round1Package[]): Round1Package[] {
  const others = round1.filter((p) => p.index !== secret.index).sort((a, b) => a.index - b.index)
  if (
    others.length !== secret.size - 1 ||
    others.some((p, i) => p.index !== (i + 1 < secret.index ? i + 1 : i + 2))
  ) {
    throw new CheckpointError(
      'DKG_ROUND1_MISSING',
      `round 2 needs one round-1 package from each of the ${secret.size - 1} other members`
    )
  }
  return others
}

function secretOf(share: KeyShare) {
  if (!isHex(share.signingShare, 32))
    throw new CheckpointError('COUNCIL_SHAPE', 'a signing share is 32 bytes of hex')
  return { identifier: identifierOf(share.index), signingShare: bytes(share.signingShare) }
}

function publicOf(key: CouncilKey): FrostPublic {
  return {
    signers: { min: key.threshold, max: key.size },
    commitments: key.commitment.map(bytes),
    verifyingShares: Object.fromEntries(
      key.verifyingShares.map((v, i) => [
        identifierOf(i + 1),
        isPoint(v) ? bytes(v) : new Uint8Array(32)
      ])
    )
  }
}

function toNobleRound1(p: Round1Package): DKG_Round1 {
  return {
    identifier: identifierOf(p.index),
    commitment: p.commitment.map(bytes),
    proofOfKnowledge: bytes(p.proof)
  }
}

function toNobleCommitment(c: NonceCommitment): NonceCommitments {
  return { identifier: identifierOf(c.index), hiding: bytes(c.hiding), binding: bytes(c.binding) }
}
