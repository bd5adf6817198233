// Shared test data for the economics tests: the proposal's computer (§4.2) and random
// value trees for property tests.

import fc from 'fast-check'
import {
  MICRO,
  composite,
  leaf,
  type TreeElement,
  type ValueTree
} from '../../core/economics/index.ts'

/** Minutes in the proposal's year (it uses 356 days). */
export const Y = 356n * 24n * 60n

/** The assembled computer of proposal §4.2, values in µmin. */
export function computer(): ValueTree {
  const m = (minutes: bigint): bigint => minutes * MICRO
  const c = leaf('c', m(200n), 12n * Y)
  const mb = leaf('m', m(600n), 12n * Y)
  const p = leaf('p', m(2500n), 9n * Y)
  const r = leaf('r', m(700n), 8n * Y)
  const h = leaf('h', m(400n), 5n * Y)
  const x = leaf('x', m(30n), 5n * Y)
  const y = leaf('y', m(10n), 10n * Y)
  const mp = composite('m_p', m(10n), [x, p, mb])
  const mr = composite('m_r', m(1n), [mb, r])
  const ch = composite('c_h', m(2n), [c, h])
  const mrp = composite('m_r^p', 0n, [mp, mr])
  return composite('c*', m(15n), [mrp, ch, y])
}

interface Spec {
  v: bigint
  d: bigint
  parent: number
  extra: number[]
}

/** A random DAG: e0 is the root, every other element hangs below a lower-numbered one. */
function buildTree(specs: Spec[]): ValueTree {
  const n = specs.length
  const children: string[][] = specs.map(() => [])
  specs.forEach((s, i) => {
    const up = children[s.parent % i] as string[]
    if (i > 0 && !up.includes(`e${i}`)) up.push(`e${i}`)
    for (const x of s.extra) {
      const j = x % n
      const list = children[i] as string[]
      if (j > i && !list.includes(`e${j}`)) list.push(`e${j}`)
    }
  })
  const ds: bigint[] = specs.map((s) => s.d)
  // Children have higher numbers, so their d is final when a parent takes the minimum.
  for (let i = n - 1; i >= 0; i--) {
    const cds = (children[i] as string[]).map((c) => ds[Number(c.slice(1))] as bigint)
    if (cds.length > 0) ds[i] = cds.reduce((a, b) => (b < a ? b : a))
  }
  const entries = specs.map((s, i): [string, TreeElement] => [
    `e${i}`,
    { v: s.v, d: ds[i] as bigint, children: children[i] as string[], age: 0n, transferred: 0n }
  ])
  return { root: 'e0', elements: Object.fromEntries(entries) }
}

export function treeArb(maxElements = 12, maxD = 100_000n): fc.Arbitrary<ValueTree> {
  const spec = fc.record({
    v: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    d: fc.bigInt({ min: 1n, max: maxD }),
    parent: fc.nat(),
    extra: fc.array(fc.nat(), { maxLength: 3 })
  })
  return fc.array(spec, { minLength: 1, maxLength: maxElements }).map(buildTree)
}
