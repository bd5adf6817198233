// One device's copy of the network: a Corestore on disk, and an Autobase whose view is a
// Hyperbee that the ledger derives, entry by entry, in `apply`.
//
// `apply` (apply.ts) decodes nothing itself: it hands each linearized entry (the bytes a
// device appended, and that device's writer key) to the injected `applyEntry` -- the ledger --
// and carries out the effects the ledger asks for (adding and removing writers).
import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import Autobase from 'autobase'
import Corestore from 'corestore'
import Hyperbee from 'hyperbee'
import Hypercore from 'hypercore'
import type { KeyPair } from 'hypercore-crypto'
import type { Duplex } from 'node:stream'
import type { Json, KeyValueStore } from '../ledger/store.ts'
import { NetworkError } from './errors.ts'
import { type ApplyErrorEvent, applyNodes } from './apply.ts'
import { HyperbeeStore, VIEW_ENCODING } from './hyperbee-store.ts'
import {
  CORESTORE_DIR,
  type NetworkConfig,
  loadOrCreateDeviceKey,
  readNetworkConfig,
  secureDir
} from './keys.ts'
import { checkWriterRecord, readWriterRecord, writeWriterRecord } from './writer-record.ts'
import { WriterEntries } from './writer-entries.ts'
import { OwnLog } from './own-log.ts'
import { WriterCopies } from './writer-copies.ts'
import { ConfirmWatch, type Ackable } from './confirm-watch.ts'
import { AckPacer } from './ack-pacer.ts'
import { councilOf, holdTimerAcks } from './ack-council.ts'
import { closeStore, resolveConfig, storeOpenError } from './open-store.ts'
import { ACK_QUIET_MS, WRITE_BUFFER_SIZE, type NetworkBaseOptions } from './base-options.ts'

export type { ApplyEntry, ApplyErrorEvent, VerifyAhead } from './apply.ts'

export type View = Hyperbee<string, Json>

export { ACK_QUIET_MS, WRITE_BUFFER_SIZE, type NetworkBaseOptions, type OpenStep } from './base-options.ts'

/** What changed in the view since the last 'update' event. */
export interface ViewChange {
  length: number
  signedLength: number
  /**
   * Set when a reorder truncated the view since the last event: every cache derived from
   * view blocks at or above this length is void (re-read them).
   */
  truncatedTo: number | null
}

export interface WriterInfo {
  key: string
  isIndexer: boolean
}

export class NetworkBase extends EventEmitter {
  private truncatedTo: number | null = null
  /** Appends under way: a durable flush waits for them to land, and covers them too. */
  private readonly appending = new Set<Promise<unknown>>()
  /** The storage flush running now, if any. */
  private flushRunning: Promise<void> | null = null
  /** The next flush, not begun yet: every append that lands meanwhile shares it. */
  private flushWaiting: Promise<void> | null = null
  /** A full copy of every writer's core, so that this device can pass the log on. */
  private readonly writerCopies: WriterCopies
  /** The view's log records keep an entry's place; readers get its bytes from here. */
  private readonly writerEntries: WriterEntries

  private constructor(
    readonly dir: string,
    readonly config: NetworkConfig,
    readonly deviceKeyPair: KeyPair,
    readonly corestore: Corestore,
    readonly autobase: Autobase<View>,
    private readonly durable: boolean,
    forked: ReadonlySet<string>
  ) {
    super()
    this.writerEntries = new WriterEntries(autobase as Autobase<unknown>)
    this.writerCopies = new WriterCopies(
      corestore,
      autobase,
      (key) => {
        this.frozenWriters.add(key)
        this.emit('writer-frozen', key)
      },
      () => {
        if (this.ownFrozen) return
        this.ownFrozen = true
        this.keysUsedElsewhere = true
        this.emit('own-frozen')
      },
      forked
    )
  }

  /** Whether Hypercore froze this device's own writer core in this base (see keysUsedElsewhere). */
  ownFrozen = false

  /**
   * Set when Hypercore froze this device's own writer core: a peer passed on a second signed
   * history of it, so another device signs with this device's keys. Appends are refused from
   * then on (the node carries this over a reopen); Hypercore's freeze has closed Autobase's
   * session of the core, so the node reopens the base to read on. Told as 'own-frozen'.
   */
  keysUsedElsewhere = false

  /**
   * Writer keys (hex) of other devices whose cores Hypercore froze here: they signed two
   * histories, and this device reads nothing more of theirs until it drops its copy
   * (frozen-writers.ts; the node does it). Also told as 'writer-frozen' events.
   */
  readonly frozenWriters = new Set<string>()

  static async open(options: NetworkBaseOptions): Promise<NetworkBase> {
    const { dir, applyEntry } = options
    await secureDir(dir)
    const deviceKeyPair = await loadOrCreateDeviceKey(dir, await readNetworkConfig(dir))
    const config = await resolveConfig(dir, deviceKeyPair, options)
    const record = await readWriterRecord(dir)
    const trace = options.trace ?? (() => {})
    trace('files')

    const storage = Hypercore.defaultStorage(join(dir, CORESTORE_DIR), {
      writeBufferSize: options.writeBufferSize ?? WRITE_BUFFER_SIZE
    })
    const corestore = new Corestore(storage)
    try {
      await corestore.ready()
    } catch (err) {
      await corestore.close().catch(() => {})
      throw storeOpenError(dir, err)
    }
    trace('corestore')

    let self: NetworkBase | null = null
    const report = (event: ApplyErrorEvent) => self?.emit('apply-error', event)
    const autobase = new Autobase<View>(corestore.session(), Buffer.from(config.key, 'hex'), {
      keyPair: deviceKeyPair,
      encryptionKey: Buffer.from(config.encryptionKey, 'hex'),
      ackInterval: options.ackInterval,
      open: (store) => new Hyperbee<string, Json>(store.get('view'), VIEW_ENCODING),
      apply: (nodes, view, host) => applyNodes(nodes, view, host, applyEntry, report, options.verifyAhead)
    })
    try {
      await autobase.ready()
      trace('autobase')
      const writer = { key: autobase.local.key.toString('hex'), length: autobase.local.length }
      checkWriterRecord(dir, record, writer)
      if (writer.length > (record?.length ?? 0)) {
        // What was read may still sit only in RocksDB's unsynced log: make it durable first.
        await corestore.storage.db.flush()
        await writeWriterRecord(dir, writer)
      }
      trace('record')
    } catch (err) {
      await autobase.close().catch(() => {})
      // The open's own error says more than a close failing on the same full disk.
      await closeStore(corestore).catch(() => {})
      throw err
    }
    self = new NetworkBase(
      dir,
      config,
      deviceKeyPair,
      corestore,
      autobase,
      options.durable !== false,
      options.forked ?? new Set()
    )
    self.ownLog = new OwnLog(dir, autobase as Autobase<unknown>, corestore, (error) => self.emit('warning', error), record?.length)
    self.listen()
    self.startAcks(options)
    return self
  }

  /**
   * With several indexers, Autobase's own ack schedule lets acks cross or stop (ack-pacer.ts):
   * the pacer writes them while the view has unconfirmed entries. With an `ackInterval` of 0
   * (Autobase writes no acks by itself: the simulator, tests that ack by hand), or an Autobase
   * whose internals the pacer cannot read, the older confirm watch runs instead.
   */
  private startAcks(options: NetworkBaseOptions): void {
    const onError = (error: unknown) => this.emit('warning', error)
    const council = options.ackInterval === 0 ? null : councilOf(this.autobase)
    if (council) {
      const pacer = new AckPacer(council, {
        quietMs: options.ackQuietMs ?? ACK_QUIET_MS,
        stagger: options.ackStagger ?? false,
        onError
      })
      this.ackPacer = pacer
      holdTimerAcks(this.autobase, pacer)
      pacer.start()
      return
    }
    // Several indexers can all decide an ack would not help; the watch writes one (confirm-watch.ts).
    this.confirmWatch = new ConfirmWatch(this.autobase as unknown as Ackable, {
      stallMs: Math.max(1000, 3 * (options.ackInterval ?? 10_000)),
      onError
    })
    this.confirmWatch.start()
  }

  private listen(): void {
    // Reorders show up as truncations of the view core; fold them into the next 'update'.
    this.view.core.on('truncate', (length: number) => {
      this.truncatedTo = this.truncatedTo === null ? length : Math.min(this.truncatedTo, length)
    })
    this.writerCopies.refresh()
    // A device's own core coming back from the indexers after a fork (own-log.ts).
    const follow = () => this.ownLog.follow()
    this.autobase.local.on('download', follow)
    this.autobase.on('update', follow)
    this.autobase.on('update', () => {
      this.writerCopies.refresh()
      const change: ViewChange = {
        length: this.view.core.length,
        signedLength: this.view.core.signedLength,
        truncatedTo: this.truncatedTo
      }
      this.truncatedTo = null
      this.emit('update', change)
    })
    this.autobase.on('writable', () => this.emit('writable'))
    this.autobase.on('unwritable', () => this.emit('unwritable'))
    this.autobase.on('warning', (warning) => this.emit('warning', warning))
    // Without a listener Autobase crashes the process on an internal error; report instead.
    this.autobase.on('error', (err) =>
      this.emit(this.listenerCount('error') ? 'error' : 'warning', err)
    )
  }

  get key(): Buffer {
    return this.autobase.key
  }

  get discoveryKey(): Buffer {
    return this.autobase.discoveryKey
  }

  /** This device's writer-core key (hex): how the ledger names the device. */
  get writerKey(): string {
    return this.autobase.local.key.toString('hex')
  }

  get encryptionKey(): Buffer {
    return Buffer.from(this.config.encryptionKey, 'hex')
  }

  get view(): View {
    return this.autobase.view
  }

  get writable(): boolean {
    return this.autobase.writable
  }

  /** Reads the current view (including the unsigned tip, which a reorder may still change). */
  reader(): KeyValueStore {
    return new HyperbeeStore(this.view, this.writerEntries.read)
  }

  /**
   * Reads the signed part of the view: what a quorum of indexers has confirmed and no reorder
   * can change. Close the snapshot when done.
   */
  signedReader(): { store: KeyValueStore; length: number; close(): Promise<void> } {
    return this.readerAt(this.view.core.signedLength)
  }

  /** The view as it was at `length` blocks (a checkout; close it when done). */
  readerAt(length: number): { store: KeyValueStore; length: number; close(): Promise<void> } {
    const snapshot = this.view.checkout(Math.max(1, length))
    return { store: new HyperbeeStore(snapshot, this.writerEntries.read), length, close: () => snapshot.close() }
  }

  /** Appends one entry (or several, as one batch) to this device's writer core. */
  async append(bytes: Uint8Array | Uint8Array[]): Promise<void> {
    if (this.keysUsedElsewhere) {
      throw new NetworkError('KEYS_USED_ELSEWHERE', 'another device signs with this collective\'s keys: this device writes nothing more until it is restarted')
    }
    if (!this.autobase.writable) {
      throw new NetworkError('NOT_WRITABLE', 'this device is not a writer of the network yet')
    }
    const entries = Array.isArray(bytes) ? bytes.map(toBuffer) : toBuffer(bytes)
    // Autobase stores a zero-length value as an ack: no other device would see the entry.
    if ((Array.isArray(entries) ? entries : [entries]).some((entry) => entry.byteLength === 0)) {
      throw new NetworkError('EMPTY_ENTRY', 'an entry cannot be empty: nothing was appended')
    }
    const appended = this.autobase.append(entries)
    this.appending.add(appended)
    try {
      await appended
    } finally {
      this.appending.delete(appended)
    }
    if (this.durable) await this.flushStorage()
    // The first entry this device wrote: from now on an empty store means a lost one.
    if (this.durable) await this.ownLog.recordFirst(() => this.flushedLength)
  }

  /** Writes an ack when confirmation stands still with unconfirmed entries (confirm-watch.ts). */
  confirmWatch: ConfirmWatch | null = null
  /** Writes the acks a council's confirmation needs, promptly (ack-pacer.ts). */
  ackPacer: AckPacer | null = null

  /** This device's own writer core: writer.json's record, and whether it may append now. */
  private ownLog!: OwnLog
  /** The length of this device's core when the last finished flush began: on disk. */
  private flushedLength = 0

  /** Whether this device's own core is still coming back from the indexers (own-log.ts). */
  ownLogComingBack(): Promise<boolean> {
    return this.ownLog.comingBack()
  }

  /** Whether Autobase holds own entries it cannot order yet: no append may start (own-log.ts). */
  ownEntriesWaiting(): Promise<boolean> {
    return this.ownLog.entriesWaiting()
  }

  /**
   * Resolves once a storage flush that began after the caller's append landed has finished.
   * Group commit: a flush covers every append that landed before it began, so callers share
   * one. The first caller's flush waits for the appends under way at that moment to land
   * (concurrent appends become one Autobase batch and land together), and callers that land
   * while a flush runs share the next one.
   *
   * RocksDB writes its log without fsync; flushing the column family's memtable to a synced
   * table file is the one durability barrier hypercore-storage exposes (`storage.flush()`
   * flushes the default column family, which holds nothing). 2-50 ms, depending on the disk.
   */
  private flushStorage(): Promise<void> {
    // A flush that has not begun yet covers this caller's append too.
    if (this.flushWaiting !== null) return this.flushWaiting
    // One that has begun may not: the next one starts when it ends.
    this.flushWaiting = this.flushAfter(this.flushRunning)
    return this.flushWaiting
  }

  private async flushAfter(previous: Promise<void> | null): Promise<void> {
    if (previous !== null) await previous.catch(() => {})
    await Promise.allSettled([...this.appending])
    // From here on, an append that lands needs the next flush.
    const length = this.autobase.local.length
    const running: Promise<void> = this.corestore.storage.db.flush()
    this.flushWaiting = null
    this.flushRunning = running
    try {
      await running
      this.flushedLength = Math.max(this.flushedLength, length)
    } finally {
      if (this.flushRunning === running) this.flushRunning = null
    }
  }

  /** Resolves when this device may append (after a member's entry made it a writer). */
  async waitForWritable(timeoutMs = Infinity): Promise<void> {
    if (this.autobase.writable) return
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      if (Number.isFinite(timeoutMs)) {
        timer = setTimeout(
          () => reject(new NetworkError('NOT_WRITABLE', `not a writer after ${timeoutMs} ms`)),
          timeoutMs
        )
      }
    })
    try {
      await Promise.race([this.autobase.waitForWritable(), timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  /** Pulls in what the connected peers have and applies it. */
  async update(): Promise<void> {
    await this.autobase.update()
  }

  /** The active writers of the network, by writer key, as Autobase's system records them. */
  async writers(): Promise<WriterInfo[]> {
    const system = this.autobase.system
    if (system === null) return []
    const out: WriterInfo[] = []
    for await (const { key, value } of system.list()) {
      if (!value.isRemoved) out.push({ key: key.toString('hex'), isIndexer: value.isIndexer })
    }
    return out
  }

  /**
   * Attaches Autobase replication (with its wakeup protocol) to a peer connection, or, given a
   * boolean, makes a new Noise stream (pass `{ keyPair }` to authenticate as this device).
   */
  replicate(connection: Duplex | boolean, options?: Record<string, unknown>): Duplex {
    return this.autobase.replicate(connection, options)
  }

  async close(): Promise<void> {
    this.confirmWatch?.stop()
    this.ackPacer?.stop()
    try {
      await this.writerCopies.close()
      await this.writerEntries.close()
      await this.autobase.close()
      try {
        // Writes the memtable to a table file, so the next open has no log to replay (see
        // WRITE_BUFFER_SIZE). Nothing depends on it: if it fails, the log is still there.
        await this.corestore.storage.db.flush()
      } catch {
        // The next open replays the log instead.
      }
    } finally {
      // Whatever failed above, the storage must be released, or no reopen can take its lock.
      await closeStore(this.corestore)
    }
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
