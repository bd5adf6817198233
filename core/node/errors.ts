// Errors of the node facade, with codes the hosts pass on to the user interface. They are
// not refusals of the ledger (core/protocol/refusals.ts) and share no name with one; the
// node only passes a ledger code on (as a refused result, or when a transaction it was
// handed cannot be decoded) with the ledger's own meaning.
import type { RefusalCode } from '../protocol/refusals.ts'

export const NODE_ERROR_CODES = [
  /** create or join on a device that already belongs to a collective. */
  'ALREADY_SET_UP',
  /** Writing or reading before a collective was created or joined. */
  'NOT_SET_UP',
  /** The transaction was appended, but the view had not applied it when the wait ended. */
  'OUTCOME_TIMEOUT',
  /** Recovery words that are not a valid seed. */
  'BAD_WORDS',
  /** The identity file in the data directory holds no seed. */
  'BAD_KEY_FILE',
  /** Text that is not an invite code. */
  'BAD_INVITE',
  /** An invite code whose check characters do not match: a typing error. */
  'INVITE_TYPO',
  /** A newcomer's join request that cannot be accepted. */
  'BAD_JOIN_REQUEST',
  /** Writing while a demo economy is open. */
  'DEMO_READ_ONLY',
  /** A till (shop) file in the data directory that cannot be read. */
  'BAD_TILL_FILE',
  /** The office's network settings allow no way to reach the other side of a pairing. */
  'PAIRING_OFFLINE',
  /** A call's arguments the node cannot use as given (e.g. a relative path). */
  'INVALID_ARGUMENTS',
  /** A file that is not a Stachanov backup, or one that is damaged or cut short. */
  'BAD_BACKUP',
  /** The passphrase does not open the backup. */
  'WRONG_PASSPHRASE',
  /** Restoring a backup into a data directory that already holds something. */
  'NOT_EMPTY',
  /** A backup onto a file that already exists, without leave to replace it. */
  'FILE_EXISTS',
  /** A backup's file cannot be written there: no such folder, not allowed, or the drive full. */
  'CANNOT_WRITE',
  /** The node is taking a backup: its data is closed for a moment. */
  'BACKING_UP',
  /** The node is dropping its copy of a member's log that was signed twice, to fetch it again. */
  'REFETCHING_LOG',
  /** A peer passed on a second signed history of this device's log: another device has its keys. */
  'KEYS_USED_ELSEWHERE',
  /** identity.json is gone from a data directory that belongs to a network. */
  'IDENTITY_LOST',
  /** settings.json or people.json holds something the node cannot use. */
  'BAD_SETTINGS',
  /** The disk holding the data directory is full: nothing is saved until space is freed. */
  'DISK_FULL',
  /** The device's storage failed otherwise; the node retries reopening it. */
  'STORAGE_FAILED',
  /** A write that met a full disk may have landed: the node checks once space returns (unsure-writes.ts). */
  'WRITE_UNSURE',
  /** A PIN too short or too long for what it protects. */
  'BAD_PIN',
  /** The PIN does not open the wallet card or the kept wallet. */
  'WRONG_PIN',
  /** A kept wallet locked after too many wrong PINs. */
  'WALLET_LOCKED',
  /** No wallet with that key is kept on this device. */
  'UNKNOWN_WALLET',
  /** Scanned or pasted text that is not a wallet card's code. */
  'BAD_WALLET_CARD',
  /** A device restored from a backup writes nothing until a neighbour binds it in place of the old one. */
  'NOT_BOUND_YET',
  /** Binding in place of a backed-up device on a device that was not restored from a backup. */
  'NOT_RESTORED'
] as const

export type NodeErrorCode = (typeof NODE_ERROR_CODES)[number]

export class NodeError extends Error {
  constructor(
    readonly code: NodeErrorCode | RefusalCode,
    message: string
  ) {
    super(message)
    this.name = 'NodeError'
  }
}
