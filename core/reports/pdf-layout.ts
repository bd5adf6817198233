// A small page writer over pdf-lib: headings, paragraphs, tables that continue on the next
// page, horizontal bar charts and QR codes drawn with rectangles, page numbers at the end.
// Standard fonts only (no font files to ship); text they cannot encode is shown as "?".
import { PDFDocument, PDFFont, PDFPage, StandardFonts, rgb } from 'pdf-lib'
import QRCode from 'qrcode'

export const A4: [number, number] = [595.28, 841.89]
const MARGIN = 50
const INK = rgb(0.1, 0.1, 0.12)
const MUTED = rgb(0.42, 0.42, 0.46)
const RULE = rgb(0.82, 0.82, 0.85)
export const ACCENT = rgb(0.69, 0.12, 0.12)

export interface Column {
  title: string
  width: number
  align?: 'left' | 'right'
}

export class PageWriter {
  page!: PDFPage
  y = 0
  private constructor(
    readonly doc: PDFDocument,
    readonly font: PDFFont,
    readonly bold: PDFFont,
    private readonly charset: Set<number>
  ) {
    this.newPage()
  }

  static async create(doc: PDFDocument): Promise<PageWriter> {
    const font = await doc.embedFont(StandardFonts.Helvetica)
    const bold = await doc.embedFont(StandardFonts.HelveticaBold)
    return new PageWriter(doc, font, bold, new Set(font.getCharacterSet()))
  }

  get width(): number {
    return A4[0] - 2 * MARGIN
  }

  newPage(): void {
    this.page = this.doc.addPage(A4)
    this.y = A4[1] - MARGIN
  }

  /** Room for `height` more points on this page, else a new page. */
  ensure(height: number): void {
    if (this.y - height < MARGIN + 20) this.newPage()
  }

  /** Text the standard font can draw: anything else becomes "?". */
  safe(text: string): string {
    let out = ''
    for (const ch of text) out += this.charset.has(ch.codePointAt(0)!) ? ch : '?'
    return out
  }

  /** Cuts text to fit `width` at `size`, with an ellipsis. */
  fit(text: string, width: number, size: number, font = this.font): string {
    let t = this.safe(text)
    if (font.widthOfTextAtSize(t, size) <= width) return t
    while (t.length > 1 && font.widthOfTextAtSize(t + '...', size) > width) t = t.slice(0, -1)
    return t + '...'
  }

  text(text: string, options: { x?: number; size?: number; bold?: boolean; color?: ReturnType<typeof rgb>; gap?: number } = {}): void {
    const size = options.size ?? 10
    this.ensure(size + 4)
    this.y -= size + (options.gap ?? 4)
    this.page.drawText(this.fit(text, this.width - (options.x ?? 0), size, options.bold ? this.bold : this.font), {
      x: MARGIN + (options.x ?? 0),
      y: this.y,
      size,
      font: options.bold ? this.bold : this.font,
      color: options.color ?? INK
    })
  }

  heading(text: string): void {
    this.ensure(60)
    this.y -= 10
    this.text(text, { size: 13, bold: true, color: ACCENT })
    this.y -= 4
  }

  /** Wraps a paragraph to the page's width. */
  paragraph(text: string, size = 9, color = MUTED): void {
    const words = this.safe(text).split(/\s+/)
    let line = ''
    for (const word of words) {
      const next = line ? `${line} ${word}` : word
      if (this.font.widthOfTextAtSize(next, size) > this.width && line) {
        this.text(line, { size, color, gap: 3 })
        line = word
      } else line = next
    }
    if (line) this.text(line, { size, color, gap: 3 })
  }

  /** A table; its header repeats on every page it runs onto. */
  table(columns: Column[], rows: string[][], size = 8.5): void {
    const rowHeight = size + 6
    const header = () => {
      this.ensure(rowHeight * 2)
      this.y -= rowHeight
      this.cells(columns, columns.map((c) => c.title), size, true)
      this.page.drawLine({ start: { x: MARGIN, y: this.y - 3 }, end: { x: MARGIN + this.width, y: this.y - 3 }, thickness: 0.6, color: RULE })
    }
    header()
    for (const row of rows) {
      if (this.y - rowHeight < MARGIN + 20) {
        this.newPage()
        header()
      }
      this.y -= rowHeight
      this.cells(columns, row, size, false)
    }
    this.y -= 6
  }

  private cells(columns: Column[], values: string[], size: number, bold: boolean): void {
    let x = MARGIN
    const font = bold ? this.bold : this.font
    for (const [i, column] of columns.entries()) {
      const text = this.fit(values[i] ?? '', column.width - 6, size, font)
      const w = font.widthOfTextAtSize(text, size)
      this.page.drawText(text, { x: column.align === 'right' ? x + column.width - 6 - w : x, y: this.y, size, font, color: bold ? MUTED : INK })
      x += column.width
    }
  }

  /** Horizontal bars, one per label, scaled to the largest value (values are non-negative). */
  bars(items: Array<{ label: string; value: bigint; shown: string }>, color = ACCENT): void {
    const barHeight = 11
    const labelWidth = 130
    const max = items.reduce((m, i) => (i.value > m ? i.value : m), 0n)
    this.ensure(items.length * (barHeight + 5) + 10)
    for (const item of items) {
      this.y -= barHeight + 5
      this.page.drawText(this.fit(item.label, labelWidth - 8, 8.5), { x: MARGIN, y: this.y + 2, size: 8.5, font: this.font, color: INK })
      const room = this.width - labelWidth - 90
      // Display only: the length of a bar is the one place a float is fine.
      const length = max === 0n ? 0 : (Number((item.value * 10_000n) / max) / 10_000) * room
      this.page.drawRectangle({ x: MARGIN + labelWidth, y: this.y, width: Math.max(length, 0.5), height: barHeight, color })
      this.page.drawText(this.safe(item.shown), { x: MARGIN + labelWidth + length + 6, y: this.y + 2, size: 8.5, font: this.font, color: MUTED })
    }
    this.y -= 8
  }

  /** A QR code of `text`, `size` points wide, with its top right corner at (x, y). */
  qr(text: string, x: number, y: number, size: number): void {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
    const n = modules.size
    const cell = size / (n + 8)
    this.page.drawRectangle({ x: x - size, y: y - size, width: size, height: size, color: rgb(1, 1, 1) })
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        if (!modules.get(row, col)) continue
        this.page.drawRectangle({ x: x - size + (col + 4) * cell, y: y - (row + 5) * cell, width: cell, height: cell, color: rgb(0, 0, 0) })
      }
    }
  }

  /** "Page i of n" and a footer line on every page. */
  finish(footer: string): void {
    const pages = this.doc.getPages()
    for (const [i, page] of pages.entries()) {
      const label = `Page ${i + 1} of ${pages.length}`
      page.drawText(label, { x: A4[0] - MARGIN - this.font.widthOfTextAtSize(label, 8), y: MARGIN - 20, size: 8, font: this.font, color: MUTED })
      page.drawText(this.fit(footer, this.width - 80, 8), { x: MARGIN, y: MARGIN - 20, size: 8, font: this.font, color: MUTED })
    }
  }
}
