// The one API every host serves (Electron IPC, the headless server's WebSocket, the command
// line) and the renderer calls. Each method has a zod schema for its arguments, checked by the
// host before anything runs; results are plain JSON (amounts as decimal strings of µmin).
// This file imports no Node or Electron module: the renderer bundles it.
import { z } from 'zod'
import { intentSchema } from '../../core/protocol/intents.ts'

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a key or id is 64 lowercase hex digits')
const role = z.enum(['producer', 'dispatcher'])
/** Whether it is an invite code at all is the node's to say (a sentence on what one looks like). */
const inviteCodeText = z.string().trim().min(1, 'the invite code is empty: paste the code the inviting office gave you')
const words = z.array(z.string().min(1)).length(24, 'recovery words are 24 words')
const pin = z.string().min(1, 'type the PIN').max(64)
const card = z.string().trim().min(8, 'scan the wallet card').max(1000)
/** A wallet as a person brings it: its words, a scanned card and its PIN, or one kept on this device. */
const walletSource = z.union([z.strictObject({ words }), z.strictObject({ card, pin }), z.strictObject({ kept: hex64, pin })])
const page = { limit: z.number().int().min(1).max(1000).optional(), before: z.number().int().min(0).optional() }

export const methods = {
  // The node itself.
  'node.status': z.object({}),
  'interface.language': z.object({ language: z.enum(['en', 'de']) }),
  'setup.scenarios': z.object({}),
  'setup.create': z.object({ name: z.string().trim().min(1).max(100), roles: z.array(role).min(1) }),
  'setup.join': z.object({ code: inviteCodeText, name: z.string().trim().min(1).max(100), roles: z.array(role).min(1) }),
  'setup.demo': z.object({ scenario: z.string().regex(/^[a-z0-9-]+\.ya?ml$/, 'a shipped scenario file name') }),
  'setup.leaveDemo': z.object({}),
  'keys.backup': z.object({}),

  // Reading the view.
  'view.overview': z.object({}),
  'view.collectives': z.object({}),
  'view.trust': z.object({}),
  'view.products': z.object({}),
  'view.lots': z.object({ owner: hex64.optional() }),
  'view.orders': z.object({}),
  /** Only the running ones (`running`): what work can be booked on, read from their own index. */
  'view.productions': z.object({ producer: hex64.optional(), running: z.boolean().optional() }),
  /** The stock screen: a page of lots after the lot id `after`, and the ledger's totals. */
  'view.stock': z.object({ owner: hex64.optional(), after: z.string().max(200).optional(), limit: z.number().int().min(1).max(500).optional() }),
  /** The people screen: named wallets' work in a month, a page of the month's workers after `after`, the month's total. */
  'view.people': z.object({
    period: z.string().regex(/^\d{4}-\d{2}$/, 'a month is YYYY-MM'),
    wallets: z.array(hex64).max(500).optional(),
    after: hex64.optional(),
    limit: z.number().int().min(1).max(500).optional()
  }),
  /** The months anyone worked for this collective, newest first (the pickers of who worked). */
  'view.workMonths': z.object({}),
  'view.workloads': z.object({ wallet: hex64.optional(), collective: hex64.optional(), period: z.string().optional() }),
  'view.revisions': z.object({}),
  'view.wallet': z.object({ key: hex64 }),
  'view.prices': z.object({ subsystem: hex64.optional() }),
  'view.log': z.object({ ...page, search: z.string().max(200).optional(), status: z.enum(['accepted', 'pending', 'rejected']).optional() }),
  'view.transaction': z.object({ id: hex64 }),
  'view.pending': z.object({}),
  'view.parity': z.object({ split: hex64 }),
  'view.proposals': z.object({}),
  /** The council, its key, the latest checkpoints and hand-overs, how far the log is confirmed. */
  'view.council': z.object({}),

  // Writing: an intent, typed by its transaction type. The ledger's rules decide who must
  // sign and whether it may be written; it is signed by this collective's identity key (and
  // a wallet's, when its words are given for a wallet-signed type) and its outcome awaited.
  'tx.submit': z.object({
    intent: intentSchema,
    words: words.optional(),
    expires: z.number().int().optional()
  }),
  'tx.cosign': z.object({ id: hex64 }),
  'tx.decline': z.object({ id: hex64, reason: z.string().max(500).optional() }),

  // The office's address book: names for wallet keys, kept on this device only.
  'people.list': z.object({}),
  'people.save': z.object({ key: hex64, name: z.string().trim().min(1, 'a name cannot be empty').max(100) }),
  'people.forget': z.object({ key: hex64 }),

  // Wallets: keys live in people's recovery words, never on the node.
  'wallet.create': z.object({}),
  'wallet.fromWords': z.object({ words }),
  /**
   * Claims the given workloads' coupons, or every claimable one of the wallet. At the office the
   * wallet is its card and PIN or one kept on this device and its PIN; `words` is for scripts.
   */
  'wallet.claim': z
    .object({ words: words.optional(), wallet: z.union([z.strictObject({ card, pin }), z.strictObject({ kept: hex64, pin })]).optional(), workloads: z.array(hex64).min(1).max(500).optional() })
    .refine((a) => (a.words === undefined) !== (a.wallet === undefined), 'name the wallet: its card and PIN, or one kept on this device and its PIN'),
  'wallet.spend': z.object({ words, amount: z.string().regex(/^[1-9][0-9]{0,29}$/, 'an amount of µmin') }),

  // The shop's till: sales paid now, goods recorded when the till closes (docs/protocol.md §12).
  'shop.till': z.object({}),
  'shop.checkout': z.object({
    lines: z.array(z.object({ product: hex64, quantity: z.string().regex(/^[1-9][0-9]{0,29}$/, 'a quantity') })).min(1, 'the basket is empty').max(100),
    words: words.optional(),
    wallet: walletSource.optional()
  }),
  'shop.close': z.object({}),

  // The network.
  'network.invite': z.object({}),
  'network.peers': z.object({}),
  'network.settings': z.object({}),
  'network.configure': z.object({
    bootstrap: z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'host:port')).max(16).optional(),
    directPeers: z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'host:port')).max(32).optional()
  }),
  'network.syncFolder': z.object({ path: z.string().min(1).max(4096) }),

  // Keys and data never lost: a collective comes back on a new device from its recovery
  // words and a member's invite code (core/node/rebinding.ts).
  'setup.restore': z.object({ code: inviteCodeText, words }),
  // Signed reports of a collective's month and their verification (docs/protocol.md §19).
  'report.make': z.object({
    period: z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM'),
    collective: hex64.optional(),
    format: z.enum(['json', 'csv', 'pdf']).default('json'),
    checkpoint: z.object({ note: z.string().max(65_536), councilKey: hex64, handOvers: z.array(z.string().max(65_536)).max(64).optional() }).optional()
  }),
  // A subsystem's report of a month, made and signed by one of its collectives (§19.7); without
  // `subsystem`, the one that closed this collective's month.
  'report.subsystem': z.object({
    period: z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM'),
    subsystem: hex64.optional(),
    format: z.enum(['json', 'csv', 'pdf']).default('json'),
    checkpoint: z.object({ note: z.string().max(65_536), councilKey: hex64, handOvers: z.array(z.string().max(65_536)).max(64).optional() }).optional()
  }),
  'report.verify': z
    .object({ text: z.string().max(8_000_000).optional(), base64: z.string().max(11_000_000).optional(), councilKey: z.string().max(512).optional() })
    .refine((a) => (a.text === undefined) !== (a.base64 === undefined), 'give the file as text or as base64, one of them'),
  // A backup file of this device (keys, settings, people, the log), encrypted with a passphrase;
  // a file already at `path` is replaced only with `overwrite` (FILE_EXISTS otherwise).
  'backup.create': z.object({
    path: z.string().min(1).max(4096),
    passphrase: z.string().min(8, 'a passphrase has at least 8 characters').max(1024),
    overwrite: z.boolean().optional()
  }),
  'setup.restoreBackup': z.object({ path: z.string().min(1).max(4096), passphrase: z.string().min(1).max(1024) }),
  // A device restored from a backup is bound in place of the backed-up one with a neighbour's invite code.
  'setup.bindRestored': z.object({ code: inviteCodeText }),
  // Wallets at the shop without their words: a card whose QR code holds the wallet encrypted
  // with a PIN, or a wallet kept on this device behind a PIN (core/node/wallet-vault.ts).
  'wallet.card': z.object({ words, pin }),
  'wallet.kept': z.object({}),
  'wallet.keep': z.object({ from: z.union([z.strictObject({ words }), z.strictObject({ card, pin })]), pin, name: z.string().trim().max(100).optional() }),
  'wallet.forget': z.object({ key: hex64 }),
  'wallet.key': z.object({ wallet: walletSource }),
  // Closing a month, before it is done: the month to propose, when it can be closed, and what
  // its final revision would fix per subsystem (the ledger's rules on a dropped buffer).
  'view.closing': z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month such as 2026-10').optional() }),
  /** Per neighbour: collective, connected or last seen, entries apart; ours nobody has yet. */
  'network.sync': z.object({}),
  // Exports: the whole log as JSON lines (for `stachanov replay`), the economic events as ValueFlows JSON-LD.
  'export.log': z.object({}),
  'export.valueflows': z.object({})
} as const

export type Method = keyof typeof methods
export type Args<M extends Method> = z.input<(typeof methods)[M]>

/** Events a host pushes to the renderer. */
export interface Events {
  /** The view changed (new entries applied, or a reorder). */
  update: { length: number; digest: string }
  /** Progress of a long task (folder sync, demo loading, catch-up). */
  progress: { task: string; done: number; total: number }
  /** Peers connected or left. */
  peers: { count: number }
  /**
   * Something keeps this node from working as it should (a full disk, failed storage, another
   * device signing with this collective's keys), or null once it is over. `node.status` says the
   * same while it lasts, so a page opened later shows it too.
   */
  fault: ApiError | null
}

/** What a failed call returns: a stable code and a sentence for the user. */
export interface ApiError {
  code: string
  message: string
}

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(methods, name)
}
