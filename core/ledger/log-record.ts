// `log/<seq>`: what became of an entry, and the entry itself (its writer and text). The
// transaction's id and type are the text's own: decodeEntry gives them back exactly as the
// ledger decided them, so the record leaves them out whenever its text says them (~100 of an
// entry's ~550 bytes on the bench mix). They stay in the record when the text cannot say them:
// bytes that are no transaction (both null), or a decision that kept neither (an INTERNAL
// refusal). Records of older views hold both; `withOutcome` reads either.
// A record of the node's view may instead keep the entry's place in its writer core (keys.ts
// `EntryPlace`), with its id and type: `entryOf` reads the bytes back through the store.
import { decodeEntry } from '../protocol/decode.ts'
import type { EntryRecord, LogEntryRecord, StoredLogRecord } from './keys.ts'
import type { KeyValueStore } from './store.ts'

/** The record to store for an entry whose text decoded to exactly this id and type, or not. */
export function storedLogRecord(record: LogEntryRecord, fromText: boolean): StoredLogRecord {
  if (!fromText || !('text' in record)) return record
  const { id: _id, type: _type, ...rest } = record
  return rest
}

/** A stored log record with its id and type: its own, or read from its entry's text. */
export function withOutcome<T extends StoredLogRecord>(record: T): T & Pick<LogEntryRecord, 'id' | 'type'> {
  if (record.id !== undefined && record.type !== undefined) return record as T & Pick<LogEntryRecord, 'id' | 'type'>
  const decoded = 'text' in record && typeof record.text === 'string' ? decodeEntry(Buffer.from(record.text, 'utf8')) : null
  return decoded !== null && decoded.ok ? { ...record, id: decoded.id, type: decoded.tx.type } : { ...record, id: null, type: null }
}

// ignoreBOM keeps a leading BOM in the text, so the text's UTF-8 is exactly the bytes.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** An entry's bytes as a record: their UTF-8 text, or base64 when they are not UTF-8. */
export function entryRecordOf(writer: string, bytes: Uint8Array): EntryRecord {
  try {
    return { writer, text: utf8.decode(bytes) }
  } catch {
    return { writer, base64: Buffer.from(bytes).toString('base64') }
  }
}

/**
 * The entry a log record holds or points to: its own text (or base64), or the bytes the store's
 * host reads from the entry's place. Undefined when neither is at hand on this device.
 */
export async function entryOf(store: KeyValueStore, record: StoredLogRecord): Promise<EntryRecord | undefined> {
  if ('text' in record) return { writer: record.writer, text: record.text }
  if ('base64' in record) return { writer: record.writer, base64: record.base64 }
  if (typeof record.at !== 'number' || store.entry === undefined) return undefined
  const bytes = await store.entry(record.writer, record.at)
  if (bytes === undefined) return undefined
  // Bytes that are not the transaction this record decided (a writer core this device fetched
  // again after its writer forked it, frozen-writers.ts) are no entry of this log: none.
  if (typeof record.id === 'string') {
    const decoded = decodeEntry(bytes)
    if (!decoded.ok || decoded.id !== record.id) return undefined
  }
  return entryRecordOf(record.writer, bytes)
}
