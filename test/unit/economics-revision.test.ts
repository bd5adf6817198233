import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ONE,
  ZERO,
  claimable,
  finalRevision,
  fraction,
  roundingOf
} from '../../core/economics/index.ts'

describe('final revision', () => {
  it('taxes c + w over a', () => {
    const r = finalRevision({ a: 1000n, c: 100n, w: 50n, debtIn: 0n })
    expect(r).toEqual({
      a: 1000n,
      c: 100n,
      w: 50n,
      debtOut: 0n,
      taxed: 150n,
      rate: fraction(3n, 20n)
    })
    expect(claimable(100n, r)).toBe(85n)
    expect(claimable(7n, r)).toBe(5n) // floor(5.95)
  })

  it('carries write-offs above the limit as debt', () => {
    const r = finalRevision({ a: 1000n, c: 100n, w: 300n, debtIn: 0n })
    expect(r.w).toBe(100n)
    expect(r.debtOut).toBe(200n)
    expect(r.taxed).toBe(200n)
    expect(r.rate).toEqual(fraction(1n, 5n))
    // The limit is floor(a · limit).
    expect(finalRevision({ a: 19n, c: 0n, w: 5n, debtIn: 0n }).w).toBe(1n)
  })

  it('counts carried debt with the period write-offs, under the same limit', () => {
    const under = finalRevision({ a: 1000n, c: 0n, w: 30n, debtIn: 50n })
    expect([under.w, under.debtOut, under.taxed]).toEqual([80n, 0n, 80n])
    const over = finalRevision({ a: 1000n, c: 0n, w: 30n, debtIn: 90n })
    expect([over.w, over.debtOut, over.taxed]).toEqual([100n, 20n, 100n])
  })

  it('never taxes more than a: excess commons are carried as debt', () => {
    const r = finalRevision({ a: 100n, c: 150n, w: 5n, debtIn: 0n })
    expect(r.w).toBe(5n)
    expect(r.taxed).toBe(100n)
    expect(r.debtOut).toBe(55n)
    expect(r.rate).toEqual(ONE)
    expect(claimable(100n, r)).toBe(0n)
    expect(roundingOf(r, [60n, 40n])).toBe(0n)
  })

  it('taxes nothing and carries everything when a = 0', () => {
    const r = finalRevision({ a: 0n, c: 5n, w: 3n, debtIn: 2n })
    expect(r).toEqual({ a: 0n, c: 5n, w: 0n, debtOut: 10n, taxed: 0n, rate: ZERO })
    expect(claimable(0n, r)).toBe(0n)
    expect(roundingOf(r, [])).toBe(0n)
  })

  it('takes a write-off limit parameter and refuses negative inputs', () => {
    expect(finalRevision({ a: 100n, c: 0n, w: 80n, debtIn: 0n, limit: fraction(1n, 2n) }).w).toBe(
      50n
    )
    expect(finalRevision({ a: 100n, c: 0n, w: 80n, debtIn: 0n, limit: ZERO }).debtOut).toBe(80n)
    expect(() => finalRevision({ a: 1n, c: -1n, w: 0n, debtIn: 0n })).toThrow(RangeError)
    expect(() => finalRevision({ a: 1n, c: 0n, w: 0n, debtIn: 0n, limit: fraction(-1n) })).toThrow(
      RangeError
    )
  })
})

const micro = fc.bigInt({ min: 0n, max: 10n ** 12n })
const limitArb = fc
  .tuple(fc.bigInt({ min: 0n, max: 20n }), fc.bigInt({ min: 1n, max: 20n }))
  .map(([n, d]) => fraction(n, d))

describe('invariant 4: Σ claimable + tax + rounding = a', () => {
  it('holds exactly, with rounding in [0, number of workloads)', () => {
    const arb = fc.record({
      workloads: fc.array(micro, { maxLength: 40 }),
      c: micro,
      w: micro,
      debtIn: micro,
      limit: limitArb
    })
    fc.assert(
      fc.property(arb, ({ workloads, c, w, debtIn, limit }) => {
        const a = workloads.reduce((x, y) => x + y, 0n)
        const r = finalRevision({ a, c, w, debtIn, limit })
        const claims = workloads.map((l) => claimable(l, r))
        const rounding = roundingOf(r, workloads)
        expect(claims.reduce((x, y) => x + y, 0n) + r.taxed + rounding).toBe(a)
        expect(rounding >= 0n).toBe(true)
        expect(rounding === 0n || rounding < BigInt(workloads.length)).toBe(true)
        claims.forEach((cl, i) => expect(cl >= 0n && cl <= (workloads[i] as bigint)).toBe(true))
        // Nothing of the tax burden is lost: what is not taxed now is carried.
        expect(r.taxed + r.debtOut).toBe(c + w + debtIn)
        expect(r.taxed <= a).toBe(true)
      })
    )
  })

  it('carries debt across periods without losing any', () => {
    const period = fc.record({ a: micro, c: micro, w: micro })
    fc.assert(
      fc.property(fc.array(period, { maxLength: 12 }), limitArb, (periods, limit) => {
        let debt = 0n
        let taxed = 0n
        let burden = 0n
        for (const p of periods) {
          const r = finalRevision({ ...p, debtIn: debt, limit })
          taxed += r.taxed
          burden += p.c + p.w
          debt = r.debtOut
        }
        expect(taxed + debt).toBe(burden)
      })
    )
  })
})
