// A council member's agent (docs/protocol.md §14.2, §14.3): watches the view and writes the
// member's council entries. Its two halves: key generation (council-keygen.ts: FROST's DKG with
// the log as the channel, the signing share on disk) and signing (council-signer.ts: nonce
// commitments ahead, opening the due checkpoint, answering rounds). This file runs them, one
// pass at a time, and holds what both share: the node, the settings, how an entry is written
// and the silent time out.
import { keys } from '../ledger/keys.ts'
import type { DkgState } from '../checkpoint/dkg.ts'
import type { SigningCouncilRecord } from '../ledger/records.ts'
import type { Body } from '../protocol/types.ts'
import type { CollectiveNode } from './collective-node.ts'
import { CouncilKeyGen } from './council-keygen.ts'
import { CouncilSigner } from './council-signer.ts'

export interface CouncilAgentOptions {
  /** Wait this long without progress before writing a tick, so the silent time out (ms). */
  tickAfterMs?: number
  /** How often to look at the view even without an update (ms). */
  pollMs?: number
  /** Commitments to keep published ahead. */
  ahead?: number
  /** After the due length is confirmed, each next member in turn waits this much longer before opening (ms). */
  openStaggerMs?: number
  /** Test hook: send signature shares that do not verify. */
  badShares?: boolean
}

/** What the agent's two halves share. */
export interface AgentCore {
  readonly node: CollectiveNode
  readonly options: CouncilAgentOptions
  readonly id: string
  submit<T extends 'council.dkg' | 'council.sign'>(type: T, body: Body<T>): Promise<boolean>
  tickIfStuck(key: string, tick: () => Promise<boolean>): Promise<void>
}

export class CouncilAgent implements AgentCore {
  private readonly keyGen = new CouncilKeyGen(this)
  private readonly signer = new CouncilSigner(this, this.keyGen)
  private running = false
  private again = false
  private closed = false
  private timer: NodeJS.Timeout | null = null
  private lastProgress = { key: '', at: Date.now() }
  private readonly onUpdate = () => void this.kick()

  constructor(
    readonly node: CollectiveNode,
    readonly options: CouncilAgentOptions = {}
  ) {}

  start(): void {
    this.node.on('update', this.onUpdate)
    this.timer = setInterval(() => void this.kick(), this.options.pollMs ?? 1000)
    void this.kick()
  }

  /** Test hook: from now on send shares that do not verify (or stop doing so). */
  cheat(on: boolean): void {
    this.options.badShares = on
  }

  async close(): Promise<void> {
    this.closed = true
    this.node.off('update', this.onUpdate)
    if (this.timer) clearInterval(this.timer)
    while (this.running) await new Promise((resolve) => setTimeout(resolve, 20))
  }

  /** One pass at a time; an update during a pass asks for another. */
  private async kick(): Promise<void> {
    if (this.closed || !this.node.ready) return
    if (this.running) {
      this.again = true
      return
    }
    this.running = true
    try {
      do {
        this.again = false
        await this.pass()
      } while (this.again && !this.closed)
    } catch (error) {
      this.node.emit('warning', error)
    } finally {
      this.running = false
    }
  }

  get id(): string {
    return this.node.requireIdentity().id
  }

  private async pass(): Promise<void> {
    const store = this.node.store()
    const dkg = (await store.get(keys.councilDkg)) as DkgState | undefined
    if (CouncilKeyGen.takesPart(dkg, this.id)) await this.keyGen.step(dkg)
    const signing = (await store.get(keys.councilSigning)) as SigningCouncilRecord | undefined
    if (signing && signing.members.includes(this.id)) await this.signer.step(store, signing)
    const next = (await store.get(keys.councilNext)) as SigningCouncilRecord | undefined
    if (next) await this.keyGen.loadShare(next.epoch)
  }

  async submit<T extends 'council.dkg' | 'council.sign'>(type: T, body: Body<T>): Promise<boolean> {
    if (this.closed) return false
    const result = await this.node.submit(type, body)
    if (result.status === 'refused')
      this.node.emit('warning', new Error(`${type} ${body.step}: ${result.code} ${result.reason}`))
    return result.status !== 'refused'
  }

  /** A tick when nothing has moved for a while: the silent time out, measured in entries. */
  async tickIfStuck(key: string, tick: () => Promise<boolean>): Promise<void> {
    const now = Date.now()
    if (key !== this.lastProgress.key) {
      this.lastProgress = { key, at: now }
      return
    }
    if (now - this.lastProgress.at < (this.options.tickAfterMs ?? 5000)) return
    this.lastProgress = { key, at: now }
    await tick()
  }
}
