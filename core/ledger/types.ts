// What the ledger takes and gives back. core/network feeds Autobase nodes through this;
// scenario replay feeds signed transactions from a file.
import type { RefusalCode } from '../protocol/refusals.ts'

/** One log entry as it arrived: the raw bytes a device appended, and that device's key. */
export interface LedgerEntry {
  /** UTF-8 JSON of a signed transaction (see core/protocol). May be garbage: it is checked. */
  bytes: Uint8Array
  /** Hex public key of the writer core (device) that appended the entry. */
  writer: string
  /**
   * Where the entry lies in that writer core (its block index), when it lies in one: the view
   * then keeps this place instead of a copy of the bytes (keys.ts `log`). Without it (replay,
   * tests on MemoryStore) the view keeps the bytes, as before.
   */
  at?: number
}

/** Host calls the ledger asks for; core/network carries them out on Autobase. */
export type Effect =
  | { kind: 'writer.add'; key: string }
  | { kind: 'writer.remove'; key: string }
  /**
   * The indexers should be exactly these writers (the council's devices): promote each
   * active one that is not, then demote every other indexer Autobase lets go.
   */
  | { kind: 'indexers'; keys: string[] }

export type OutcomeStatus = 'accepted' | 'pending' | 'rejected'

export interface Outcome {
  /** Position of the entry in the linearized order this ledger has applied (0-based). */
  seq: number
  /** Transaction id (hex), or null when the entry could not be decoded at all. */
  id: string | null
  type: string | null
  /** `pending`: accepted into the log but waiting for co-signatures. */
  status: OutcomeStatus
  /** Stable machine code of a rejection, e.g. `NO_STRONG_TRUST`. */
  code?: RefusalCode
  /** A sentence the user can read. */
  reason?: string
  effects: Effect[]
  /** Running state digest after this entry (hex). */
  digest: string
  /** When this entry completed a pending co-signed transaction: what became of that one. */
  completed?: { id: string; status: OutcomeStatus; code?: RefusalCode; reason?: string }
}
