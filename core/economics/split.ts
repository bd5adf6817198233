// Splitting an integer amount of µmin without creating or destroying any (PROTOCOL §8).

import { floorDiv } from './fraction.ts'

/**
 * Hamilton's largest remainder method: shares of `total` in proportion to `weights`,
 * summing exactly to `total`. Each share is floor(total · w / W), and the µmin left over go
 * one each to the largest remainders, ties to the lower index. Zero weights get nothing.
 * When every weight is zero the whole total goes to index 0 (nothing is lost); an empty
 * list gives []. A negative total is split as −split(−total). Throws on negative weights.
 */
export function largestRemainder(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) return []
  if (weights.some((w) => w < 0n)) throw new RangeError('negative weight')
  if (total < 0n) return largestRemainder(-total, weights).map((x) => -x)
  const sum = weights.reduce((a, b) => a + b, 0n)
  if (sum === 0n) return weights.map((_, i) => (i === 0 ? total : 0n))
  const shares = weights.map((w) => (total * w) / sum)
  const rems = weights.map((w) => (total * w) % sum)
  let left = total - shares.reduce((a, b) => a + b, 0n)
  const order = weights
    .map((_, i) => i)
    .sort((i, j) => {
      const ri = rems[i] as bigint
      const rj = rems[j] as bigint
      return ri > rj ? -1 : ri < rj ? 1 : i - j
    })
  for (const i of order) {
    if (left === 0n) break
    shares[i] = (shares[i] as bigint) + 1n
    left -= 1n
  }
  return shares
}

/** floor(total · part / whole). Throws a RangeError when whole ≤ 0. */
export function proportional(total: bigint, part: bigint, whole: bigint): bigint {
  if (whole <= 0n) throw new RangeError('proportional share of a non-positive whole')
  return floorDiv(total * part, whole)
}

export interface LotTake {
  /** Value that goes with the q units taken. */
  taken: bigint
  /** Value that stays with the lot's remaining quantity − q units. */
  rest: bigint
}

/** A lot's history: its value and quantity before any units were taken from it. */
export interface LotBasis {
  value: bigint
  quantity: bigint
}

/**
 * The value handed out with the first `t` of a lot's `basis.quantity` units: V·t/Q rounded
 * to the nearest µmin, halves up (floor((2·V·t + Q) / 2Q)). 0 for t = 0 and V for t = Q.
 */
export function cumulativeValue(basis: LotBasis, t: bigint): bigint {
  return (2n * basis.value * t + basis.quantity) / (2n * basis.quantity)
}

/**
 * Taking q of the `quantity` units a lot still holds (PROTOCOL §8, largest remainder over the
 * lot's life). The value of the first t units of the lot's history is cumulativeValue(t), and
 * a take of q units after t were taken carries cumulativeValue(t + q) − cumulativeValue(t).
 * So whatever the sequence of takes:
 *   - the values handed out sum to cumulativeValue(t), within ½ µmin of the exact V·t/Q at
 *     every step (no drift, however the takes are chopped up), and to exactly V at the end;
 *   - every take is within 1 µmin of its exact share V·q/Q, above it as often as below it
 *     (ties go to the take that reaches the half).
 * `basis` is the lot's value and quantity before its first take (the current ones when none
 * was taken yet); t is basis.quantity − quantity. Taking the last units carries all that is
 * left. Throws a RangeError unless 0 ≤ q ≤ quantity ≤ basis.quantity and quantity > 0.
 */
export function takeFromLot(value: bigint, quantity: bigint, q: bigint, basis: LotBasis = { value, quantity }): LotTake {
  if (quantity <= 0n || q < 0n || q > quantity || quantity > basis.quantity) {
    throw new RangeError(`cannot take ${q} of ${quantity} units`)
  }
  const before = basis.quantity - quantity
  const share = cumulativeValue(basis, before + q) - cumulativeValue(basis, before)
  // The lot holds V − cumulativeValue(before) by construction; min() only guards a lot
  // whose history was written otherwise, so a take never carries more than the lot holds.
  const taken = q === quantity ? value : share < value ? share : value
  return { taken, rest: value - taken }
}
