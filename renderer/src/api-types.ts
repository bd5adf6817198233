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
  | { state: 'new'; demo?: undefined; collective?: undefined }
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
      peers?: Array<PeerInfo | string>
      /** Set while a shipped scenario is open as a demo economy. */
      demo?: { scenario: string; title?: string } | null
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
  period?: string
  /** Work hours this month (µmin). */
  worked?: string
  productionsRunning?: number
  stockValue?: string
  lastRevision?: { period: string; tax: string; a?: string; taxed?: string } | null
  subsystem?: { id: string; members: string[] | number; name?: string } | null
  sync?: { peers: number; lastContact?: number | null; waiting?: number }
  needs?: { cosign?: number; orders?: number; rejected?: LogRecord[] }
  /** Charts: per month. */
  months?: Array<{ period: string; worked: string }>
  stockHistory?: Array<{ period: string; value: string }>
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

export interface TrustView {
  collectives: Collective[]
  edges: Array<{ a: string; b: string; since?: string }>
  subsystems: SubsystemInfo[]
  splits?: Array<{ id: string; parts?: unknown }>
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

export interface TreeElement {
  v: string
  d: string
  children: string[]
  age: string
  transferred: string
}

export interface StoredTree {
  root: string
  elements: Record<string, TreeElement>
  products: Record<string, string>
}

export interface Lot {
  id: string
  product: string
  owner: string
  quantity: string
  value: string
  tree?: StoredTree
  allocatedTo?: string
  createdBy?: string
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
  /** Estimated minutes (µmin), when the view joins the estimate in. */
  minutes?: string
  delivered?: string
  role?: string
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
  /** The tax rate as an exact fraction, or a decimal string. */
  rate?: { num: string; den: string } | string
  tax?: string
}

export interface WalletView {
  key: string
  balances: Array<{ origin: string; amount: string }>
  workloads?: Workload[]
}

export interface Price {
  product: string
  value: string
  quantity: string
  /** µmin per unit, as an exact fraction or a decimal string. */
  perUnit: { num: string; den: string } | string | null
}

export interface PendingTx {
  id: string
  tx: { type: string; body: Record<string, any>; signers: string[]; time: number; expires?: number }
  writer?: string
  seq?: number
  /** Keys whose signatures are still missing. */
  missing: string[]
  expires?: number
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
  bootstrap: string[]
  directPeers: string[]
  syncFolder?: string | null
}

export interface Results {
  'node.status': NodeStatus
  'setup.scenarios': ScenarioInfo[]
  'setup.create': { id: string; words?: string[] }
  'setup.join': { id: string; words?: string[] }
  'setup.demo': unknown
  'setup.leaveDemo': unknown
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
  'view.log': LogRecord[] | { entries: LogRecord[]; total?: number }
  'view.transaction': Record<string, unknown> & { status?: Status; code?: string; reason?: string }
  'view.pending': PendingTx[]
  'view.parity': {
    split: unknown
    parts: Array<{ subsystem: string; members: string[]; coupons: string; goods: string }>
  }
  'view.proposals': Proposal[]
  'tx.submit': { id: string; status?: Status; code?: string; reason?: string }
  'tx.cosign': { id: string }
  'tx.decline': { id: string }
  'wallet.create': { key: string; words: string[] }
  'wallet.fromWords': { key: string }
  'wallet.claim': { ids?: string[]; claimed?: number } & Record<string, unknown>
  'wallet.spend': { id: string; status?: Status; code?: string; reason?: string }
  'network.invite': { code: string; expires?: number }
  'network.peers': Array<PeerInfo | string> | { count: number; peers: Array<PeerInfo | string> }
  'network.settings': NetworkSettings
  'network.configure': NetworkSettings | unknown
  'network.syncFolder': unknown
}

export type Result<M extends Method> = M extends keyof Results ? Results[M] : unknown
