import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cumulativeValue, largestRemainder, proportional, takeFromLot } from '../../core/economics/index.ts'

const weightsArb = fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 20 })
const totalArb = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n })

describe('largestRemainder', () => {
  it('splits by the largest remainders, ties to the lower index', () => {
    expect(largestRemainder(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n])
    expect(largestRemainder(2n, [1n, 1n, 1n])).toEqual([1n, 1n, 0n])
    expect(largestRemainder(100n, [1n, 2n, 3n])).toEqual([17n, 33n, 50n])
    expect(largestRemainder(7n, [0n, 5n, 0n, 2n])).toEqual([0n, 5n, 0n, 2n])
    expect(largestRemainder(5n, [0n, 0n])).toEqual([5n, 0n])
    expect(largestRemainder(5n, [])).toEqual([])
    expect(largestRemainder(-10n, [1n, 1n, 1n])).toEqual([-4n, -3n, -3n])
    expect(() => largestRemainder(5n, [1n, -1n])).toThrow(RangeError)
  })

  it('sums exactly, is deterministic and within 1 of the exact share', () => {
    fc.assert(
      fc.property(totalArb, weightsArb, (total, weights) => {
        const shares = largestRemainder(total, weights)
        expect(shares.reduce((a, b) => a + b, 0n)).toBe(total)
        expect(largestRemainder(total, [...weights])).toEqual(shares)
        const sum = weights.reduce((a, b) => a + b, 0n)
        if (sum === 0n) return
        shares.forEach((s, i) => {
          // |s · W − total · w| < W, i.e. the share is within 1 of total · w / W.
          const diff = s * sum - total * (weights[i] as bigint)
          expect(diff < sum && diff > -sum).toBe(true)
          if (weights[i] === 0n) expect(s).toBe(0n)
        })
      })
    )
  })
})

describe('proportional and takeFromLot', () => {
  it('floors, also for negative values', () => {
    expect(proportional(10n, 1n, 3n)).toBe(3n)
    expect(proportional(-10n, 1n, 3n)).toBe(-4n)
    expect(() => proportional(1n, 1n, 0n)).toThrow(RangeError)
  })

  it('hands out exactly the lot value in any sequence of takes', () => {
    const arb = fc.tuple(
      fc.bigInt({ min: 0n, max: 10n ** 12n }),
      fc.bigInt({ min: 1n, max: 1000n }),
      fc.array(fc.bigInt({ min: 1n, max: 1000n }), { maxLength: 30 })
    )
    fc.assert(
      fc.property(arb, ([value, quantity, takes]) => {
        let v = value
        let q = quantity
        let handedOut = 0n
        for (const t of takes) {
          if (q === 0n) break
          const n = t > q ? q : t
          const { taken, rest } = takeFromLot(v, q, n)
          expect(taken + rest).toBe(v)
          expect(taken >= 0n && rest >= 0n).toBe(true)
          handedOut += taken
          v = rest
          q -= n
        }
        if (q > 0n) handedOut += takeFromLot(v, q, q).taken
        expect(handedOut).toBe(value)
      })
    )
  })

  it('never drifts: after any takes the value handed out is within ½ µmin of V·t/Q, each take within 1 µmin of its share', () => {
    const arb = fc.tuple(
      fc.bigInt({ min: 0n, max: 10n ** 12n }),
      fc.bigInt({ min: 1n, max: 1000n }),
      fc.array(fc.bigInt({ min: 1n, max: 1000n }), { maxLength: 30 })
    )
    fc.assert(
      fc.property(arb, ([value, quantity, takes]) => {
        const basis = { value, quantity }
        let v = value
        let q = quantity
        let handedOut = 0n
        for (const t of takes) {
          if (q === 0n) break
          const n = t > q ? q : t
          const { taken } = takeFromLot(v, q, n, basis)
          // |taken − V·n/Q| < 1, written without fractions: |taken·Q − V·n| < Q.
          const off = taken * quantity - value * n
          expect(off < quantity && -off < quantity).toBe(true)
          handedOut += taken
          v -= taken
          q -= n
          // |handedOut − V·t/Q| ≤ ½: |2·handedOut·Q − 2·V·t| ≤ Q.
          const drift = 2n * handedOut * quantity - 2n * value * (quantity - q)
          expect(drift <= quantity && -drift <= quantity).toBe(true)
          expect(v).toBe(value - cumulativeValue(basis, quantity - q))
        }
      })
    )
  })

  it('rounds takes to the nearest µmin by the lot\'s history, not down', () => {
    // 2 µmin over 3 units, taken one by one: 1, 0, 1 (floor gave 0, 0, 2: the last take got
    // everything the first ones lost).
    const basis = { value: 2n, quantity: 3n }
    const first = takeFromLot(2n, 3n, 1n, basis)
    const second = takeFromLot(first.rest, 2n, 1n, basis)
    const third = takeFromLot(second.rest, 1n, 1n, basis)
    expect([first.taken, second.taken, third.taken]).toEqual([1n, 0n, 1n])
    // 10 over 3: 3, 4, 3.
    const ten = { value: 10n, quantity: 3n }
    const a = takeFromLot(10n, 3n, 1n, ten)
    const b = takeFromLot(a.rest, 2n, 1n, ten)
    expect([a.taken, b.taken, b.rest]).toEqual([3n, 4n, 3n])
  })

  it('refuses impossible takes', () => {
    expect(() => takeFromLot(10n, 0n, 0n)).toThrow(RangeError)
    expect(() => takeFromLot(10n, 2n, 3n)).toThrow(RangeError)
    expect(() => takeFromLot(10n, 2n, -1n)).toThrow(RangeError)
    expect(takeFromLot(10n, 3n, 0n)).toEqual({ taken: 0n, rest: 10n })
    expect(takeFromLot(10n, 3n, 3n)).toEqual({ taken: 10n, rest: 0n })
  })
})
