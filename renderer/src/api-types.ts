// What the renderer expects each API method to return. A stand-in until main/api/results.ts
// lands: the shapes mirror the ledger's records (core/ledger/records.ts) and queries. Amounts
// are decimal strings of µmin; quantities are decimal strings in the product's base unit.
import type { Method } from '../../main/api/contract.ts'

export type Role = 'producer' | 'dispatcher'
export type Status = 'accepted' | 'pending' | 'rejected'

export interface CollectiveInfo {
  id: string
  name: string | null
  roles: Role[]
  member: boolean
  subsystem: string | null
}

export interface PeerInfo {
  key?: string
  address?: string
  name?: string
  lastSeen?: number
}

export type NodeStatus =
  | { state: 'new'; demo?: { file: string; title: string } | null; collective?: undefined }
  | {
      state: 'ready'
      collective: CollectiveInfo
      device?: string
      network?: string
      writable?: boolean
      digest?: string
      length?: number
      viewLength?: number
      signedLength?: number
      /** Keys of the connected peers. */
      peers?: string[]
      /** Set while a shipped scenario is open as a demo economy (read-only). */
      demo?: { file: string; title: string } | null
    }

export interface ScenarioInfo {
  file: string
  title: string
  description?: string
}

export interface LogRecord {
  seq: number
  id: string | null
  type: string | null
  status: Status | string
  writer?: string
  code?: string
  reason?: string
  time?: number
}

export interface Overview {
  collective: (CollectiveInfo & { devices?: string[] }) | null
  period: string
  /** Work hours this month (µmin). */
  workThisMonth: string
  running: Array<{ id: string; product: string; value: string }>
  stockValue: string
  lots: number
  lastRevision: { period: string; tax: string; a: string } | null
  taxHistory: Array<{ period: string; tax: string }>
  hoursPerMonth: Array<{ period: string; a: string }>
  subsystem: { id: string; size: number; members: string[] } | null
  needs: {
    cosign: PendingTx[]
    orders: Array<{ id: string; orderer: string; product: string; quantity: string }>
    rejections: LogRecord[]
  }
}

export interface Collective extends CollectiveInfo {
  name: string
  devices?: string[]
}

export interface SubsystemInfo {
  id: string
  size?: number
  members: string[]
  commons: string[]
  params?: Record<string, string>
  debt?: string
}

export interface Parity {
  split: { id: string; [key: string]: unknown }
  parts: Array<{ subsystem: string; members: string[]; coupons: string; goods: string }>
}

export interface TrustView {
  collectives: Collective[]
  edges: Array<{ a: string; b: string; since?: string }>
  subsystems: SubsystemInfo[]
  splits: Parity[]
}

export interface Product {
  id: string
  name: string
  unit: string
  kind: 'consumable' | 'meansOfProduction'
  durability?: string
  definedBy?: string
  /** Commons in our subsystem. */
  commons?: boolean
}

/** One row of a means of production's value tree: the proposal's table. */
export interface TreeRow {
  element: string
  /** Product name of the element. */
  product: string
  children: string[]
  d: string
  v: string
  vStar: string
  age: string
  transferred: string
  root: boolean
}

export interface Lot {
  id: string
  product: string
  productName?: string
  owner: string
  ownerName?: string
  quantity: string
  value: string
  allocatedTo?: string | null
  tree?: TreeRow[] | null
}

export interface Order {
  id: string
  orderer: string
  producer: string
  product: string
  quantity: string
  deliverBy?: number
  references?: string[]
  status: 'open' | 'rejected' | 'estimated' | 'started'
  reason?: string
  estimate?: string
  delivered?: string
  /** Our side of it. */
  role?: 'placed' | 'received' | string
  ordererName?: string
  producerName?: string
  productName?: string
}

export interface Production {
  id: string
  producer: string
  order: string
  estimate: string
  product: string
  commons: boolean
  status: 'running' | 'done'
  value: string
  workloads: string
  consumed: string
  transfers: string
  components?: Array<{ lot: string; product: string; value: string }>
  allocated: Array<{ lot: string; repurposed: boolean }>
  outputs: string[]
  productName?: string
}

export interface Workload {
  id: string
  production: string
  collective: string
  wallet: string
  minutes: string
  performedAt: number
  period: string
  commons: boolean
  claimedBy?: string
}

export interface Revision {
  tx: string
  period: string
  subsystem: string
  members: string[]
  a: string
  c: string
  w: string
  wRaw?: string
  debtIn?: string
  debtOut?: string
  taxed: string
  claimable: string
  rounding: string
  /** The tax rate (taxed / a), a decimal with six places, e.g. "0.125000". */
  tax: string
}

export interface WalletView {
  key: string
  balances: Array<{
    origin: string
    amount: string
    originName?: string
    subsystem?: string | null
  }>
  workloads: Workload[]
}

export interface Price {
  product: string
  productName?: string
  value: string
  quantity: string
  /** µmin per unit, a decimal with six places, or null. */
  perUnit: string | null
}

/** A transaction waiting for our co-signature. */
export interface PendingTx {
  id: string
  type: string
  body: Record<string, any>
  time: number
  expires: number
  /** Names (or keys) of those who signed it already. */
  from: string[]
}

export interface Proposal {
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

export interface NetworkSettings {
  bootstrap?: string[]
  directPeers?: string[]
  [key: string]: unknown
}

export interface LogPage {
  entries: LogRecord[]
  /** Where the next (older) page starts, or null at the beginning. */
  next: number | null
  total: number
}

export interface TxRecord {
  id: string
  type: string
  status: Status
  code?: string
  reason?: string
  seq?: number
  writer?: string
}

export interface Results {
  'node.status': NodeStatus
  'setup.scenarios': ScenarioInfo[]
  'setup.create': NodeStatus
  'setup.join': unknown
  'setup.demo': { title: string }
  'setup.leaveDemo': { ok: boolean }
  'keys.backup': { words: string[] }
  'view.overview': Overview
  'view.collectives': Collective[]
  'view.trust': TrustView
  'view.products': Product[]
  'view.lots': Lot[]
  'view.orders': Order[]
  'view.productions': Production[]
  'view.workloads': Workload[]
  'view.revisions': Revision[]
  'view.wallet': WalletView
  'view.prices': Price[]
  'view.log': LogPage
  'view.transaction': { record: TxRecord | null; pending: unknown }
  'view.pending': PendingTx[]
  'view.parity': Parity | null
  'view.proposals': Proposal[]
  'tx.submit': { id: string }
  'tx.cosign': { id: string }
  'tx.decline': { id: string }
  'wallet.create': { key: string; words: string[] }
  'wallet.fromWords': { key: string }
  'wallet.claim': { ids: string[] }
  'wallet.spend': { id: string }
  'network.invite': { code: string; expires: number }
  'network.peers': { peers: number }
  'network.settings': NetworkSettings
  'network.configure': { saved: boolean; note?: string }
  'network.syncFolder': unknown
}

export type Result<M extends Method> = M extends keyof Results ? Results[M] : unknown
