// Generation: the kinds of step and their weights, the intents and histories fast-check draws,
// and how much of the rarer ground a history reached.
import fc from 'fast-check'
import type { MemoryStore } from '../../../core/ledger/memory-store.ts'
import { scan } from './stores.ts'

export type RoleSet = Array<'producer' | 'dispatcher'>
const ROLESETS: RoleSet[] = [['producer'], ['dispatcher'], ['producer', 'dispatcher']]

const KINDS = {
  collectivize: 6,
  transfer: 8,
  cosign: 6,
  decline: 1,
  writeoff: 3,
  inventory: 2,
  dispatch: 4,
  order: 6,
  reject: 1,
  estimate: 5,
  start: 5,
  consume: 7,
  workload: 12,
  allocate: 3,
  deallocate: 3,
  output: 6,
  propose: 2,
  vote: 5,
  revision: 3,
  claim: 7,
  spend: 6,
  trust: 2,
  cancel: 2,
  settle: 2,
  garbage: 2,
  duplicate: 2,
  device: 1,
  // Corrections (issue 10).
  reverse: 2,
  withdraw: 1,
  replace: 1,
  retire: 1
} as const
export type Kind = keyof typeof KINDS

export interface Intent {
  kind: Kind
  r: number[]
  mode: number
  dt: number
}

export interface HistorySpec {
  n: number
  roles: RoleSet[]
  parents: number[]
  extra: Array<[number, number]>
  loner: boolean
  /** Whether the network votes bread (and sometimes bolts) into the commons right after setup. */
  commons: number
  /** Percent of steps that are deliberately corrupted (on top of rule-breaking choices). */
  corrupt: number
  steps: Intent[]
}

export const intentArb: fc.Arbitrary<Intent> = fc.record({
  kind: fc.oneof(...Object.entries(KINDS).map(([kind, weight]) => ({ arbitrary: fc.constant(kind as Kind), weight }))),
  r: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
  mode: fc.nat({ max: 99 }),
  dt: fc.nat({ max: 99 })
})

export function historyArb(minSteps: number, maxSteps: number, corrupt: fc.Arbitrary<number> = fc.constantFrom(5, 10, 25)): fc.Arbitrary<HistorySpec> {
  return fc.record({
    n: fc.integer({ min: 3, max: 6 }),
    roles: fc.array(fc.constantFrom(...ROLESETS), { minLength: 6, maxLength: 6 }),
    parents: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
    extra: fc.array(fc.tuple(fc.nat(5), fc.nat(5)), { maxLength: 3 }),
    loner: fc.boolean(),
    commons: fc.nat(3),
    corrupt,
    steps: fc.array(intentArb, { minLength: minSteps, maxLength: maxSteps })
  })
}

/** How much of the rarer ground a history reached (printed by the tests, to keep the generator honest). */
export function coverage(store: MemoryStore): Record<string, number> {
  const count = (prefix: string, filter: (value: any) => boolean = () => true) => scan(store, prefix).filter(([, v]) => filter(v)).length
  return {
    commons: count('commons/'),
    commonsProductions: count('production/', (p) => p.commons),
    splits: count('split/'),
    settlements: count('split/', (s) => (s.settlements?.length ?? 0) > 0),
    assembledTrees: count('lot/', (l) => l.tree && Object.keys(l.tree.elements).length > 1),
    repurposed: count('production/', (p) => p.allocated.some((a: any) => a.repurposed)) + count('tally/', (t) => BigInt(t.c) > 0n),
    debt: count('debt/'),
    taxedRevisions: count('revision/', (r) => BigInt(r.taxed) > 0n),
    roundingRevisions: count('revision/', (r) => BigInt(r.rounding) > 0n),
    prices: count('price/'),
    nonMembers: count('collective/', (c) => !c.member),
    passedParameters: count('params/')
  }
}
