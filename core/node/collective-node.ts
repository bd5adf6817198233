// A collective's node: its identity, its device's copy of the network, and the ledger
// applied inside Autobase. The hosts (Electron, the headless server, the command line) use
// only this facade. Writing never touches the view: a transaction is signed, appended to this
// device's writer core, and the view shows what `apply` made of it.
import { EventEmitter } from 'node:events'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Ledger } from '../ledger/ledger.ts'
import { keys as viewKeys } from '../ledger/keys.ts'
import * as queries from '../ledger/queries.ts'
import type { KeyValueStore } from '../ledger/store.ts'
import type { TxRecord } from '../ledger/records.ts'
import { NetworkBase, type NetworkBaseOptions, type ViewChange } from '../network/base.ts'
import { DirectPeers, type DirectOptions } from '../network/direct.ts'
import { NETWORK_FILE, secureDir, type NetworkConfig } from '../network/keys.ts'
import { Membership } from '../network/membership.ts'
import { NetworkSwarm, type SwarmOptions } from '../network/swarm.ts'
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
import { inviteCode, pairingHost, pairingSettings, pairToRebind, pairWithCode, withInviterPeers, type PairingHooks } from './pairing.ts'
import type { PairingHost } from '../network/pairing-host.ts'
import { syncFolder, type FolderSyncProgress, type FolderSyncResult } from '../network/folder-sync.ts'
import { acceptJoinRequest, makeJoinRequest, type JoinRequest } from './joining.ts'
import { beginFounding, crashPoint, endFounding, readFounding, type Founding } from './founding.ts'
import { StorageRecovery } from './storage-fault.ts'
import { identityFromSeed, identityLost, loadIdentity, newSeed, saveIdentity, seedToWords, wordsToSeed, type Identity } from './keys.ts'
import { acceptBindRequest } from './rebinding.ts'
import { restoreBackup, writeBackup, type BackupManifest } from './backup.ts'
import { SyncTracker, type SyncStatus } from './sync-status.ts'
import { VerifyPool } from '../protocol/verify-pool.ts'

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
  /** The council agent's settings (it acts only while this collective sits on the council); false for none. */
  council?: CouncilAgentOptions | false
  /** Flush storage before an append resolves (default true; the simulator, on a RAM disk, turns it off). */
  durable?: boolean
}

export type Role = 'producer' | 'dispatcher'

/** Stands for a key not made yet where only the shape of a draft is checked. */
const NO_KEY = '0'.repeat(64)

/** Applies one linearized entry to the view: the ledger, fresh over the store Autobase gives. */
/**
 * One pool of signature-checking threads for the process (started on first use, unref'd so
 * it never keeps the process alive): apply hands it each batch's signatures ahead, and the
 * ledger's verifier answers from its results, or asks sodium itself.
 */
const verifyPool = new VerifyPool()
const verifyAhead = (entries: Uint8Array[]) => verifyPool.aheadOfEntries(entries)

export const applyEntry = (store: KeyValueStore, entry: { bytes: Uint8Array; writer: string }) =>
  new Ledger(store, { verify: verifyPool.verify }).apply(entry)

export class CollectiveNode extends EventEmitter {
  base: NetworkBase | null = null
  identity: Identity | null = null
  membership: Membership | null = null
  swarm: NetworkSwarm | null = null
  direct: DirectPeers | null = null
  pairingHost: PairingHost | null = null
  council: CouncilAgent | null = null
  /** When a peer last connected or sent something (ms, this machine's clock), or null. */
  lastContact: number | null = null
  /** Per neighbouring device: last seen, and what it last told us it holds (sync-status.ts). */
  readonly sync = new SyncTracker()
  private syncTimer: NodeJS.Timeout | null = null
  private closed = false
  /** Set while a backup has the storage closed. */
  private pausing: Promise<void> | null = null
  /** A full disk or failed storage: what every call answers until the base reopens. */
  private readonly storage: StorageRecovery

  private constructor(readonly options: NodeOptions) {
    super()
    this.storage = new StorageRecovery({
      dir: options.dir,
      ...(options.storageRetryMs !== undefined ? { retryMs: options.storageRetryMs } : {}),
      reopen: () => this.reopenBase(),
      onchange: (fault) => this.emit('fault', fault ? { code: fault.code, message: fault.message } : null)
    })
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
      })
    }
    return node
  }

  get ready(): boolean {
    return this.base !== null && this.identity !== null
  }

  get now(): number {
    return (this.options.now ?? Date.now)()
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

  /**
   * Brings a collective back on this (new) device from its 24 recovery words: a member's
   * invite code carries a `device.bind` signed with the restored key (rebinding.ts); resolves
   * once this device may write. The old device can then be unbound (`unbindDevice`).
   */
  async restore(input: { code: string; words: string[] }, timeoutMs = 5 * 60_000): Promise<void> {
    this.requireNew()
    const identity = identityFromSeed(wordsToSeed(input.words))
    const config = await pairToRebind(this.options.dir, identity, { code: input.code, time: this.now }, pairingSettings(this.options))
    this.identity = identity
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
    const txs = acceptJoinRequest(this.requireIdentity(), request)
    await this.write(txs.map(encodeTransaction))
    return { ids: txs.map(transactionId) }
  }

  /** For create and join: a device that belongs to no collective yet (and whose storage works). */
  private requireNew(): void {
    this.storage.check()
    if (this.ready) throw new NodeError('ALREADY_SET_UP', 'this device already belongs to a collective')
  }

  requireBase(): NetworkBase {
    this.storage.check()
    if (!this.base) throw new NodeError('NOT_SET_UP', 'create a collective or join one first')
    if (this.pausing) throw new NodeError('BACKING_UP', 'a backup is being taken: try again in a moment')
    return this.base
  }

  /**
   * Writes an encrypted backup of this device's data directory to `file` (backup.ts). The
   * network is stopped and the storage closed while the copy is taken, so it is consistent;
   * meanwhile calls are refused with BACKING_UP, and open invites end.
   */
  async backup(file: string, passphrase: string, params?: { ops: number; mem: number }): Promise<BackupManifest & { files: number; bytes: number }> {
    const identity = this.requireIdentity()
    const base = this.requireBase()
    let release = () => {}
    this.pausing = new Promise<void>((resolve) => (release = resolve))
    try {
      await this.stopNetwork()
      const store = base.reader()
      const manifest: BackupManifest = {
        format: 1,
        taken: this.now,
        collective: { id: identity.id, name: (await queries.collective(store, identity.id))?.name ?? null },
        network: base.key.toString('hex'),
        device: base.writerKey,
        ...(await queries.digest(store))
      }
      await base.close()
      try {
        return { ...manifest, ...(await writeBackup(this.options.dir, file, passphrase, manifest, params)) }
      } finally {
        if (!this.closed) await this.openBase({})
      }
    } finally {
      this.pausing = null
      release()
    }
  }

  /** Restores a backup into this node's (new) data directory and opens it (backup.ts). */
  async restoreBackup(file: string, passphrase: string): Promise<BackupManifest> {
    this.requireNew()
    const manifest = await restoreBackup(file, this.options.dir, passphrase)
    this.identity = await loadIdentity(this.options.dir)
    await this.openBase({})
    return manifest
  }

  /** Stops the council agent and every connection: pairing, the swarm, direct peers, the firewall's watch. */
  private async stopNetwork(): Promise<void> {
    await this.council?.close()
    this.council = null
    await this.pairingHost?.close()
    this.pairingHost = null
    await this.swarm?.destroy()
    this.swarm = null
    await this.direct?.destroy()
    this.direct = null
    this.membership?.close()
  }

  /** The 24 words that restore this collective's identity key. */
  backupWords(): string[] {
    return seedToWords(this.requireIdentity().seed)
  }

  private async openBase(extra: Pick<NetworkBaseOptions, 'create' | 'join'>): Promise<void> {
    const base = await NetworkBase.open({
      dir: this.options.dir,
      applyEntry,
      verifyAhead,
      ...(this.options.ackInterval !== undefined ? { ackInterval: this.options.ackInterval } : {}),
      ...(this.options.durable !== undefined ? { durable: this.options.durable } : {}),
      ...extra
    })
    this.base = base
    base.on('update', (change: ViewChange) => void this.onUpdate(change))
    base.on('apply-error', (event) => this.emit('warning', event))
    base.on('warning', (warning) => this.emit('warning', warning))
    // Autobase closes itself after a failed write; the node names why and reopens it later.
    base.on('error', (error) => base === this.base && this.storage.report(error, true))
    this.membership = new Membership(base)
    await this.membership.refresh()
    if (this.options.council !== false) {
      // One agent per node: two would keep two nonce memories, and one could be asked to sign
      // with a commitment whose nonces only the other holds.
      await this.council?.close()
      this.council = new CouncilAgent(this, this.options.council ?? {})
      this.council.start()
    }
    if (this.options.swarm !== false) {
      this.swarm = new NetworkSwarm(base, this.membership, this.options.swarm ?? {})
      this.watchPeers(this.swarm)
      await this.swarm.start()
    }
    // What a device holds is only visible while it is connected: take it in every few seconds,
    // so that a device that drops off is remembered with what it had.
    if (this.syncTimer) clearInterval(this.syncTimer) // a reopened base (backup, storage fault) replaces it
    this.syncTimer = setInterval(() => {
      if (!this.closed && this.peerCount() > 0) this.sync.observe(base, this.now).catch(() => {})
    }, 2000)
    this.syncTimer.unref()
    const direct = withInviterPeers(this.options.direct, base.config.peers)
    if (direct) {
      this.direct = new DirectPeers(base, this.membership, direct)
      this.watchPeers(this.direct)
      await this.direct.start()
    }
  }

  private watchPeers(peers: EventEmitter): void {
    const changed = () => {
      this.lastContact = this.now
      this.emit('peers', { count: this.peerCount() })
    }
    peers.on('connection', (remote: string) => {
      this.sync.connected(remote, this.now)
      changed()
    })
    peers.on('disconnection', (remote: string) => {
      this.sync.disconnected(remote, this.now)
      changed()
    })
  }

  private async onUpdate(change: ViewChange): Promise<void> {
    if (this.closed) return
    if (this.peerCount() > 0) this.lastContact = this.now
    try {
      const { digest, length } = await queries.digest(this.store())
      this.emit('update', { length, digest, viewLength: change.length, truncatedTo: change.truncatedTo })
    } catch (error) {
      this.emit('warning', error)
    }
  }

  /** The current view, for queries (including the not yet signed tip). */
  store(): KeyValueStore {
    return this.requireBase().reader()
  }

  requireIdentity(): Identity {
    if (!this.identity) throw new NodeError('NOT_SET_UP', 'create a collective or join one first')
    return this.identity
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
    const identity = this.requireIdentity()
    const base = this.requireBase()
    return submitIntent({ store: () => this.store(), writerKey: base.writerKey, identity, now: this.now, append: (tx) => this.append(tx), outcome: (id, ms) => this.outcome(id, ms) }, intent, options)
  }

  /** Appends an already signed transaction (e.g. one a wallet signed), after checking its shape. */
  async append(tx: Transaction): Promise<{ id: string }> {
    const checked = checkTransaction(tx)
    if (!checked.ok) throw new NodeError(checked.code, checked.reason)
    await this.write(encodeTransaction(tx))
    return { id: transactionId(tx) }
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

  peerCount(): number {
    return (this.swarm?.peers().length ?? 0) + (this.direct?.peers().length ?? 0)
  }

  async status() {
    await this.pausing
    this.storage.check()
    if (!this.ready) return { state: 'new' as const }
    const identity = this.identity!
    const base = this.base!
    const store = this.store()
    const collective = await queries.collective(store, identity.id)
    const { digest, length } = await queries.digest(store)
    // Entries the network's indexers have not confirmed yet (a reorder could still move them).
    const signed = base.signedReader()
    const confirmed = await queries.digest(signed.store).finally(() => signed.close())
    return {
      state: 'ready' as const,
      collective: { id: identity.id, name: collective?.name ?? null, roles: collective?.roles ?? [], member: collective?.member ?? false, subsystem: collective?.subsystem ?? null },
      device: base.writerKey,
      network: base.key.toString('hex'),
      writable: base.writable,
      digest,
      length,
      viewLength: base.view.core.length,
      signedLength: base.view.core.signedLength,
      unconfirmed: Math.max(0, length - confirmed.length),
      lastContact: this.lastContact,
      peers: [...(this.swarm?.peers() ?? []), ...(this.direct?.peers() ?? [])]
    }
  }

  /** Per neighbour: who, connected or last seen, how far apart; and ours nobody has yet. */
  async syncStatus(): Promise<SyncStatus> {
    return this.sync.status(this.requireBase(), await queries.collectives(this.store()), this.now)
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.syncTimer) clearInterval(this.syncTimer)
    await this.storage.stop()
    await this.pausing
    await this.closeBase()
  }

  private async closeBase(): Promise<void> {
    await this.stopNetwork()
    await this.base?.close()
  }

  /** After a storage fault: closes what is left of the base and opens it again. */
  private async reopenBase(): Promise<void> {
    // A failed base may not close cleanly; what matters is that the new one opens.
    await this.closeBase().catch(() => {})
    await this.openBase({})
  }

  /** Appends to this device's writer core; a storage failure becomes the node's fault. */
  private async write(bytes: Uint8Array | Uint8Array[]): Promise<void> {
    const base = this.requireBase()
    try {
      await base.append(bytes)
    } catch (error) {
      // A backup closing the base under an append is no storage fault (that append fails).
      throw (this.pausing ? null : this.storage.report(error)) ?? error
    }
  }
}
