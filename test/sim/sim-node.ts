// One collective of the simulation: a real CollectiveNode (real Autobase, Hyperbee view and
// ledger) in a directory on a RAM disk, with every key derived from the seed, no swarm and no
// automatic acks: the simulator alone decides what reaches it (links.ts) and when the
// network's indexer acknowledges, so the same seed builds the same log.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { hash, keyPairFromSeed, type KeyPair } from '../../core/protocol/crypto.ts'
import {
  writeNetworkConfig,
  writeSecretJson,
  writerKeyOf,
  DEVICE_FILE
} from '../../core/network/keys.ts'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import type { NetworkBase } from '../../core/network/base.ts'
import { identityFromSeed, saveIdentity, type Identity } from '../../core/node/keys.ts'
import type { Transaction } from '../../core/protocol/envelope.ts'
import type { Intent } from '../../core/protocol/intents.ts'
import * as queries from '../../core/ledger/queries.ts'
import { submitIntent, type SubmitOptions, type SubmitResult } from '../../core/node/submit.ts'
import type { Body, TxType } from '../../core/protocol/types.ts'
import { createTransaction, signTransaction } from '../../core/protocol/sign.ts'
import { disks } from './disk.ts'
import { OracleError } from './oracle.ts'

export type Role = 'producer' | 'dispatcher'

/** Polls of a node's status, 20 ms apart, for it to reopen its storage once its disk is freed. */
const FREE_POLLS = 1500
/** Polls, 20 ms apart, for a write of replication or apply to meet a disk filled under it. */
const APPLY_POLLS = 100

/**
 * 'ok', or the fault the node's status reports (a full disk: it reads on) or answers with
 * (broken storage, or a disk full since it opened, when there is nothing to read from).
 */
const statusAnswer = (node: CollectiveNode): Promise<string> =>
  node.status().then(
    (status) => (status.state === 'ready' && status.fault ? status.fault.code : 'ok'),
    (error: { code?: string }) => error.code ?? String(error)
  )

const derive = (seed: number, what: string) => hash(Buffer.from(`stachanov/sim/${seed}/${what}`))

export interface NetworkKeys {
  key: string
  encryptionKey: string
}

export class SimNode {
  node: CollectiveNode | null = null
  readonly identity: Identity
  readonly device: KeyPair
  /** This device's writer-core key (hex): how the ledger names the device. */
  readonly writerKey: string
  /** Times this node was killed and restarted. */
  restarts = 0
  /** Its disk is full: the node runs but refuses with DISK_FULL, and holds no links. */
  full = false
  /** What it had saved when it was last killed (for a start on a full disk, disk-moments.ts). */
  savedAtKill: { length: number; root: string; applied: string[] } | null = null
  /** Its device key signed a second history of its writer core (fork.ts). */
  forked = false
  /** Ids of the transactions whose append resolved here: what the app tells the user is saved. */
  readonly acked: string[] = []
  /** What this device had saved when its disk filled (its writer core, the outcomes it showed). */
  private beforeFull: { length: number; root: string; applied: string[] } | null = null

  constructor(
    readonly index: number,
    readonly name: string,
    readonly roles: Role[],
    readonly dir: string,
    seed: number,
    private readonly clock: () => number,
    /** Called with every transaction this node appends (the simulator's record of signed history). */
    private readonly onAppend: (tx: Transaction, by: SimNode) => void
  ) {
    this.identity = identityFromSeed(derive(seed, `collective/${index}`))
    this.device = keyPairFromSeed(derive(seed, `device/${index}`))
    this.writerKey = writerKeyOf(this.device.publicKey).toString('hex')
  }

  get id(): string {
    return this.identity.id
  }

  /** Open and usable (not down, its disk not full). */
  get up(): boolean {
    return this.node !== null && !this.full
  }

  /** Killed: closed until a restart. */
  get down(): boolean {
    return this.node === null
  }

  /** The network's keys for a seed: the founder's writer core names it. */
  static networkKeys(seed: number, founder: SimNode): NetworkKeys {
    return { key: founder.writerKey, encryptionKey: derive(seed, 'encryption').toString('hex') }
  }

  /** Writes the device key, identity and network config a pairing would have left. */
  async install(network: NetworkKeys): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 })
    await writeSecretJson(join(this.dir, DEVICE_FILE), {
      version: 1,
      publicKey: this.device.publicKey.toString('hex'),
      secretKey: this.device.secretKey.toString('hex')
    })
    await saveIdentity(this.dir, this.identity)
    await writeNetworkConfig(this.dir, network)
  }

  async open(): Promise<CollectiveNode> {
    const node = await CollectiveNode.open({
      dir: this.dir,
      swarm: false,
      ackInterval: 0,
      durable: false,
      now: this.clock,
      storageRetryMs: 20,
      freeBytes: disks.freeBytes,
      // The workload holds no council elections yet: the agent would only read, at every update.
      council: false
    })
    const append = node.append.bind(node)
    node.append = async (tx: Transaction) => {
      this.onAppend(tx, this)
      const saved = await append(tx)
      this.acked.push(saved.id)
      return saved
    }
    node.on('warning', () => {})
    // A base the node reopened by itself (a frozen writer copy dropped) downloads its view too.
    node.on('base', (base: NetworkBase) => {
      if (!disks.isFull(this.dir)) base.view.core.download({ start: 0, end: -1 })
    })
    this.node = node
    // On a full disk the node opens with the fault and has no base until space is freed.
    if (node.ready && !disks.isFull(this.dir)) this.downloadView(node)
    return node
  }

  /**
   * Keeps the whole view local, as blocks arrive: after the indexer acks, a node's view is the
   * indexer's and its blocks must be fetched; without this, a node reads them on demand and
   * waits forever when only a peer it is not linked to holds them (docs/reliability.md).
   */
  private downloadView(node: CollectiveNode): void {
    node.requireBase().view.core.download({ start: 0, end: -1 })
  }

  /** What this device has saved: its writer core's length and root, and the outcomes it showed. */
  async saved(): Promise<{ length: number; root: string; applied: string[] }> {
    const node = this.require()
    const local = node.requireBase().autobase.local
    const applied: string[] = []
    for (const id of this.acked) if (await queries.transaction(node.store(), id)) applied.push(id)
    return { length: local.length, root: (await local.treeHash(local.length)).toString('hex'), applied }
  }

  /**
   * Fills this node's disk between two steps (its links are cut first, as its replication
   * stops with its storage): a write must be refused with DISK_FULL, and so must every call
   * after it.
   */
  async fillDisk(): Promise<void> {
    this.beforeFull = await this.saved()
    disks.fill(this.dir)
    this.full = true
    await this.expectWriteRefused()
  }

  /**
   * Fills the disk of a node that is down, then starts it (disk-moments.ts): it must open and
   * answer DISK_FULL, not fail to start. `before`: what it had saved when it went down.
   */
  async openOnFullDisk(before: { length: number; root: string; applied: string[] }): Promise<void> {
    this.beforeFull = before
    disks.fill(this.dir)
    this.full = true
    await this.open()
    // Opening may write nothing (then the next write is the first to fail) or fail to write.
    const answer = await statusAnswer(this.require())
    if (answer !== 'ok') await this.expectDiskFull()
    else if (this.require().requireBase().writable) await this.expectWriteRefused()
    else this.unfill() // no writer (any more): nothing it does reaches its storage, nothing fails
  }

  /**
   * Fills the disk of a live node while it takes in what its peers hold (disk-moments.ts): the
   * write that fails is one of replication or of an apply, not one the node chose. Returns
   * whether such a write failed (in APPLY_POLLS polls) before the node's own write did.
   */
  async fillDiskWhileApplying(): Promise<boolean> {
    this.beforeFull = await this.saved()
    disks.fill(this.dir)
    this.full = true
    let hit = false
    for (let poll = 0; poll < APPLY_POLLS && !hit; poll++) {
      hit = (await statusAnswer(this.require())) !== 'ok'
      if (!hit) await new Promise((resolve) => setTimeout(resolve, 20))
    }
    if (hit) await this.expectDiskFull()
    else if (this.require().requireBase().writable) await this.expectWriteRefused()
    else this.unfill() // no writer (any more): nothing it does reaches its storage, nothing fails
    return hit
  }

  /** Takes a full disk back that no write met (the node has nothing to write). */
  private unfill(): void {
    disks.free(this.dir)
    this.full = false
    this.beforeFull = null
  }

  /** A signed transaction appended as it is (no dry run that could refuse it first) must fail with DISK_FULL. */
  private async expectWriteRefused(): Promise<void> {
    const node = this.require()
    const tx = signTransaction(
      createTransaction({
        type: 'product.define',
        body: { name: `filler ${this.clock()}`, unit: 'u', kind: 'consumable' },
        time: this.clock(),
        signers: [this.id]
      }),
      this.identity.keyPair
    )
    const refusal = await node.append(tx).then(
      () => ({ code: 'no refusal (it was saved)', message: '' }),
      (error: { code?: string; message?: string }) => ({
        code: error.code ?? 'none',
        message: error.message ?? ''
      })
    )
    // WRITE_UNSURE: the append met the full disk and its block may be durable (the node checks
    // it once space returns; the oracle's prefix check allows it to land).
    if (refusal.code !== 'DISK_FULL' && refusal.code !== 'WRITE_UNSURE')
      throw new OracleError(
        'disk',
        `${this.name}: a write on a full disk answered ${refusal.code} ${refusal.message}, not DISK_FULL or WRITE_UNSURE`
      )
    await this.expectDiskFull()
  }

  /** While the disk is full the node's status reports DISK_FULL (writes are refused), and no crash. */
  async expectDiskFull(): Promise<void> {
    const answer = await statusAnswer(this.require())
    if (answer !== 'DISK_FULL')
      throw new OracleError(
        'disk',
        `${this.name}: on a full disk, status gave ${answer}, not DISK_FULL`
      )
  }

  /**
   * Frees the disk and waits for the node to reopen its storage by itself; then everything it
   * had saved before must still be there: the same writer core, the same outcomes.
   */
  async freeDisk(): Promise<void> {
    const node = this.require()
    disks.free(this.dir)
    for (let poll = 0; ; poll++) {
      const answer = await statusAnswer(node)
      if (answer === 'ok') break
      if (answer !== 'DISK_FULL' && answer !== 'STORAGE_FAILED')
        throw new OracleError('disk', `${this.name}: after space was freed, status gave ${answer}`)
      // Counted in polls, not wall time: a starved process polls (and retries) less often.
      if (poll > FREE_POLLS)
        throw new OracleError(
          'liveness',
          `${this.name} did not reopen its storage after ${FREE_POLLS} polls once space was freed: ${await node.status().catch((e: Error) => e.message)}`
        )
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    this.full = false
    this.downloadView(node)
    const before = this.beforeFull
    this.beforeFull = null
    if (!before) return
    const local = node.requireBase().autobase.local
    const root =
      local.length >= before.length ? (await local.treeHash(before.length)).toString('hex') : null
    if (root !== before.root)
      throw new OracleError(
        'disk',
        `${this.name}: its writer core lost what it had saved before the disk filled (${before.length} entries then, ${local.length} now)`
      )
    for (const id of before.applied) {
      if (!(await queries.transaction(node.store(), id)))
        throw new OracleError(
          'disk',
          `${this.name}: acknowledged transaction ${id.slice(0, 8)}… is gone after the full disk`
        )
    }
  }

  /** Closes the node as a process ending between two steps would; the storage stays. */
  async close(): Promise<void> {
    const node = this.node
    this.node = null
    this.full = false
    disks.free(this.dir)
    if (node) await node.close()
  }

  /**
   * The node's one write path (core/node/submit.ts: signers, dry runs, sign, append), waiting
   * for the outcome by updating the base rather than by the node's timed polling.
   */
  async submit<T extends TxType>(
    type: T,
    body: Body<T>,
    options: SubmitOptions = {}
  ): Promise<SubmitResult> {
    const node = this.require()
    const base = node.requireBase()
    return submitIntent(
      {
        store: () => node.store(),
        writerKey: base.writerKey,
        identity: this.identity,
        now: this.clock(),
        append: (tx) => node.append(tx),
        outcome: async (id) => {
          for (let round = 0; round < 1000; round++) {
            const record = await queries.transaction(node.store(), id)
            if (record) return record
            await base.update()
          }
          throw new Error(`${this.name}: ${id.slice(0, 8)}… was appended but never applied`)
        }
      },
      { type, body } as Intent,
      options
    )
  }

  require(): CollectiveNode {
    if (!this.node) throw new Error(`${this.name} is down`)
    return this.node
  }
}
