// Making a report from the view: the collective's statement of the month and every detail
// behind it, all of it fixed once the month is closed, so any replica makes the same body.
import { keys } from '../ledger/keys.ts'
import { read } from '../ledger/queries.ts'
import type { MovementItem } from '../ledger/movements.ts'
import type { KeyValueStore } from '../ledger/store.ts'
import type { Statement, StatementRecord } from '../ledger/statements.ts'
import { claimable } from '../economics/index.ts'
import { revisionNumbers } from '../ledger/handlers/revision.ts'
import { ReportError } from './errors.ts'
import { REPORT_FORMAT, type Report, type ReportMovement, type ReportProduction, type ReportWork } from './model.ts'

async function* range<T>(store: KeyValueStore, gte: string, lt: string): AsyncIterable<[string, T]> {
  for await (const [key, value] of store.range({ gte, lt })) yield [key, value as T]
}

/** The statement as the tree holds it: without its index. */
export function plainStatement(record: StatementRecord): Statement {
  const { index: _, ...statement } = record
  return statement
}

/** The report body of `collective`'s month `period`; ReportError NO_STATEMENT before its final revision. */
export async function makeReport(store: KeyValueStore, collective: string, period: string): Promise<{ report: Report; index: number }> {
  const record = await read(store, keys.statement(collective, period))
  if (!record) throw new ReportError('NO_STATEMENT', `${period} has no statement for this collective: its final revision has not closed it yet`)
  const statement = plainStatement(record)
  const revision = (await read(store, keys.revision(statement.revision, statement.subsystem)))!
  const names = new Map<string, string>()
  const name = async (id: string, kind: 'collective' | 'product') => {
    if (names.has(id)) return
    const found = (await store.get(kind === 'collective' ? keys.collective(id) : keys.product(id))) as { name: string } | undefined
    names.set(id, found?.name ?? '')
  }
  await name(collective, 'collective')

  const work = await workOf(store, collective, period, revisionNumbers(revision))
  const movements: ReportMovement[] = []
  // The month's movements: those its bucket summed (movements.ts), in log order.
  const month = keys.movedIn(collective, period)
  for await (const [key, item] of range<MovementItem>(store, month, month + '\uffff')) {
    const seq = Number(key.split('/')[3])
    const movement: ReportMovement = { ...item, seq }
    if (item.kind === 'writtenOff') {
      const writeoff = await read(store, keys.writeoff(item.tx))
      if (writeoff) movement.reason = writeoff.reason
    }
    movements.push(movement)
    await name(item.product, 'product')
    if (item.counterparty) await name(item.counterparty, 'collective')
  }
  const productions = await productionsOf(store, movements)
  for (const p of productions) await name(p.product, 'product')

  const report: Report = {
    format: REPORT_FORMAT,
    collective: { id: collective, name: names.get(collective) ?? '' },
    period,
    statement,
    revision: {
      tx: revision.tx,
      subsystem: revision.subsystem,
      members: revision.members.length,
      a: revision.a,
      c: revision.c,
      w: revision.w,
      wRaw: revision.wRaw,
      debtIn: revision.debtIn,
      debtOut: revision.debtOut,
      taxed: revision.taxed,
      claimable: revision.claimable,
      rounding: revision.rounding
    },
    work,
    productions,
    movements,
    names: Object.fromEntries([...names.entries()].sort(([x], [y]) => (x < y ? -1 : 1)))
  }
  return { report, index: record.index }
}

/** Work by wallet: workloads, µmin, the commons part and the coupons they may claim. */
async function workOf(store: KeyValueStore, collective: string, period: string, revision: ReturnType<typeof revisionNumbers>): Promise<ReportWork[]> {
  const byWallet = new Map<string, { workloads: number; minutes: bigint; commons: bigint; claimable: bigint }>()
  const prefix = keys.workloadsIn(collective, period)
  for await (const [key] of range(store, prefix, prefix + '\uffff')) {
    const workload = (await read(store, keys.workload(key.slice(key.lastIndexOf('/') + 1))))!
    const minutes = BigInt(workload.minutes)
    const w = byWallet.get(workload.wallet) ?? { workloads: 0, minutes: 0n, commons: 0n, claimable: 0n }
    w.workloads++
    w.minutes += minutes
    if (workload.commons) w.commons += minutes
    w.claimable += claimable(minutes, revision)
    byWallet.set(workload.wallet, w)
  }
  return [...byWallet.entries()]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([wallet, w]) => ({ wallet, workloads: w.workloads, minutes: String(w.minutes), commons: String(w.commons), claimable: String(w.claimable) }))
}

/** The productions whose output the period's movements record, with their value balance. */
async function productionsOf(store: KeyValueStore, movements: ReportMovement[]): Promise<ReportProduction[]> {
  const out: ReportProduction[] = []
  const seen = new Map<string, ReportProduction>()
  for (const m of movements) {
    if (m.kind !== 'made' || !m.production) continue
    let p = seen.get(m.production)
    if (!p) {
      const record = (await read(store, keys.production(m.production)))!
      const components = record.components.reduce((sum, c) => sum + BigInt(c.value), 0n)
      p = { id: record.id, product: record.product, commons: record.commons, workloads: record.workloads, consumed: record.consumed, transfers: record.transfers, components: String(components), value: record.value, outputs: [] }
      seen.set(m.production, p)
      out.push(p)
    }
    p.outputs.push({ lot: m.lot, product: m.product, quantity: m.quantity, value: m.value })
  }
  return out
}
