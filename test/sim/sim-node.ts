// One collective of the simulation: a real CollectiveNode (real Autobase, Hyperbee view and
// ledger) in a directory on a RAM disk, with every key derived from the seed, no swarm and no
// automatic acks: the simulator alone decides what reaches it (links.ts) and when the
// network's indexer acknowledges, so the same seed builds the same log.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { hash, keyPairFromSeed, type KeyPair } from '../../core/protocol/crypto.ts'
import { writeNetworkConfig, writeSecretJson, writerKeyOf, DEVICE_FILE } from '../../core/network/keys.ts'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import { identityFromSeed, saveIdentity, type Identity } from '../../core/node/keys.ts'
import type { Transaction } from '../../core/protocol/envelope.ts'
import type { Intent } from '../../core/protocol/intents.ts'
import * as queries from '../../core/ledger/queries.ts'
import { submitIntent, type SubmitOptions, type SubmitResult } from '../../core/node/submit.ts'
import type { Body, TxType } from '../../core/protocol/types.ts'

export type Role = 'producer' | 'dispatcher'

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

  get up(): boolean {
    return this.node !== null
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
    const node = await CollectiveNode.open({ dir: this.dir, swarm: false, ackInterval: 0, durable: false, now: this.clock })
    const append = node.append.bind(node)
    node.append = async (tx: Transaction) => {
      this.onAppend(tx, this)
      return append(tx)
    }
    node.on('warning', () => {})
    // Keep the whole view local, as blocks arrive: after the indexer acks, a node's view is
    // the indexer's and its blocks must be fetched; without this, a node reads them on demand
    // and waits forever when only a peer it is not linked to holds them (docs/reliability.md).
    node.requireBase().view.core.download({ start: 0, end: -1 })
    this.node = node
    return node
  }

  /** Closes the node as a process ending between two steps would; the storage stays. */
  async close(): Promise<void> {
    const node = this.node
    this.node = null
    if (node) await node.close()
  }

  /**
   * The node's one write path (core/node/submit.ts: signers, dry runs, sign, append), waiting
   * for the outcome by updating the base rather than by the node's timed polling.
   */
  async submit<T extends TxType>(type: T, body: Body<T>, options: SubmitOptions = {}): Promise<SubmitResult> {
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
