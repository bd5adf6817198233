// CSV for spreadsheets, shared by every list screen: the table a screen shows, as text with
// a header row (papaparse quotes what needs quoting), and a file the browser saves.
import Papa from 'papaparse'

export type Cell = string | number | bigint | boolean | null | undefined

export function toCsv(columns: string[], rows: Cell[][]): string {
  const cells = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))))
  return Papa.unparse({ fields: columns, data: cells }, { newline: '\n' }) + '\n'
}

/** Hands a file to the browser (or Electron) to save. */
export function saveFile(fileName: string, mime: string, content: string | Uint8Array): void {
  const blob = new Blob([typeof content === 'string' ? content : new Uint8Array(content)], { type: mime })
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export function base64ToBytes(base64: string): Uint8Array {
  const text = atob(base64)
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes
}

export function bytesToBase64(bytes: Uint8Array): string {
  let text = ''
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(text)
}
