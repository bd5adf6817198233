// A report as one CSV table for spreadsheets: every figure and every detail a row, amounts
// in µmin (exact) and in minutes (for reading). Drawn from the report body alone.
import Papa from 'papaparse'
import { formatMinutes } from '../economics/index.ts'
import type { Report } from './model.ts'
import { SUBSYSTEM_REPORT_FORMAT, type SubsystemReport } from './subsystem-model.ts'


export const CSV_COLUMNS = ['section', 'item', 'name', 'kind', 'quantity', 'micro_minutes', 'minutes', 'note'] as const

type Row = Record<(typeof CSV_COLUMNS)[number], string>

/** A collective's report, or a subsystem's (subsystem-csv.ts), as one table. */
export function reportCsv(report: Report | SubsystemReport): string {
  return report.format === SUBSYSTEM_REPORT_FORMAT ? subsystemCsv(report) : collectiveCsv(report)
}

function collectiveCsv(report: Report): string {
  const name = (id: string | undefined) => (id ? (report.names[id] ?? '') : '')
  const rows: Row[] = []
  const row = (r: Partial<Row> & { section: string; item: string }, micro?: string) =>
    rows.push({ name: '', kind: '', quantity: '', note: '', ...r, micro_minutes: micro ?? '', minutes: micro === undefined ? '' : formatMinutes(BigInt(micro)) })
  const s = report.statement
  row({ section: 'report', item: report.collective.id, name: report.collective.name, note: `period ${report.period}` })
  for (const figure of ['a', 'c', 'claimable', 'w', 'stockStart', 'stockEnd'] as const) row({ section: 'statement', item: figure }, s[figure])
  row({ section: 'statement', item: 'workloads', quantity: String(s.workloads) })
  for (const [kind, value] of Object.entries(s.movements)) row({ section: 'statement', item: `movements.${kind}` }, value)
  for (const figure of ['a', 'c', 'w', 'wRaw', 'debtIn', 'debtOut', 'taxed', 'claimable', 'rounding'] as const) row({ section: 'revision', item: figure }, report.revision[figure])
  for (const w of report.work) {
    row({ section: 'work', item: w.wallet, kind: 'minutes', quantity: String(w.workloads) }, w.minutes)
    row({ section: 'work', item: w.wallet, kind: 'commons' }, w.commons)
    row({ section: 'work', item: w.wallet, kind: 'claimable' }, w.claimable)
  }
  for (const p of report.productions) {
    for (const part of ['workloads', 'consumed', 'transfers', 'components', 'value'] as const) row({ section: 'production', item: p.id, name: name(p.product), kind: part, note: p.commons ? 'commons' : '' }, p[part])
    for (const o of p.outputs) row({ section: 'output', item: o.lot, name: name(o.product), kind: p.id, quantity: o.quantity }, o.value)
  }
  for (const m of report.movements) {
    row({ section: 'movement', item: m.lot, name: name(m.product), kind: m.kind, quantity: m.quantity, note: [m.type, m.counterparty ? name(m.counterparty) || m.counterparty : '', m.reason ?? ''].filter(Boolean).join('; ') }, m.value)
  }
  return Papa.unparse(rows, { columns: [...CSV_COLUMNS], newline: '\n' }) + '\n'
}

/** A subsystem's report: its figures, each collective's totals, the prices and the parity. */
function subsystemCsv(report: SubsystemReport): string {
  const name = (id: string) => report.names[id] ?? ''
  const rows: Row[] = []
  const row = (r: Partial<Row> & { section: string; item: string }, micro?: string) =>
    rows.push({ name: '', kind: '', quantity: '', note: '', ...r, micro_minutes: micro ?? '', minutes: micro === undefined ? '' : formatMinutes(BigInt(micro)) })
  const s = report.statement
  row({ section: 'report', item: report.subsystem, name: report.maker.name, note: `subsystem, period ${report.period}, made by ${report.maker.id}` })
  for (const figure of ['a', 'c', 'w', 'wRaw', 'taxed', 'claimable', 'rounding'] as const) row({ section: 'subsystem', item: figure }, s[figure])
  for (const c of report.collectives) {
    row({ section: 'collective', item: c.collective, name: name(c.collective), kind: 'workloads', quantity: String(c.workloads) })
    for (const figure of ['a', 'c', 'claimable', 'w', 'stockStart', 'stockEnd'] as const) row({ section: 'collective', item: c.collective, name: name(c.collective), kind: figure }, c[figure])
    for (const [kind, value] of Object.entries(c.movements)) row({ section: 'collective', item: c.collective, name: name(c.collective), kind: `movements.${kind}` }, value)
  }
  for (const p of s.prices) {
    const perUnit = BigInt(p.quantity) === 0n ? '' : formatMinutes(BigInt(p.value) / BigInt(p.quantity))
    row({ section: 'price', item: p.product, name: name(p.product), quantity: p.quantity, note: perUnit && `${perUnit} min per unit` }, p.value)
  }
  for (const [kind, value] of Object.entries(s.parity)) row({ section: 'parity', item: kind }, value)
  return Papa.unparse(rows, { columns: [...CSV_COLUMNS], newline: '\n' }) + '\n'
}
