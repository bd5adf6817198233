// The resulting view of a ledger, with names in place of keys and minutes beside µmin:
// what `stachanov scenario run` and `stachanov replay` print (`--json`: this object; its
// schema is documented in docs/scenarios.md).
import { formatMinutes, toDecimal } from '../economics/index.ts'
import * as q from '../ledger/queries.ts'
import type { KeyValueStore } from '../ledger/store.ts'

/** µmin → minutes without trailing zeros ("4468", "524.545"). */
export function minutes(micro: string | bigint): string {
  const text = formatMinutes(BigInt(micro), 6)
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text
}

export interface Names {
  /** Key (hex) → name, for collectives and wallets. */
  keys: Map<string, string>
  /** Transaction id → step label. */
  labels: Map<string, string>
}

export async function buildView(store: KeyValueStore, names: Names) {
  const name = (key: string) => names.keys.get(key) ?? `${key.slice(0, 8)}…`
  const products = await q.products(store)
  const productName = new Map(products.map((p) => [p.id, p.name]))
  const pname = (id: string) => productName.get(id) ?? `${id.slice(0, 8)}…`
  const subsystems = await q.subsystems(store)
  const subsystemName = new Map(subsystems.map((s) => [s.id, s.members.map(name).sort().join(' + ')]))
  const sname = (id: string) => subsystemName.get(id) ?? `${id.slice(0, 8)}…`
  const { digest, length } = await q.digest(store)

  const lots = (await q.lots(store)).map((lot) => {
    const view: Record<string, unknown> = {
      id: lot.id,
      label: names.labels.get(lot.createdBy),
      product: pname(lot.product),
      owner: name(lot.owner),
      quantity: lot.quantity,
      value: lot.value,
      valueMinutes: minutes(lot.value)
    }
    if (lot.allocatedTo) view.allocatedTo = names.labels.get(lot.allocatedTo) ?? lot.allocatedTo
    const tree = q.treeTable(lot, productName)
    if (tree) {
      view.tree = tree.map(({ root: _, ...row }) => ({ ...row, v: minutes(row.v), vStar: minutes(row.vStar), transferred: minutes(row.transferred) }))
    }
    return view
  })

  return {
    digest,
    length,
    collectives: (await q.collectives(store)).map((c) => ({ name: c.name, id: c.id, roles: c.roles, member: c.member, subsystem: sname(c.subsystem) })),
    subsystems: subsystems.map((s) => ({
      name: sname(s.id),
      id: s.id,
      members: s.members.map(name).sort(),
      commons: s.commons.map(pname).sort(),
      debtMinutes: minutes(s.debt)
    })),
    trust: (await q.edges(store)).map((e) => [name(e.a), name(e.b)].sort()),
    products: products.map((p) => ({ name: p.name, unit: p.unit, kind: p.kind, ...(p.durability ? { durability: p.durability } : {}) })),
    lots,
    productions: (await q.productions(store)).map((p) => ({
      id: p.id,
      label: names.labels.get(p.id),
      producer: name(p.producer),
      product: pname(p.product),
      commons: p.commons,
      status: p.status,
      valueMinutes: minutes(p.value),
      workloadsMinutes: minutes(p.workloads),
      consumedMinutes: minutes(p.consumed),
      transfersMinutes: minutes(p.transfers),
      transfers: p.transfers
    })),
    revisions: (await q.revisions(store)).map((r) => ({
      period: r.period,
      subsystem: sname(r.subsystem),
      members: r.members.map(name).sort(),
      aMinutes: minutes(r.a),
      cMinutes: minutes(r.c),
      wMinutes: minutes(r.w),
      debtMinutes: minutes(r.debtOut),
      taxedMinutes: minutes(r.taxed),
      tax: toDecimal(r.rate, 6),
      claimableMinutes: minutes(r.claimable),
      rounding: r.rounding
    })),
    wallets: (await q.wallets(store)).map((w) => ({
      name: name(w.wallet),
      key: w.wallet,
      balances: w.balances.map((b) => ({ origin: name(b.origin), minutes: minutes(b.amount), amount: b.amount })),
      totalMinutes: minutes(w.balances.reduce((s, b) => s + BigInt(b.amount), 0n))
    })),
    prices: (
      await Promise.all(
        subsystems.map(async (s) =>
          (await q.prices(store, s.id)).map((p) => ({
            subsystem: sname(s.id),
            product: pname(p.product),
            quantity: p.quantity,
            valueMinutes: minutes(p.value),
            perUnitMinutes: p.perUnit ? toDecimal({ num: p.perUnit.num, den: p.perUnit.den * 1_000_000n }, 6) : null
          }))
        )
      )
    ).flat(),
    splits: await Promise.all(
      (await q.splits(store)).map(async (split) => {
        const parity = (await q.parity(store, split.id))!
        return {
          id: split.id,
          label: names.labels.get(split.id),
          parts: parity.parts.map((p) => ({ members: p.members.map(name).sort(), couponsMinutes: minutes(p.coupons), goodsMinutes: minutes(p.goods) }))
        }
      })
    ),
    rejections: (await q.rejections(store, { limit: 1000 })).reverse().map((r) => ({ seq: r.seq, type: r.type, label: r.id ? names.labels.get(r.id) : undefined, code: r.code, reason: r.reason })),
    totals: Object.fromEntries(Object.entries(await q.totals(store)).map(([k, v]) => [`${k}Minutes`, minutes(v)]))
  }
}

export type View = Awaited<ReturnType<typeof buildView>>
