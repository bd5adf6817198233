// The view's key layout, in one place. Every key is a `/`-separated path; the first segment
// names the kind of record. Indexes (`…Of/…`) exist so that queries read ranges, never scans.
//
// Each key carries the type of the record stored under it (`Key<T>`, a string at run time),
// so `state.get(keys.lot(id))` is a `LotRecord | undefined` and `state.put(keys.lot(id), x)`
// only takes a lot. A prefix (`Prefix<T>`) types the records of a range the same way.
import { nameKey } from '../protocol/names.ts'
import type {
  ClosedRecord,
  CollectiveRecord,
  DeviceRecord,
  UnboundDeviceRecord,
  EstimateRecord,
  HoldingRecord,
  LotRecord,
  OrderRecord,
  OutcomeRecord,
  Params,
  PendingRecord,
  ProductionRecord,
  ProductRecord,
  ProposalRecord,
  RevisionRecord,
  SplitRecord,
  StockRecord,
  SubsystemRecord,
  Tally,
  Totals,
  TxStateRecord,
  WorkloadRecord,
  WriteoffRecord,
  CouncilRecord,
  DkgClock,
  SigningCouncilRecord
} from './records.ts'
import type { Frontier } from '../checkpoint/merkle.ts'
import type { MovementItem, MovementTotals } from './movements.ts'
import type { StatementLeafRecord, StatementRecord } from './statements.ts'
import type { SubsystemStatementRecord } from './subsystem-statements.ts'
import type { DkgState } from '../checkpoint/dkg.ts'

declare const record: unique symbol
/** A view key whose value is a `T`. Only this file makes them. */
export type Key<T> = string & { readonly [record]: T }
/** The start of a range of keys whose values are `T`s. */
export type Prefix<T> = string & { readonly [record]: T }

const key = <T>(path: string) => path as Key<T>
const prefix = <T>(path: string) => path as Prefix<T>
const pad = (seq: number) => String(seq).padStart(12, '0')

export const keys = {
  digest: key<string>('meta/digest'),
  seq: key<number>('meta/seq'),
  totals: key<Totals>('meta/totals'),
  /** The founding collective's id. */
  genesis: key<string>('meta/genesis'),

  /**
   * One per applied entry, by position: what happened to it, and where the entry is (on a
   * node its place in its writer core, elsewhere its bytes: `StoredLogRecord`), so a replica
   * can export the log (core/exports/log.ts) and the audit trail can show a transaction as it
   * entered (queries.enteredTransaction). One record rather than an outcome and a copy of the
   * entry: one view block per entry, not two.
   */
  log: (seq: number) => key<StoredLogRecord>(`log/${pad(seq)}`),
  logs: prefix<StoredLogRecord>('log/'),
  /**
   * One per transaction id: its status (pending, accepted, rejected) and the seq of the entry
   * that first carried it, whose `log/<seq>` says the rest (queries.transaction joins them).
   */
  tx: (id: string) => key<TxStateRecord>(`tx/${id}`),
  pending: (id: string) => key<PendingRecord>(`pending/${id}`),
  pendings: prefix<PendingRecord>('pending/'),
  /** The pending transaction's type, by the signer it waits for. */
  pendingFor: (signer: string, id: string) => key<string>(`pendingFor/${signer}/${id}`),
  pendingsFor: (signer: string) => prefix<string>(`pendingFor/${signer}/`),
  rejection: (seq: number) => key<OutcomeRecord>(`rejection/${pad(seq)}`),
  rejections: prefix<OutcomeRecord>('rejection/'),

  collective: (id: string) => key<CollectiveRecord>(`collective/${id}`),
  collectives: prefix<CollectiveRecord>('collective/'),
  device: (key_: string) => key<DeviceRecord>(`device/${key_}`),
  /** A device its collective unbound (or a restored device replaced): why its entries are refused. */
  unboundDevice: (key_: string) => key<UnboundDeviceRecord>(`unboundDevice/${key_}`),
  /** Strong trust between a and b (both directions): the id of the transaction that made it. */
  edge: (a: string, b: string) => key<string>(`edge/${a}/${b}`),
  edgesOf: (a: string) => prefix<string>(`edge/${a}/`),
  edges: prefix<string>('edge/'),
  subsystem: (id: string) => key<SubsystemRecord>(`subsystem/${id}`),
  subsystems: prefix<SubsystemRecord>('subsystem/'),
  member: (subsystem: string, collective: string) => key<true>(`member/${subsystem}/${collective}`),
  membersOf: (subsystem: string) => prefix<true>(`member/${subsystem}/`),
  split: (cancelTx: string) => key<SplitRecord>(`split/${cancelTx}`),
  splits: prefix<SplitRecord>('split/'),
  /** A commons product type of a subsystem: the proposal that made it commons. */
  commons: (subsystem: string, product: string) => key<string>(`commons/${subsystem}/${product}`),
  commonsOf: (subsystem: string) => prefix<string>(`commons/${subsystem}/`),
  /** Parameters a subsystem voted to change (the rest keep their defaults). */
  params: (subsystem: string) => key<Partial<Params>>(`params/${subsystem}`),
  debt: (subsystem: string) => key<string>(`debt/${subsystem}`),

  product: (id: string) => key<ProductRecord>(`product/${id}`),
  products: prefix<ProductRecord>('product/'),
  /** By the name's key (docs/protocol.md §2.7): case-folded by a pinned table, not the runtime. */
  productName: (name: string) => key<string>(`productName/${nameKey(name)}`),
  lot: (id: string) => key<LotRecord>(`lot/${id}`),
  lots: prefix<LotRecord>('lot/'),
  /**
   * What an owner holds of one product type: how many lots and their value (µmin), kept by
   * saveLot, so the overview and the stock screen's totals read a few records, not every lot.
   */
  holding: (owner: string, product: string) => key<HoldingRecord>(`holding/${owner}/${product}`),
  holdingsOf: (owner: string) => prefix<HoldingRecord>(`holding/${owner}/`),
  /** The lot's product type, by owner. */
  lotOf: (owner: string, lot: string) => key<string>(`lotOf/${owner}/${lot}`),
  lotsOf: (owner: string) => prefix<string>(`lotOf/${owner}/`),
  /** What a write-off (or an inventory shortfall) removed, and why: by transaction id. */
  writeoff: (tx: string) => key<WriteoffRecord>(`writeoff/${tx}`),
  /** Dispatcher stock of one product type held by one collective: value and quantity. */
  stock: (collective: string, product: string) =>
    key<StockRecord>(`stock/${collective}/${product}`),
  stockOf: (collective: string) => prefix<StockRecord>(`stock/${collective}/`),
  /** The socially necessary price basis of a product type in a subsystem (§6.2). */
  price: (subsystem: string, product: string) => key<StockRecord>(`price/${subsystem}/${product}`),
  pricesOf: (subsystem: string) => prefix<StockRecord>(`price/${subsystem}/`),

  order: (id: string) => key<OrderRecord>(`order/${id}`),
  orders: prefix<OrderRecord>('order/'),
  /** `placed` or `received`, by the collective on that side of the order. */
  ordersOf: (collective: string, order: string) =>
    key<'placed' | 'received'>(`orderOf/${collective}/${order}`),
  ordersOfAll: (collective: string) => prefix<'placed' | 'received'>(`orderOf/${collective}/`),
  estimate: (id: string) => key<EstimateRecord>(`estimate/${id}`),
  production: (id: string) => key<ProductionRecord>(`production/${id}`),
  productions: prefix<ProductionRecord>('production/'),
  productionsOf: (collective: string, production: string) =>
    key<'running' | 'done'>(`productionOf/${collective}/${production}`),
  productionsOfAll: (collective: string) =>
    prefix<'running' | 'done'>(`productionOf/${collective}/`),
  /**
   * A running production of a producer: its product. Written when it starts, deleted when it
   * delivers, so the overview reads only what runs (not every production ever).
   */
  running: (producer: string, production: string) => key<string>(`running/${producer}/${production}`),
  runningOf: (producer: string) => prefix<string>(`running/${producer}/`),
  /** An order another collective placed with `producer` that still waits for an answer: its orderer. */
  openOrder: (producer: string, order: string) => key<string>(`openOrder/${producer}/${order}`),
  openOrdersOf: (producer: string) => prefix<string>(`openOrder/${producer}/`),

  workload: (id: string) => key<WorkloadRecord>(`workload/${id}`),
  workloads: prefix<WorkloadRecord>('workload/'),
  /**
   * Workloads of a collective in a period (their µmin), for the final revision and for claims;
   * by wallet within the month, so a person's hours of a month are one short range (the people
   * screen reads a page of people, never the month's every workload).
   */
  workloadIn: (collective: string, period: string, wallet: string, id: string) =>
    key<string>(`workloadIn/${collective}/${period}/${wallet}/${id}`),
  workloadsIn: (collective: string, period: string) =>
    prefix<string>(`workloadIn/${collective}/${period}/`),
  workloadsOfWalletIn: (collective: string, period: string, wallet: string) =>
    prefix<string>(`workloadIn/${collective}/${period}/${wallet}/`),
  workloadsOfCollective: (collective: string) => prefix<string>(`workloadIn/${collective}/`),
  /**
   * A wallet's workloads by the UTC day they were performed on (period.ts dayOf): their µmin.
   * The day's range is the person's time that day (workday.ts): no running sum kept beside it.
   */
  workloadOfWallet: (wallet: string, day: string, id: string) => key<string>(`workloadOf/${wallet}/${day}/${id}`),
  workloadsOfWalletOn: (wallet: string, day: string) => prefix<string>(`workloadOf/${wallet}/${day}/`),
  /** Every workload of a wallet (the id is the last segment; older views: workloadOf/<wallet>/<id>). */
  workloadsOfWallet: (wallet: string) => prefix<string>(`workloadOf/${wallet}/`),
  /**
   * Views written before the day-keyed workloadOf (2026-12): `workloadOf/<wallet>/<id>` = period,
   * and `workday/<wallet>/<day>` = the day's µmin. Read, and taken from, never written anew.
   */
  legacyWorkloadOfWallet: (wallet: string, id: string) => key<string>(`workloadOf/${wallet}/${id}`),
  /** a, c, w of one collective in one period, summed by the final revision. */
  tally: (collective: string, period: string) => key<Tally>(`tally/${collective}/${period}`),
  /** Set when a collective's period is closed: which revision closed it. */
  closed: (collective: string, period: string) =>
    key<ClosedRecord>(`closed/${collective}/${period}`),
  revision: (tx: string, subsystem: string) => key<RevisionRecord>(`revision/${tx}/${subsystem}`),
  revisionsOf: (tx: string) => prefix<RevisionRecord>(`revision/${tx}/`),
  revisions: prefix<RevisionRecord>('revision/'),
  revisionIn: (period: string, subsystem: string) =>
    key<string>(`revisionIn/${period}/${subsystem}`),

  /** Coupons a wallet holds (µmin), by the collective where their workload was registered. */
  balance: (wallet: string, origin: string) => key<string>(`balance/${wallet}/${origin}`),
  balancesOf: (wallet: string) => prefix<string>(`balance/${wallet}/`),
  balances: prefix<string>('balance/'),
  /** Coupons outstanding by the collective where their workload was registered. */
  outstanding: (origin: string) => key<string>(`outstanding/${origin}`),

  proposal: (id: string) => key<ProposalRecord>(`proposal/${id}`),
  proposals: prefix<ProposalRecord>('proposal/'),
  vote: (proposal: string, collective: string) =>
    key<'yes' | 'no'>(`vote/${proposal}/${collective}`),
  /** An estimate whose production vote passed: the proposal. */
  passedProduction: (estimate: string) => key<string>(`passedProduction/${estimate}`),

  /** A collective's value movements of one month (movements.ts), by the month they count into. */
  movement: (collective: string, period: string) => key<MovementTotals>(`movement/${collective}/${period}`),
  movementsOf: (collective: string) => prefix<MovementTotals>(`movement/${collective}/`),
  /** One lot's movement for one owner, by the month it counts into and the log position of the transaction. */
  moved: (collective: string, period: string, seq: number, lot: string) => key<MovementItem>(`moved/${collective}/${period}/${pad(seq)}/${lot}`),
  movedIn: (collective: string, period: string) => prefix<MovementItem>(`moved/${collective}/${period}/`),
  /** A collective's period statement, fixed by the final revision (statements.ts). */
  statement: (collective: string, period: string) => key<StatementRecord>(`statement/${collective}/${period}`),
  statementsOf: (collective: string) => prefix<StatementRecord>(`statement/${collective}/`),
  /**
   * A subsystem's statement of a month, fixed after its collectives' (subsystem-statements.ts).
   * Keyed by the revision too: a subsystem that grew by a merge after its month was closed has
   * the newcomers' month closed by a later revision, with a statement of its own.
   */
  subsystemStatement: (subsystem: string, period: string, revision: string) =>
    key<SubsystemStatementRecord>(`subsystemStatement/${subsystem}/${period}/${revision}`),
  subsystemStatementsIn: (subsystem: string, period: string) => prefix<SubsystemStatementRecord>(`subsystemStatement/${subsystem}/${period}/`),
  /** The latest month closed for the collective (not the last one closed: months may close out of order). */
  lastStatement: (collective: string) => key<string>(`lastStatement/${collective}`),
  /** The statements' leaves in tree order. */
  statementAt: (index: number) => key<StatementLeafRecord>(`statementAt/${pad(index)}`),
  statementLeaves: prefix<StatementLeafRecord>('statementAt/'),
  /** The RFC 9162 frontier over the statements' leaves: their count and root. */
  statementsTree: key<Frontier>('meta/statements'),
  /** The network's council now (core/ledger/council.ts), and each epoch's as elected. */
  council: key<CouncilRecord>('council/current'),
  councilEpoch: (epoch: number) => key<CouncilRecord>(`council/epoch/${pad(epoch)}`),
  councilEpochs: prefix<CouncilRecord>('council/epoch/'),
  /** Older views only (see legacyWorkloadOfWallet): µmin a wallet's workloads held on one UTC day. */
  legacyWorkday: (wallet: string, day: string) => key<string>(`workday/${wallet}/${day}`),
  /** Set by the first transaction that names a product type: from then on it cannot be retired. */
  productUsed: (product: string) => key<string>(`productUsed/${product}`),
  /** A lot reserved by a pending transfer: the transfer's id (docs/protocol.md §5). */
  reserved: (lot: string) => key<string>(`reserved/${lot}`),
  /** A pending request for strong trust between two collectives (either order): its id (§5). */
  trustRequest: (a: string, b: string) => key<string>(`trustRequest/${a < b ? `${a}/${b}` : `${b}/${a}`}`),
  trustRequests: prefix<string>('trustRequest/'),
  /** A co-signature or decline that answered pending transaction `tx`: its type. */
  answerOf: (tx: string, answer: string) => key<'cosign' | 'cosign.decline'>(`answerOf/${tx}/${answer}`),
  answersOf: (tx: string) => prefix<'cosign' | 'cosign.decline'>(`answerOf/${tx}/`),
  /** The elected council's key generation (core/checkpoint/dkg.ts). */
  councilDkg: key<DkgState>('council/dkg'),
  /** The running DKG's clock: entries by its members' devices (core/ledger/council-dkg.ts). */
  councilDkgClock: key<DkgClock>('council/dkg-clock'),
  /** The council whose key signs now, and a new one whose key waits for its hand-over. */
  councilSigning: key<SigningCouncilRecord>('council/signing'),
  councilNext: key<SigningCouncilRecord>('council/next'),
}

/** An entry's writer and bytes: their UTF-8 text, or base64 when they are not UTF-8. */
export type EntryRecord = { writer: string; text: string } | { writer: string; base64: string }

/**
 * Where an entry lies instead of its bytes: block `at` of writer core `writer` (an Autobase
 * node's place, apply.ts). The host reads the bytes back from there (store.ts `EntrySource`).
 */
export interface EntryPlace {
  writer: string
  at: number
}

/** `log/<seq>`: the entry's outcome and the entry (a transaction as it entered is read from here). */
export type LogEntryRecord = OutcomeRecord & EntryRecord

/**
 * `log/<seq>` as stored: the outcome with the entry's bytes, id and type only when the entry's
 * text does not give them (log-record.ts); or the outcome, id and type with the entry's place.
 */
export type StoredLogRecord =
  | (Omit<OutcomeRecord, 'id' | 'type'> & Partial<Pick<OutcomeRecord, 'id' | 'type'>> & EntryRecord)
  | (OutcomeRecord & EntryPlace)
