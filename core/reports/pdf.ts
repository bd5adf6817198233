// The report for people: a PDF drawn from the signed report alone, with the signed JSON
// embedded as an attachment (report.json), so the paper and the proof travel together and
// `stachanov report verify` reads the PDF as it reads the JSON.
import { formatMinutes } from '../economics/index.ts'
import { statementHash } from '../ledger/statements.ts'
import { PageWriter } from './pdf-layout.ts'
import { min, monthName, proofBox, reportDocument, short } from './pdf-format.ts'
import { parseReport } from './verify.ts'
import { readJson } from './verdict.ts'
import { ReportError } from './errors.ts'
import type { Report } from './model.ts'
import { SUBSYSTEM_REPORT_FORMAT } from './subsystem-model.ts'
import { renderSubsystemPdf } from './subsystem-pdf.ts'

/** Renders the signed report file (its exact text; a collective's or a subsystem's) as a PDF carrying that text. */
export async function renderReportPdf(file: string): Promise<Uint8Array> {
  const read = readJson(file)
  if (read.ok && (read.json as { report?: { format?: unknown } } | null)?.report?.format === SUBSYSTEM_REPORT_FORMAT) return renderSubsystemPdf(file)
  const parsed = parseReport(file)
  if (!parsed.ok) throw new ReportError('NOT_A_REPORT', parsed.reason)
  const { report, proof } = parsed.value
  const doc = await reportDocument(file, {
    title: `Report of ${report.collective.name}, ${monthName(report.period)}`,
    author: report.collective.name,
    subject: `Signed report ${report.collective.id} ${report.period}`,
    period: report.period
  })
  const w = await PageWriter.create(doc)
  const name = (id: string | undefined) => (id ? report.names[id] || short(id) : '')
  const s = report.statement

  // Title and the proof box with its QR code.
  w.text(`Report of ${report.collective.name}`, { size: 20, bold: true, gap: 0 })
  w.text(monthName(report.period), { size: 14, gap: 6 })
  w.text(`Collective ${report.collective.id}`, { size: 8, gap: 8 })
  w.text(`Subsystem ${s.subsystem}   Final revision ${short(s.revision)}`, { size: 8 })
  proofBox(w, proof, statementHash(s).toString('hex'), `statement ${proof.index + 1}`)
  w.paragraph('The signed report is attached to this file (report.json). Verify it with `stachanov report verify <this file>` or the app\'s Verify screen: the collective\'s signature, the figures below, the inclusion path and the council\'s signature.')

  statementSection(w, report)
  w.heading('Value movements')
  w.bars(
    (['in', 'out', 'made', 'used', 'writtenOff', 'dispatched'] as const).map((kind) => ({ label: MOVEMENT_LABELS[kind], value: BigInt(s.movements[kind]), shown: `${min(s.movements[kind])} min` }))
  )
  w.heading('Work by wallet')
  w.bars(report.work.map((x) => ({ label: short(x.wallet), value: BigInt(x.minutes), shown: `${min(x.minutes)} min` })).slice(0, 12))
  w.table(
    [{ title: 'Wallet (pseudonym)', width: 165 }, { title: 'Workloads', width: 60, align: 'right' }, { title: 'Minutes', width: 80, align: 'right' }, { title: 'Commons', width: 80, align: 'right' }, { title: 'Coupons claimable', width: 110, align: 'right' }],
    report.work.map((x) => [x.wallet.slice(0, 24) + '...', String(x.workloads), min(x.minutes), min(x.commons), min(x.claimable)])
  )
  productionsSection(w, report, name)
  w.heading('Transfers, write-offs and dispatches')
  w.table(
    [{ title: 'Kind', width: 70 }, { title: 'Product', width: 95 }, { title: 'Qty', width: 45, align: 'right' }, { title: 'Minutes', width: 80, align: 'right' }, { title: 'With / why', width: 205 }],
    report.movements.filter((m) => m.kind !== 'made' && m.kind !== 'used').map((m) => [MOVEMENT_LABELS[m.kind], name(m.product), m.quantity, min(m.value), m.reason ?? (m.counterparty ? name(m.counterparty) : m.type)])
  )
  w.finish(`${report.collective.name}, ${monthName(report.period)}: signed report ${short(statementHash(s).toString('hex'))}`)
  return doc.save({ useObjectStreams: false })
}

const MOVEMENT_LABELS = { in: 'Received', out: 'Given', made: 'Made', used: 'Used in production', writtenOff: 'Written off', dispatched: 'Dispatched', other: 'Other' } as const

function statementSection(w: PageWriter, report: Report): void {
  const s = report.statement
  const r = report.revision
  const rate = BigInt(r.a) === 0n ? '0.00' : formatMinutes((BigInt(r.taxed) * 100_000_000n) / BigInt(r.a), 2)
  w.heading('Statement of the month')
  w.table(
    [{ title: 'Figure', width: 300 }, { title: 'Minutes', width: 195, align: 'right' }],
    [
      ['Work (a), ' + s.workloads + ' workloads', min(s.a)],
      ['of it commons (c)', min(s.c)],
      ['Coupons claimable from this work', min(s.claimable)],
      ['Exclusive write-offs counted for the tax (w)', min(s.w)],
      ['Stock at the start', min(s.stockStart)],
      ['+ received, made; - given, used, written off, dispatched', min(BigInt(s.stockEnd) - BigInt(s.stockStart))],
      ['Stock at the end', min(s.stockEnd)],
      [`Subsystem: a ${min(r.a)}, c ${min(r.c)}, w ${min(r.w)}`, ''],
      [`Subsystem tax: taxed ${min(r.taxed)} of a, rate ${rate} %`, min(r.taxed)]
    ]
  )
}

function productionsSection(w: PageWriter, report: Report, name: (id: string | undefined) => string): void {
  if (report.productions.length === 0) return
  w.heading('Production runs: what went in, what came out')
  w.table(
    [{ title: 'Product', width: 95 }, { title: 'Work', width: 70, align: 'right' }, { title: 'Inputs', width: 70, align: 'right' }, { title: 'Wear', width: 60, align: 'right' }, { title: 'Parts', width: 60, align: 'right' }, { title: 'Value', width: 70, align: 'right' }, { title: 'Out (qty)', width: 70, align: 'right' }],
    report.productions.map((p) => [
      `${name(p.product)}${p.commons ? ' (commons)' : ''}`,
      min(p.workloads),
      min(p.consumed),
      min(p.transfers),
      min(p.components),
      min(p.value),
      p.outputs.reduce((n, o) => n + BigInt(o.quantity), 0n).toString()
    ])
  )
}
