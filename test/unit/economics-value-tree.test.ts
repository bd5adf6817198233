import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MICRO,
  aggregateValue,
  composite,
  directChildren,
  div,
  durabilityOf,
  fraction,
  leaf,
  prefixTree,
  remainingDurability,
  rho,
  subElements,
  theta,
  toDecimal,
  validateTree,
  type ValueTree
} from '../../core/economics/index.ts'
import { Y, computer, treeArb } from './economics-fixtures.ts'

describe('value tree: the computer of proposal §4.2', () => {
  const tree = computer()

  it('is a valid tree', () => {
    expect(validateTree(tree)).toEqual([])
  })

  it('has the direct and all sub-elements, the shared mainboard once', () => {
    expect(directChildren(tree, 'm_p')).toEqual(['m', 'p', 'x'])
    expect(directChildren(tree, 'c*')).toEqual(['c_h', 'm_r^p', 'y'])
    expect(directChildren(tree, 'c')).toEqual([])
    expect(subElements(tree, 'c')).toEqual([])
    expect(subElements(tree, 'm_r^p')).toEqual(['m', 'm_p', 'm_r', 'p', 'r', 'x'])
    expect(subElements(tree, 'c*')).toHaveLength(11)
  })

  it('has the durabilities of the tables (min over children)', () => {
    const expected: Record<string, bigint> = {
      c: 12n * Y,
      m: 12n * Y,
      p: 9n * Y,
      r: 8n * Y,
      h: 5n * Y,
      x: 5n * Y,
      y: 10n * Y,
      m_p: 5n * Y,
      m_r: 8n * Y,
      c_h: 5n * Y,
      'm_r^p': 5n * Y,
      'c*': 5n * Y
    }
    for (const [id, d] of Object.entries(expected)) {
      expect(durabilityOf(tree, id), id).toBe(d)
      expect(tree.elements[id]?.d, id).toBe(d)
    }
  })

  it('has the aggregated values v* of the tables', () => {
    const minutes = (id: string): bigint => aggregateValue(tree, id) / MICRO
    expect(minutes('m_p')).toBe(3140n)
    expect(minutes('m_r')).toBe(1301n)
    expect(minutes('c_h')).toBe(602n)
    expect(minutes('m_r^p')).toBe(3841n)
    expect(minutes('c*')).toBe(4468n)
    // The table's v(m_r^p) = 2 is a typo: the virtual element costs no work.
    expect(tree.elements['m_r^p']?.v).toBe(0n)
  })

  it('has δ and ρ of the §4.3 table for the second year', () => {
    // The table lists δ(m_p, 1Y) = 5Y, a typo: d(m_p) = 5Y, so δ(m_p, 1Y) = 4Y.
    expect(remainingDurability(5n * Y, Y)).toBe(4n * Y)
    expect(remainingDurability(5n * Y, 6n * Y)).toBe(0n)
    const rhos: Record<string, bigint> = {
      c: 12n,
      m: 12n,
      p: 9n,
      r: 8n,
      h: 5n,
      x: 5n,
      y: 10n,
      m_p: 5n,
      m_r: 8n,
      c_h: 5n,
      'm_r^p': 5n,
      'c*': 5n
    }
    for (const [id, den] of Object.entries(rhos)) {
      expect(rho(tree, id, Y, 2n * Y), id).toEqual(fraction(1n, den))
    }
  })

  it('transfers exactly 188809/360 ≈ 524.47 minutes in the second year', () => {
    const t = theta(tree, Y, 2n * Y)
    expect(t).toEqual(fraction(4_720_225_000n, 9n)) // µmin
    const minutes = div(t, fraction(MICRO))
    expect(minutes).toEqual(fraction(188_809n, 360n))
    expect(toDecimal(minutes, 2)).toBe('524.47')
    // Per car over 500,000 cars (the proposal's 0.0016 comes from its rounded 530/…).
    const perCar = div(minutes, fraction(500_000n))
    expect(toDecimal(perCar, 5)).toBe('0.00105')
    expect(toDecimal(perCar, 8)).toBe('0.00104894')
  })

  it('transfers v*(root) once its longest-lived part is used up, not at d(root)', () => {
    // At d(c*) = 5Y the case, mainboard, CPU, RAM and cable still hold value: they are
    // separable and outlive the assembly.
    const atRootD = theta(tree, 0n, 5n * Y)
    expect(toDecimal(div(atRootD, fraction(MICRO)), 2)).toBe('2622.35')
    expect(theta(tree, 0n, 12n * Y)).toEqual(fraction(aggregateValue(tree, 'c*')))
    expect(theta(tree, 0n, 100n * Y)).toEqual(fraction(4468n * MICRO))
  })
})

describe('value tree builder', () => {
  it('shares identical elements and refuses a clash', () => {
    const m = leaf('m', 5n, 10n)
    const a = composite('a', 1n, [m, leaf('x', 2n, 4n)])
    const b = composite('b', 1n, [m])
    const top = composite('top', 0n, [a, b])
    expect(aggregateValue(top, 'top')).toBe(9n)
    expect(top.elements['top']?.d).toBe(4n)
    expect(() => composite('bad', 0n, [a, leaf('m', 6n, 10n)])).toThrow(RangeError)
    expect(() => composite('m', 0n, [a])).toThrow(RangeError)
    expect(() => composite('empty', 0n, [])).toThrow(RangeError)
  })

  it('prefixes ids so halves of one lot can be combined', () => {
    const t = composite('a', 1n, [leaf('m', 5n, 10n)])
    const both = composite('pair', 0n, [prefixTree(t, 'l1/'), prefixTree(t, 'l2/')])
    expect(validateTree(both)).toEqual([])
    expect(aggregateValue(both, 'pair')).toBe(12n)
  })

  it('keeps odd ids as plain keys', () => {
    const t = composite('constructor', 1n, [leaf('__proto__', 2n, 3n)])
    expect(validateTree(t)).toEqual([])
    expect(Object.keys(t.elements).sort()).toEqual(['__proto__', 'constructor'])
    expect(aggregateValue(t, 'constructor')).toBe(3n)
    expect(() => subElements(leaf('a', 1n, 1n), 'toString')).toThrow(RangeError)
  })
})

describe('validateTree', () => {
  const el = (v: bigint, d: bigint, children: string[] = []) => ({
    v,
    d,
    children,
    age: 0n,
    transferred: 0n
  })
  const tree = (root: string, elements: Record<string, ReturnType<typeof el>>): ValueTree => ({
    root,
    elements
  })

  it('reports each kind of problem', () => {
    expect(validateTree(tree('r', { a: el(1n, 1n) }))).toContain(
      'root "r" is not an element of the tree'
    )
    expect(validateTree(tree('r', { r: el(1n, 1n, ['z']) }))).toEqual([
      'element "r": unknown child "z"'
    ])
    expect(validateTree(tree('r', { r: el(-1n, 1n) }))).toEqual(['element "r": negative value'])
    expect(validateTree(tree('r', { r: el(1n, 0n) }))).toEqual([
      'element "r": durability must be positive'
    ])
    expect(validateTree(tree('r', { r: el(1n, 1n), u: el(1n, 1n) }))).toEqual([
      'element "u" is not reachable from the root'
    ])
    expect(validateTree(tree('r', { r: el(1n, 5n, ['a']), a: el(1n, 3n) }))).toEqual([
      'element "r": durability 5 is not the minimum of its children (3)'
    ])
    expect(validateTree(tree('r', { r: el(1n, 1n, ['a', 'a']), a: el(1n, 1n) }))).toEqual([
      'element "r": a child is listed twice'
    ])
    const cyclic = tree('r', { r: el(1n, 1n, ['a']), a: el(1n, 1n, ['b']), b: el(1n, 1n, ['a']) })
    expect(validateTree(cyclic)).toEqual(['cycle through "a", "b"'])
    expect(validateTree(tree('r', { r: el(1n, 1n, ['r']) }))).toEqual(['cycle through "r"'])
    const over = { r: { ...el(1n, 1n), transferred: 2n } }
    expect(validateTree(tree('r', over))).toEqual(['element "r": transferred more than its value'])
    const wrongType = { r: { ...el(1n, 1n), v: 1 as unknown as bigint } }
    expect(validateTree(tree('r', wrongType))).toEqual(['element "r": v is not a bigint'])
  })

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (root, elements) => {
        expect(Array.isArray(validateTree({ root, elements } as ValueTree))).toBe(true)
        expect(Array.isArray(validateTree(root as ValueTree))).toBe(true)
      })
    )
  })

  it('accepts the random trees the property tests use', () => {
    fc.assert(
      fc.property(treeArb(), (t) => {
        expect(validateTree(t)).toEqual([])
      })
    )
  })
})
