// The API table: one handler per method of main/api/contract.ts, over a CollectiveNode (or a
// read-only demo ledger). Electron IPC, the WebSocket server and the command line all call
// `dispatch`, which validates the arguments before any handler runs.
import * as q from '../../core/ledger/queries.ts'
import { councilView } from '../../core/ledger/council-queries.ts'
import { workMonths } from '../../core/ledger/pages.ts'
import type { KeyValueStore } from '../../core/ledger/store.ts'
import type { CollectiveNode } from '../../core/node/collective-node.ts'
import { NodeError } from '../../core/node/errors.ts'
import { createWallet, walletFromWords } from '../../core/node/keys.ts'
import * as views from '../../core/node/views.ts'
import { auditTransaction } from '../../core/node/audit.ts'
import { closing } from '../../core/node/closing.ts'
import { claimCoupons } from '../../core/workflows/claim.ts'
import { Till } from '../../core/workflows/till.ts'
import { describeIssue } from '../../core/protocol/decode.ts'
import { isMethod, methods, type ApiError, type Method } from './contract.ts'
import type { NetworkInUse, ParsedArgs, Results } from './results.ts'
import { listScenarios, loadDemo, type Demo } from './demo.ts'
import { absolutePath, argumentsProblem } from './guard.ts'
import type { JsonFile } from '../server/settings.ts'
import { reportHandlers } from './reports.ts'
import { cardCode } from '../../core/node/wallet-vault.ts'
import { seedOf, vaultOf, walletOf } from './wallets.ts'

export interface Host {
  node: CollectiveNode
  demo: Demo | null
  scenariosDir: string
  /** Pushes an event to every connected interface. */
  emit(event: string, data: unknown): void
  /** Network settings kept beside the node (bootstrap, direct peers); see settings.ts. */
  settings: JsonFile
  /** The office's address book of wallet names; see settings.ts. */
  people: JsonFile
  /** The network settings the node was opened with (saved ones and the command line's). */
  network?: NetworkInUse
}


type Handlers = { [M in Method]: (host: Host, args: ParsedArgs<M>) => Promise<Results[M]> }

/** The store and collective the screens read: the demo's while a demo is open. */
function reading(host: Host): { store: KeyValueStore; me: string; now: number } {
  if (host.demo) return { store: host.demo.store, me: host.demo.me, now: host.demo.now }
  return { store: host.node.store(), me: host.node.requireIdentity().id, now: host.node.now }
}

/** The language saved in Settings, or null (then the interface follows the browser's). */
async function savedLanguage(host: Host): Promise<'en' | 'de' | null> {
  const saved = await host.settings.read().catch(() => ({}) as Record<string, unknown>)
  return saved.language === 'en' || saved.language === 'de' ? saved.language : null
}

function writing(host: Host): CollectiveNode {
  if (host.demo) throw new NodeError('DEMO_READ_ONLY', 'this is a demo economy: leave the demo to work with your own collective')
  return host.node
}

export const handlers: Handlers = {
  'node.status': async (host) => ({
    ...(await host.node.status()),
    demo: host.demo ? { file: host.demo.file, title: host.demo.title } : null,
    language: await savedLanguage(host)
  }),
  // The interface's language, kept with the node so that it survives a restart on any address.
  'interface.language': async (host, { language }) => {
    await host.settings.update((saved) => ({ ...saved, language }))
    return { language }
  },
  'setup.scenarios': async (host) => listScenarios(host.scenariosDir),
  'setup.create': async (host, { name, roles }) => {
    await writing(host).create({ name, roles })
    return host.node.status()
  },
  'setup.join': async (host, { code, name, roles }) => {
    await writing(host).join({ code, name, roles })
    return host.node.status()
  },
  'setup.demo': async (host, { scenario }) => {
    host.demo = await loadDemo(host.scenariosDir, scenario, (done, total) => host.emit('progress', { task: 'demo', done, total }))
    host.emit('update', await q.digest(host.demo.store))
    return { title: host.demo.title }
  },
  'setup.leaveDemo': async (host) => {
    host.demo = null
    return { ok: true as const }
  },
  'keys.backup': async (host) => ({ words: writing(host).backupWords() }),

  'view.overview': async (host) => {
    const { store, me, now } = reading(host)
    return views.overview(store, me, now)
  },
  'view.collectives': async (host) => q.collectives(reading(host).store),
  'view.trust': async (host) => {
    const { store, now } = reading(host)
    return views.trust(store, now)
  },
  'view.products': async (host) => {
    const { store, me } = reading(host)
    return views.products(store, (await q.collective(store, me))?.subsystem ?? null)
  },
  'view.lots': async (host, { owner }) => {
    const { store, now } = reading(host)
    return views.lots(store, owner, now)
  },
  'view.orders': async (host) => {
    const { store, me } = reading(host)
    return views.orders(store, me)
  },
  'view.productions': async (host, { producer, running }) => views.productions(reading(host).store, producer, { running: running ?? false }),
  'view.stock': async (host, { owner, after, limit }) => {
    const { store, me, now } = reading(host)
    return views.stockPage(store, owner ?? me, now, { ...(after !== undefined ? { after } : {}), ...(limit !== undefined ? { limit } : {}) })
  },
  'view.people': async (host, { period, wallets, after, limit }) => {
    const { store, me } = reading(host)
    return views.people(store, me, period, { wallets: wallets ?? [], ...(after !== undefined ? { after } : {}), ...(limit !== undefined ? { limit } : {}) })
  },
  'view.workMonths': async (host) => {
    const { store, me } = reading(host)
    return { months: await workMonths(store, me) }
  },
  'view.workloads': async (host, filter) => views.workloads(reading(host).store, filter),
  'view.revisions': async (host) => views.revisions(reading(host).store),
  'view.wallet': async (host, { key }) => views.wallet(reading(host).store, key),
  'view.prices': async (host, { subsystem }) => {
    const { store, me } = reading(host)
    const id = subsystem ?? (await q.collective(store, me))?.subsystem
    return id ? views.prices(store, id) : []
  },
  'view.log': async (host, options) => views.log(reading(host).store, options),
  'view.transaction': async (host, { id }) => auditTransaction(reading(host).store, id),
  'view.pending': async (host) => {
    const { store, me } = reading(host)
    return views.pending(store, me)
  },
  'view.parity': async (host, { split }) => (await q.parity(reading(host).store, split)) ?? null,
  'view.proposals': async (host) => q.proposals(reading(host).store),
  'view.council': async (host) => {
    const view = await councilView(reading(host).store)
    const status = host.demo ? null : await host.node.status()
    const length = status?.state === 'ready' ? status.length : view.checkpointed
    const confirmed = status?.state === 'ready' ? status.length - status.unconfirmed : length
    return { ...view, length, confirmed }
  },

  'tx.submit': async (host, { intent, words, expires }) =>
    writing(host).submitIntent(intent, { ...(words ? { keys: [walletFromWords(words)] } : {}), ...(expires !== undefined ? { expires } : {}) }),
  'tx.cosign': async (host, { id }) => writing(host).cosign(id),
  'tx.decline': async (host, { id, reason }) => writing(host).decline(id, reason),

  'people.list': async (host) => addressBook(await host.people.read()),
  'people.save': async (host, { key, name }) =>
    addressBook(await host.people.update((book) => ({ ...book, [key]: name }))),
  'people.forget': async (host, { key }) =>
    addressBook(await host.people.update(({ [key]: _, ...book }) => book)),

  'wallet.create': async () => createWallet(),
  'wallet.fromWords': async (_host, { words }) => ({ key: walletFromWords(words).publicKey.toString('hex') }),
  'wallet.claim': async (host, { words, wallet, workloads }) => claimCoupons(writing(host), wallet ? await walletOf(writing(host), wallet) : walletFromWords(words!), workloads),
  'wallet.spend': async (host, { words, amount }) => {
    const node = writing(host)
    const wallet = walletFromWords(words)
    const body = { wallet: wallet.publicKey.toString('hex'), dispatcher: node.requireIdentity().id, amount }
    return node.submit('coupon.spend', body, { keys: [wallet] })
  },

  // A demo has no till of its own: nothing sold, nothing to record.
  'shop.till': async (host) => (host.demo ? { opened: host.demo.now, sales: 0, goods: {} } : (await tillOf(host.node)).current()),
  'shop.checkout': async (host, { lines, words, wallet }) => {
    const node = writing(host)
    const pair = wallet ? await walletOf(node, wallet) : words ? walletFromWords(words) : undefined
    return (await tillOf(node)).checkout(node, lines, pair)
  },
  'shop.close': async (host) => {
    const node = writing(host)
    return (await tillOf(node)).close(node)
  },

  'network.invite': async (host) => writing(host).invite(),
  'network.peers': async (host) => ({ peers: (await host.node.status()).state === 'ready' ? host.node.peerCount() : 0 }),
  'network.settings': async (host) => {
    const saved = await host.settings.read()
    return {
      ...(Array.isArray(saved.bootstrap) ? { bootstrap: saved.bootstrap as string[] } : {}),
      ...(Array.isArray(saved.directPeers) ? { directPeers: saved.directPeers as string[] } : {}),
      inUse: host.network ?? null
    }
  },
  'network.configure': async (host, settings) => {
    await host.settings.update((saved) => ({ ...saved, ...settings }))
    return { saved: true as const, note: 'the new network settings take effect when the node restarts' }
  },
  'network.syncFolder': async (host, { path }) => {
    const folder = absolutePath(path, 'network.syncFolder.path')
    return writing(host).syncFolder(folder, ({ done, total }) => host.emit('progress', { task: 'sync-folder', done, total }))
  },

  'setup.restore': async (host, { code, words }) => {
    await writing(host).restore({ code, words })
    return host.node.status()
  },
  ...reportHandlers,
  'backup.create': async (host, { path, passphrase, overwrite }) =>
    writing(host).backup(absolutePath(path, 'backup.create.path'), passphrase, { overwrite: overwrite === true }),
  'setup.restoreBackup': async (host, { path, passphrase }) => writing(host).restoreBackup(absolutePath(path, 'setup.restoreBackup.path'), passphrase),
  'setup.bindRestored': async (host, { code }) => {
    await writing(host).bindRestored({ code })
    return host.node.status()
  },
  'wallet.card': async (_host, { words, pin }) => ({ code: await cardCode(await seedOf({ words }), pin) }),
  'wallet.kept': async (host) => vaultOf(writing(host)).list(),
  'wallet.keep': async (host, { from, pin, name }) => vaultOf(writing(host)).keep(await seedOf(from), pin, name),
  'wallet.forget': async (host, { key }) => {
    await vaultOf(writing(host)).forget(key)
    return vaultOf(host.node).list()
  },
  'wallet.key': async (host, { wallet }) => ({ key: (await walletOf(writing(host), wallet)).publicKey.toString('hex') }),
  'view.closing': async (host, { period }) => {
    const { store, me, now } = reading(host)
    return closing(store, me, now, period)
  },
  'network.sync': async (host) => (host.node.ready ? host.node.syncStatus() : { writer: '', neighbours: [], unsent: 0, unsentIds: [] })
}

/** One till per node, opened from its data directory on first use (it may hold an open session). */
const tills = new WeakMap<CollectiveNode, Promise<Till>>()
function tillOf(node: CollectiveNode): Promise<Till> {
  let till = tills.get(node)
  if (!till) {
    till = Till.open(node.options.dir, node.now)
    tills.set(node, till)
    till.catch(() => tills.delete(node))
  }
  return till
}

function addressBook(book: Record<string, unknown>): Array<{ key: string; name: string }> {
  return Object.entries(book)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([key, name]) => ({ key, name }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** Validates and runs one call; never throws: errors come back as `{ error: { code, message } }`. */
export async function dispatch(host: Host, method: unknown, args: unknown): Promise<{ result: unknown } | { error: ApiError }> {
  if (typeof method !== 'string') return { error: { code: 'UNKNOWN_METHOD', message: 'the method must be a name such as "node.status"' } }
  if (!isMethod(method)) return { error: { code: 'UNKNOWN_METHOD', message: `"${method.slice(0, 64)}" is not an API method` } }
  const problem = argumentsProblem(args)
  if (problem) return { error: { code: 'INVALID_ARGUMENTS', message: `${method}: ${problem}` } }
  const parsed = methods[method].safeParse(args ?? {})
  if (!parsed.success) return { error: { code: 'INVALID_ARGUMENTS', message: describeIssue(parsed.error, method) } }
  try {
    const handler = handlers[method] as (host: Host, args: unknown) => Promise<unknown>
    return { result: await handler(host, parsed.data) }
  } catch (error) {
    // Whatever was thrown (even null or a string), the caller gets a code and a sentence.
    const { code, message } = Object(error) as { code?: unknown; message?: unknown }
    return { error: { code: typeof code === 'string' ? code : 'INTERNAL', message: typeof message === 'string' ? message : 'the call failed' } }
  }
}
