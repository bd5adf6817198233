// A damaged PDF (issue #25): reading it finds no report, and pdf-lib's parser says nothing
// on the console, so `report verify` prints the verdict alone.
import { PDFDocument } from 'pdf-lib'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { extractReport } from '../../core/reports/pdf-attachment.ts'

afterEach(() => vi.restoreAllMocks())

describe('a damaged PDF', () => {
  it('carries no report, and the parser prints nothing', async () => {
    const doc = await PDFDocument.create()
    for (let i = 0; i < 3; i++) doc.addPage().drawText(`page ${i} `.repeat(40), { size: 8 })
    const whole = await doc.save({ useObjectStreams: false })
    const log = vi.spyOn(console, 'log')
    const warn = vi.spyOn(console, 'warn')
    for (const cut of [whole.length / 2, whole.length - 200].map(Math.floor)) {
      expect(await extractReport(whole.slice(0, cut))).toBeNull()
    }
    expect(log).not.toHaveBeenCalled()
    expect(warn).not.toHaveBeenCalled()
  })
})
