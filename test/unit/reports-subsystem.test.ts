// A subsystem's report (docs/protocol.md §19.7): made from the view by one of its collectives,
// verified offline with specific verdicts, against a checkpoint made here by a real FROST
// council; refused with a code for an unknown subsystem, an open month or a maker outside.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { PDFDocument } from 'pdf-lib'
import { beforeAll, describe, expect, it } from 'vitest'
import { canonical } from '../../core/protocol/canonical.ts'
import { generateKeyPair, sign } from '../../core/protocol/crypto.ts'
import { reportCsv } from '../../core/reports/csv.ts'
import { encodeReport } from '../../core/reports/sign.ts'
import { extractReport, replaceReport } from '../../core/reports/pdf-attachment.ts'
import { renderReportPdf } from '../../core/reports/pdf.ts'
import { makeSubsystemReport } from '../../core/reports/subsystem-make.ts'
import { signSubsystemReport, subsystemProofFor } from '../../core/reports/subsystem-sign.ts'
import { subsystemSigningBytes } from '../../core/reports/subsystem-verify.ts'
import { verifyReport } from '../../core/reports/verify.ts'
import type { Harness } from '../helpers/harness.ts'
import { bakeryApril, checkpointOf } from '../helpers/reports.ts'

const run = promisify(execFile)
let h: Harness
let file: string
let councilKey: string
let subsystem: string
const ids = () => ['Mill', 'Bakery', 'Shop'].map((n) => h.c(n).id).sort()
beforeAll(async () => {
  h = await bakeryApril()
  const made = await makeSubsystemReport(h.store, h.c('Bakery').id, '2026-04')
  subsystem = made.report.subsystem
  const checkpoint = await checkpointOf(h.store)
  councilKey = checkpoint.councilKey
  file = encodeReport(signSubsystemReport(made.report, h.c('Bakery').identity, await subsystemProofFor(h.store, made, checkpoint)))
}, 60_000)

/** The file with its body changed by `change` and signed again by `by` (a maker who lies). */
const resigned = (change: (report: any) => void, by = 'Bakery', proof?: (p: any) => void): string => {
  const signed = JSON.parse(file)
  change(signed.report)
  proof?.(signed.proof)
  return canonical(signSubsystemReport(signed.report, h.c(by).identity, signed.proof)) + '\n'
}

describe('subsystem reports: made and verified', () => {
  it('round-trips: the totals per collective, prices and parity, covered by the checkpoint', async () => {
    const verdict = await verifyReport(file, { councilKey })
    expect(verdict.verdict, verdict.reason).toBe('valid')
    expect(verdict.reason).toMatch(/all 3 of its collectives'/)
    expect(verdict.checkpoint).toMatchObject({ epoch: 1, pinned: true })
    const report = verdict.subsystemReport!
    expect(report).toMatchObject({ format: 'stachanov-subsystem-report/1', period: '2026-04', maker: { id: h.c('Bakery').id, name: 'Bakery' } })
    expect(report.collectives.map((c) => c.collective)).toEqual(ids())
    expect(report.statement.members).toEqual(ids())
    // The totals are the members' sums: a of the three collectives, their coupons.
    expect(BigInt(report.statement.a)).toBe(report.collectives.reduce((n, c) => n + BigInt(c.a), 0n))
    expect(report.statement.a).toBe(String(30_000_001n + 10_000_000n + 12_500_000n + 6_000_000n + 20_000_000n))
    // Prices: the bakery's three loaves are the subsystem's dispatcher stock; parity: no coupon claimed yet.
    expect(report.statement.prices).toHaveLength(1)
    expect(report.names[report.statement.prices[0]!.product]).toBe('Bread')
    expect(report.statement.prices[0]!.quantity).toBe('3')
    expect(report.statement.parity).toEqual({ coupons: '0', exclusiveGoods: report.statement.prices[0]!.value, commonsGoods: '0' })
  })

  it('says whose signature fails, and refuses a maker that is not a member', async () => {
    const signed = JSON.parse(file)
    signed.signature = sign(subsystemSigningBytes(signed.report), h.c('Mill').identity.secretKey).toString('hex')
    expect(await verifyReport(canonical(signed) + '\n', { councilKey })).toMatchObject({ verdict: 'signature-invalid', who: { id: h.c('Bakery').id, name: 'Bakery' } })

    const outsider = generateKeyPair()
    const foreign = JSON.parse(file)
    foreign.report.maker = { id: outsider.publicKey.toString('hex'), name: 'Outsider' }
    foreign.signature = sign(subsystemSigningBytes(foreign.report), outsider.secretKey).toString('hex')
    const verdict = await verifyReport(canonical(foreign) + '\n', { councilKey })
    expect(verdict).toMatchObject({ verdict: 'signature-invalid', who: { name: 'Outsider' } })
    expect(verdict.reason).toMatch(/was not a collective of the subsystem in 2026-04/)
  })

  it('names the figure that does not add up when one collective\'s figure changed', async () => {
    // One collective's work, 1 µmin more: the subsystem's a is no longer the members' sum.
    const more = await verifyReport(resigned((r) => (r.collectives[1].a = String(BigInt(r.collectives[1].a) + 1n))), { councilKey })
    expect(more).toMatchObject({ verdict: 'details-mismatch', figure: 'statement.a' })
    // One collective's stock at the end, without the movements to match.
    const stock = await verifyReport(resigned((r) => (r.collectives[2].stockEnd = String(BigInt(r.collectives[2].stockEnd) + 5n))), { councilKey })
    expect(stock).toMatchObject({ verdict: 'details-mismatch', figure: 'collectives[2].stockEnd' })
    // Received more and holds more: the figures balance, but that statement is not the one the checkpoint covers.
    const balanced = await verifyReport(
      resigned((r) => {
        r.collectives[0].movements.in = String(BigInt(r.collectives[0].movements.in) + 7n)
        r.collectives[0].stockEnd = String(BigInt(r.collectives[0].stockEnd) + 7n)
      }),
      { councilKey }
    )
    expect(balanced).toMatchObject({ verdict: 'not-covered', where: 'collectives[0]' })
    // A price changed: the subsystem's own statement is not covered.
    const price = await verifyReport(resigned((r) => (r.statement.prices[0].value = '1')), { councilKey })
    expect(price).toMatchObject({ verdict: 'not-covered', where: 'statement' })
    // A member's statement of another subsystem's tax.
    const tax = await verifyReport(resigned((r) => (r.collectives[1].tax.taxed = '0')), { councilKey })
    expect(tax).toMatchObject({ verdict: 'details-mismatch', figure: 'collectives[1].tax' })
    // A member left out.
    const fewer = await verifyReport(resigned((r) => r.collectives.pop(), 'Bakery', (p) => { p.indices.pop(); p.checkpoint.paths.pop() }), { councilKey })
    expect(fewer).toMatchObject({ verdict: 'details-mismatch', figure: 'collectives' })
  })

  it('fails every flipped byte of the file with the verdict of the part it hit', async () => {
    const bytes = Buffer.from(file, 'utf8')
    const body = [file.indexOf('"report":'), file.indexOf(',"signature":')]
    const note = [file.indexOf('"note":') + 8, file.indexOf('","path"')]
    const counts = new Map<string, number>()
    for (let i = 0; i < bytes.length; i++) {
      const flipped = Buffer.from(bytes)
      flipped[i] = flipped[i]! ^ 0x01
      const { verdict } = await verifyReport(flipped, { councilKey })
      expect(verdict, `byte ${i} (${JSON.stringify(file[i])})`).not.toBe('valid')
      counts.set(verdict, (counts.get(verdict) ?? 0) + 1)
      if (i > body[0]! && i < body[1]!) expect(['malformed', 'signature-invalid']).toContain(verdict)
      if (i > note[0]! && i < note[1]!) expect(['malformed', 'checkpoint-signature-invalid']).toContain(verdict)
    }
    expect([...counts.keys()].sort()).toEqual(['checkpoint-signature-invalid', 'malformed', 'not-covered', 'signature-invalid'])
  }, 240_000)

  it('says so when no checkpoint covers the month yet', async () => {
    const made = await makeSubsystemReport(h.store, h.c('Mill').id, '2026-04')
    const bare = encodeReport(signSubsystemReport(made.report, h.c('Mill').identity, await subsystemProofFor(h.store, made)))
    const verdict = await verifyReport(bare, { councilKey })
    expect(verdict).toMatchObject({ verdict: 'not-covered' })
    expect(verdict.reason).toMatch(/no council checkpoint covers 2026-04 yet.*only Mill vouches/)
  })

  it('matches a report recomputed from a replica, and says where one differs', async () => {
    const replica = await bakeryApril()
    expect(await verifyReport(file, { councilKey, store: replica.store })).toMatchObject({ verdict: 'valid', replica: 'matches' })
    const other = await bakeryApril({ anna: 30_000_002n })
    const differs = await verifyReport(file, { councilKey, store: other.store })
    expect(differs.verdict).toBe('differs-from-log')
    expect(differs.where).toMatch(/^collectives\[\d\]\.a$|^statement\./)
    expect(differs.reason).toContain(differs.where!)
  }, 60_000)

  it('refuses an unknown subsystem, a month not closed, and a maker outside the subsystem', async () => {
    await expect(makeSubsystemReport(h.store, h.c('Mill').id, '2026-04', 'cd'.repeat(32))).rejects.toMatchObject({ code: 'UNKNOWN_SUBSYSTEM' })
    await expect(makeSubsystemReport(h.store, h.c('Mill').id, '2026-05')).rejects.toMatchObject({ code: 'NO_STATEMENT' })
    await expect(makeSubsystemReport(h.store, h.c('Mill').id, '2026-05', subsystem)).rejects.toMatchObject({ code: 'NO_STATEMENT' })
    await expect(makeSubsystemReport(h.store, 'ef'.repeat(32), '2026-04', subsystem)).rejects.toMatchObject({ code: 'MAKER_NOT_IN_SUBSYSTEM' })
  })

  it('is one CSV table too: the subsystem\'s figures, each collective\'s totals and the prices', async () => {
    const { report } = await makeSubsystemReport(h.store, h.c('Bakery').id, '2026-04')
    const csv = reportCsv(report).split('\n')
    expect(csv[0]).toBe('section,item,name,kind,quantity,micro_minutes,minutes,note')
    expect(csv.filter((l) => l.startsWith('collective,')).length).toBeGreaterThan(3)
    expect(csv.some((l) => l.startsWith('price,') && l.includes('Bread'))).toBe(true)
    expect(csv.some((l) => l.startsWith('parity,coupons,'))).toBe(true)
  })
})

describe('subsystem report PDF', () => {
  it('renders (pdftoppm), carries the signed report and verifies from it; a figure changed in its data fails', async () => {
    const pdf = await renderReportPdf(file)
    const dir = await mkdtemp(join(tmpdir(), 'stachanov-subsystem-pdf-'))
    try {
      await writeFile(join(dir, 'report.pdf'), pdf)
      await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', join(dir, 'report.pdf'), join(dir, 'page')])
      const png = await readFile(join(dir, 'page.png'))
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
      const text = (await run('pdftotext', ['-layout', join(dir, 'report.pdf'), '-'])).stdout
      expect(text).toContain('Report of a subsystem')
      expect(text).toContain('Parity of coupons and goods')
      expect(text).toContain('Bread')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
    expect((await PDFDocument.load(pdf)).getTitle()).toBe('Subsystem report, April 2026')
    expect((await extractReport(pdf))!.toString('utf8')).toBe(file)
    expect(await verifyReport(pdf, { councilKey })).toMatchObject({ verdict: 'valid' })

    const signed = JSON.parse(file)
    signed.report.collectives[1].a = String(BigInt(signed.report.collectives[1].a) + 60_000_000n)
    const tampered = await replaceReport(pdf, Buffer.from(canonical(signed) + '\n'))
    expect(await verifyReport(tampered, { councilKey })).toMatchObject({ verdict: 'signature-invalid', who: { name: 'Bakery' } })
  }, 60_000)
})
