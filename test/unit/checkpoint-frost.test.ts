// FROST(Ed25519, SHA-512) through core/checkpoint/frost.ts: the RFC 9591 appendix E.1 vector
// byte for byte, the aggregate checked by node:crypto and sodium-native, DKG for councils of
// 3, 5 and 7, every t-of-n signing set, bad shares named, forged nonces caught, and the
// public computations `apply` uses held to what noble's own DKG computes.
import { createPublicKey, verify as nodeVerify } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { ed25519, ed25519_FROST } from '@noble/curves/ed25519.js'
import { bytesToNumberLE } from '@noble/curves/utils.js'
import sodium from 'sodium-native'
import { describe, expect, it } from 'vitest'
import {
  aggregate,
  commit,
  dkgFinish,
  dkgRound1,
  dkgRound2,
  groupKeyOf,
  signShare,
  verifyShare,
  verifySignature,
  type KeyShare,
  type NonceCommitment,
  type Round1Package
} from '../../core/checkpoint/frost.ts'
import {
  bindingFactors,
  checkCommitment,
  checkRound1,
  councilKeyOf
} from '../../core/checkpoint/public.ts'
import { runDkg, signWith } from './checkpoint-helpers.ts'

const vector = JSON.parse(
  readFileSync(new URL('../fixtures/frost-ed25519-sha512.json', import.meta.url), 'utf8')
)
const hexBytes = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'))

/** An rng that hands out the given byte strings in order (the vector's nonce randomness). */
const scripted = (...chunks: string[]) => {
  const queue = chunks.map(hexBytes)
  return (n = 32) => {
    const next = queue.shift()
    if (!next || next.length !== n) throw new Error('the script ran out')
    return next
  }
}

function nodeCheck(groupKey: string, message: Uint8Array, signature: string): boolean {
  const spki = Buffer.concat([
    Buffer.from('302a300506032b6570032100', 'hex'),
    Buffer.from(groupKey, 'hex')
  ])
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' })
  return nodeVerify(null, message, key, Buffer.from(signature, 'hex'))
}

function sodiumCheck(groupKey: string, message: Uint8Array, signature: string): boolean {
  return sodium.crypto_sign_verify_detached(
    Buffer.from(signature, 'hex'),
    Buffer.from(message),
    Buffer.from(groupKey, 'hex')
  )
}

describe('FROST: RFC 9591 appendix E.1, FROST(Ed25519, SHA-512)', () => {
  const { inputs, round_one_outputs: r1, round_two_outputs: r2, final_output: final } = vector
  const message = hexBytes(inputs.message)
  // The dealer's polynomial f(x) = s + a1·x, committed as noble's helper does (RFC 9591 C.2).
  const poly = ed25519_FROST.utils.generateSecretPolynomial(
    { min: 2, max: 3 },
    hexBytes(inputs.group_secret_key),
    [bytesToNumberLE(hexBytes(inputs.share_polynomial_coefficients[0]))]
  )
  const shares = inputs.participant_shares as Array<{
    identifier: number
    participant_share: string
  }>
  const verifyingShares = shares.map((s) => pointOfScalar(s.participant_share))
  const keyOf = (index: number): KeyShare => ({
    index,
    threshold: 2,
    size: 3,
    commitment: poly.commitment.map((c) => Buffer.from(c).toString('hex')),
    verifyingShares,
    signingShare: shares.find((s) => s.identifier === index)!.participant_share
  })

  it('reproduces the commitments, binding factors, shares and signature byte for byte', () => {
    expect(groupKeyOf(keyOf(1))).toBe(inputs.group_public_key)
    const outs = r1.outputs as Array<Record<string, string> & { identifier: number }>
    const made = outs.map((o) => {
      const { nonces, commitment } = commit(
        keyOf(o.identifier),
        scripted(o.hiding_nonce_randomness!, o.binding_nonce_randomness!)
      )
      expect(Buffer.from(nonces.hiding).toString('hex')).toBe(o.hiding_nonce)
      expect(Buffer.from(nonces.binding).toString('hex')).toBe(o.binding_nonce)
      expect(commitment).toEqual({
        index: o.identifier,
        hiding: o.hiding_nonce_commitment,
        binding: o.binding_nonce_commitment
      })
      return { nonces, commitment }
    })
    const commitments = made.map((m) => m.commitment)
    const factors = bindingFactors(inputs.group_public_key, commitments, message)
    expect(factors.ok && factors.value.map((f) => f.factor)).toEqual(
      outs.map((o) => o.binding_factor)
    )
    const signed = new Map<number, string>()
    for (const [i, o] of outs.entries()) {
      const share = signShare(keyOf(o.identifier), made[i]!.nonces, commitments, message)
      expect(share).toBe((r2.outputs as Array<{ sig_share: string }>)[i]!.sig_share)
      expect(verifyShare(keyOf(1), commitments, message, o.identifier, share)).toBe(true)
      signed.set(o.identifier, share)
    }
    const signature = aggregate(keyOf(1), commitments, message, signed)
    expect(signature).toEqual({ ok: true, value: final.sig })
    expect(nodeCheck(inputs.group_public_key, message, final.sig)).toBe(true)
    expect(sodiumCheck(inputs.group_public_key, message, final.sig)).toBe(true)
    expect(verifySignature(inputs.group_public_key, message, final.sig)).toBe(true)
    expect(verifySignature(inputs.group_public_key, hexBytes('74657375'), final.sig)).toBe(false)
  })

  it('consumes nonces: a second signature with the same nonces is refused', () => {
    const o = r1.outputs[0]
    const { nonces, commitment } = commit(
      keyOf(1),
      scripted(o.hiding_nonce_randomness, o.binding_nonce_randomness)
    )
    const other = commit(keyOf(3)).commitment
    signShare(keyOf(1), nonces, [commitment, other], message)
    expect(() => signShare(keyOf(1), nonces, [commitment, other], message)).toThrow(/already used/)
  })
})

function pointOfScalar(scalarHex: string): string {
  return ed25519.Point.BASE.multiply(bytesToNumberLE(hexBytes(scalarHex))).toHex()
}

describe('FROST: distributed key generation', () => {
  it.each([
    [2, 3],
    [3, 5],
    [4, 7]
  ])(
    'a %i-of-%i council agrees on one key; every member checks out against the public computation',
    (t, n) => {
      const { packages, keys } = runDkg(t, n)
      for (const p of packages) expect(checkRound1(p, t, n)).toBeNull()
      const pub = councilKeyOf(packages, t)
      for (const k of keys) {
        expect({ ...k, index: 0, signingShare: '' }).toEqual({ ...pub, index: 0, signingShare: '' })
        // the signing share really is the discrete log of the member's verifying share
        expect(pointOfScalar(k.signingShare)).toBe(pub.verifyingShares[k.index - 1])
      }
    }
  )

  it('any t of n members sign, and the aggregate verifies with node:crypto and sodium', () => {
    const { keys } = runDkg(3, 5)
    const message = Buffer.from('stachanov.network/test\n1\nAAAA\n')
    const subsets = combinations([1, 2, 3, 4, 5], 3).concat(combinations([1, 2, 3, 4, 5], 4), [
      [1, 2, 3, 4, 5]
    ])
    for (const set of subsets) {
      const signature = signWith(keys, set, message)
      expect(nodeCheck(groupKeyOf(keys[0]!), message, signature), set.join()).toBe(true)
      expect(sodiumCheck(groupKeyOf(keys[0]!), message, signature)).toBe(true)
    }
    expect(() => signWith(keys, [1, 2], message)).toThrow()
  })

  it('a bad round-1 proof is refused by the public check, as noble refuses it', () => {
    const { packages } = runDkg(2, 3)
    const forged: Round1Package = { ...packages[1]!, proof: packages[2]!.proof }
    expect(checkRound1(forged, 2, 3)).toMatchObject({ code: 'DKG_BAD_PROOF' })
    // the proof binds the sender: the same package claimed by another member fails
    expect(checkRound1({ ...packages[1]!, index: 3 }, 2, 3)).toMatchObject({
      code: 'DKG_BAD_PROOF'
    })
    const fresh = dkgRound1(1, 2, 3)
    expect(() => dkgRound2(fresh.secret, [fresh.package, forged, packages[2]!])).toThrow(
      /proof of knowledge/
    )
    expect(
      checkRound1({ ...packages[0]!, commitment: packages[0]!.commitment.slice(1) }, 2, 3)
    ).toMatchObject({ code: 'DKG_MALFORMED' })
    expect(
      checkRound1(
        { ...packages[0]!, commitment: ['00'.repeat(32), packages[0]!.commitment[1]!] },
        2,
        3
      )
    ).toMatchObject({ code: 'DKG_MALFORMED' })
    expect(checkRound1({ ...packages[0]!, index: 4 }, 2, 3)).toMatchObject({
      code: 'DKG_NOT_MEMBER'
    })
  })

  it('a wrong round-2 share names its sender', () => {
    const a = dkgRound1(1, 2, 3)
    const b = dkgRound1(2, 2, 3)
    const c = dkgRound1(3, 2, 3)
    const all = [a.package, b.package, c.package]
    const fromB = dkgRound2(b.secret, all)
    const fromC = dkgRound2(c.secret, all)
    dkgRound2(a.secret, all)
    const toA = [...fromB, ...fromC].filter((s) => s.to === 1)
    const bad = toA.map((s) =>
      s.from === 3 ? { ...s, share: fromC.find((x) => x.to === 2)!.share } : s
    )
    expect(() => dkgFinish(a.secret, all, bad)).toThrow(/member 3/)
  })
})

describe('FROST: signature shares', () => {
  const { keys } = runDkg(3, 5)
  const message = Buffer.from('a checkpoint\n')
  const round = (set: number[]) => set.map((i) => ({ i, ...commit(keys[i - 1]!) }))

  it('a bad share is identified by its member, and the others still verify', () => {
    const signers = round([1, 3, 4])
    const commitments = signers.map((s) => s.commitment)
    const shares = new Map(
      signers.map((s) => [s.i, signShare(keys[s.i - 1]!, s.nonces, commitments, message)])
    )
    shares.set(3, shares.get(4)!) // member 3 sends member 4's share as its own
    expect(
      [1, 3, 4].map((i) => verifyShare(keys[0]!, commitments, message, i, shares.get(i)!))
    ).toEqual([true, false, true])
    expect(aggregate(keys[0]!, commitments, message, shares)).toMatchObject({
      ok: false,
      code: 'AGGREGATE_BAD_SHARE',
      reason: expect.stringContaining('members 3')
    })
  })

  it('a share made with a nonce other than the published one is detected', () => {
    const signers = round([2, 4, 5])
    const commitments = signers.map((s) => s.commitment)
    // member 5 signs with fresh nonces while the set holds its published commitment
    const forged = commit(keys[4]!)
    const list = commitments.map((c) => (c.index === 5 ? forged.commitment : c))
    const share = signShare(keys[4]!, forged.nonces, list, message)
    expect(verifyShare(keys[0]!, commitments, message, 5, share)).toBe(false)
    // honest code refuses outright to sign with nonces that do not match its commitment
    const again = commit(keys[4]!)
    expect(() => signShare(keys[4]!, again.nonces, commitments, message)).toThrow(
      /incorrect signer commitment/
    )
    // a share for another message does not verify either
    const honest = signShare(keys[1]!, signers[0]!.nonces, commitments, Buffer.from('another\n'))
    expect(verifyShare(keys[0]!, commitments, message, 2, honest)).toBe(false)
  })

  it('malformed inputs give false or a refusal, never an exception', () => {
    const signers = round([1, 2, 3])
    const commitments: NonceCommitment[] = signers.map((s) => s.commitment)
    expect(verifyShare(keys[0]!, commitments, message, 1, 'zz')).toBe(false)
    expect(verifyShare(keys[0]!, commitments, message, 4, '00'.repeat(32))).toBe(false)
    expect(
      verifyShare(keys[0]!, [...commitments, commitments[0]!], message, 1, '00'.repeat(32))
    ).toBe(false)
    const broken = commitments.map((c) => (c.index === 2 ? { ...c, hiding: 'ff'.repeat(32) } : c))
    expect(verifyShare(keys[0]!, broken, message, 1, '00'.repeat(32))).toBe(false)
    expect(
      aggregate(keys[0]!, commitments, message, new Map([[1, '00'.repeat(32)]]))
    ).toMatchObject({ ok: false, code: 'AGGREGATE_SHARES_MISSING' })
    expect(
      checkCommitment({ ...commitments[0]!, hiding: commitments[0]!.binding }, 5)
    ).toMatchObject({ code: 'COMMITMENT_MALFORMED' })
    expect(checkCommitment(commitments[0]!, 5)).toBeNull()
    expect(verifySignature('00', message, '00')).toBe(false)
  })
})

function combinations(items: number[], k: number): number[][] {
  if (k === 0) return [[]]
  return items.flatMap((x, i) =>
    combinations(items.slice(i + 1), k - 1).map((rest) => [x, ...rest])
  )
}
