// Socially necessary labour time (proposal §6.2): a product type's price in a subsystem is
// the total value of its lots held by dispatchers over their total quantity, so every
// shop charges the same whatever the speed of the collective that made the goods.

import { ceilDiv, fraction, type Fraction } from './fraction.ts'

/** Average value per unit, exact; null when no unit is held (there is no price). */
export function averagePrice(totalValue: bigint, totalQuantity: bigint): Fraction | null {
  if (totalQuantity <= 0n) return null
  return fraction(totalValue, totalQuantity)
}

/**
 * µmin charged for q units: ceil(totalValue · q / totalQuantity). Rounded up so the shop
 * never charges less than the average: the coupons deleted are never below the value of
 * the goods handed out (by less than 1 µmin per sale). Null when no unit is held.
 * Throws a RangeError on negative q.
 */
export function priceOf(totalValue: bigint, totalQuantity: bigint, q: bigint): bigint | null {
  if (q < 0n) throw new RangeError('price of a negative quantity')
  if (totalQuantity <= 0n) return null
  return ceilDiv(totalValue * q, totalQuantity)
}
