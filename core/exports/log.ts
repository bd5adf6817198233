// The whole log as JSON lines (issue 12): one line per entry, in the network's order, with
// the device that appended it and the signed transaction, so `stachanov replay` rebuilds the
// same view and the same state digest anywhere. A line is
//   {"seq":0,"writer":"<device key>","tx":{…the signed transaction…}}
// or, for an entry whose bytes are not the canonical JSON of a transaction (garbage that the
// ledger rejected), "raw" with its text or "base64" with its bytes instead of "tx": the
// digest chains the hash of exactly those bytes.
import { keys, type EntryRecord, type StoredLogRecord } from '../ledger/keys.ts'
import { entryOf } from '../ledger/log-record.ts'
import type { KeyValueStore } from '../ledger/store.ts'
import { canonical } from '../protocol/canonical.ts'

export interface LogLine {
  seq: number
  writer: string
  tx?: unknown
  raw?: string
  base64?: string
}

/** One entry as its line's object. */
export function logLine(seq: number, record: EntryRecord): LogLine {
  if ('base64' in record) return { seq, writer: record.writer, base64: record.base64 }
  try {
    const tx = JSON.parse(record.text)
    // Only when writing the object back gives the very same bytes.
    if (tx !== null && typeof tx === 'object' && !Array.isArray(tx) && canonical(tx) === record.text) return { seq, writer: record.writer, tx }
  } catch {
    // not JSON: kept as it is
  }
  return { seq, writer: record.writer, raw: record.text }
}

/**
 * The log's lines, in order. A record that keeps only its entry's place is read through the
 * store's host (log-record.ts `entryOf`); an entry this device does not hold stops the export
 * with an error rather than give a log that replays to another digest.
 */
export async function* exportLog(store: KeyValueStore): AsyncIterable<string> {
  for await (const [key, value] of store.range({ gte: keys.logs, lt: keys.logs + '\uffff' })) {
    const seq = Number(key.slice(keys.logs.length))
    const entry = await entryOf(store, value as unknown as StoredLogRecord)
    if (entry === undefined) throw new Error(`the entry at log position ${seq} is not on this device yet (its writer core's block ${(value as { at?: number }).at} is missing): try again once the device has caught up`)
    yield JSON.stringify(logLine(seq, entry)) + '\n'
  }
}

/** The whole log as one text (JSON lines). */
export async function exportLogText(store: KeyValueStore): Promise<string> {
  let out = ''
  for await (const line of exportLog(store)) out += line
  return out
}
