// The records the ledger keeps in its view. Amounts are decimal strings (µmin or units);
// they are BigInts only while a handler computes with them. keys.ts says which key holds which.
import type { Transaction } from '../protocol/envelope.ts'
import type { RefusalCode } from '../protocol/refusals.ts'
import type { OutcomeStatus } from './types.ts'

export type Role = 'producer' | 'dispatcher'

export interface CollectiveRecord {
  id: string
  name: string
  roles: Role[]
  devices: string[]
  /** A member's devices are writers of the network's log. */
  member: boolean
  subsystem: string
  registeredBy: string
}

export interface SubsystemRecord {
  id: string
  size: number
}

export interface Params {
  graceMinutes: string
  writeoffLimit: string
  voteThreshold: string
  quorumPercent: string
}

export const DEFAULT_PARAMS: Params = {
  /** One week after the end of a month before it can be closed. */
  graceMinutes: String(7 * 24 * 60),
  /** w counts at most a/10 (§6.3 footnote). */
  writeoffLimit: '1/10',
  /** Estimates above 100,000 hours need a production vote. */
  voteThreshold: String(100_000n * 60n * 1_000_000n),
  /** More than half of a subsystem's collectives must vote yes. */
  quorumPercent: '50'
}

export interface ProductRecord {
  id: string
  name: string
  unit: string
  kind: 'consumable' | 'meansOfProduction'
  durability?: string
  definedBy: string
  /** The `product.retire` that retired it: its name is free again, nothing may use it. */
  retiredBy?: string
}

/** A serialised value tree: bigint fields as decimal strings. */
export interface StoredTree {
  root: string
  elements: Record<string, { v: string; d: string; children: string[]; age: string; transferred: string }>
  /** Which product type each element is (for display: the proposal's table). */
  products: Record<string, string>
}

export interface LotRecord {
  id: string
  product: string
  owner: string
  quantity: string
  /** Value still held (µmin). For a means of production: v* minus what it has transferred. */
  value: string
  tree?: StoredTree
  allocatedTo?: string
  createdBy: string
  /**
   * Value and quantity before the first units were taken (set by the first partial take):
   * the history that decides what each later take carries (docs/protocol.md §8).
   */
  basis?: { value: string; quantity: string }
}

export interface OrderRecord {
  id: string
  orderer: string
  producer: string
  product: string
  quantity: string
  deliverBy?: number
  references: string[]
  /** `produced`: its production delivered its output (transfers then count into `delivered`). */
  status: 'open' | 'rejected' | 'estimated' | 'started' | 'produced' | 'withdrawn'
  reason?: string
  estimate?: string
  delivered: string
}

export interface EstimateRecord {
  id: string
  order: string
  producer: string
  minutes: string
  production?: string
  /** `estimate.replace`: the estimate this one replaced, or the one that replaced it. */
  replaces?: string
  replacedBy?: string
}

export interface ComponentRecord {
  lot: string
  product: string
  value: string
  tree: StoredTree
}

export interface ProductionRecord {
  id: string
  producer: string
  order: string
  estimate: string
  product: string
  commons: boolean
  status: 'running' | 'done'
  /** Everything that flowed in so far (µmin): workloads + consumed values + machine transfers. */
  value: string
  workloads: string
  consumed: string
  transfers: string
  components: ComponentRecord[]
  allocated: Array<{ lot: string; repurposed: boolean }>
  outputs: string[]
}

export interface WorkloadRecord {
  id: string
  production: string
  collective: string
  wallet: string
  minutes: string
  performedAt: number
  period: string
  commons: boolean
  claimedBy?: string
  /** The `workload.reverse` that undid it, and why. */
  reversedBy?: string
  reversalReason?: string
}

export interface Tally {
  a: string
  c: string
  w: string
}

export interface RevisionRecord {
  tx: string
  period: string
  subsystem: string
  members: string[]
  a: string
  c: string
  /** Write-offs counted this period (capped), and the debt carried to the next. */
  w: string
  wRaw: string
  debtIn: string
  debtOut: string
  /** Taxed minutes t = c + w (capped at a); the rate is t/a. */
  taxed: string
  claimable: string
  rounding: string
}

export interface ProposalRecord {
  id: string
  subsystem: string
  proposer: string
  kind: string
  payload: Record<string, string>
  closesAt: number
  yes: number
  no: number
  status: 'open' | 'passed' | 'failed'
}

export interface Totals {
  /** All workload minutes ever recorded: the only source of value. */
  worked: string
  writtenOff: string
  dispatched: string
  claimed: string
  spent: string
}

export const ZERO_TOTALS: Totals = { worked: '0', writtenOff: '0', dispatched: '0', claimed: '0', spent: '0' }

/** What became of one entry (`log/<seq>`, and `rejection/<seq>` for refusals). */
export interface OutcomeRecord {
  id: string | null
  type: string | null
  status: OutcomeStatus
  writer: string
  code?: RefusalCode
  reason?: string
  /** The pending transaction this entry completed. */
  completed?: string
}

/**
 * A transaction's fate, with the position of the entry that first carried it: what
 * queries.transaction answers, `tx/<id>` over that entry's `log/<seq>` record.
 */
export interface TxRecord extends OutcomeRecord {
  seq: number
}

/**
 * `tx/<id>` as stored: the position of the entry that first carried the transaction and what
 * became of it since (a pending one is completed or declined later). Its id, type and writer
 * are that entry's, read from `log/<seq>`, not kept twice. (Views written before this layout
 * hold the whole TxRecord here; readers take either.)
 */
export interface TxStateRecord {
  seq: number
  status: OutcomeStatus
  code?: RefusalCode
  reason?: string
}

/** A transaction that waits in the log for co-signatures. */
export interface PendingRecord {
  id: string
  tx: Transaction
  writer: string
  seq: number
  missing: string[]
  expires: number
}

export interface DeviceRecord {
  collective: string
}

/** A device unbound from its collective: its later entries are refused with DEVICE_UNBOUND. */
export interface UnboundDeviceRecord {
  collective: string
  /** The transaction that unbound it (a `device.unbind`, or a `device.bind` that replaced it). */
  tx: string
  /** The device that took over, when a restored device replaced it. */
  replacedBy?: string
}

/** A trust cancellation that split a subsystem, and the settlements recorded since. */
export interface SplitRecord {
  id: string
  seq: number
  parts: Array<{ subsystem: string; members: string[] }>
  settlements?: string[]
}

/** Value (µmin) and quantity of a product type held as stock, or a subsystem's price basis. */
export interface StockRecord {
  value: string
  quantity: string
}

/** How many lots of a product type an owner holds, and their value (µmin): any lot, machines too. */
export interface HoldingRecord {
  lots: number
  value: string
}

export interface WriteoffRecord {
  lot: string
  product: string
  owner: string
  quantity: string
  value: string
  reason: string
}

/** Which revision closed a collective's month, in which subsystem. */
export interface ClosedRecord {
  revision: string
  subsystem: string
}

/**
 * The network's council (docs/protocol.md §14.1): who confirms the log (one device of each
 * member is an Autobase indexer) and, once its DKG is done, whose threshold key signs
 * checkpoints. `council/current`; each epoch's also under `council/epoch/<n>`.
 */
export interface CouncilRecord {
  /** 1 for the first elected council, one more at each election. */
  epoch: number
  /** Member collective ids, ascending (FROST identifier i is the i-th, from 1). */
  members: string[]
  threshold: number
  /** The proposal that elected it. */
  proposal: string
  /** Log position of the ballot that elected it. */
  since: number
  /** The devices the ledger asks Autobase to keep as indexers: each member's first device. */
  indexers: string[]
  /**
   * Indexer devices not yet seen writing since they were named. Autobase makes a device
   * that has written nothing a pending indexer only, so the ledger asks again when it first
   * writes (and the old indexers step down then, when Autobase lets them).
   */
  waiting: string[]
  /**
   * Set from the election until every named device has written (or the DKG stops waiting
   * for round 1: PROMOTE_AFTER on its clock, or it ended): the indexer change is not asked
   * for yet, so it comes as one change.
   */
  held?: true
  /** Members that left the network since the election (they left the council). */
  left: string[]
  /** Where its key generation stands (`council/dkg` holds the details). */
  dkg?: 'running' | 'done' | 'failed'
}

/**
 * The running DKG's clock (`council/dkg-clock`): how many entries the devices of its members
 * have written since the election of `epoch` (at seq `since`), other than the DKG's own
 * steps; ticks count (docs/protocol.md §14.2). The DKG's stage starts and deadlines are
 * readings of it, not log positions.
 */
export interface DkgClock {
  epoch: number
  since: number
  entries: number
}

/**
 * The council whose key signs checkpoints now (`council/signing`): the members of the DKG
 * attempt that made the key (FROST identifier i is `members[i - 1]`), from log position
 * `since` on. A new council's key takes over once the old key has signed its hand-over.
 */
export interface SigningCouncilRecord {
  epoch: number
  members: string[]
  threshold: number
  /** The council's key: t commitment points (the first is the group key), n verifying shares. */
  key: { threshold: number; size: number; commitment: string[]; verifyingShares: string[] }
  since: number
}
