// Building value trees: a leaf for a simple product, a composite for an assembly of
// separable parts (proposal §4.2). Element maps are built with Object.fromEntries so an
// id such as "__proto__" stays an ordinary own key.

import { elementIds, elementOf, sortedIds, type TreeElement, type ValueTree } from './value-tree.ts'

function sameElement(a: TreeElement, b: TreeElement): boolean {
  return (
    a.v === b.v &&
    a.d === b.d &&
    a.age === b.age &&
    a.transferred === b.transferred &&
    a.children.length === b.children.length &&
    a.children.every((c, i) => c === b.children[i])
  )
}

/** A simple product element: value v (µmin), durability d (minutes), new (age 0). */
export function leaf(id: string, v: bigint, d: bigint): ValueTree {
  const element: TreeElement = { v, d, children: [], age: 0n, transferred: 0n }
  return { root: id, elements: Object.fromEntries([[id, element]]) }
}

/**
 * A composite element `id` with simple value v (the assembly work) over the given child
 * trees. Their element maps are merged: an id found in two children must be the identical
 * element, and is then shared (counted once). d = min of the children's d (eq. 3). The
 * children keep their own ages, so used parts keep wearing from where they were.
 * Throws a RangeError on no children, an id clash, or `id` already used below.
 */
export function composite(id: string, v: bigint, childTrees: ValueTree[]): ValueTree {
  if (childTrees.length === 0) throw new RangeError(`composite "${id}" needs children`)
  const merged = new Map<string, TreeElement>()
  for (const child of childTrees) {
    for (const eid of elementIds(child)) {
      const e = elementOf(child, eid)
      const prev = merged.get(eid)
      if (prev && !sameElement(prev, e)) {
        throw new RangeError(`element "${eid}" differs between two children of "${id}"`)
      }
      merged.set(eid, e)
    }
  }
  if (merged.has(id)) throw new RangeError(`element "${id}" already exists below itself`)
  const children = [...new Set(childTrees.map((c) => c.root))]
  const d = children
    .map((c) => (merged.get(c) as TreeElement).d)
    .reduce((min, cd) => (cd < min ? cd : min))
  merged.set(id, { v, d, children, age: 0n, transferred: 0n })
  const entries = sortedIds(merged.keys()).map((k) => [k, merged.get(k) as TreeElement])
  return { root: id, elements: Object.fromEntries(entries) }
}

/**
 * The same tree with every element id prefixed, e.g. by a lot or transaction id, so two
 * trees that came from one lot (after a split they have the same ids but different values)
 * can both become components of a new composite without clashing.
 */
export function prefixTree(tree: ValueTree, prefix: string): ValueTree {
  const entries = elementIds(tree).map((id) => {
    const e = elementOf(tree, id)
    return [prefix + id, { ...e, children: e.children.map((c) => prefix + c) }]
  })
  return { root: prefix + tree.root, elements: Object.fromEntries(entries) }
}
