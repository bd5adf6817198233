// Whole-state invariants (after a history, and after any permutation of it), and the check of
// a revision record that the runner also makes as each revision is made.
import type { MemoryStore } from '../../../core/ledger/memory-store.ts'
import { dayOf } from '../../../core/ledger/period.ts'
import { check } from './check.ts'
import type { Runner } from './runner.ts'
import { scan, type RecordingStore } from './stores.ts'

/** Σ claimable(l) + taxed + rounding = a, with claimable recomputed: floor(l·(a−t)/a). */
export function checkRevisionRecord(at: string, rec: any, ls: bigint[]): void {
  const a = BigInt(rec.a)
  const t = BigInt(rec.taxed)
  const claimable = ls.reduce((s, l) => s + (a === 0n ? 0n : (l * (a - t)) / a), 0n)
  const rounding = BigInt(rec.rounding)
  check(0n <= t && t <= a, `${at}: taxed outside [0, a]`)
  check(BigInt(rec.claimable) === claimable, () => `${at}: revision claimable ${rec.claimable} ≠ recomputed ${claimable}`)
  check(claimable + t + rounding === a, () => `${at}: Σ claimable ${claimable} + taxed ${t} + rounding ${rounding} ≠ a ${a}`)
  check(rounding >= 0n && (rounding < BigInt(ls.length) || rounding === 0n), () => `${at}: rounding ${rounding} outside [0, ${ls.length})`)
}

export function checkState(store: MemoryStore, model?: Runner['model']): void {
  const all = new Map<string, any>(store.entries())
  const byPrefix = (prefix: string) => scan(store, prefix)
  const last = (key: string) => key.slice(key.lastIndexOf('/') + 1)
  const collectives = new Map<string, any>(byPrefix('collective/').map(([, c]) => [c.id, c]))
  const totals = all.get('meta/totals') ?? { worked: '0', writtenOff: '0', dispatched: '0', claimed: '0', spent: '0' }
  const T = (name: string) => BigInt(totals[name])

  // Invariant 5: lots — one owner, quantity > 0, owner index both ways, trees consistent.
  const lots = new Map<string, any>(byPrefix('lot/').map(([, l]) => [l.id, l]))
  const index = new Map<string, string[]>()
  for (const [key, product] of byPrefix('lotOf/')) {
    const [, owner, lot] = key.split('/') as [string, string, string]
    index.set(lot, [...(index.get(lot) ?? []), owner])
    check(lots.get(lot)?.owner === owner, `${key} points to a lot that ${owner.slice(0, 8)} does not own`)
    check(lots.get(lot)?.product === product, `${key} names the wrong product`)
  }
  const productions = new Map<string, any>(byPrefix('production/').map(([, p]) => [p.id, p]))
  let lotValue = 0n
  for (const [id, lot] of lots) {
    check(collectives.has(lot.owner), `lot ${id} is owned by an unregistered key`)
    check(BigInt(lot.quantity) > 0n, `lot ${id} has quantity ${lot.quantity}`)
    check(BigInt(lot.value) >= 0n, `lot ${id} has negative value`)
    check(index.get(id)?.length === 1 && index.get(id)![0] === lot.owner, `lot ${id} has owner index ${JSON.stringify(index.get(id))}`)
    const product = all.get(`product/${lot.product}`)
    check(product, `lot ${id} is of an unknown product`)
    if (product.kind === 'meansOfProduction') {
      check(lot.tree, `means of production ${id} has no value tree`)
      checkTree(id, lot.tree)
      let remaining = 0n
      for (const e of Object.values<any>(lot.tree.elements)) {
        const v = BigInt(e.v)
        const tr = BigInt(e.transferred)
        check(0n <= tr && tr <= v, `lot ${id}: an element transferred ${tr} of ${v}`)
        // §8: used for its whole durability, an element has transferred exactly its value
        if (BigInt(e.age) >= BigInt(e.d)) check(tr === v, () => `lot ${id}: an element aged ${e.age} of ${e.d} minutes transferred ${tr} of ${v}`)
        remaining += v - tr
      }
      check(remaining === BigInt(lot.value), () => `lot ${id}: value ${lot.value} but its tree holds ${remaining}`)
    } else {
      check(!lot.tree, `consumable lot ${id} has a tree`)
    }
    if (lot.allocatedTo) {
      const p = productions.get(lot.allocatedTo)
      check(p?.status === 'running' && p.allocated.some((a: any) => a.lot === id), `lot ${id} allocated to a production that does not hold it`)
    }
    lotValue += BigInt(lot.value)
  }
  check(index.size === lots.size, 'the owner index lists a lot that does not exist')
  // The screens' totals (issue 14): holding/<owner>/<product> is what a scan of the lots sums.
  const held = new Map<string, { lots: number; value: bigint }>()
  for (const lot of lots.values()) {
    const h = held.get(`holding/${lot.owner}/${lot.product}`) ?? { lots: 0, value: 0n }
    held.set(`holding/${lot.owner}/${lot.product}`, { lots: h.lots + 1, value: h.value + BigInt(lot.value) })
  }
  const holdings = byPrefix('holding/')
  check(holdings.length === held.size, () => `holding/ has ${holdings.length} records for ${held.size} owner and product pairs`)
  for (const [key, h] of holdings) check(held.get(key)?.lots === h.lots && held.get(key)?.value === BigInt(h.value), () => `${key} ≠ the sum of the owner's lots`)

  // Invariant 2: value conservation, exact.
  let running = 0n
  check(byPrefix('running/').length === [...productions.values()].filter((p) => p.status === 'running').length, 'running/ lists a production that is not running')
  const open = [...byPrefix('order/')].filter(([, o]) => o.status === 'open' && o.producer !== o.orderer)
  check(byPrefix('openOrder/').length === open.length && open.every(([, o]) => all.get(`openOrder/${o.producer}/${o.id}`) === o.orderer), 'openOrder/ ≠ the open orders placed with another collective')
  for (const [id, p] of productions) {
    check(all.has(`running/${p.producer}/${id}`) === (p.status === 'running'), `running index disagrees for ${id}`)
    check(all.get(`productionOf/${p.producer}/${id}`) === p.status, `productionOf index disagrees for ${id}`)
    check(all.get(`estimate/${p.estimate}`)?.production === id, `production ${id} and its estimate disagree`)
    const parts = BigInt(p.workloads) + BigInt(p.consumed) + BigInt(p.transfers) + p.components.reduce((s: bigint, c: any) => s + BigInt(c.value), 0n)
    check(parts === BigInt(p.value), `production ${id}: value ${p.value} ≠ its inputs ${parts}`)
    if (p.status === 'running') {
      running += BigInt(p.value)
      for (const a of p.allocated) check(lots.get(a.lot)?.allocatedTo === id, `production ${id} lists machine ${a.lot} that is not allocated to it`)
    } else check(p.allocated.length === 0, `finished production ${id} still holds machines`)
  }
  check(
    lotValue + running === T('worked') - T('writtenOff') - T('dispatched'),
    () => `value not conserved: lots ${lotValue} + running productions ${running} ≠ worked ${T('worked')} − written off ${T('writtenOff')} − dispatched ${T('dispatched')}`
  )
  if (model) {
    for (const name of ['worked', 'writtenOff', 'dispatched', 'claimed', 'spent'] as const) {
      check(T(name) === model[name], `totals.${name} ≠ model`)
    }
  }

  // Invariant 3: coupons.
  let balances = 0n
  const byOrigin = new Map<string, bigint>()
  for (const [key, value] of byPrefix('balance/')) {
    const b = BigInt(value)
    check(b > 0n, `${key} = ${value}`)
    balances += b
    byOrigin.set(last(key), (byOrigin.get(last(key)) ?? 0n) + b)
  }
  check(balances === T('claimed') - T('spent'), () => `Σ balances ${balances} ≠ claimed ${T('claimed')} − spent ${T('spent')}`)
  const outstanding = byPrefix('outstanding/')
  check(outstanding.length === byOrigin.size && outstanding.every(([k, v]) => byOrigin.get(last(k)) === BigInt(v)), 'outstanding/ ≠ Σ balances by origin')
  // A person's day (issue 10): the wallet's live workloads per UTC day, at most 24 hours.
  const days = new Map<string, bigint>()
  for (const [, w] of byPrefix('workload/')) {
    if (w.reversedBy) {
      check(!all.has(`workloadOf/${w.wallet}/${dayOf(w.performedAt)}/${w.id}`) && !all.has(`workloadIn/${w.collective}/${w.period}/${w.wallet}/${w.id}`) && !w.claimedBy, `reversed workload ${w.id} still indexed or claimed`)
      continue
    }
    const day = `${w.wallet}/${dayOf(w.performedAt)}`
    days.set(day, (days.get(day) ?? 0n) + BigInt(w.minutes))
    check(all.get(`workloadOf/${day}/${w.id}`) === w.minutes, `workload ${w.id} missing from its wallet's index of days`)
    if (model) check((model.claims.get(w.id) ?? 0) === (w.claimedBy ? 1 : 0), `workload ${w.id}: claimedBy and accepted claims disagree`)
    check(all.get(`workloadIn/${w.collective}/${w.period}/${w.wallet}/${w.id}`) === w.minutes, `workload ${w.id} missing from its month's index`)
    if (w.claimedBy) check(all.has(`closed/${w.collective}/${w.period}`), `workload ${w.id} claimed before its month closed`)
  }

  // The day's time is its index range (workday.ts): exactly the live workloads, no sum kept beside.
  check(byPrefix('workday/').length === 0, 'a workday/ sum was written (only older views hold them)')
  const indexed = byPrefix('workloadOf/')
  check(indexed.length === byPrefix('workload/').filter(([, w]) => !w.reversedBy).length, 'workloadOf/ holds other keys than the live workloads')
  for (const [key, sum] of days) check(sum <= 24n * 60n * 1_000_000n, `${key} holds more than 24 hours`)

  // Invariant 4, again from the stored records.
  for (const [key, rec] of byPrefix('revision/')) {
    const ls: bigint[] = []
    for (const m of rec.members) {
      check(all.get(`closed/${m}/${rec.period}`)?.revision === rec.tx, `${key}: member ${m.slice(0, 8)} not closed by it`)
      for (const [, minutes] of byPrefix(`workloadIn/${m}/${rec.period}/`)) ls.push(BigInt(minutes))
    }
    check(ls.reduce((s, l) => s + l, 0n) === BigInt(rec.a), `${key}: Σ workloads ≠ a`)
    checkRevisionRecord(key, rec, ls)
  }

  // Invariant 6a: the trust graph and the subsystems, recomputed with our own BFS.
  const adjacency = new Map<string, string[]>([...collectives.keys()].map((id) => [id, []]))
  for (const [key] of byPrefix('edge/')) {
    const [, a, b] = key.split('/') as [string, string, string]
    check(all.has(`edge/${b}/${a}`), `${key} has no reverse edge`)
    check(adjacency.has(a) && adjacency.has(b), `${key} joins an unregistered collective`)
    adjacency.get(a)!.push(b)
  }
  const component = new Map<string, number>()
  let components = 0
  for (const start of adjacency.keys()) {
    if (component.has(start)) continue
    const queue = [start]
    component.set(start, components)
    while (queue.length) {
      for (const peer of adjacency.get(queue.shift()!)!) {
        if (!component.has(peer)) {
          component.set(peer, components)
          queue.push(peer)
        }
      }
    }
    components++
  }
  const subsystemOf = new Map<number, string>()
  const genesis = all.get('meta/genesis')
  for (const [id, c] of collectives) {
    const comp = component.get(id)!
    if (!subsystemOf.has(comp)) subsystemOf.set(comp, c.subsystem)
    check(subsystemOf.get(comp) === c.subsystem, `collectives connected by trust are in different subsystems`)
    check(all.get(`member/${c.subsystem}/${id}`) === true, `member/${c.subsystem.slice(0, 8)}/${id.slice(0, 8)} is missing`)
    check(c.member === (id === genesis || adjacency.get(id)!.length > 0), `collective ${c.name}: member=${c.member} but it has ${adjacency.get(id)!.length} edges`)
  }
  check(new Set(subsystemOf.values()).size === components, 'two trust components share a subsystem')
  const members = byPrefix('member/')
  check(members.length === collectives.size, `${members.length} member/ keys for ${collectives.size} collectives`)
  const subsystems = byPrefix('subsystem/')
  check(subsystems.length === components, `${subsystems.length} subsystem records for ${components} components`)
  for (const [, s] of subsystems) {
    const size = [...collectives.values()].filter((c) => c.subsystem === s.id).length
    check(size === s.size, `subsystem ${s.id.slice(0, 8)} says size ${s.size}, has ${size}`)
  }

  // Invariant 6b: dispatcher stock and prices, recomputed from the lots (machines are not stock).
  const stock = new Map<string, [bigint, bigint]>()
  const price = new Map<string, [bigint, bigint]>()
  const add = (map: Map<string, [bigint, bigint]>, key: string, v: bigint, q: bigint) => {
    const [a, b] = map.get(key) ?? [0n, 0n]
    map.set(key, [a + v, b + q])
  }
  for (const lot of lots.values()) {
    const owner = collectives.get(lot.owner)
    if (!owner.roles.includes('dispatcher') || lot.tree) continue
    add(stock, `stock/${owner.id}/${lot.product}`, BigInt(lot.value), BigInt(lot.quantity))
    add(price, `price/${owner.subsystem}/${lot.product}`, BigInt(lot.value), BigInt(lot.quantity))
  }
  for (const [prefix, expected] of [['stock/', stock], ['price/', price]] as const) {
    const stored = byPrefix(prefix)
    const want = [...expected].filter(([, [v, q]]) => v !== 0n || q !== 0n)
    check(
      stored.length === want.length && stored.every(([k, r]) => expected.get(k)?.[0] === BigInt(r.value) && expected.get(k)?.[1] === BigInt(r.quantity)),
      () => `${prefix} differs from the lots: stored ${JSON.stringify(stored)} expected ${JSON.stringify(want.map(([k, [v, q]]) => [k, String(v), String(q)]))}`
    )
  }

  // Pending transactions and their per-signer index agree.
  const pendingFor = new Set(byPrefix('pendingFor/').map(([k]) => k))
  let expectedFor = 0
  for (const [, p] of byPrefix('pending/')) {
    for (const s of p.missing) {
      check(pendingFor.has(`pendingFor/${s}/${p.id}`), `pending ${p.id} lacks pendingFor of a missing signer`)
      expectedFor++
    }
  }
  check(pendingFor.size === expectedFor, 'a pendingFor key has no pending transaction')
}

/** A value tree is a DAG from its root over known elements; a composite's d is the least of its children's. */
function checkTree(lot: string, tree: any): void {
  const elements = tree.elements as Record<string, any>
  check(Object.hasOwn(elements, tree.root), `lot ${lot}: the tree's root is not an element`)
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (id: string): void => {
    check(Object.hasOwn(elements, id), `lot ${lot}: tree element ${id} is missing`)
    if (state.get(id) === 'done') return
    check(state.get(id) !== 'visiting', `lot ${lot}: the tree has a cycle through ${id}`)
    state.set(id, 'visiting')
    const e = elements[id]
    for (const child of e.children) visit(child)
    if (e.children.length > 0) {
      const least = e.children.map((c: string) => BigInt(elements[c].d)).reduce((a: bigint, b: bigint) => (b < a ? b : a))
      check(BigInt(e.d) === least, `lot ${lot}: element ${id} has d ${e.d}, its children at least ${least}`)
    }
    state.set(id, 'done')
  }
  visit(tree.root)
  check(state.size === Object.keys(elements).length, `lot ${lot}: the tree has elements its root does not reach`)
  for (const id of Object.keys(tree.products)) check(Object.hasOwn(elements, id), `lot ${lot}: a product name for a missing element`)
}

/** The shadow kept from the batches equals the store: nothing was changed in place behind the ledger's back. */
export function checkShadow(store: RecordingStore): void {
  const actual = [...store.entries()]
  check(actual.length === store.shadow.size, 'the store has keys no batch wrote')
  for (const [key, value] of actual) {
    check(store.shadow.get(key) === JSON.stringify(value), () => `${key} was changed in place, outside any batch: ${store.shadow.get(key)} → ${JSON.stringify(value)}`)
  }
}
