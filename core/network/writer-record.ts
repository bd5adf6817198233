// What this device has written, kept outside the Corestore: `writer.json` holds the writer
// core's key and a length it is known to have reached. The Corestore alone cannot tell an
// emptied or rolled-back database from a new one, and a device that appended again from
// there would sign different entries at positions its peers already hold: a fork of its log
// that no peer can repair. So a store holding less than the record says is refused.
//
// The record is written when the base opens and after this device's first append, never per
// entry: it may lag behind the real length after a crash (harmless: the check is weaker for
// a while), but never runs ahead of it, because it is written only after a storage flush.
import { join } from 'node:path'
import { NetworkError } from './errors.ts'
import { readSecretJson, writeSecretJson } from './keys.ts'

export const WRITER_FILE = 'writer.json'

export interface WriterRecord {
  /** This device's writer core key (hex). */
  key: string
  /** A length its writer core has reached (flushed to disk). */
  length: number
}

export async function readWriterRecord(dir: string): Promise<WriterRecord | null> {
  const path = join(dir, WRITER_FILE)
  const stored = (await readSecretJson(path)) as Partial<WriterRecord> | null
  if (stored === null) return null
  if (typeof stored.key !== 'string' || !Number.isSafeInteger(stored.length) || stored.length! < 0) {
    throw new NetworkError('BAD_KEY_FILE', `${path} does not hold a writer key and length: restore it from a backup made with \`stachanov backup\``)
  }
  return { key: stored.key, length: stored.length! }
}

export async function writeWriterRecord(dir: string, record: WriterRecord): Promise<void> {
  await writeSecretJson(join(dir, WRITER_FILE), { version: 1, ...record })
}

/** Refuses a writer core that holds less than the record says this device once wrote. */
export function checkWriterRecord(dir: string, record: WriterRecord | null, writer: { key: string; length: number }): void {
  if (record === null || record.key !== writer.key || writer.length >= record.length) return
  throw new NetworkError(
    'STORE_LOST',
    `the Corestore in ${dir} holds ${writer.length} of this device's entries, but the device had written ${record.length}: ` +
      'its database was emptied or replaced by an older copy, and writing on would fork this device\'s log. ' +
      'Restore the data directory from a backup made with `stachanov backup`, or start this device in an empty data directory and have a member invite it again.'
  )
}
