// Generated from the tables of docs/protocol.md §4 by test/docs/refusal-codes.ts --write;
// do not edit. `satisfies` makes tsc refuse a code the union lacks or a missing one.
import type { RefusalCode } from './refusals.ts'

export const REFUSAL_MEANINGS = {
  TOO_LARGE: 'The entry is larger than 64 KiB.',
  MALFORMED: 'The entry is not UTF-8 JSON.',
  INVALID_ENVELOPE:
    'The envelope breaks its schema (unknown version or key, bad time, too many or repeated signers, malformed keys or signatures).',
  UNKNOWN_TYPE: 'The type is not one of the 34.',
  INVALID_BODY: "The body breaks its type's schema; the reason names the field.",
  CONTROL_CHARACTER:
    'A text contains a control character (U+0000–U+001F, U+007F–U+009F), a line break included.',
  BIDI_CONTROL:
    'A text contains a bidirectional embedding, override or isolate, or a name a direction mark.',
  LONE_SURROGATE:
    'A text contains half of a UTF-16 surrogate pair (a lone `\\ud800`-style escape).',
  NONCHARACTER: 'A text contains a Unicode noncharacter.',
  INVISIBLE_CHARACTER:
    'A name contains an invisible character (zero-width space or joiner, soft hyphen, …).',
  DISALLOWED_CHARACTER:
    'A name contains a character names may not use: a symbol, another space, a compatibility form, private use, unassigned.',
  CONFUSABLE_SEQUENCE:
    'A name has two spaces in a row, a combining mark on no letter, or one mark twice in a row.',
  NOT_NFC: 'A name is not in Unicode Normalization Form C.',
  MIXED_SCRIPTS:
    'A name mixes letters of scripts that do not belong together, e.g. Latin and Cyrillic.',
  NO_NETWORK: 'No collective exists yet and the entry is not a `collective.register`.',
  UNKNOWN_WRITER:
    'The writing device belongs to no collective or to one that is not a member; or the first collective does not list the device that writes it.',
  DUPLICATE: 'The transaction was already decided (accepted, rejected, or declined).',
  INTERNAL: 'The ledger failed on this entry (a bug); the reason carries the error message.',
  DEVICE_UNBOUND:
    "The writing device was unbound from its collective (`device.unbind`, or replaced by a restored device's `device.bind`): what it wrote after that is not accepted.",
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
  PRODUCT_NAME_TAKEN:
    'A product type of that name exists: the names have the same key (section 2.7, ignoring case).',
  UNKNOWN_PRODUCT: 'No product type with that id.',
  UNKNOWN_LOT: 'No lot with that id (it never existed, or it was used up).',
  LOT_NOT_OWNED: 'The lot belongs to another collective.',
  LOT_ALLOCATED: 'The lot is a machine allocated to a production; deallocate it first.',
  QUANTITY_TOO_LARGE: 'More units than the lot holds.',
  SAME_OWNER: 'A transfer to the collective that already owns the lot.',
  INVENTORY_SURPLUS: "A count above the lot's quantity; found goods are collectivized instead.",
  LOT_RESERVED:
    'A transfer of the lot waits for its co-signature: the lot is reserved for it until it is co-signed, declined or expired (section 5).',
  UNKNOWN_ORDER: "No order with that id (also for an order's references and a transfer's order).",
  ORDER_MISMATCH: 'A transfer names an order that the receiver did not place with the giver.',
  ORDER_CLOSED:
    'The order is rejected or withdrawn, or its production delivered its output; an estimate needs an open order (a replacement an estimated one); a transfer names a rejected or withdrawn order.',
  UNKNOWN_ESTIMATE: 'No estimate with that id (production start, production vote).',
  ESTIMATE_USED: 'A production was already started on the estimate (1:1).',
  VOTE_REQUIRED:
    "The estimate exceeds the subsystem's vote threshold and no production vote passed.",
  UNKNOWN_PRODUCTION: 'No production with that id.',
  PRODUCTION_DONE:
    'The production already delivered its output (also for reversing one of its workloads).',
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
  PERIOD_CLOSED:
    "The workload's month has had its final revision at the producing collective (also for reversing a workload of that month).",
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
  ALREADY_VOTED: 'The collective has voted on this proposal.',
  NOTE_TOO_LARGE: 'The note has more than 65,536 bytes.',
  NOTE_NOT_UTF8: 'The note is not valid UTF-8.',
  NOTE_CONTROL_CHARACTER:
    'The note holds a control character other than the newline (a carriage return, a tab).',
  NOTE_NO_NEWLINE: 'The note, or a text to sign, does not end with a newline.',
  NOTE_NO_BLANK_LINE: 'No blank line separates the text from the signatures.',
  NOTE_NO_SIGNATURES: 'Nothing follows the blank line.',
  NOTE_TOO_MANY_SIGNATURES: 'More than 32 signature lines.',
  NOTE_BAD_SIGNATURE_LINE:
    'A line after the blank line is not `— <key name> <signature>` with single spaces.',
  NOTE_BAD_KEY_NAME: 'A key name is empty or holds a space or a `+`.',
  NOTE_BAD_BASE64: 'A signature is not canonical, padded base64.',
  NOTE_SIGNATURE_TOO_SHORT:
    'A signature has fewer than 5 bytes (a 4-byte key ID and the signature).',
  NOTE_DUPLICATE_SIGNATURE: 'The same key (name and key ID) signed twice.',
  NOTE_BAD_SIGNATURE: "A trusted key's signature does not verify: the whole note is refused.",
  NOTE_UNVERIFIED: 'No trusted key signed the note (signatures of unknown keys are ignored).',
  NOTE_BAD_VERIFIER_KEY:
    'A verifier key is not `<name>+<8 hex digits>+<base64(0x01 ‖ 32-byte key)>`, or its key ID does not match.',
  CHECKPOINT_MALFORMED:
    'The text is not a checkpoint in its one canonical form (line order, decimal without leading zeros, padded base64 of 32 bytes, subsystems once each with ids ascending, taxed ≤ a).',
  CHECKPOINT_BAD_KEY: 'The network key or the pinned group key is not 32 bytes of hex.',
  CHECKPOINT_WRONG_NETWORK: 'The checkpoint names another network than the one asked about.',
  CHECKPOINT_WRONG_EPOCH:
    "No hand-over leads to the checkpoint's epoch, or its length lies outside that council's term.",
  HANDOVER_MALFORMED:
    'A hand-over is not in its canonical form, or names a council that cannot exist (threshold below 2 or above its size, members not ascending, an invalid key).',
  HANDOVER_NOT_SIGNED: 'A hand-over is not signed by the key of the epoch before it.',
  HANDOVER_WRONG_NETWORK: 'A hand-over is for another network.',
  HANDOVER_WRONG_EPOCH: 'A hand-over does not name the next epoch.',
  HANDOVER_WRONG_LENGTH: "A hand-over starts before the previous council's term began.",
  HANDOVER_KEY_REUSED: 'A hand-over hands over to a key used earlier in the chain.',
  DKG_COUNCIL_SHAPE:
    'An elected council that cannot hold a threshold key: fewer than 2 or more than 64 members, a threshold below 2 or above the size, the same collective twice.',
  DKG_WRONG_EPOCH: "The entry is for another epoch's DKG.",
  DKG_STALE_ATTEMPT: 'The entry is for an earlier attempt (the DKG restarted without someone).',
  DKG_NOT_MEMBER: 'The sender, or the member a complaint names, is not in this attempt.',
  DKG_WRONG_STAGE:
    'The DKG is not at the stage the entry belongs to (or the member already confirmed, or still has an open complaint).',
  DKG_DUPLICATE: "The member already sent this round's entry, or this complaint.",
  DKG_MALFORMED:
    'A round-1 package without `threshold` valid points and a 64-byte proof, or round-2 shares that are not one sealed share per other member.',
  DKG_BAD_PROOF:
    'A round-1 proof of knowledge does not verify: the member is named, excluded, and the DKG restarts without it.',
  DKG_BAD_SHARE:
    "A share revealed to answer a complaint does not match the sender's commitment: the sender is excluded and the DKG restarts.",
  DKG_NO_COMPLAINT: 'A revealed share answers no open complaint.',
  DKG_WRONG_KEY: 'A confirmation names another group key than the round-1 packages give.',
  DKG_SILENT:
    'A member sent nothing for a round within `stallAfter` entries: excluded, and the DKG restarts.',
  DKG_UNANSWERED:
    'A member did not answer a complaint within `stallAfter` entries: excluded, and the DKG restarts.',
  SIGNING_NOT_MEMBER: 'Nonce commitments from someone not in the council.',
  COMMITMENT_MALFORMED:
    'A batch of 1 to 16 commitments, each two different valid points, is expected; or a signing set names a member twice.',
  COMMITMENT_POOL_FULL: 'The member already has 64 unused commitments.',
  COMMITMENT_REUSED: 'A nonce commitment (either point) was published before in this epoch.',
  SESSION_BUSY: 'A checkpoint is still being signed; the next one waits.',
  SIGNING_WRONG_SESSION: 'The share names a session that is not the open one.',
  SIGNING_DONE: 'The session is already signed.',
  SIGNING_STALE_ROUND: 'The share is for a round that was replaced.',
  SIGNING_NOT_IN_ROUND: "The member is not in the current round's signing set.",
  SIGNING_DUPLICATE: 'The member already answered this round.',
  SHARE_MALFORMED: 'A signature share is not 32 bytes of hex.',
  SIGNING_BAD_SHARE:
    "A share does not verify against the member's commitment and verifying share: the member is named, left out for the rest of the session, and a new round starts.",
  AGGREGATE_SHARES_MISSING: 'Aggregation without exactly one share per member of the signing set.',
  AGGREGATE_BAD_SHARE:
    'The shares do not add up to a signature; the reason names the members whose shares fail.',
  SEAL_MALFORMED: 'A sealed share is not 207 bytes (414 lowercase hex digits).',
  SEAL_OPEN_FAILED:
    "The sealed share does not open with this member's key: it is for another member, or it was altered.",
  SEAL_WRONG_CONTEXT:
    'The share opens but names another network, epoch, attempt, sender or recipient (a replay).',
  SEAL_BAD_KEY: 'An identity key has no X25519 form.',
  SEAL_CONTEXT:
    "The DKG context or the share to seal is malformed (a programming error on the member's side).",
  WORKLOAD_REVERSED:
    'The workload was reversed already (for a second reversal, or a claim of its coupons).',
  WORKDAY_FULL: "The wallet's workloads on that UTC day would hold more than 24 hours.",
  ESTIMATE_REPLACED:
    'The estimate was replaced: a production starts, a production vote is raised and a replacement is made only on its replacement.',
  PRODUCT_IN_USE:
    'The product type was named by an accepted transaction (a lot, an order, an output, a commons vote): it cannot be retired.',
  PRODUCT_RETIRED: 'The product type was retired: nothing may name it (or retire it again).',
  COUNCIL_THRESHOLD:
    "A council's threshold must be more than half its members and at most all of them.",
  QUANTITY_ABOVE_MAXIMUM:
    'A quantity, a weight or a count is more than 10^15 units, the most one may name (section 2.5).',
  DURABILITY_ABOVE_MAXIMUM:
    'A durability is more than 52,704,000 minutes, 100 years of 366 days (section 2.5).',
  TRUST_REQUEST_PENDING:
    'A request for strong trust between the same two collectives still waits for its co-signature: the partner answers that one (section 5).'
} as const satisfies Record<RefusalCode, string>
