import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MICRO,
  add,
  compare,
  div,
  elementIds,
  fraction,
  remainingValue,
  splitTree,
  sub,
  theta,
  toDecimal,
  totalValue,
  transferredAt,
  wear,
  type ValueTree
} from '../../core/economics/index.ts'
import { Y, computer, treeArb } from './economics-fixtures.ts'

function maxDurability(tree: ValueTree): bigint {
  return Object.values(tree.elements).reduce((m, e) => (e.d > m ? e.d : m), 0n)
}

/** Wears the tree in the given chunks, cycling through them, until every element is past d. */
function wearToEnd(tree: ValueTree, chunks: bigint[]): bigint {
  let total = 0n
  let age = Object.values(tree.elements)[0]?.age ?? 0n
  const end = maxDurability(tree)
  for (let i = 0; age < end; i++) {
    const step = chunks[i % chunks.length] as bigint
    const w = wear(tree, step)
    expect(w.amount >= 0n).toBe(true)
    total += w.amount
    tree = w.tree
    age += step
  }
  expect(remainingValue(tree)).toBe(0n)
  return total
}

const chunksArb = fc.array(fc.bigInt({ min: 10n, max: 50_000n }), { minLength: 1, maxLength: 8 })

describe('transferredAt', () => {
  it('is floor(v · min(k, d) / d)', () => {
    expect(transferredAt(10n, 3n, 0n)).toBe(0n)
    expect(transferredAt(10n, 3n, 1n)).toBe(3n)
    expect(transferredAt(10n, 3n, 2n)).toBe(6n)
    expect(transferredAt(10n, 3n, 3n)).toBe(10n)
    expect(transferredAt(10n, 3n, 99n)).toBe(10n)
  })
})

describe('wear over a whole life', () => {
  it('transfers exactly Σ v, in any chunks', () => {
    fc.assert(
      fc.property(treeArb(), chunksArb, (tree, chunks) => {
        expect(wearToEnd(tree, chunks)).toBe(totalValue(tree))
      })
    )
  })

  it('keeps every element at exactly T(age), so chunking does not matter', () => {
    fc.assert(
      fc.property(treeArb(), chunksArb, (tree, chunks) => {
        let t = tree
        for (const step of chunks) t = wear(t, step).tree
        for (const id of elementIds(t)) {
          const e = t.elements[id]!
          expect(e.transferred).toBe(transferredAt(e.v, e.d, e.age))
        }
      })
    )
  })

  it('refuses negative minutes and transfers nothing for 0 on a new tree', () => {
    expect(() => wear(computer(), -1n)).toThrow(RangeError)
    expect(wear(computer(), 0n).amount).toBe(0n)
  })
})

describe('wear of the proposal computer in its second year', () => {
  const firstYear = wear(computer(), Y)
  const secondYear = wear(firstYear.tree, Y)

  it('is the sum of per-element floor differences T(2Y) − T(1Y)', () => {
    let expected = 0n
    for (const e of Object.values(computer().elements)) {
      expected += transferredAt(e.v, e.d, 2n * Y) - transferredAt(e.v, e.d, Y)
    }
    expect(secondYear.amount).toBe(expected)
    expect(toDecimal(fraction(secondYear.amount, MICRO), 2)).toBe('524.47')
  })

  it('is within 1 µmin per element of θ(c*, 1Y, 2Y)', () => {
    const exact = theta(computer(), Y, 2n * Y)
    const n = fraction(BigInt(elementIds(computer()).length))
    const got = fraction(secondYear.amount)
    expect(compare(got, sub(exact, n))).toBe(1)
    expect(compare(got, add(exact, n))).toBe(-1)
  })

  it('is the same when worn day by day', () => {
    let t = firstYear.tree
    let total = 0n
    for (let day = 0; day < 356; day++) {
      const w = wear(t, 24n * 60n)
      total += w.amount
      t = w.tree
    }
    expect(total).toBe(secondYear.amount)
    expect(t).toEqual(secondYear.tree)
  })

  it('transfers ≈ 0.00105 minutes per car over 500,000 cars', () => {
    const perCar = div(fraction(secondYear.amount, MICRO), fraction(500_000n))
    expect(toDecimal(perCar, 5)).toBe('0.00105')
  })
})

describe('splitTree', () => {
  const splitArb = fc
    .tuple(treeArb(), fc.bigInt({ min: 0n, max: 200_000n }), fc.bigInt({ min: 1n, max: 1000n }))
    .chain(([tree, age, whole]) =>
      fc.tuple(
        fc.constant(wear(tree, age).tree),
        fc.bigInt({ min: 0n, max: whole }),
        fc.constant(whole)
      )
    )

  it('conserves every field of every element', () => {
    fc.assert(
      fc.property(splitArb, ([tree, part, whole]) => {
        const { moved, kept } = splitTree(tree, part, whole)
        for (const id of elementIds(tree)) {
          const e = tree.elements[id]!
          const m = moved.elements[id]!
          const k = kept.elements[id]!
          expect(m.v + k.v).toBe(e.v)
          expect(m.transferred + k.transferred).toBe(e.transferred)
          expect(m.transferred <= m.v && k.transferred <= k.v).toBe(true)
          expect([m.age, m.d, m.children]).toEqual([e.age, e.d, e.children])
          expect([k.age, k.d, k.children]).toEqual([e.age, e.d, e.children])
        }
        expect(remainingValue(moved) + remainingValue(kept)).toBe(remainingValue(tree))
      })
    )
  })

  it('lets both parts wear out to exactly the remaining value of the whole', () => {
    fc.assert(
      fc.property(splitArb, chunksArb, chunksArb, ([tree, part, whole], c1, c2) => {
        const { moved, kept } = splitTree(tree, part, whole)
        expect(wearToEnd(moved, c1) + wearToEnd(kept, c2)).toBe(remainingValue(tree))
      })
    )
  })

  it('conserves through repeated splits', () => {
    fc.assert(
      fc.property(splitArb, chunksArb, ([tree, part, whole], chunks) => {
        const first = splitTree(tree, part, whole)
        const keptWorn = wear(first.kept, 7n)
        const second = splitTree(keptWorn.tree, 1n, 3n)
        const worn = wear(first.moved, 7n)
        const total =
          keptWorn.amount +
          worn.amount +
          wearToEnd(worn.tree, chunks) +
          wearToEnd(second.moved, chunks) +
          wearToEnd(second.kept, chunks)
        expect(total).toBe(remainingValue(tree))
      })
    )
  })

  it('refuses impossible splits', () => {
    expect(() => splitTree(computer(), 1n, 0n)).toThrow(RangeError)
    expect(() => splitTree(computer(), 3n, 2n)).toThrow(RangeError)
    expect(() => splitTree(computer(), -1n, 2n)).toThrow(RangeError)
  })
})
