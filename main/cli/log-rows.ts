// `stachanov query log` as the Log screen reads it: a co-signed transaction entered the log
// as "pending", and once co-signed, declined or refused on completion its row says so. The
// clerk saw `"status": "pending"` for two trust requests long settled, the second of them
// refused (ALREADY_TRUSTED), and the reason nowhere near it.
import type { LogRow } from '../../core/node/audit.ts'

export interface SettledRow extends Omit<LogRow, 'now'> {
  /** The status the entry had when it entered the log, when that was "pending" and is no longer. */
  enteredAs?: 'pending'
  /** True when the outcome came later, by a co-signature or a decline ("settled later" on the screen). */
  settledLater?: true
}

export function settledRow({ now, ...row }: LogRow): SettledRow {
  if (!now || now.status === row.status) return row
  const settled: SettledRow = { ...row, status: now.status, enteredAs: 'pending', settledLater: true }
  delete settled.code
  delete settled.reason
  if (now.code) {
    settled.code = now.code as NonNullable<LogRow['code']>
    settled.reason = now.reason ?? ''
  }
  return settled
}

export function settledLog<T extends { entries: LogRow[] }>(log: T): Omit<T, 'entries'> & { entries: SettledRow[] } {
  return { ...log, entries: log.entries.map(settledRow) }
}
