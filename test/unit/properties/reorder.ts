// Reordering: which neighbouring entries commute, the view two such orders must share, and the
// parity of a split recomputed from balances and lots.
import type { Json } from '../../../core/ledger/store.ts'
import type { MemoryStore } from '../../../core/ledger/memory-store.ts'
import { check } from './check.ts'
import type { StepRecord } from './runner.ts'
import { scan } from './stores.ts'

/**
 * Bookkeeping that depends on positions in the log, not on what the transactions did: the log,
 * the entries' bytes, and the movement items, which are keyed by the position of their entry.
 */
const POSITIONAL = /^(meta\/seq|meta\/digest|meta\/frontier|log\/|rejection\/|moved\/|statementAt\/|meta\/statements$)/

/** Whether entry `a` and the entry `b` right after it can swap places without changing anything. */
export function independent(a: StepRecord, b: StepRecord): boolean {
  // Totals and a collective's running movements are sums: adding in either order gives the
  // same. Emptying the movements (a final revision) is a write like any other.
  const sum = (c: StepRecord['changes'][number]) => c.key === 'meta/totals' || (c.key.startsWith('movement/') && c.after !== undefined)
  const writes = (s: StepRecord) => s.changes.filter((c) => !POSITIONAL.test(c.key) && !sum(c)).map((c) => c.key)
  const reads = (s: StepRecord, key: string) =>
    s.reads!.has(key) ||
    s.ranges!.some((o) => (o.gt === undefined || key > o.gt) && (o.gte === undefined || key >= o.gte) && (o.lt === undefined || key < o.lt) && (o.lte === undefined || key <= o.lte))
  const wa = writes(a)
  const wb = writes(b)
  const wbSet = new Set(wb)
  return !wa.some((k) => wbSet.has(k) || reads(b, k)) && !wb.some((k) => reads(a, k))
}

/** The view without what depends on log positions: what two orders of independent entries must share. */
export function normalizedView(store: MemoryStore): string {
  const out: Array<[string, Json]> = []
  for (const [key, value] of store.entries()) {
    if (POSITIONAL.test(key)) continue
    if (/^(tx|pending|split)\//.test(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      const { seq: _seq, ...rest } = value as Record<string, Json>
      out.push([key, rest])
    } else if (key.startsWith('statement/') && value && typeof value === 'object' && !Array.isArray(value)) {
      // A statement names the log positions of its movements (and its leaf hashes them).
      const { from: _from, to: _to, ...rest } = value as Record<string, Json>
      out.push([key, rest])
    } else out.push([key, value])
  }
  return JSON.stringify(out)
}

/**
 * PROTOCOL §3: after a split the view shows each part's parity — coupons outstanding whose
 * origin is in the part, against the value of exclusive goods at its dispatchers —
 * recomputed here from balances and lots.
 */
export async function checkParity(store: MemoryStore): Promise<void> {
  const { parity } = await import('../../../core/ledger/queries.ts')
  const collectives = new Map<string, any>(scan(store, 'collective/').map(([, c]) => [c.id, c]))
  const commons = new Set(scan(store, 'commons/').map(([key]) => key))
  for (const [, split] of scan(store, 'split/')) {
    const view = await parity(store, split.id)
    check(view && view.parts.length === split.parts.length, `parity of split ${split.id} missing`)
    split.parts.forEach((part: any, i: number) => {
      const members = new Set<string>(part.members)
      let coupons = 0n
      for (const [key, amount] of scan<string>(store, 'balance/')) if (members.has(key.slice(key.lastIndexOf('/') + 1))) coupons += BigInt(amount)
      let goods = 0n
      for (const [, lot] of scan(store, 'lot/')) {
        const owner = collectives.get(lot.owner)
        if (!members.has(lot.owner) || !owner.roles.includes('dispatcher') || lot.tree) continue
        if (commons.has(`commons/${owner.subsystem}/${lot.product}`)) continue
        goods += BigInt(lot.value)
      }
      const got = view!.parts[i]!
      check(BigInt(got.coupons) === coupons && BigInt(got.goods) === goods, () => `parity of split ${split.id.slice(0, 8)} part ${i}: view says coupons ${got.coupons} goods ${got.goods}, recomputed ${coupons} / ${goods}`)
    })
  }
}
