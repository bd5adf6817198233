// The signed report inside a PDF: found through the catalog's EmbeddedFiles name tree
// (PDF 32000-1 §7.11.4), decoded, and handed to the verifier as the bytes it was signed as.
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFString, PDFHexString, decodePDFRawStream } from 'pdf-lib'

export const ATTACHMENT_NAME = 'report.json'

export const isPdf = (bytes: Uint8Array): boolean => Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-'

/** The embedded file named report.json: its stream's reference, or null. */
function findAttachment(doc: PDFDocument): PDFRef | null {
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)
  const embedded = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict)
  if (!embedded) return null
  // A flat name tree (what pdf-lib writes, and what a report needs): [name, filespec, ...]. Kids are followed too.
  const queue: PDFDict[] = [embedded]
  while (queue.length > 0) {
    const node = queue.shift()!
    const list = node.lookupMaybe(PDFName.of('Names'), PDFArray)
    for (let i = 0; list && i + 1 < list.size(); i += 2) {
      const key = list.lookup(i)
      const name = key instanceof PDFString || key instanceof PDFHexString ? key.decodeText() : ''
      if (name !== ATTACHMENT_NAME) continue
      const spec = list.lookup(i + 1, PDFDict)
      const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict)
      const ref = ef?.get(PDFName.of('F'))
      if (ref instanceof PDFRef) return ref
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray)
    for (let i = 0; kids && i < kids.size(); i++) queue.push(kids.lookup(i, PDFDict))
  }
  return null
}

/** The report.json a PDF carries (its exact bytes), or null when it carries none or is no PDF. */
export async function extractReport(pdf: Uint8Array): Promise<Buffer | null> {
  // pdf-lib reports damaged objects on the console while it parses; the verdict says what
  // matters ("malformed"), so its noise must not reach a reader's terminal (issue #25).
  const { log, warn } = console
  console.log = console.warn = () => {}
  try {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false, throwOnInvalidObject: true })
    const ref = findAttachment(doc)
    const stream = ref ? doc.context.lookup(ref) : null
    if (!(stream instanceof PDFRawStream)) return null
    return Buffer.from(decodePDFRawStream(stream).decode())
  } catch {
    return null
  } finally {
    console.log = log
    console.warn = warn
  }
}

/** The same PDF with other bytes in place of its report.json (for tests of tampering). */
export async function replaceReport(pdf: Uint8Array, bytes: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false })
  const ref = findAttachment(doc)
  if (!ref) throw new Error('the PDF carries no report.json')
  const old = doc.context.lookup(ref) as PDFRawStream
  const stream = doc.context.flateStream(bytes, { Type: 'EmbeddedFile', Subtype: old.dict.get(PDFName.of('Subtype')) ?? 'application#2Fjson' })
  doc.context.assign(ref, stream)
  return doc.save({ useObjectStreams: false })
}
