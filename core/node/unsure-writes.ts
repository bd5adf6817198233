// A write that met a full disk may have landed all the same. The append to this device's
// writer core failed, but whether the block is durable cannot be known at once: RocksDB may
// have written it before the step that ran out of space (a test on a full tmpfs found one
// product more in the log than writes confirmed). Answering "refused" would be wrong when it
// landed (the clerk's retry is then PRODUCT_NAME_TAKEN), and "saved" wrong when it did not.
//
// So the node answers WRITE_UNSURE, keeps the signed transaction in memory, and once space
// returns and the base reopens (before new writes are let through) settles each one: in the
// log already, it stays as it is; not there, the same signed transaction is appended again.
// Nothing is recorded twice either way: the ledger records a transaction id once, and an
// entry repeating a recorded id is a DUPLICATE that changes nothing (core/ledger/ledger.ts).
//
// Kept in memory only: the disk is full, so there is nowhere to keep it. A node restarted
// before space returns forgets it; then the Log says whether it landed (the sentence says so).
import type { Transaction } from '../protocol/envelope.ts'
import { transactionId } from '../protocol/encoding.ts'
import { NodeError } from './errors.ts'

export interface UnsureWrite {
  id: string
  type: string
}

/** What settling needs from the reopened base. */
export interface Settling {
  /** Whether the log holds transaction `id` (its view has a record of it). */
  landed(id: string): Promise<boolean>
  /** Appends `tx` again and waits until the view has recorded it. */
  append(tx: Transaction): Promise<void>
}

export class UnsureWrites {
  private readonly waiting = new Map<string, Transaction>()

  /** Remembers `tx`, whose write failed on the storage `fault`, and returns the write's answer. */
  add(tx: Transaction, fault: NodeError): NodeError {
    const id = transactionId(tx)
    this.waiting.set(id, tx)
    const disk = fault.code === 'DISK_FULL' ? 'the disk became full' : "this device's storage failed"
    return new NodeError(
      'WRITE_UNSURE',
      `transaction ${id.slice(0, 8)}… may not be saved: ${disk} while it was written. ` +
        'The node keeps it and checks once space is freed: if it is not in the log then, the node writes it (once), and the Log shows it. ' +
        'Do not enter it again. (Should the node be restarted before, look for it in the Log.)'
    )
  }

  /** The writes still to be checked, oldest first. */
  list(): UnsureWrite[] {
    return [...this.waiting].map(([id, tx]) => ({ id, type: tx.type }))
  }

  /**
   * Checks each write against the reopened base, appending again those not in its log; one
   * is forgotten only once it is in the log. Throws (keeping the rest) when an append fails:
   * the disk is full again, and the next reopen goes on from there.
   */
  async settle(base: Settling): Promise<void> {
    for (const [id, tx] of [...this.waiting]) {
      if (!(await base.landed(id))) await base.append(tx)
      this.waiting.delete(id)
    }
  }
}
