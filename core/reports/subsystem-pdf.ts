// A subsystem's report for people: the subsystem's month and tax, the parity of coupons and
// goods, the totals of each collective, and the prices, drawn from the signed report alone
// and carrying it as report.json like a collective's report.
import { formatMinutes } from '../economics/index.ts'
import { statementHash } from '../ledger/statements.ts'
import { ReportError } from './errors.ts'
import { grouped, min, monthName, proofBox, reportDocument, short } from './pdf-format.ts'
import { PageWriter } from './pdf-layout.ts'
import { signedSubsystemReportSchema } from './subsystem-model.ts'
import { parseWith, readJson } from './verdict.ts'

export async function renderSubsystemPdf(file: string): Promise<Uint8Array> {
  const read = readJson(file)
  const parsed = read.ok ? parseWith(signedSubsystemReportSchema, read.text, read.json) : read
  if (!parsed.ok) throw new ReportError('NOT_A_REPORT', parsed.reason)
  const { report, proof } = parsed.value
  const s = report.statement
  const name = (id: string) => report.names[id] || short(id)
  const doc = await reportDocument(file, {
    title: `Subsystem report, ${monthName(report.period)}`,
    author: report.maker.name,
    subject: `Signed subsystem report ${report.subsystem} ${report.period}`,
    period: report.period
  })
  const w = await PageWriter.create(doc)

  w.text('Report of a subsystem', { size: 20, bold: true, gap: 0 })
  w.text(`${monthName(report.period)}: ${report.collectives.length} collectives`, { size: 14, gap: 6 })
  w.text(`Subsystem ${report.subsystem}`, { size: 8, gap: 8 })
  w.text(`Made and signed by ${report.maker.name} (${short(report.maker.id)})   Final revision ${short(s.revision)}`, { size: 8 })
  proofBox(w, proof, statementHash(s).toString('hex'), `${report.collectives.length + 1} statements`)
  w.paragraph(
    "The signed report is attached to this file (report.json). Verify it with `stachanov report verify <this file>` or the app's Verify screen: the maker's signature, that the collectives' figures add up to the subsystem's, each statement's inclusion path and the council's signature."
  )

  const rate = BigInt(s.a) === 0n ? '0.00' : formatMinutes((BigInt(s.taxed) * 100_000_000n) / BigInt(s.a), 2)
  w.heading('The month of the subsystem')
  w.table(
    [{ title: 'Figure', width: 300 }, { title: 'Minutes', width: 195, align: 'right' }],
    [
      ['Work of all its collectives (a)', min(s.a)],
      ['Commons (c)', min(s.c)],
      [`Write-offs counted (w), of ${min(s.wRaw)} written off`, min(s.w)],
      [`Tax: taxed minutes, rate ${rate} %`, min(s.taxed)],
      ['Coupons claimable from the month\'s work', min(s.claimable)],
      ['Rounding account', min(s.rounding)]
    ]
  )
  w.heading('Parity of coupons and goods')
  w.bars([
    { label: 'Coupons outstanding', value: BigInt(s.parity.coupons), shown: `${min(s.parity.coupons)} min` },
    { label: 'Exclusive goods', value: BigInt(s.parity.exclusiveGoods), shown: `${min(s.parity.exclusiveGoods)} min` },
    { label: 'Commons goods', value: BigInt(s.parity.commonsGoods), shown: `${min(s.parity.commonsGoods)} min` }
  ])
  w.paragraph("Coupons outstanding from the collectives' work, against the value of the goods their dispatchers hold at the final revision: exclusive goods redeem coupons, commons goods need none.")

  w.heading('Totals per collective')
  w.bars(report.collectives.map((c) => ({ label: name(c.collective), value: BigInt(c.a), shown: `${min(c.a)} min` })).slice(0, 12))
  w.table(
    [
      { title: 'Collective', width: 95 },
      { title: 'Workloads', width: 50, align: 'right' },
      { title: 'Work', width: 70, align: 'right' },
      { title: 'Coupons', width: 70, align: 'right' },
      { title: 'Written off', width: 65, align: 'right' },
      { title: 'Stock start', width: 70, align: 'right' },
      { title: 'Stock end', width: 75, align: 'right' }
    ],
    report.collectives.map((c) => [name(c.collective), String(c.workloads), min(c.a), min(c.claimable), min(c.movements.writtenOff), min(c.stockStart), min(c.stockEnd)])
  )
  w.heading('Prices: socially necessary labour time')
  w.table(
    [{ title: 'Product', width: 175 }, { title: 'Quantity held', width: 90, align: 'right' }, { title: 'Value', width: 110, align: 'right' }, { title: 'Per unit', width: 120, align: 'right' }],
    s.prices.map((p) => [name(p.product), p.quantity, min(p.value), BigInt(p.quantity) === 0n ? '' : min(BigInt(p.value) / BigInt(p.quantity))])
  )
  w.text(`Leaf hash of the subsystem's statement: ${grouped(statementHash(s).toString('hex'))}`, { size: 7 })
  w.finish(`Subsystem ${short(report.subsystem)}, ${monthName(report.period)}: signed by ${report.maker.name}`)
  return doc.save({ useObjectStreams: false })
}
