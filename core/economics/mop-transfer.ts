// Exact wear of a means of production (PROTOCOL §8). Each element keeps its cumulative
// transferred value, so rounding never accumulates: an element used for its whole
// durability has transferred exactly its value v, however its use was chopped up.

import { elementIds, elementOf, type TreeElement, type ValueTree } from './value-tree.ts'

/** T(k) = floor(v · min(k, d) / d): cumulative value transferred by age k (v at and past d). */
export function transferredAt(v: bigint, d: bigint, age: bigint): bigint {
  if (d <= 0n || age >= d) return v
  if (age <= 0n) return 0n
  return (v * age) / d
}

export interface Wear {
  /** µmin transferred to the production by this use. */
  amount: bigint
  /** The tree after the use: ages advanced, transferred values updated. */
  tree: ValueTree
}

/**
 * Uses the MoP for `minutes` more (every element ages by the same minutes). Each element
 * transfers max(0, T(newAge) − transferred). The clamp matters only after splitTree: the
 * floor of a part's own T(k) can lag its floored share of `transferred` by a µmin (per
 * split). Such an element transfers nothing until T catches up, and at age ≥ d it
 * transfers all that is left (T(d) = v), so the total over the life stays exactly
 * Σ (v − transferred).
 */
export function wear(tree: ValueTree, minutes: bigint): Wear {
  if (minutes < 0n) throw new RangeError('wear by negative minutes')
  let amount = 0n
  const entries = elementIds(tree).map((id): [string, TreeElement] => {
    const e = elementOf(tree, id)
    const age = e.age + minutes
    const target = transferredAt(e.v, e.d, age)
    const delta = target > e.transferred ? target - e.transferred : 0n
    amount += delta
    return [id, { ...e, children: [...e.children], age, transferred: e.transferred + delta }]
  })
  return { amount, tree: { root: tree.root, elements: Object.fromEntries(entries) } }
}

/** Value not yet transferred: Σ (v − transferred). What a write-off of this MoP removes. */
export function remainingValue(tree: ValueTree): bigint {
  let sum = 0n
  for (const id of elementIds(tree)) {
    const e = elementOf(tree, id)
    sum += e.v - e.transferred
  }
  return sum
}

/** Σ v over all elements, each once: v*(root) for a valid tree. */
export function totalValue(tree: ValueTree): bigint {
  let sum = 0n
  for (const id of elementIds(tree)) sum += elementOf(tree, id).v
  return sum
}

export interface TreeSplit {
  moved: ValueTree
  kept: ValueTree
}

/**
 * Splits the tree of a MoP lot when `part` of its `whole` units move to another lot.
 * Per element, the moved tree gets floor(v · part / whole) and floor(transferred · part /
 * whole); the kept tree gets the rest, so each field is conserved exactly. Ages, durabilities
 * and ids are the same in both (prefix ids with prefixTree before combining the two).
 * Floors keep moved.transferred ≤ moved.v and kept.transferred ≤ kept.v.
 */
export function splitTree(tree: ValueTree, part: bigint, whole: bigint): TreeSplit {
  if (whole <= 0n || part < 0n || part > whole) {
    throw new RangeError(`cannot split ${part} of ${whole} units`)
  }
  const moved: [string, TreeElement][] = []
  const kept: [string, TreeElement][] = []
  for (const id of elementIds(tree)) {
    const e = elementOf(tree, id)
    const v = (e.v * part) / whole
    const transferred = (e.transferred * part) / whole
    moved.push([id, { ...e, children: [...e.children], v, transferred }])
    kept.push([
      id,
      { ...e, children: [...e.children], v: e.v - v, transferred: e.transferred - transferred }
    ])
  }
  return {
    moved: { root: tree.root, elements: Object.fromEntries(moved) },
    kept: { root: tree.root, elements: Object.fromEntries(kept) }
  }
}
