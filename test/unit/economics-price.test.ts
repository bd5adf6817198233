import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { averagePrice, fraction, priceOf } from '../../core/economics/index.ts'

describe('socially necessary labour time', () => {
  it('is the exact average value per unit, none when nothing is held', () => {
    expect(averagePrice(10n, 4n)).toEqual(fraction(5n, 2n))
    expect(averagePrice(0n, 3n)).toEqual(fraction(0n))
    expect(averagePrice(10n, 0n)).toBeNull()
    expect(priceOf(10n, 0n, 1n)).toBeNull()
  })

  it('charges the ceiling, never less than the average', () => {
    expect(priceOf(10n, 3n, 1n)).toBe(4n)
    expect(priceOf(10n, 3n, 2n)).toBe(7n)
    expect(priceOf(10n, 3n, 3n)).toBe(10n)
    expect(priceOf(9n, 3n, 1n)).toBe(3n)
    expect(priceOf(10n, 3n, 0n)).toBe(0n)
    expect(() => priceOf(10n, 3n, -1n)).toThrow(RangeError)
  })

  it('is within 1 µmin above the exact value', () => {
    const arb = fc.tuple(
      fc.bigInt({ min: 0n, max: 10n ** 15n }),
      fc.bigInt({ min: 1n, max: 10n ** 6n }),
      fc.bigInt({ min: 0n, max: 10n ** 6n })
    )
    fc.assert(
      fc.property(arb, ([value, quantity, q]) => {
        const p = priceOf(value, quantity, q) as bigint
        // value · q / quantity ≤ p < value · q / quantity + 1
        expect(p * quantity >= value * q).toBe(true)
        expect((p - 1n) * quantity < value * q).toBe(true)
      })
    )
  })
})
