// Public API of core/economics: pure, exact functions over BigInt (µmin, minutes).

export { MICRO, formatMinutes, fromMinutes, parseMinutes } from './units.ts'
export {
  ONE,
  ZERO,
  add,
  ceil,
  ceilDiv,
  compare,
  div,
  equals,
  floor,
  floorDiv,
  fraction,
  gcd,
  mul,
  sub,
  toDecimal
} from './fraction.ts'
export type { Fraction } from './fraction.ts'
export {
  aggregateValue,
  directChildren,
  durabilityOf,
  elementIds,
  elementOf,
  remainingDurability,
  rho,
  sortedIds,
  subElements,
  theta
} from './value-tree.ts'
export type { TreeElement, ValueTree } from './value-tree.ts'
export { composite, leaf, prefixTree } from './tree-builder.ts'
export { validateTree } from './tree-validate.ts'
export { remainingValue, splitTree, totalValue, transferredAt, wear } from './mop-transfer.ts'
export type { TreeSplit, Wear } from './mop-transfer.ts'
export { cumulativeValue, largestRemainder, proportional, takeFromLot, type LotBasis } from './split.ts'
export type { LotTake } from './split.ts'
export { DEFAULT_WRITE_OFF_LIMIT, claimable, finalRevision, roundingOf } from './revision.ts'
export type { Revision, RevisionInput } from './revision.ts'
export { averagePrice, priceOf } from './price.ts'
