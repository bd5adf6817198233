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
  'ALREADY_VOTED'
] as const

export type RefusalCode = (typeof REFUSAL_CODES)[number]

export function isRefusalCode(code: unknown): code is RefusalCode {
  return typeof code === 'string' && (REFUSAL_CODES as readonly string[]).includes(code)
}
