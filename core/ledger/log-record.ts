// `log/<seq>`: what became of an entry, and the entry itself (its writer and text). The
// transaction's id and type are the text's own: decodeEntry gives them back exactly as the
// ledger decided them, so the record leaves them out whenever its text says them (~100 of an
// entry's ~550 bytes on the bench mix). They stay in the record when the text cannot say them:
// bytes that are no transaction (both null), or a decision that kept neither (an INTERNAL
// refusal). Records of older views hold both; `withOutcome` reads either.
import { decodeEntry } from '../protocol/decode.ts'
import type { LogEntryRecord, StoredLogRecord } from './keys.ts'

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
