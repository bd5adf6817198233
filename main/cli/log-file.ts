// Reading an exported log for `stachanov replay`: JSON lines (`stachanov export log`, one
// entry a line) or the older JSON array ([{ writer, tx }] or { entries: [...] }). An entry
// carries its transaction as an object (written back canonically), as text ("raw", or a
// string "tx"), or as base64 bytes.
import { encodeTransaction } from '../../core/protocol/encoding.ts'
import { CliError } from './errors.ts'

export interface ReplayEntry {
  writer: string
  bytes: Uint8Array
}

function entryOf(value: any, where: string): ReplayEntry {
  if (typeof value?.writer !== 'string') throw new CliError(`${where} has no writer key`)
  if (typeof value.base64 === 'string') return { writer: value.writer, bytes: Buffer.from(value.base64, 'base64') }
  if (typeof value.raw === 'string') return { writer: value.writer, bytes: Buffer.from(value.raw, 'utf8') }
  if (typeof value.tx === 'string') return { writer: value.writer, bytes: Buffer.from(value.tx, 'utf8') }
  if (value.tx !== null && typeof value.tx === 'object') return { writer: value.writer, bytes: encodeTransaction(value.tx) }
  throw new CliError(`${where} has no transaction (tx, raw or base64)`)
}

export function readLogFile(text: string, file: string): ReplayEntry[] {
  const trimmed = text.trimStart()
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !trimmed.includes('\n{'))) {
    let raw: any
    try {
      raw = JSON.parse(text)
    } catch {
      raw = undefined
    }
    const list = Array.isArray(raw) ? raw : raw?.entries
    if (Array.isArray(list)) return list.map((entry, i) => entryOf(entry, `${file}: entry ${i + 1}`))
    if (raw !== undefined && !('writer' in raw)) throw new CliError(`${file}: expected an array of { writer, tx } entries or JSON lines`)
  }
  const entries: ReplayEntry[] = []
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      throw new CliError(`${file}: line ${i + 1} is not JSON`)
    }
    entries.push(entryOf(value, `${file}: line ${i + 1}`))
  }
  return entries
}
