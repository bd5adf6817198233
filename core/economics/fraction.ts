// A tiny exact rational number over BigInt. Used for ρ, θ, tax rates and average prices,
// where a value must be kept exact until the one place it is rounded.

/** An exact rational: `den > 0` and `gcd(|num|, den) = 1` (zero is 0/1). */
export interface Fraction {
  readonly num: bigint
  readonly den: bigint
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x
}

/** Greatest common divisor of |a| and |b| (gcd(0, 0) = 0). */
export function gcd(a: bigint, b: bigint): bigint {
  a = abs(a)
  b = abs(b)
  while (b !== 0n) [a, b] = [b, a % b]
  return a
}

/** Floor division (BigInt `/` truncates toward zero, which is wrong for negative values). */
export function floorDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new RangeError('division by zero')
  const q = a / b
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q
}

/** Ceiling division. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b)
}

/** Makes a reduced fraction num/den. Throws a RangeError when den is 0. */
export function fraction(num: bigint, den: bigint = 1n): Fraction {
  if (den === 0n) throw new RangeError('fraction with denominator 0')
  if (den < 0n) {
    num = -num
    den = -den
  }
  const g = gcd(num, den)
  return g > 1n ? { num: num / g, den: den / g } : { num, den }
}

export const ZERO: Fraction = { num: 0n, den: 1n }
export const ONE: Fraction = { num: 1n, den: 1n }

export function add(a: Fraction, b: Fraction): Fraction {
  return fraction(a.num * b.den + b.num * a.den, a.den * b.den)
}

export function sub(a: Fraction, b: Fraction): Fraction {
  return fraction(a.num * b.den - b.num * a.den, a.den * b.den)
}

export function mul(a: Fraction, b: Fraction): Fraction {
  return fraction(a.num * b.num, a.den * b.den)
}

/** a / b. Throws a RangeError when b is zero. */
export function div(a: Fraction, b: Fraction): Fraction {
  if (b.num === 0n) throw new RangeError('division by zero')
  return fraction(a.num * b.den, a.den * b.num)
}

/** -1, 0 or 1 as a < b, a = b, a > b. */
export function compare(a: Fraction, b: Fraction): -1 | 0 | 1 {
  const l = a.num * b.den
  const r = b.num * a.den
  return l < r ? -1 : l > r ? 1 : 0
}

export function equals(a: Fraction, b: Fraction): boolean {
  return compare(a, b) === 0
}

/** Largest integer ≤ f. */
export function floor(f: Fraction): bigint {
  return floorDiv(f.num, f.den)
}

/** Smallest integer ≥ f. */
export function ceil(f: Fraction): bigint {
  return ceilDiv(f.num, f.den)
}

/**
 * Decimal string with exactly `digits` fractional digits, rounded half away from zero
 * (for display and tests only; the ledger never stores it). 188809/360 → "524.47".
 */
export function toDecimal(f: Fraction, digits: number): string {
  if (!Number.isInteger(digits) || digits < 0) throw new RangeError('digits must be ≥ 0')
  const scale = 10n ** BigInt(digits)
  const n = abs(f.num) * scale
  let q = n / f.den
  if ((n % f.den) * 2n >= f.den) q += 1n
  const s = q.toString().padStart(digits + 1, '0')
  const int = s.slice(0, s.length - digits)
  const frac = s.slice(s.length - digits)
  const sign = f.num < 0n && q !== 0n ? '-' : ''
  return sign + int + (digits > 0 ? '.' + frac : '')
}
