// The shapes the screens work with, all derived from main/api/results.ts (the API table is typed
// against the same file, so the renderer and the hosts cannot drift apart). Type-only: nothing
// from the node is bundled. Amounts are decimal strings of µmin; quantities decimal strings in the
// product's base unit.
import type { Result } from '../../main/api/results.ts'

export type { Result }

export type Role = 'producer' | 'dispatcher'
export type Status = 'accepted' | 'pending' | 'rejected'

export type NodeStatus = Result<'node.status'>
export type ReadyStatus = Extract<NodeStatus, { state: 'ready' }>
export type CollectiveInfo = ReadyStatus['collective']
export type ScenarioInfo = Result<'setup.scenarios'>[number]
export type Overview = Result<'view.overview'>
export type Collective = Result<'view.collectives'>[number]
export type TrustView = Result<'view.trust'>
export type Parity = TrustView['splits'][number]
export type Product = Result<'view.products'>[number]
export type Lot = Result<'view.lots'>[number]
/** One row of a means of production's value tree: the proposal's table. */
export type TreeRow = NonNullable<Lot['tree']>[number]
export type Order = Result<'view.orders'>[number]
export type Production = Result<'view.productions'>[number]
export type Workload = Result<'view.workloads'>[number]
export type Revision = Result<'view.revisions'>[number]
export type WalletView = Result<'view.wallet'>
export type Price = Result<'view.prices'>[number]
/** A transaction waiting for our co-signature. */
export type PendingTx = Result<'view.pending'>[number]
export type Proposal = Result<'view.proposals'>[number]
export type LogRecord = Result<'view.log'>['entries'][number]
export type NetworkSettings = Result<'network.settings'>
