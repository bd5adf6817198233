// A collective's node: its identity, its device's copy of the network, and the ledger
// applied inside Autobase. The hosts (Electron, the headless server, the command line) use
// only this facade. Writing never touches the view: a transaction is signed, appended to this
// device's writer core, and the view shows what `apply` made of it. Opening and closing the
// network is node-lifecycle.ts; backups and recovery words are node-recovery.ts.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { keys as viewKeys } from '../ledger/keys.ts'
import * as queries from '../ledger/queries.ts'
import type { TxRecord } from '../ledger/records.ts'
import type { DirectOptions } from '../network/direct.ts'
import { NETWORK_FILE, secureDir, type NetworkConfig } from '../network/keys.ts'
import type { SwarmOptions } from '../network/swarm.ts'
import { encodeTransaction } from '../protocol/encoding.ts'
import type { Transaction } from '../protocol/envelope.ts'
import { transactionId } from '../protocol/encoding.ts'
import { signatureFor } from '../protocol/sign.ts'
import type { Intent } from '../protocol/intents.ts'
import { submitIntent, type SubmitOptions, type SubmitResult } from './submit.ts'
import { checkTransaction } from '../protocol/decode.ts'
import type { Body, TxType } from '../protocol/types.ts'
import { NodeError } from './errors.ts'
import { CouncilAgent, type CouncilAgentOptions } from './council-agent.ts'
import { inviteCode, pairingHost, pairingSettings, pairWithCode, type PairingHooks } from './pairing.ts'
import { syncFolder, type FolderSyncProgress, type FolderSyncResult } from '../network/folder-sync.ts'
import { acceptJoinRequest, makeJoinRequest, type JoinRequest } from './joining.ts'
import { beginFounding, crashPoint, endFounding, readFounding, type Founding } from './founding.ts'
import { identityFromSeed, identityLost, loadIdentity, newSeed, saveIdentity } from './keys.ts'
import { acceptBindRequest } from './rebinding.ts'
import type { SyncStatus } from './sync-status.ts'
import { NodeRecovery } from './node-recovery.ts'
import { openReadOnlyView, type ViewCoreRef } from './full-disk-view.ts'
import type { KeyValueStore } from '../ledger/store.ts'
import { UnsureWrites } from './unsure-writes.ts'

export { applyEntry } from './node-lifecycle.ts'

export interface NodeOptions {
  /** The device's data dir (keys, network config, the Corestore). */
  dir: string
  /** Hyperswarm settings; `false` for no swarm (direct peers or folder sync only). */
  swarm?: SwarmOptions | false
  direct?: DirectOptions
  ackInterval?: number
  /** Test hooks for pairing; where it goes follows `swarm` and `direct` (pairing.ts). */
  pairing?: PairingHooks
  /** The clock the node stamps transactions with (tests may fix it). Never read by apply. */
  now?: () => number
  /** Milliseconds between attempts to reopen storage that failed, e.g. a full disk (storage-fault.ts). */
  storageRetryMs?: number
  /** Test hook: how free space is read before a reopen (the simulator's full disks). */
  freeBytes?: (dir: string) => number | null
  /** The council agent's settings (it acts only while this collective sits on the council); false for none. */
  council?: CouncilAgentOptions | false
  /** Flush storage before an append resolves (default true; the simulator, on a RAM disk, turns it off). */
  durable?: boolean
}

export type Role = 'producer' | 'dispatcher'

/** Stands for a key not made yet where only the shape of a draft is checked. */
const NO_KEY = '0'.repeat(64)

export class CollectiveNode extends NodeRecovery {
  private constructor(options: NodeOptions) {
    super(options)
    // While a full disk keeps the base closed, reads go to the view opened read-only, found
    // by the key and encryption the last open base gave it (full-disk-view.ts).
    // Kept from the first fault on: a reopen that fails may leave no base to ask.
    let viewRef: ViewCoreRef | null = null
    this.storage.readView = () => {
      const core = this.base?.view.core
      // Hypercore's types leave out `encryption`, which the core has.
      const encryption = (core as unknown as { encryption?: unknown } | undefined)?.encryption
      if (core && encryption) viewRef = { key: core.key, encryption }
      return viewRef ? openReadOnlyView(this.options.dir, viewRef, () => this.storage.readRefusal()) : null
    }
  }

  /** Writes that met a full disk and may have landed: checked once the base reopens. */
  private readonly unsure = new UnsureWrites()

  /** The view to read: the base's, or while a full disk keeps the base closed, a read-only one. */
  override store(): KeyValueStore {
    return this.storage.reader() ?? super.store()
  }

  protected newCouncilAgent(): CouncilAgent {
    return new CouncilAgent(this, this.options.council || {})
  }

  /** Opens the node in `dir`: ready if it has a collective, or waiting for create/join. */
  static async open(options: NodeOptions): Promise<CollectiveNode> {
    const node = new CollectiveNode(options)
    node.identity = await loadIdentity(options.dir)
    const founding = await readFounding(options.dir)
    if (founding && node.identity) await node.found(founding)
    else if (founding) await endFounding(options.dir) // killed before anything was saved
    else if (existsSync(join(options.dir, NETWORK_FILE))) {
      if (!node.identity) throw identityLost(options.dir)
      // A full disk at start: the node opens with the fault, and retries like after one later.
      await node.openBase({}).catch((error: unknown) => {
        if (!node.storage.report(error)) throw error
        node.storage.baseClosed()
      })
    }
    return node
  }

  /** Starts a new network with this collective as its founder. */
  async create(input: { name: string; roles: Role[] }): Promise<{ id: string }> {
    this.requireNew()
    const founding = { name: input.name, roles: input.roles }
    // A founding the ledger would refuse must fail before anything is written to disk.
    const draft = checkTransaction({ v: 1, type: 'collective.register', body: { ...founding, devices: [NO_KEY] }, time: this.now, signers: [NO_KEY], sigs: {} })
    if (!draft.ok) throw new NodeError(draft.code, draft.reason)
    await secureDir(this.options.dir)
    await beginFounding(this.options.dir, founding)
    crashPoint('founding:begun')
    this.identity = identityFromSeed(newSeed())
    await saveIdentity(this.options.dir, this.identity)
    crashPoint('founding:identity')
    const id = await this.found(founding)
    if (id === null) throw new NodeError('ALREADY_SET_UP', 'this device has already written to a network')
    return { id }
  }

  /**
   * Founding from wherever it stopped (founding.ts): opens the network (creating it if the
   * kill came before), appends the registration unless this device's writer core already
   * holds it (then resolves null), and only then ends the journal.
   */
  private async found(founding: Founding): Promise<string | null> {
    await this.openBase({ create: true })
    crashPoint('founding:network')
    const base = this.requireBase()
    let id: string | null = null
    if (base.autobase.local.length === 0) {
      id = (await this.submit('collective.register', { ...founding, devices: [base.writerKey] })).id
      crashPoint('founding:registered')
    }
    await endFounding(this.options.dir)
    return id
  }

  /**
   * What a newcomer needs to reach this network: what pairing hands over (network key,
   * encryption key, bootstrap, and this device as its introducer).
   */
  joinConfig(): NetworkConfig {
    const base = this.requireBase()
    return {
      key: base.key.toString('hex'),
      encryptionKey: base.encryptionKey.toString('hex'),
      ...(base.config.bootstrap ? { bootstrap: base.config.bootstrap } : {}),
      introducers: [base.deviceKeyPair.publicKey.toString('hex')]
    }
  }

  /**
   * The newcomer's side of joining: keeps a new identity, opens the network with the config
   * the member handed over, and returns the request the member must append.
   */
  async prepareJoin(input: { config: NetworkConfig; memberId: string; name: string; roles: Role[] }): Promise<JoinRequest> {
    this.requireNew()
    this.identity ??= identityFromSeed(newSeed())
    await saveIdentity(this.options.dir, this.identity)
    await this.openBase({ join: input.config })
    return makeJoinRequest(this.identity, { ...input, writerKey: this.base!.writerKey, time: this.now })
  }

  /** A single-use invite code for a newcomer (valid 24 hours). */
  async invite(): Promise<{ code: string; expires: number }> {
    const identity = this.requireIdentity()
    this.pairingHost ??= pairingHost(
      this.requireBase(),
      this.membership!,
      pairingSettings(this.options),
      this.direct,
      async (request) => {
        const { ids } = await this.admit(request)
        await this.outcome(ids[1]!, 60_000)
      },
      async (request, writerKey) => {
        // A collective restored from its words: the network's keys go only to a device the ledger bound.
        const { id } = await this.append(acceptBindRequest(request, writerKey))
        const record = await this.outcome(id, 60_000)
        if (record.status !== 'accepted') throw new NodeError('BAD_JOIN_REQUEST', `the binding was ${record.status}`)
      }
    )
    const created = await this.pairingHost.createInvite()
    return { code: inviteCode(created.code, identity.id, created.addresses), expires: created.expires }
  }

  /** Joins a network with an invite code; resolves once this device may write. */
  async join(input: { code: string; name: string; roles: Role[] }, timeoutMs = 5 * 60_000): Promise<void> {
    this.requireNew()
    const identity = (this.identity ??= identityFromSeed(newSeed()))
    const config = await pairWithCode(this.options.dir, identity, { ...input, time: this.now }, pairingSettings(this.options))
    await saveIdentity(this.options.dir, identity)
    await this.openBase({ join: config })
    await this.requireBase().waitForWritable(timeoutMs)
  }

  /** The devices bound to this collective, as the view has them. */
  async devices(): Promise<Array<{ key: string; thisDevice: boolean }>> {
    const collective = await queries.collective(this.store(), this.requireIdentity().id)
    return (collective?.devices ?? []).map((key) => ({ key, thisDevice: key === this.requireBase().writerKey }))
  }

  /** Unbinds a device of this collective (a lost or replaced one): it may no longer write. */
  async unbindDevice(device: string, reason?: string): Promise<SubmitResult> {
    return this.submit('device.unbind', { device, ...(reason ? { reason } : {}) })
  }

  /** Exchanges the network's data with a folder (a USB stick carried between offices). */
  async syncFolder(path: string, onprogress?: (progress: FolderSyncProgress) => void): Promise<FolderSyncResult> {
    const result = await syncFolder(this.requireBase(), path, onprogress ? { onprogress } : {})
    await this.requireBase().update()
    return result
  }

  /** The member's side: appends the newcomer's registration and the now co-signed trust. */
  async admit(request: unknown): Promise<{ ids: string[] }> {
    this.storage.checkWrite()
    const txs = acceptJoinRequest(this.requireIdentity(), request)
    await this.write(txs.map(encodeTransaction))
    return { ids: txs.map(transactionId) }
  }

  /**
   * Submits what a person asks for: the ledger's rules decide who must sign and whether it
   * may be written (core/node/submit.ts); it is signed with this collective's key (and the
   * `keys` given, e.g. a wallet's), appended, and its outcome awaited.
   */
  async submit<T extends TxType>(type: T, body: Body<T>, options: SubmitOptions = {}): Promise<SubmitResult> {
    return this.submitIntent({ type, body } as Intent, options)
  }

  async submitIntent(intent: Intent, options: SubmitOptions = {}): Promise<SubmitResult> {
    // A full disk: refused before anything is tried (a failed append would close the base,
    // and with it the reads the clerk's screens still get).
    this.storage.checkWrite()
    const identity = this.requireIdentity()
    const base = this.requireBase()
    this.requireBound()
    // Once the append began, a storage fault (in the append, or while its outcome is awaited)
    // leaves it unknown whether the transaction landed: answered WRITE_UNSURE, never refused.
    let written: Transaction | null = null
    const append = (tx: Transaction) => {
      written = tx
      return this.append(tx)
    }
    try {
      return await submitIntent({ store: () => this.store(), writerKey: base.writerKey, identity, now: this.now, append, outcome: (id, ms) => this.outcome(id, ms) }, intent, options)
    } catch (error) {
      throw written ? this.unsureAfter(error, written) : error
    }
  }

  /** Appends an already signed transaction (e.g. one a wallet signed), after checking its shape. */
  async append(tx: Transaction): Promise<{ id: string }> {
    this.storage.checkWrite()
    const checked = checkTransaction(tx)
    if (!checked.ok) throw new NodeError(checked.code, checked.reason)
    await this.write(encodeTransaction(tx)).catch((error: unknown) => {
      throw this.unsureAfter(error, tx)
    })
    return { id: transactionId(tx) }
  }

  /** `error` as a write's answer: WRITE_UNSURE (remembering `tx`) if storage failed under it. */
  private unsureAfter(error: unknown, tx: Transaction): unknown {
    if (!(error instanceof NodeError) || (error.code !== 'DISK_FULL' && error.code !== 'STORAGE_FAILED')) return error
    return this.unsure.add(tx, error)
  }

  /**
   * After a storage fault, before writes are let through again: each write that may not have
   * landed is looked for in the reopened log and appended again if it is not there
   * (unsure-writes.ts). A failure here fails the reopen, which is retried.
   */
  protected override async reopenBase(): Promise<void> {
    await super.reopenBase()
    const base = this.base
    if (!base || this.unsure.list().length === 0) return
    const landed = async (id: string) => {
      await base.update()
      return (await queries.transaction(base.reader(), id)) !== undefined
    }
    await this.unsure.settle({
      landed,
      append: async (tx) => {
        await base.append(encodeTransaction(tx))
        const id = transactionId(tx)
        const deadline = Date.now() + 30_000
        while (!(await landed(id))) {
          if (Date.now() > deadline) throw new NodeError('OUTCOME_TIMEOUT', `transaction ${id.slice(0, 8)}… was appended again but not applied within 30 s`)
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
      }
    })
  }

  /**
   * Adds this collective's signature to a transaction waiting for it. Whether it waits, and
   * for us, is the ledger's to say: a `cosign` naming no pending transaction is refused with
   * its NOT_PENDING, one we are not asked for with UNEXPECTED_SIGNATURE.
   */
  async cosign(id: string): Promise<SubmitResult> {
    const identity = this.requireIdentity()
    const pending = await queries.read(this.store(), viewKeys.pending(id))
    const sig = pending ? signatureFor(pending.tx, identity.keyPair) : '0'.repeat(128)
    return this.submit('cosign', { tx: id, signer: identity.id, sig })
  }

  async decline(id: string, reason?: string): Promise<SubmitResult> {
    return this.submit('cosign.decline', { tx: id, ...(reason ? { reason } : {}) })
  }

  /** Waits until the view has recorded what became of transaction `id`. */
  async outcome(id: string, timeoutMs = 30_000): Promise<TxRecord> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const record = await queries.transaction(this.store(), id)
      if (record) return record
      // The view cannot move on while storage has failed: the caller learns of it now.
      if (this.storage.fault) throw this.storage.fault
      if (Date.now() > deadline) throw new NodeError('OUTCOME_TIMEOUT', `transaction ${id.slice(0, 8)}… was appended but not applied within ${timeoutMs} ms: see the log`)
      await new Promise<void>((resolve) => {
        // Whichever comes first removes the other: a poll must not leave a listener behind.
        const onUpdate = () => {
          clearTimeout(timer)
          resolve()
        }
        const timer = setTimeout(() => {
          this.off('update', onUpdate)
          resolve()
        }, 200)
        this.once('update', onUpdate)
      })
    }
  }

  async status() {
    await this.pausing
    // While a full disk keeps the base closed, the read-only view answers (see store()).
    const closedOverFault = this.storage.reader() !== null
    if (!closedOverFault) this.storage.check()
    if (!this.ready) return { state: 'new' as const }
    const storageFault = this.storage.fault
    const identity = this.identity!
    const base = this.base!
    const store = this.store()
    const collective = await queries.collective(store, identity.id)
    const { digest, length } = await queries.digest(store)
    // Entries the network's indexers have not confirmed yet (a reorder could still move them);
    // with the base closed, as many as when it was last told.
    let unconfirmed = this.lastUnconfirmed
    if (!closedOverFault) {
      const signed = base.signedReader()
      const confirmed = await queries.digest(signed.store).finally(() => signed.close())
      unconfirmed = this.lastUnconfirmed = Math.max(0, length - confirmed.length)
    }
    return {
      state: 'ready' as const,
      collective: { id: identity.id, name: collective?.name ?? null, roles: collective?.roles ?? [], member: collective?.member ?? false, subsystem: collective?.subsystem ?? null },
      device: base.writerKey,
      network: base.key.toString('hex'),
      writable: base.writable && !storageFault,
      digest,
      length,
      viewLength: base.view.core.length,
      signedLength: base.view.core.signedLength,
      unconfirmed,
      /** Restored from a backup and not bound yet: the device it will replace. */
      awaitingBind: this.awaitingBind,
      lastContact: this.lastContact,
      peers: [...(this.swarm?.peers() ?? []), ...(this.direct?.peers() ?? [])],
      /**
       * What keeps this node from writing while it lasts (the 'fault' event tells it once): an
       * interface opened after the event shows it too. A full disk is one as well: reading
       * needs no free space. Broken storage (STORAGE_FAILED) makes this call itself answer
       * with that code instead, since nothing can be read from it.
       */
      /** Writes that met a full disk and may have landed, checked once space returns. */
      unsure: this.unsure.list(),
      fault: this.keysUsedElsewhere
        ? { code: 'KEYS_USED_ELSEWHERE', message: "another device signs with this collective's keys: this device writes nothing more until it is restarted; find the other device, a copy of this one's data, and stop it first" }
        : storageFault
          ? { code: storageFault.code as string, message: storageFault.message }
          : null
    }
  }

  /** Unconfirmed entries as last counted from an open base (see status). */
  private lastUnconfirmed = 0

  /** Per neighbour: who, connected or last seen, how far apart; and ours nobody has yet. */
  async syncStatus(): Promise<SyncStatus> {
    return this.sync.status(this.requireBase(), await queries.collectives(this.store()), this.now)
  }
}
