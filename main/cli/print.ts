// Human-readable printing of a ledger view for the terminal.
import Table from 'cli-table3'
import pc from 'picocolors'
import type { StepResult } from '../../core/scenario/run.ts'
import type { View } from '../../core/scenario/view.ts'

function table(head: string[], rows: Array<Array<string | number | boolean | undefined | null>>): string {
  const t = new Table({ head: head.map((h) => pc.bold(h)), style: { head: [], border: [] } })
  for (const row of rows) t.push(row.map((cell) => (cell === undefined || cell === null ? '' : String(cell))))
  return t.toString()
}

function section(title: string, body: string): string {
  return `\n${pc.bold(pc.underline(title))}\n${body}\n`
}

export function printSteps(steps: StepResult[]): string {
  const rows = steps
    .filter((s) => s.step > 0)
    .map((s) => [
      s.step,
      s.label ?? '',
      s.type,
      s.ok ? (s.status === 'rejected' ? pc.yellow(`${s.status} ${s.code}`) : pc.green(s.status)) : pc.red(`${s.status} ${s.code ?? ''}`),
      s.reason ?? s.note ?? ''
    ])
  return section('Steps', table(['#', 'label', 'type', 'outcome', 'reason / note'], rows))
}

export function printView(view: View): string {
  let out = ''
  out += section('Subsystems', table(['subsystem', 'members', 'commons', 'write-off debt (min)'], view.subsystems.map((s) => [s.name, s.members.join(', '), s.commons.join(', '), s.debtMinutes])))
  out += section('Lots', table(['product', 'owner', 'quantity', 'value (min)', 'allocated to'], view.lots.map((l) => [l.product as string, l.owner as string, l.quantity as string, l.valueMinutes as string, l.allocatedTo as string])))
  out += section('Productions', table(['production', 'producer', 'product', 'status', 'commons', 'work', 'consumed', 'machines', 'value (min)'], view.productions.map((p) => [p.label ?? p.id.slice(0, 8), p.producer, p.product, p.status, p.commons, p.workloadsMinutes, p.consumedMinutes, p.transfersMinutes, p.valueMinutes])))
  if (view.revisions.length) {
    out += section('Final revisions', table(['period', 'subsystem', 'a', 'c', 'w', 'tax', 'debt', 'rounding (µmin)'], view.revisions.map((r) => [r.period, r.subsystem, r.aMinutes, r.cMinutes, r.wMinutes, r.tax, r.debtMinutes, r.rounding])))
  }
  if (view.wallets.length) {
    out += section('Wallets (coupons by origin, minutes)', table(['wallet', 'balances', 'total'], view.wallets.map((w) => [w.name, w.balances.map((b) => `${b.origin}: ${b.minutes}`).join(', '), w.totalMinutes])))
  }
  if (view.prices.length) {
    out += section('Prices (socially necessary labour time per unit)', table(['subsystem', 'product', 'quantity', 'minutes per unit'], view.prices.map((p) => [p.subsystem, p.product, p.quantity, p.perUnitMinutes])))
  }
  for (const split of view.splits) {
    out += section(`Split ${split.label ?? split.id.slice(0, 8)}: parity of the parts`, table(['part', 'coupons outstanding (min)', 'exclusive goods at dispatchers (min)'], split.parts.map((p) => [p.members.join(', '), p.couponsMinutes, p.goodsMinutes])))
  }
  if (view.rejections.length) {
    out += section('Rejections', table(['#', 'type', 'code', 'reason'], view.rejections.map((r) => [r.seq, r.type, r.code, r.reason])))
  }
  out += `\n${pc.bold('State digest')} ${view.digest} after ${view.length} entries\n`
  return out
}
