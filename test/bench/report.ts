// A month's report of a collective with 10,000 workloads (core/reports/), timed: making it
// from the view and signing it, verifying it (offline; and against a replica, which makes it
// again), drawing its PDF and verifying the PDF. CPU seconds of this process, best of
// BENCH_REPEAT (default 3). BENCH_REPORT_WORKLOADS changes the number of workloads.
// Then the same steps for the month's report of a subsystem of BENCH_SUBSYSTEM_COLLECTIVES
// (default 50) collectives sharing 10,000 workloads: a statement and an inclusion path each.
//
//   node --import tsx test/bench/report.ts     (alone; npm run bench runs it too)
import { pathToFileURL } from 'node:url'
import { makeReport } from '../../core/reports/make.ts'
import { renderReportPdf } from '../../core/reports/pdf.ts'
import { encodeReport, proofFor, signReport } from '../../core/reports/sign.ts'
import { verifyReport } from '../../core/reports/verify.ts'
import { define, finalize, start } from '../helpers/economy.ts'
import { Harness } from '../helpers/harness.ts'
import { checkpointOf } from '../helpers/reports.ts'
import { makeSubsystemReport } from '../../core/reports/subsystem-make.ts'
import { signSubsystemReport, subsystemProofFor } from '../../core/reports/subsystem-sign.ts'

/** Every workload must count: a refused one would make the report smaller than the bench says. */
function accepted(outcome: { status: string; code?: string; reason?: string }): void {
  if (outcome.status !== 'accepted') throw new Error(`a workload was refused: ${outcome.code} ${outcome.reason}`)
}

async function cpu<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const before = process.cpuUsage()
  const value = await fn()
  const used = process.cpuUsage(before)
  return [(used.user + used.system) / 1e6, value]
}

export async function runReportBench(): Promise<void> {
  const workloads = Number(process.env.BENCH_REPORT_WORKLOADS ?? 10_000)
  const repeat = Number(process.env.BENCH_REPEAT ?? 3)
  const built = process.hrtime.bigint()
  const h = new Harness()
  await h.network([['Bakery', ['producer', 'dispatcher']]])
  const bread = await define(h, 'Bakery', 'Bread')
  const { production } = await start(h, 'Bakery', bread)
  for (let i = 0; i < workloads; i++) {
    // A thousand wallets: the month's workloads fall on one day or two, and a wallet may log 24 hours a day. The minutes vary so the claims round differently.
    accepted(await h.do('production.workload', { production, wallet: h.w(`Worker ${i % 1000}`).key, minutes: String(30_000_000 + (i % 7) * 1_000_001), performedAt: h.time }, ['Bakery']))
    // Keep the whole month inside April: about four minutes of declared time per workload.
    h.time -= 56_000
  }
  await h.do('production.output', { production, outputs: [{ product: bread, quantity: '1000' }] }, ['Bakery'])
  await finalize(h, '2026-04')
  const checkpoint = await checkpointOf(h.store)
  console.log(`\nReport bench: ${workloads.toLocaleString('en-US')} workloads of one collective in April, built in ${(Number(process.hrtime.bigint() - built) / 1e9).toFixed(1)} s`)

  const me = h.c('Bakery')
  const best = { make: Infinity, verify: Infinity, replica: Infinity, pdf: Infinity, verifyPdf: Infinity }
  let size = { json: 0, pdf: 0 }
  let verdicts = ''
  for (let i = 0; i < repeat; i++) {
    const [make, file] = await cpu(async () => {
      const { report, index } = await makeReport(h.store, me.id, '2026-04')
      return encodeReport(signReport(report, me.identity, await proofFor(h.store, index, checkpoint)))
    })
    const [verify, verdict] = await cpu(() => verifyReport(file, { councilKey: checkpoint.councilKey }))
    const [replica, againstLog] = await cpu(() => verifyReport(file, { councilKey: checkpoint.councilKey, store: h.store }))
    const [pdf, bytes] = await cpu(() => renderReportPdf(file))
    const [verifyPdf, pdfVerdict] = await cpu(() => verifyReport(bytes, { councilKey: checkpoint.councilKey }))
    verdicts = [verdict, againstLog, pdfVerdict].map((v) => v.verdict).join(', ') + `; the statement counts ${verdict.report!.statement.workloads} workloads`
    size = { json: file.length, pdf: bytes.byteLength }
    for (const [k, v] of Object.entries({ make, verify, replica, pdf, verifyPdf }) as Array<[keyof typeof best, number]>) best[k] = Math.min(best[k], v)
  }
  const rows: Array<[string, number]> = [
    ['make the report from the view, sign it (JSON)', best.make],
    ['verify the JSON offline (signature, figures, checkpoint, path)', best.verify],
    ['verify against a replica (makes it again and compares)', best.replica],
    ['draw the PDF (embeds the JSON)', best.pdf],
    ['verify the PDF', best.verifyPdf]
  ]
  printRows(repeat, rows)
  console.log(`JSON ${size.json.toLocaleString('en-US')} bytes, PDF ${size.pdf.toLocaleString('en-US')} bytes; verdicts: ${verdicts}`)
  await runSubsystemReportBench(workloads, repeat)
}

/** A subsystem of many collectives whose month holds `workloads` workloads in all: its report, timed like a collective's. */
async function runSubsystemReportBench(workloads: number, repeat: number): Promise<void> {
  const collectives = Number(process.env.BENCH_SUBSYSTEM_COLLECTIVES ?? 50)
  const built = process.hrtime.bigint()
  const h = new Harness()
  const names = Array.from({ length: collectives }, (_, i) => `Collective ${String(i).padStart(3, '0')}`)
  await h.network(names.map((name) => [name, ['producer', 'dispatcher']]))
  const runs = []
  for (const name of names) {
    const product = await define(h, name, `Bread of ${name}`)
    runs.push({ name, product, production: (await start(h, name, product)).production })
  }
  for (let i = 0; i < workloads; i++) {
    const run = runs[i % collectives]!
    accepted(await h.do('production.workload', { production: run.production, wallet: h.w(`Worker ${i % 1000}`).key, minutes: String(30_000_000 + (i % 7) * 1_000_001), performedAt: h.time }, [run.name]))
    h.time -= 56_000
  }
  for (const run of runs) await h.do('production.output', { production: run.production, outputs: [{ product: run.product, quantity: '100' }] }, [run.name])
  await finalize(h, '2026-04')
  const checkpoint = await checkpointOf(h.store)
  console.log(`\nSubsystem report bench: ${collectives} collectives, ${workloads.toLocaleString('en-US')} workloads in April, built in ${(Number(process.hrtime.bigint() - built) / 1e9).toFixed(1)} s`)

  const me = h.c(names[0]!)
  const best = { make: Infinity, verify: Infinity, replica: Infinity, pdf: Infinity, verifyPdf: Infinity }
  let size = { json: 0, pdf: 0 }
  let verdicts = ''
  for (let i = 0; i < repeat; i++) {
    const [make, file] = await cpu(async () => {
      const made = await makeSubsystemReport(h.store, me.id, '2026-04')
      return encodeReport(signSubsystemReport(made.report, me.identity, await subsystemProofFor(h.store, made, checkpoint)))
    })
    const [verify, verdict] = await cpu(() => verifyReport(file, { councilKey: checkpoint.councilKey }))
    const [replica, againstLog] = await cpu(() => verifyReport(file, { councilKey: checkpoint.councilKey, store: h.store }))
    const [pdf, bytes] = await cpu(() => renderReportPdf(file))
    const [verifyPdf, pdfVerdict] = await cpu(() => verifyReport(bytes, { councilKey: checkpoint.councilKey }))
    verdicts = [verdict, againstLog, pdfVerdict].map((v) => v.verdict).join(', ') + `; the collectives' statements count ${verdict.subsystemReport!.collectives.reduce((n, c) => n + c.workloads, 0)} workloads`
    size = { json: file.length, pdf: bytes.byteLength }
    for (const [k, v] of Object.entries({ make, verify, replica, pdf, verifyPdf }) as Array<[keyof typeof best, number]>) best[k] = Math.min(best[k], v)
  }
  printRows(repeat, [
    [`make the subsystem's report, ${collectives + 1} paths, sign it (JSON)`, best.make],
    ['verify the JSON offline (signature, sums, checkpoint, every path)', best.verify],
    ['verify against a replica (makes it again and compares)', best.replica],
    ['draw the PDF (embeds the JSON)', best.pdf],
    ['verify the PDF', best.verifyPdf]
  ])
  console.log(`JSON ${size.json.toLocaleString('en-US')} bytes, PDF ${size.pdf.toLocaleString('en-US')} bytes; verdicts: ${verdicts}`)
}

function printRows(repeat: number, rows: Array<[string, number]>): void {
  const width = Math.max(...rows.map(([name]) => name.length))
  console.log(`| ${`step (best of ${repeat})`.padEnd(width)} | CPU s |`)
  console.log(`|${'-'.repeat(width + 2)}|------:|`)
  for (const [name, s] of rows) console.log(`| ${name.padEnd(width)} | ${s.toFixed(3).padStart(5)} |`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runReportBench()
