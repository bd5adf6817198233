import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MICRO,
  add,
  ceil,
  compare,
  div,
  equals,
  floor,
  floorDiv,
  formatMinutes,
  fraction,
  fromMinutes,
  mul,
  parseMinutes,
  sub,
  toDecimal
} from '../../core/economics/index.ts'

describe('fraction', () => {
  it('is reduced with a positive denominator', () => {
    expect(fraction(6n, -4n)).toEqual({ num: -3n, den: 2n })
    expect(fraction(0n, 7n)).toEqual({ num: 0n, den: 1n })
    expect(fraction(5n)).toEqual({ num: 5n, den: 1n })
    expect(() => fraction(1n, 0n)).toThrow(RangeError)
  })

  it('adds, subtracts, multiplies, divides and compares exactly', () => {
    const a = fraction(1n, 3n)
    const b = fraction(1n, 6n)
    expect(add(a, b)).toEqual(fraction(1n, 2n))
    expect(sub(b, a)).toEqual(fraction(-1n, 6n))
    expect(mul(a, b)).toEqual(fraction(1n, 18n))
    expect(div(a, b)).toEqual(fraction(2n))
    expect(() => div(a, fraction(0n))).toThrow(RangeError)
    expect(compare(a, b)).toBe(1)
    expect(compare(b, a)).toBe(-1)
    expect(equals(fraction(2n, 4n), fraction(1n, 2n))).toBe(true)
  })

  it('floors and ceils toward −∞ and +∞', () => {
    expect(floor(fraction(7n, 2n))).toBe(3n)
    expect(floor(fraction(-7n, 2n))).toBe(-4n)
    expect(ceil(fraction(7n, 2n))).toBe(4n)
    expect(ceil(fraction(-7n, 2n))).toBe(-3n)
    expect(floor(fraction(-4n, 2n))).toBe(-2n)
  })

  it('floorDiv matches the definition', () => {
    const nonZero = fc.bigInt({ min: -1000n, max: 1000n }).filter((x) => x !== 0n)
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), nonZero, (a, b) => {
        const q = floorDiv(a, b)
        const r = a - q * b
        expect(b > 0n ? r >= 0n && r < b : r <= 0n && r > b).toBe(true)
      })
    )
  })

  it('formats decimals rounded half away from zero', () => {
    expect(toDecimal(fraction(188_809n, 360n), 2)).toBe('524.47')
    expect(toDecimal(fraction(1n, 8n), 2)).toBe('0.13')
    expect(toDecimal(fraction(-1n, 8n), 2)).toBe('-0.13')
    expect(toDecimal(fraction(-1n, 1000n), 2)).toBe('0.00')
    expect(toDecimal(fraction(5n, 2n), 0)).toBe('3')
    expect(toDecimal(fraction(12n), 3)).toBe('12.000')
  })
})

describe('units', () => {
  it('converts minutes and µmin exactly', () => {
    expect(MICRO).toBe(1_000_000n)
    expect(fromMinutes(3n)).toBe(3_000_000n)
    expect(formatMinutes(1_500_000n)).toBe('1.500000')
    expect(formatMinutes(1_500_000n, 1)).toBe('1.5')
    expect(parseMinutes('12')).toBe(12_000_000n)
    expect(parseMinutes('0.25')).toBe(250_000n)
    expect(parseMinutes('-3.000001')).toBe(-3_000_001n)
    expect(parseMinutes('1.0000001')).toBeNull()
    expect(parseMinutes('1e3')).toBeNull()
    expect(parseMinutes('')).toBeNull()
  })

  it('round-trips every µmin value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (x) => {
        expect(parseMinutes(formatMinutes(x))).toBe(x)
      })
    )
  })
})
