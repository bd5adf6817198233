// Checks that a value tree (possibly decoded from a transaction) is one the other functions
// can work on. Never throws: returns readable problems, in a deterministic order.

import { sortedIds, type TreeElement, type ValueTree } from './value-tree.ts'

const FIELDS = ['v', 'd', 'age', 'transferred'] as const

function shapeProblems(id: string, e: unknown): string[] {
  if (typeof e !== 'object' || e === null) return [`element "${id}" is not an object`]
  const rec = e as Record<string, unknown>
  const out: string[] = []
  for (const f of FIELDS) {
    if (typeof rec[f] !== 'bigint') out.push(`element "${id}": ${f} is not a bigint`)
  }
  const ch = rec['children']
  if (!Array.isArray(ch) || !ch.every((c) => typeof c === 'string')) {
    out.push(`element "${id}": children is not a list of ids`)
  }
  return out
}

function valueProblems(id: string, e: TreeElement, has: (id: string) => boolean): string[] {
  const out: string[] = []
  if (e.v < 0n) out.push(`element "${id}": negative value`)
  if (e.d <= 0n) out.push(`element "${id}": durability must be positive`)
  if (e.age < 0n) out.push(`element "${id}": negative age`)
  if (e.transferred < 0n) out.push(`element "${id}": negative transferred value`)
  if (e.v >= 0n && e.transferred > e.v) out.push(`element "${id}": transferred more than its value`)
  if (new Set(e.children).size !== e.children.length) {
    out.push(`element "${id}": a child is listed twice`)
  }
  for (const c of e.children) if (!has(c)) out.push(`element "${id}": unknown child "${c}"`)
  return out
}

/** Elements on a cycle, found by a depth-first search in sorted order. */
function cycleMembers(elements: Map<string, TreeElement>): string[] {
  const state = new Map<string, 'open' | 'done'>()
  const onCycle = new Set<string>()
  for (const start of elements.keys()) {
    if (state.has(start)) continue
    const path: string[] = []
    const stack: [string, number][] = [[start, 0]]
    state.set(start, 'open')
    path.push(start)
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [string, number]
      const children = elements.get(top[0])?.children ?? []
      if (top[1] >= children.length) {
        state.set(top[0], 'done')
        stack.pop()
        path.pop()
        continue
      }
      const c = children[top[1]++] as string
      if (!elements.has(c)) continue
      if (state.get(c) === 'open') {
        for (const id of path.slice(path.indexOf(c))) onCycle.add(id)
      } else if (!state.has(c)) {
        state.set(c, 'open')
        path.push(c)
        stack.push([c, 0])
      }
    }
  }
  return sortedIds(onCycle)
}

function reachable(root: string, elements: Map<string, TreeElement>): Set<string> {
  const seen = new Set<string>()
  const stack = [root]
  while (stack.length > 0) {
    const id = stack.pop() as string
    if (seen.has(id) || !elements.has(id)) continue
    seen.add(id)
    stack.push(...(elements.get(id) as TreeElement).children)
  }
  return seen
}

/** Leaf durabilities below each composite must give its stored d (eq. 3). */
function durabilityProblems(elements: Map<string, TreeElement>): string[] {
  const memo = new Map<string, bigint>()
  const dOf = (id: string): bigint => {
    const known = memo.get(id)
    if (known !== undefined) return known
    const e = elements.get(id) as TreeElement
    let d = e.d
    if (e.children.length > 0) {
      d = dOf(e.children[0] as string)
      for (const c of e.children) d = dOf(c) < d ? dOf(c) : d
    }
    memo.set(id, d)
    return d
  }
  const out: string[] = []
  for (const [id, e] of elements) {
    if (e.children.length > 0 && dOf(id) !== e.d) {
      out.push(`element "${id}": durability ${e.d} is not the minimum of its children (${dOf(id)})`)
    }
  }
  return out
}

/** Problems that make the tree unusable; an empty list means it is valid. */
export function validateTree(tree: ValueTree): string[] {
  if (typeof tree !== 'object' || tree === null) return ['the value tree is not an object']
  const { root, elements } = tree as { root: unknown; elements: unknown }
  if (typeof root !== 'string') return ['the value tree has no root id']
  if (typeof elements !== 'object' || elements === null) return ['the value tree has no elements']

  const shape: string[] = []
  const map = new Map<string, TreeElement>()
  for (const id of sortedIds(Object.keys(elements))) {
    const e = (elements as Record<string, unknown>)[id]
    const p = shapeProblems(id, e)
    shape.push(...p)
    if (p.length === 0) map.set(id, e as TreeElement)
  }
  if (shape.length > 0) return shape

  const out: string[] = []
  if (!map.has(root)) out.push(`root "${root}" is not an element of the tree`)
  for (const [id, e] of map) out.push(...valueProblems(id, e, (c) => map.has(c)))
  const cycle = cycleMembers(map)
  if (cycle.length > 0) out.push(`cycle through ${cycle.map((id) => `"${id}"`).join(', ')}`)
  if (map.has(root)) {
    const seen = reachable(root, map)
    for (const id of map.keys()) {
      if (!seen.has(id)) out.push(`element "${id}" is not reachable from the root`)
    }
  }
  if (out.length === 0) out.push(...durabilityProblems(map))
  return out
}
