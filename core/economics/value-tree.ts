// The product graph of a means of production (proposal §4.2, §4.3, equations 1 to 7).
// Elements may share sub-elements (a DAG), so s(t) is a set: a shared element counts once.
// These functions assume a valid tree (see validateTree); on an unknown id they throw.

import { ZERO, add, fraction, mul, type Fraction } from './fraction.ts'

export interface TreeElement {
  /** Simple value v(t), µmin. */
  v: bigint
  /** Durability d(t), minutes. For a composite it must equal eq. 3 (min over children). */
  d: bigint
  /** Direct sub-elements c(t), by element id. */
  children: string[]
  /** Cumulative minutes this element has been allocated to production. */
  age: bigint
  /** µmin of v already transferred to products (0 ≤ transferred ≤ v). */
  transferred: bigint
}

export interface ValueTree {
  root: string
  elements: Record<string, TreeElement>
}

/** The element with this id; a RangeError when the tree has none (own keys only). */
export function elementOf(tree: ValueTree, id: string): TreeElement {
  if (!Object.hasOwn(tree.elements, id)) throw new RangeError(`unknown tree element "${id}"`)
  return tree.elements[id] as TreeElement
}

/** Element ids in a deterministic order (code-unit order, not locale order). */
export function sortedIds(ids: Iterable<string>): string[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

/** All element ids of the tree, sorted. */
export function elementIds(tree: ValueTree): string[] {
  return sortedIds(Object.keys(tree.elements))
}

/** c(t), eq. 1: the direct sub-elements, sorted and without duplicates. */
export function directChildren(tree: ValueTree, t: string): string[] {
  return sortedIds(new Set(elementOf(tree, t).children))
}

/** s(t), eq. 2: all sub-elements (transitively), each once, sorted. Excludes t itself. */
export function subElements(tree: ValueTree, t: string): string[] {
  const seen = new Set<string>()
  const stack = [...elementOf(tree, t).children]
  while (stack.length > 0) {
    const id = stack.pop() as string
    if (seen.has(id)) continue
    seen.add(id)
    stack.push(...elementOf(tree, id).children)
  }
  return sortedIds(seen)
}

/**
 * d(t), eq. 3: a leaf's own durability; for a composite the minimum over its children,
 * which unfolds to the minimum over all leaves below it.
 */
export function durabilityOf(tree: ValueTree, t: string): bigint {
  const e = elementOf(tree, t)
  if (e.children.length === 0) return e.d
  let min: bigint | null = null
  for (const id of subElements(tree, t)) {
    const u = elementOf(tree, id)
    if (u.children.length === 0 && (min === null || u.d < min)) min = u.d
  }
  if (min === null) throw new RangeError(`element "${t}" has no leaf below it (a cycle)`)
  return min
}

/** v*(t), eq. 4: v(t) plus the simple values of all sub-elements, each counted once. */
export function aggregateValue(tree: ValueTree, t: string): bigint {
  let sum = elementOf(tree, t).v
  for (const id of subElements(tree, t)) sum += elementOf(tree, id).v
  return sum
}

/** δ, eq. 5: durability left at age k. */
export function remainingDurability(d: bigint, k: bigint): bigint {
  return d > k ? d - k : 0n
}

/** ρ(t, k1, k2), eq. 6: the share of t's durability used between ages k1 and k2. */
export function rho(tree: ValueTree, t: string, k1: bigint, k2: bigint): Fraction {
  const d = elementOf(tree, t).d
  return fraction(remainingDurability(d, k1) - remainingDurability(d, k2), d)
}

/**
 * θ(P, k1, k2), eq. 7: exact value transfer in µmin between ages k1 and k2, summed over
 * every element of the tree once. The ledger transfers the floor-based amounts of `wear`,
 * which differ from θ by less than 1 µmin per element.
 */
export function theta(tree: ValueTree, k1: bigint, k2: bigint): Fraction {
  let sum = ZERO
  for (const id of elementIds(tree)) {
    sum = add(sum, mul(rho(tree, id, k1, k2), fraction(elementOf(tree, id).v)))
  }
  return sum
}
