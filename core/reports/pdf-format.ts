// What a collective's PDF and a subsystem's share: figures written for reading, the
// document's fixed metadata with the signed file attached, and the box that says which
// checkpoint covers the report (its fingerprint and a QR code of it) or that none does yet.
import { PDFDocument } from 'pdf-lib'
import { parseCheckpoint } from '../checkpoint/checkpoint.ts'
import { parseNote } from '../checkpoint/note.ts'
import { formatMinutes } from '../economics/index.ts'
import { ATTACHMENT_NAME } from './pdf-attachment.ts'
import { A4, type PageWriter } from './pdf-layout.ts'
import { fingerprintOf } from './sign.ts'

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
/** Minutes with two decimals for reading; the exact µmin are in the attachment and the CSV. */
export const min = (micro: string | bigint): string => {
  const text = formatMinutes(BigInt(micro), 2)
  const [whole, fraction] = text.replace('-', '').split('.')
  return `${text.startsWith('-') ? '-' : ''}${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`
}
export const short = (hex: string): string => `${hex.slice(0, 8)}...${hex.slice(-4)}`
export const grouped = (hex: string): string => hex.match(/.{1,8}/g)!.join(' ')
export const monthName = (period: string): string => `${MONTHS[Number(period.slice(5)) - 1]} ${period.slice(0, 4)}`

/** A new document with fixed metadata (the same report gives the same PDF) and the signed file attached. */
export async function reportDocument(file: string, meta: { title: string; author: string; subject: string; period: string }): Promise<PDFDocument> {
  const doc = await PDFDocument.create()
  const when = new Date(Date.UTC(Number(meta.period.slice(0, 4)), Number(meta.period.slice(5)), 1))
  doc.setTitle(meta.title)
  doc.setAuthor(meta.author)
  doc.setSubject(meta.subject)
  doc.setProducer('Stachanov')
  doc.setCreator('Stachanov')
  doc.setCreationDate(when)
  doc.setModificationDate(when)
  await doc.attach(Buffer.from(file, 'utf8'), ATTACHMENT_NAME, {
    mimeType: 'application/json',
    description: 'The signed report: verify it with `stachanov report verify` or the Verify screen',
    creationDate: when,
    modificationDate: when
  })
  return doc
}

/**
 * The proof box at the top right: with a checkpoint, its epoch, length, fingerprint and a QR
 * code of `stachanov:checkpoint:<fingerprint>`; without, the leaf hash and its QR code.
 */
export function proofBox(w: PageWriter, proof: { index: number; checkpoint?: { note: string; councilKey: string } | undefined }, leafHash: string, covered: string): void {
  const top = w.y - 8
  let qrText: string
  if (proof.checkpoint) {
    const note = parseNote(proof.checkpoint.note)
    const checkpoint = note.ok ? parseCheckpoint(note.value.text) : note
    const fingerprint = fingerprintOf(proof.checkpoint.note)
    qrText = `stachanov:checkpoint:${fingerprint}`
    w.text('Covered by the council checkpoint', { bold: true, size: 10, gap: 14 })
    if (checkpoint.ok) w.text(`epoch ${checkpoint.value.epoch}, log length ${checkpoint.value.length}, ${covered} of ${checkpoint.value.statements.count}`, { size: 9 })
    w.text('Checkpoint fingerprint (SHA-256 of the signed note):', { size: 8 })
    w.text(grouped(fingerprint), { size: 8.5, bold: true })
    w.text(`Council key ${grouped(proof.checkpoint.councilKey)}`, { size: 7 })
  } else {
    qrText = `stachanov:statement:${leafHash}`
    w.text('Not covered by a council checkpoint yet', { bold: true, size: 10, gap: 14 })
    w.text(`Signed by the collective alone; ${covered} of the network's tree.`, { size: 9 })
    w.text('Statement leaf hash:', { size: 8 })
    w.text(grouped(leafHash), { size: 8.5, bold: true })
  }
  w.qr(qrText, A4[0] - 50, top + 6, 92)
  w.y = Math.min(w.y, top - 92)
}
