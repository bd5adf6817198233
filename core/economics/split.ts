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

/**
 * Taking q of a lot's `quantity` units carries floor(value · q / quantity); the rest stays.
 * Taking the last units (q = quantity) carries the whole remaining value, so a lot taken
 * apart in any sequence of takes hands out exactly its value. Throws a RangeError unless
 * 0 ≤ q ≤ quantity and quantity > 0.
 */
export function takeFromLot(value: bigint, quantity: bigint, q: bigint): LotTake {
  if (quantity <= 0n || q < 0n || q > quantity) {
    throw new RangeError(`cannot take ${q} of ${quantity} units`)
  }
  const taken = q === quantity ? value : proportional(value, q, quantity)
  return { taken, rest: value - taken }
}
