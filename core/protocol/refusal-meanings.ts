// Generated from the tables of docs/protocol.md §4 by test/docs/refusal-codes.ts --write;
// do not edit. `satisfies` makes tsc refuse a code the union lacks or a missing one.
import type { RefusalCode } from './refusals.ts'

export const REFUSAL_MEANINGS = {
  TOO_LARGE: 'The entry is larger than 64 KiB.',
  MALFORMED: 'The entry is not UTF-8 JSON.',
  INVALID_ENVELOPE:
    'The envelope breaks its schema (unknown version or key, bad time, too many or repeated signers, malformed keys or signatures).',
  UNKNOWN_TYPE: 'The type is not one of the 28.',
  INVALID_BODY: "The body breaks its type's schema; the reason names the field.",
  NO_NETWORK: 'No collective exists yet and the entry is not a `collective.register`.',
  UNKNOWN_WRITER:
    'The writing device belongs to no collective or to one that is not a member; or the first collective does not list the device that writes it.',
  DUPLICATE: 'The transaction was already decided (accepted, rejected, or declined).',
  INTERNAL: 'The ledger failed on this entry (a bug); the reason carries the error message.',
  WRONG_SIGNERS:
    '`signers` is not the set this transaction needs; or a single-signer type lists more or fewer than one; or the parties a pending transaction needs changed while it waited; or a decline comes from a key whose signature is not missing.',
  UNEXPECTED_SIGNATURE:
    'A signature by a key that is not a signer (or, for a co-signature, not a missing signer).',
  BAD_SIGNATURE: 'A signature or co-signature does not verify against the signed bytes.',
  MISSING_SIGNATURE: 'A type that cannot wait for co-signatures lacks a signature.',
  UNSIGNED: 'A co-signed type carries no signature at all.',
  EXPIRED:
    'A transaction that would become pending has `expires` before its `time`; or a co-signature arrives after the pending transaction expired.',
  NOT_PENDING: '`cosign` or `cosign.decline` names no transaction that waits for signatures.',
  NOTHING_NEW: 'A co-signature adds no missing signature.',
  ALREADY_PENDING:
    'The same transaction again while it waits for co-signatures: the missing signers add theirs with `cosign`.',
  DECLINED:
    'Not a refusal of an entry: the status code a pending transaction gets when a required signer declines it (`cosign.decline`).',
  ALREADY_REGISTERED: 'The identity key is already a registered collective.',
  DEVICE_TAKEN: 'A device key already belongs to a collective.',
  TOO_MANY_DEVICES: 'A collective has 64 devices already.',
  UNKNOWN_DEVICE: "The device to unbind is not one of the collective's.",
  LAST_DEVICE: 'A collective cannot unbind its last device.',
  UNKNOWN_COLLECTIVE: 'A key names no registered collective.',
  NOT_MEMBER:
    'The collective is registered but not a member of the network (it has no strong trust and did not found the network); for `trust.establish`, neither side is a member.',
  WRONG_ROLE: 'The collective lacks the role the step needs (`producer` or `dispatcher`).',
  ALREADY_TRUSTED: 'The two collectives already have strong trust.',
  NO_STRONG_TRUST:
    'Goods or orders would cross between collectives without strong trust; or a cancellation names a peer without trust.',
  UNKNOWN_SPLIT: 'A settlement names no trust cancellation that split a subsystem.',
  NOT_ACROSS_SPLIT: "The settlement's giver and receiver are not on the two sides of that split.",
  NOT_SPLIT: 'Giver and receiver are in one subsystem again: use a transfer.',
  PRODUCT_NAME_TAKEN: 'A product type of that name (ignoring case) exists.',
  UNKNOWN_PRODUCT: 'No product type with that id.',
  UNKNOWN_LOT: 'No lot with that id (it never existed, or it was used up).',
  LOT_NOT_OWNED: 'The lot belongs to another collective.',
  LOT_ALLOCATED: 'The lot is a machine allocated to a production; deallocate it first.',
  QUANTITY_TOO_LARGE: 'More units than the lot holds.',
  SAME_OWNER: 'A transfer to the collective that already owns the lot.',
  INVENTORY_SURPLUS: "A count above the lot's quantity; found goods are collectivized instead.",
  UNKNOWN_ORDER: "No order with that id (also for an order's references and a transfer's order).",
  ORDER_MISMATCH: 'A transfer names an order that the receiver did not place with the giver.',
  ORDER_CLOSED: 'The order is rejected, already estimated, or its production started.',
  UNKNOWN_ESTIMATE: 'No estimate with that id (production start, production vote).',
  ESTIMATE_USED: 'A production was already started on the estimate (1:1).',
  VOTE_REQUIRED:
    "The estimate exceeds the subsystem's vote threshold and no production vote passed.",
  UNKNOWN_PRODUCTION: 'No production with that id.',
  PRODUCTION_DONE: 'The production already delivered its output.',
  COMMONS_USES_EXCLUSIVE:
    'A commons production consumes exclusive goods, or uses an exclusive machine not marked repurposed.',
  COMMONS_MAKES_EXCLUSIVE: "A commons production's output names an exclusive product type.",
  COMPONENT_NEEDS_DURABILITY: 'A good consumed `asComponent` has no durability.',
  REPURPOSE_NOT_NEEDED:
    '`repurposed` is set although the machine is not exclusive or the production not commons.',
  NOT_MEANS_OF_PRODUCTION: 'Only a means of production can be allocated.',
  NOT_ALLOCATED: 'The machine is not allocated to this production.',
  MOP_STILL_ALLOCATED: 'The output comes while machines are still allocated.',
  VALUE_NOT_CONSERVED:
    "Declared output values are not all given, or do not equal the split of the production's value.",
  WORKLOAD_IN_FUTURE: "`performedAt` is after the transaction's `time`.",
  PERIOD_CLOSED: "The workload's month has had its final revision at the producing collective.",
  EARLY_REVISION:
    'No subsystem could be closed, and at least one is still within the month plus its grace time.',
  ALREADY_FINAL: 'The month is already closed everywhere.',
  UNKNOWN_WORKLOAD: 'No workload with that id.',
  ALREADY_CLAIMED: "The workload's coupons were claimed.",
  NOT_FINAL: "The workload's month has no final revision yet at its collective.",
  WRONG_REVISION: "The claim names another revision than the one that closed the workload's month.",
  COUPON_OTHER_SUBSYSTEM:
    "The wallet holds enough coupons, but not enough whose origin is in the dispatcher's subsystem.",
  OVERSPEND: 'The wallet holds fewer coupons than the amount.',
  CLOSES_IN_PAST: "`closesAt` is not after the proposal's `time`.",
  NO_CHANGE:
    'The product is already commons (for `commons.add`) or already exclusive (for `commons.remove`).',
  UNKNOWN_PROPOSAL: 'No proposal with that id.',
  PROPOSAL_CLOSED: 'The proposal already passed or failed.',
  PROPOSAL_VOID: 'The subsystem that was voting on the proposal has merged into another.',
  VOTE_CLOSED: "The ballot's `time` is after `closesAt`.",
  NOT_IN_SUBSYSTEM:
    "The voter is not in the subsystem the proposal belongs to; or a production vote is raised outside the subsystem of the estimate's producer.",
  ALREADY_VOTED: 'The collective has voted on this proposal.'
} as const satisfies Record<RefusalCode, string>
