// The report for people: a PDF drawn from the signed report, carrying it as report.json.
// It renders (poppler's pdftoppm), verifies like the JSON, and a figure changed in its
// embedded data fails. STACHANOV_SCREENSHOTS=1 writes its first page to docs/screenshots.
import { execFile } from 'node:child_process'
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { PDFDocument } from 'pdf-lib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canonical } from '../../core/protocol/canonical.ts'
import { makeReport } from '../../core/reports/make.ts'
import { extractReport, replaceReport } from '../../core/reports/pdf-attachment.ts'
import { renderReportPdf } from '../../core/reports/pdf.ts'
import { encodeReport, proofFor, signReport } from '../../core/reports/sign.ts'
import { verifyReport } from '../../core/reports/verify.ts'
import { bakeryApril, checkpointOf } from '../helpers/reports.ts'

const run = promisify(execFile)
let dir: string
let file: string
let pdf: Uint8Array
let councilKey: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stachanov-pdf-'))
  const h = await bakeryApril()
  const { report, index } = await makeReport(h.store, h.c('Mill').id, '2026-04')
  const checkpoint = await checkpointOf(h.store)
  councilKey = checkpoint.councilKey
  file = encodeReport(signReport(report, h.c('Mill').identity, await proofFor(h.store, index, checkpoint)))
  pdf = await renderReportPdf(file)
}, 60_000)
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('report PDF', () => {
  it('renders: pdftoppm draws its pages', async () => {
    const path = join(dir, 'report.pdf')
    await writeFile(path, pdf)
    await run('pdftoppm', ['-png', '-r', '100', '-f', '1', '-l', '1', '-singlefile', path, join(dir, 'page')])
    const png = await readFile(join(dir, 'page.png'))
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    // 100 dpi A4: 827 × 1170 pixels.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([827, 1170])
    expect(png.byteLength).toBeGreaterThan(20_000)
    const doc = await PDFDocument.load(pdf)
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1)
    expect(doc.getTitle()).toBe('Report of Mill, April 2026')
    if (process.env.STACHANOV_SCREENSHOTS) await copyFile(join(dir, 'page.png'), new URL('../../docs/screenshots/report.png', import.meta.url).pathname)
  })

  it('carries the signed report, byte for byte, and verifies from the PDF as valid', async () => {
    expect((await extractReport(pdf))!.toString('utf8')).toBe(file)
    const verdict = await verifyReport(pdf, { councilKey })
    expect(verdict.verdict, verdict.reason).toBe('valid')
    expect(verdict.report!.collective.name).toBe('Mill')
  })

  it('fails when one figure of its embedded data changes, or when it carries no report', async () => {
    const signed = JSON.parse(file)
    signed.report.statement.a = String(BigInt(signed.report.statement.a) + 60_000_000n)
    const tampered = await replaceReport(pdf, Buffer.from(canonical(signed) + '\n'))
    expect(JSON.parse((await extractReport(tampered))!.toString()).report.statement.a).toBe(signed.report.statement.a)
    const verdict = await verifyReport(tampered, { councilKey })
    expect(verdict).toMatchObject({ verdict: 'signature-invalid', who: { name: 'Mill' } })

    const bare = await PDFDocument.create()
    bare.addPage()
    expect(await verifyReport(await bare.save(), { councilKey })).toMatchObject({ verdict: 'malformed', reason: 'the PDF carries no signed report (report.json)' })
  })
})
