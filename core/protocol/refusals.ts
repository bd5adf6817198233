// Every refusal code of the protocol, in one union, in the order a node meets them when it
// decides an entry (docs/protocol.md §3): decoding first, then the log and its writers, the
// signatures, and then each concern's rules. Like TigerBeetle's result enums, a code is
// appended to its group and never renamed or reused: programs and tests match on it.
//
// Each code's meaning is the table of docs/protocol.md §4, in this same order. That table
// is turned into refusal-meanings.ts (`node test/docs/refusal-codes.ts --write`), which must
// satisfy Record<RefusalCode, string>: a code documented but not listed here, or listed
// here but not documented, fails the type check.
export const REFUSAL_CODES = [
  // Decoding (core/protocol/decode.ts): stages 1 to 5.
  'TOO_LARGE',
  'MALFORMED',
  'INVALID_ENVELOPE',
  'UNKNOWN_TYPE',
  'INVALID_BODY',
  // Names and free text (core/protocol/names.ts, docs/protocol.md §2.7): stage 5, in place
  // of INVALID_BODY when a text field breaks the rule.
  'CONTROL_CHARACTER',
  'BIDI_CONTROL',
  'LONE_SURROGATE',
  'NONCHARACTER',
  'INVISIBLE_CHARACTER',
  'DISALLOWED_CHARACTER',
  'CONFUSABLE_SEQUENCE',
  'NOT_NFC',
  'MIXED_SCRIPTS',
  // The log, its writers, duplicates (core/ledger/ledger.ts): stages 6 and 7.
  'NO_NETWORK',
  'UNKNOWN_WRITER',
  'DUPLICATE',
  'INTERNAL',
  // Signatures and co-signing: stages 8 to 11, and the cosign handlers.
  'WRONG_SIGNERS',
  'UNEXPECTED_SIGNATURE',
  'BAD_SIGNATURE',
  'MISSING_SIGNATURE',
  'UNSIGNED',
  'EXPIRED',
  'NOT_PENDING',
  'NOTHING_NEW',
  'ALREADY_PENDING',
  'DECLINED',
  // Collectives, devices and trust.
  'ALREADY_REGISTERED',
  'DEVICE_TAKEN',
  'TOO_MANY_DEVICES',
  'UNKNOWN_DEVICE',
  'LAST_DEVICE',
  'UNKNOWN_COLLECTIVE',
  'NOT_MEMBER',
  'WRONG_ROLE',
  'ALREADY_TRUSTED',
  'NO_STRONG_TRUST',
  'UNKNOWN_SPLIT',
  'NOT_ACROSS_SPLIT',
  'NOT_SPLIT',
  // Products and lots.
  'PRODUCT_NAME_TAKEN',
  'UNKNOWN_PRODUCT',
  'UNKNOWN_LOT',
  'LOT_NOT_OWNED',
  'LOT_ALLOCATED',
  'QUANTITY_TOO_LARGE',
  'SAME_OWNER',
  'INVENTORY_SURPLUS',
  // Orders and production.
  'UNKNOWN_ORDER',
  'ORDER_MISMATCH',
  'ORDER_CLOSED',
  'UNKNOWN_ESTIMATE',
  'ESTIMATE_USED',
  'VOTE_REQUIRED',
  'UNKNOWN_PRODUCTION',
  'PRODUCTION_DONE',
  'COMMONS_USES_EXCLUSIVE',
  'COMMONS_MAKES_EXCLUSIVE',
  'COMPONENT_NEEDS_DURABILITY',
  'REPURPOSE_NOT_NEEDED',
  'NOT_MEANS_OF_PRODUCTION',
  'NOT_ALLOCATED',
  'MOP_STILL_ALLOCATED',
  'VALUE_NOT_CONSERVED',
  'WORKLOAD_IN_FUTURE',
  'PERIOD_CLOSED',
  // Final revision and coupons.
  'EARLY_REVISION',
  'ALREADY_FINAL',
  'UNKNOWN_WORKLOAD',
  'ALREADY_CLAIMED',
  'NOT_FINAL',
  'WRONG_REVISION',
  'COUPON_OTHER_SUBSYSTEM',
  'OVERSPEND',
  // Governance.
  'CLOSES_IN_PAST',
  'NO_CHANGE',
  'UNKNOWN_PROPOSAL',
  'PROPOSAL_CLOSED',
  'PROPOSAL_VOID',
  'VOTE_CLOSED',
  'NOT_IN_SUBSYSTEM',
  'ALREADY_VOTED',
  // Signed notes (core/checkpoint/note.ts).
  'NOTE_TOO_LARGE',
  'NOTE_NOT_UTF8',
  'NOTE_CONTROL_CHARACTER',
  'NOTE_NO_NEWLINE',
  'NOTE_NO_BLANK_LINE',
  'NOTE_NO_SIGNATURES',
  'NOTE_TOO_MANY_SIGNATURES',
  'NOTE_BAD_SIGNATURE_LINE',
  'NOTE_BAD_KEY_NAME',
  'NOTE_BAD_BASE64',
  'NOTE_SIGNATURE_TOO_SHORT',
  'NOTE_DUPLICATE_SIGNATURE',
  'NOTE_BAD_SIGNATURE',
  'NOTE_UNVERIFIED',
  'NOTE_BAD_VERIFIER_KEY',
  // Checkpoints and hand-overs (core/checkpoint/checkpoint.ts, handover.ts).
  'CHECKPOINT_MALFORMED',
  'CHECKPOINT_BAD_KEY',
  'CHECKPOINT_WRONG_NETWORK',
  'CHECKPOINT_WRONG_EPOCH',
  'HANDOVER_MALFORMED',
  'HANDOVER_NOT_SIGNED',
  'HANDOVER_WRONG_NETWORK',
  'HANDOVER_WRONG_EPOCH',
  'HANDOVER_WRONG_LENGTH',
  'HANDOVER_KEY_REUSED',
  // Council key generation (core/checkpoint/dkg.ts, public.ts).
  'DKG_COUNCIL_SHAPE',
  'DKG_WRONG_EPOCH',
  'DKG_STALE_ATTEMPT',
  'DKG_NOT_MEMBER',
  'DKG_WRONG_STAGE',
  'DKG_DUPLICATE',
  'DKG_MALFORMED',
  'DKG_BAD_PROOF',
  'DKG_BAD_SHARE',
  'DKG_NO_COMPLAINT',
  'DKG_WRONG_KEY',
  'DKG_SILENT',
  'DKG_UNANSWERED',
  // Checkpoint signing (core/checkpoint/session.ts, frost.ts).
  'SIGNING_NOT_MEMBER',
  'COMMITMENT_MALFORMED',
  'COMMITMENT_POOL_FULL',
  'COMMITMENT_REUSED',
  'SESSION_BUSY',
  'SIGNING_WRONG_SESSION',
  'SIGNING_DONE',
  'SIGNING_STALE_ROUND',
  'SIGNING_NOT_IN_ROUND',
  'SIGNING_DUPLICATE',
  'SHARE_MALFORMED',
  'SIGNING_BAD_SHARE',
  'AGGREGATE_SHARES_MISSING',
  'AGGREGATE_BAD_SHARE',
  // Sealed DKG shares (core/checkpoint/seal.ts; a member's own node).
  'SEAL_MALFORMED',
  'SEAL_OPEN_FAILED',
  'SEAL_WRONG_CONTEXT',
  'SEAL_BAD_KEY',
  'SEAL_CONTEXT',
  // The council's election and its place in the log (core/ledger/council.ts).
  'COUNCIL_THRESHOLD'
] as const

export type RefusalCode = (typeof REFUSAL_CODES)[number]

export function isRefusalCode(code: unknown): code is RefusalCode {
  return typeof code === 'string' && (REFUSAL_CODES as readonly string[]).includes(code)
}
