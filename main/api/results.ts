// What each API method returns, for the renderer (type-only: nothing here runs). The table
// in table.ts is typed against this, so a handler and its promised result cannot drift apart.
import type { CouncilView } from '../../core/ledger/council-queries.ts'
import type { z } from 'zod'
import type { CollectiveRecord, ProposalRecord, SplitRecord, WorkloadRecord } from '../../core/ledger/records.ts'
import type { ParityPart } from '../../core/ledger/queries.ts'
import type { CollectiveNode } from '../../core/node/collective-node.ts'
import type * as views from '../../core/node/views.ts'
import type { auditTransaction, LogRow } from '../../core/node/audit.ts'
import type { ClosingPreview } from '../../core/node/closing.ts'
import type { FolderSyncResult } from '../../core/network/folder-sync.ts'
import type { SubmitResult } from '../../core/node/submit.ts'
import type { SyncStatus } from '../../core/node/sync-status.ts'
import type { KeptWallet } from '../../core/node/wallet-vault.ts'
import type { ClaimResult } from '../../core/workflows/claim.ts'
import type { CheckoutResult, CloseResult, TillSession } from '../../core/workflows/till.ts'
import type { Method, methods } from './contract.ts'
import type { Verdict } from '../../core/reports/verify.ts'

export type { SubmitResult }

type Of<F extends (...args: any) => any> = Awaited<ReturnType<F>>

/** What the node uses, said in Settings: bootstrap nodes (null: the public DHT's), direct peers. */
export interface NetworkInUse {
  swarm: boolean
  bootstrap: string[] | null
  directPeers: string[]
}

export type NodeStatus = Of<CollectiveNode['status']> & {
  demo: { file: string; title: string } | null
  /** The interface's language as last chosen (kept with the node), or null. */
  language: 'en' | 'de' | null
}

export interface Results {
  'node.status': NodeStatus
  'interface.language': { language: 'en' | 'de' }
  'setup.scenarios': Array<{ file: string; title: string; description: string }>
  'setup.create': Of<CollectiveNode['status']>
  'setup.join': Of<CollectiveNode['status']>
  'setup.demo': { title: string }
  'setup.leaveDemo': { ok: true }
  'keys.backup': { words: string[] }

  'view.overview': Of<typeof views.overview>
  'view.collectives': CollectiveRecord[]
  'view.trust': Of<typeof views.trust>
  'view.products': Of<typeof views.products>
  'view.lots': Of<typeof views.lots>
  'view.orders': Of<typeof views.orders>
  'view.productions': Of<typeof views.productions>
  'view.stock': Of<typeof views.stockPage>
  'view.people': Of<typeof views.people>
  'view.workMonths': { months: string[] }
  'view.workloads': WorkloadRecord[]
  'view.revisions': Of<typeof views.revisions>
  'view.wallet': Of<typeof views.wallet>
  'view.prices': Of<typeof views.prices>
  'view.log': { entries: LogRow[]; next: number | null; total: number }
  'view.transaction': Of<typeof auditTransaction>
  'view.pending': Of<typeof views.pending>
  'view.parity': { split: SplitRecord; parts: ParityPart[] } | null
  'view.proposals': ProposalRecord[]
  'view.council': CouncilView & { length: number; confirmed: number }

  'tx.submit': SubmitResult
  'tx.cosign': SubmitResult
  'tx.decline': SubmitResult

  'people.list': Array<{ key: string; name: string }>
  'people.save': Array<{ key: string; name: string }>
  'people.forget': Array<{ key: string; name: string }>

  'wallet.create': { key: string; words: string[] }
  'wallet.fromWords': { key: string }
  'wallet.claim': ClaimResult
  'wallet.spend': SubmitResult

  'shop.till': TillSession
  'shop.checkout': CheckoutResult
  'shop.close': CloseResult

  'network.invite': { code: string; expires: number }
  'network.peers': { peers: number }
  'network.settings': { bootstrap?: string[]; directPeers?: string[]; inUse: NetworkInUse | null }
  'network.configure': { saved: true; note: string }
  'network.syncFolder': FolderSyncResult
  'network.sync': SyncStatus
  'view.closing': ClosingPreview

  'setup.restore': Of<CollectiveNode['status']>
  'backup.create': Of<CollectiveNode['backup']>
  'setup.restoreBackup': Of<CollectiveNode['restoreBackup']>
  'setup.bindRestored': Of<CollectiveNode['status']>
  'wallet.card': { code: string }
  'wallet.kept': KeptWallet[]
  'wallet.keep': KeptWallet
  'wallet.forget': KeptWallet[]
  'wallet.key': { key: string }
  'report.make': ExportedFile
  'report.subsystem': ExportedFile
  'report.verify': Verdict
  'export.log': ExportedFile
  'export.valueflows': ExportedFile
}

/** A file made for the user to save: text, or bytes as base64. */
export interface ExportedFile {
  fileName: string
  mime: string
  text?: string
  base64?: string
}

export type Result<M extends Method> = Results[M]
export type ParsedArgs<M extends Method> = z.output<(typeof methods)[M]>
