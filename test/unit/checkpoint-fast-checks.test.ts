// The two short cuts of core/checkpoint held to noble's stock ed25519_FROST: the remembered
// prime-order check (point-check.ts) gives noble's answer on points in and out of the
// subgroup, and the per-round share check (round-check.ts) accepts and refuses exactly the
// shares noble's own `verifyShare` does.
import { ed25519, ed25519_FROST } from '@noble/curves/ed25519.js'
import { describe, expect, it } from 'vitest'
import {
  aggregate,
  commit,
  groupKeyOf,
  signShare,
  verifyShare,
  type KeyShare,
  type NonceCommitment
} from '../../core/checkpoint/frost.ts'
import { forgetCheckedPoints, inSubgroup } from '../../core/checkpoint/point-check.ts'
import { checkCommitment, identifierOf } from '../../core/checkpoint/public.ts'
import { runDkg } from './checkpoint-helpers.ts'

const Point = ed25519.Point
// A point of order 8 (RFC 8032 test lists' small-order points), and a prime-order point with it added.
const small = Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a')
const prime = Point.BASE.multiply(123456789n)
const mixed = prime.add(small)

describe('the remembered prime-order check', () => {
  it("gives noble's answer, the first time and when remembered", () => {
    const cases = [prime, Point.BASE, Point.ZERO, small, mixed, Point.BASE.multiply(7n).add(small)]
    for (const round of [1, 2]) {
      if (round === 1) forgetCheckedPoints()
      for (const p of cases)
        expect(inSubgroup(p.toBytes()), `${p.toHex()} (${round})`).toBe(p.isTorsionFree())
    }
    expect(inSubgroup(mixed.toBytes())).toBe(false)
  })

  it('refuses a nonce commitment with a small-order part', () => {
    const good = Point.BASE.multiply(99n).toHex()
    expect(checkCommitment({ index: 1, hiding: prime.toHex(), binding: good }, 3)).toBeNull()
    expect(checkCommitment({ index: 1, hiding: mixed.toHex(), binding: good }, 3)).toMatchObject({
      code: 'COMMITMENT_MALFORMED'
    })
  })
})

describe('the per-round share check', () => {
  const { keys } = runDkg(4, 7)
  const message = Buffer.from('stachanov.network/test\n7\nBBBB\n')

  const noble = (key: KeyShare, commitments: NonceCommitment[], index: number, share: string) =>
    ed25519_FROST.verifyShare(
      {
        signers: { min: key.threshold, max: key.size },
        commitments: key.commitment.map((c) => Buffer.from(c, 'hex')),
        verifyingShares: Object.fromEntries(
          key.verifyingShares.map((v, i) => [identifierOf(i + 1), Buffer.from(v, 'hex')])
        )
      },
      commitments.map((c) => ({
        identifier: identifierOf(c.index),
        hiding: Buffer.from(c.hiding, 'hex'),
        binding: Buffer.from(c.binding, 'hex')
      })),
      message,
      identifierOf(index),
      Buffer.from(share, 'hex')
    )

  it("accepts and refuses what noble's verifyShare does, and the sum is the signature", () => {
    for (const set of [
      [1, 2, 3, 4],
      [2, 4, 6, 7],
      [1, 3, 5, 6, 7]
    ]) {
      const made = set.map((i) => ({ i, ...commit(keys[i - 1]!) }))
      const commitments = made.map((m) => m.commitment)
      const shares = new Map(
        made.map((m) => [m.i, signShare(keys[m.i - 1]!, m.nonces, commitments, message)])
      )
      for (const i of set) {
        const share = shares.get(i)!
        const other = shares.get(set.find((j) => j !== i)!)!
        for (const candidate of [share, other, '00'.repeat(32)]) {
          expect(verifyShare(keys[0]!, commitments, message, i, candidate)).toBe(
            noble(keys[0]!, commitments, i, candidate)
          )
        }
        expect(verifyShare(keys[0]!, commitments, message, i, share)).toBe(true)
      }
      const signature = aggregate(keys[0]!, commitments, message, shares)
      expect(signature.ok).toBe(true)
      expect(
        ed25519.verify(
          Buffer.from(signature.ok ? signature.value : '', 'hex'),
          message,
          Buffer.from(groupKeyOf(keys[0]!), 'hex')
        )
      ).toBe(true)
      const spoiled = new Map(shares).set(set[1]!, shares.get(set[0]!)!)
      expect(aggregate(keys[0]!, commitments, message, spoiled)).toMatchObject({
        ok: false,
        code: 'AGGREGATE_BAD_SHARE'
      })
    }
  })

  it('a share over another message, or from a member outside the set, does not verify', () => {
    const made = [1, 2, 3, 4].map((i) => ({ i, ...commit(keys[i - 1]!) }))
    const commitments = made.map((m) => m.commitment)
    const share = signShare(keys[0]!, made[0]!.nonces, commitments, message)
    expect(verifyShare(keys[0]!, commitments, Buffer.from('another'), 1, share)).toBe(false)
    expect(verifyShare(keys[0]!, commitments, message, 5, share)).toBe(false)
    expect(verifyShare(keys[0]!, commitments, message, 1, share)).toBe(true)
  })
})
