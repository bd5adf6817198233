// The simulated network of one seed: its nodes, the links between them, the declared clock,
// the record of every signed transaction, and `settle`, which lets the links carry what they
// may until nothing moves.
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import * as queries from '../../core/ledger/queries.ts'
import type { Transaction } from '../../core/protocol/envelope.ts'
import { transactionId } from '../../core/protocol/encoding.ts'
import { makeJoinRequest } from '../../core/node/joining.ts'
import { hash, keyPairFromSeed, type KeyPair } from '../../core/protocol/crypto.ts'
import { Links } from './links.ts'
import { Prng } from './prng.ts'
import { SimNode, type Role } from './sim-node.ts'
import { PRODUCTS } from './workload.ts'
import { lived } from './lived.ts'

export const MINUTE = 60_000
export const DAY = 24 * 60 * MINUTE
/** The simulated months start here (declared times only: apply never reads a clock). */
export const START = Date.UTC(2026, 3, 1, 8)

export interface SimOptions {
  seed: number
  /** Parent directory for the nodes' storage (a RAM disk: /dev/shm). */
  root: string
}

/** Raised when the nodes of a connected group do not reach one state in time. */
export class StuckError extends Error {}

export class Sim {
  readonly nodes: SimNode[] = []
  readonly links: Links
  /** Every transaction any node appended, by id (the oracle reads claim bodies from here). */
  readonly signed = new Map<string, Transaction>()
  readonly signedList: Transaction[] = []
  clock = START
  readonly dir: string
  /** People's wallets (they run no node: any collective's app carries what they sign). */
  readonly wallets: KeyPair[]
  /** Links that ended on their own and were reconnected. */
  repaired = 0
  /** Settles that stalled and went through once every link was reconnected. */
  stalls = 0

  private constructor(readonly seed: number, root: string, readonly setupRng: Prng) {
    this.dir = join(root, `sim-${seed}-${process.pid}`)
    this.links = new Links(this.nodes)
    this.wallets = Array.from({ length: 4 }, (_, i) => keyPairFromSeed(hash(Buffer.from(`stachanov/sim/${seed}/wallet/${i}`))))
  }

  /** Builds the network of the seed: 3 to 5 collectives joined by trust, all linked. */
  static async start(options: SimOptions): Promise<Sim> {
    const rng = new Prng(options.seed ^ 0x5eed)
    const sim = new Sim(options.seed, options.root, rng)
    await rm(sim.dir, { recursive: true, force: true })
    const count = rng.between(3, 5)
    const roleSets: Role[][] = [['producer'], ['dispatcher'], ['producer', 'dispatcher']]
    for (let i = 0; i < count; i++) {
      // The founder produces and dispatches; the second always dispatches (coupons get spent).
      const roles = i === 0 ? (['producer', 'dispatcher'] as Role[]) : i === 1 ? (['dispatcher'] as Role[]) : rng.pick(roleSets)
      const node = new SimNode(i, `C${i}`, roles, join(sim.dir, `c${i}`), options.seed, () => sim.clock, (tx) => sim.record(tx))
      sim.nodes.push(node)
    }
    const network = SimNode.networkKeys(options.seed, sim.nodes[0]!)
    for (const node of sim.nodes) await node.install(network)
    for (const node of sim.nodes) await node.open()
    const founder = sim.nodes[0]!
    await founder.submit('collective.register', { name: founder.name, roles: founder.roles, devices: [founder.writerKey] })
    for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) sim.links.connect(i, j)
    // Each newcomer joins through an earlier member, which appends its registration and the
    // strong trust both signed (core/node/joining.ts, as pairing does).
    for (const node of sim.nodes.slice(1)) {
      const member = sim.nodes[rng.int(node.index)]!
      sim.tick(MINUTE)
      const request = makeJoinRequest(node.identity, { name: node.name, roles: node.roles, writerKey: node.writerKey, memberId: member.id, time: sim.clock })
      sim.record(request.registration)
      sim.record(request.trust)
      // A member admitted by another writes only once its admission reached it.
      if (!member.require().requireBase().writable) await sim.settle()
      await member.require().admit(request)
    }
    await sim.settle()
    // Three product types to begin with; the workload defines more.
    for (const [name, kind, durability] of PRODUCTS.slice(0, 3)) {
      sim.tick(MINUTE)
      await founder.submit('product.define', { name, unit: 'u', kind, ...(durability ? { durability: String(durability) } : {}) })
    }
    await sim.settle()
    return sim
  }

  record(tx: Transaction): void {
    const id = transactionId(tx)
    if (!this.signed.has(id)) this.signedList.push(tx)
    this.signed.set(id, tx)
  }

  tick(ms: number): void {
    this.clock += ms
  }

  up(): SimNode[] {
    return this.nodes.filter((n) => n.up)
  }

  /** Where a node stands: the heads it knows and its view's length (cheap, read every round). */
  private position(node: SimNode): string {
    const base = node.require().requireBase()
    const heads = base.autobase.heads().map((h: any) => `${h.key.toString('hex').slice(0, 16)}:${h.length}`)
    return `${heads.join(',')}|${base.view.core.length}`
  }

  /** A node's digest over its view (read once its group stands still). */
  private async digestOf(node: SimNode): Promise<string> {
    const { digest, length } = await queries.digest(node.require().store())
    return `${length}|${digest}`
  }

  /**
   * Lets every link carry what it may until each connected group of live nodes agrees on its
   * heads and digest, and nothing changed over two rounds. Throws StuckError past the bound
   * (in lived milliseconds, lived.ts: a starved process is slow, not stuck).
   */
  async settle(limitMs = Number(process.env.SIM_SETTLE_MS ?? 30_000)): Promise<void> {
    try {
      await this.settleOnce(limitMs)
    } catch (error) {
      if (!(error instanceof StuckError)) throw error
      // A stall: reconnect every link (as a swarm redials) and give it one more bound. Only a
      // stall that survives fresh connections is a liveness violation; healed ones are counted.
      for (const [a, b] of this.links.pairs()) {
        this.links.cut(a, b)
        this.links.connect(a, b)
      }
      this.stalls++
      await this.settleOnce(limitMs)
    }
  }

  private async settleOnce(limitMs: number): Promise<void> {
    const deadline = lived() + limitMs
    let previous = ''
    for (let round = 0; ; round++) {
      const up = this.up()
      // A node that found a forked core drops its copy and reopens (frozen-writers.ts): wait
      // for it, then its links to the old base are reconnected below.
      await Promise.all(up.map((n) => n.require().frozenDropped()))
      this.repaired += this.links.repair()
      // A link made just now can show a node the fork and start a drop: that round is over.
      const refetching = (error: unknown) => (error as { code?: unknown } | null)?.code === 'REFETCHING_LOG'
      const ok = await Promise.all(up.map(async (n) => n.require().requireBase().update())).then(() => true, (error: unknown) => {
        if (refetching(error)) return false
        throw error
      })
      if (!ok || up.some((n) => n.require().refetching)) {
        if (lived() > deadline) throw new StuckError(`the nodes did not settle within ${limitMs} ms (lived): a node is still dropping a forked core's copy`)
        await new Promise((resolve) => setTimeout(resolve, 10))
        continue
      }
      // Heads and view lengths every round; the digests, which read the view, only once
      // everything stands still, and they must agree as well.
      const prints = new Map<number, string>()
      for (const node of up) prints.set(node.index, this.position(node))
      const groups = this.links.components()
      const same = () => groups.every((group) => group.every((i) => prints.get(i) === prints.get(group[0]!)))
      let now = [...prints].map(([i, p]) => `${i}=${p}`).join(' ')
      if (same() && now === previous) {
        for (const node of up) prints.set(node.index, `${prints.get(node.index)}|${await this.digestOf(node)}`)
        if (same()) return
        now = [...prints].map(([i, p]) => `${i}=${p}`).join(' ')
      }
      previous = now
      if (lived() > deadline) {
        throw new StuckError(`the nodes did not settle within ${limitMs} ms (lived): ${groups.map((g) => g.join('+')).join(' | ')}; ${now}`)
      }
      await new Promise((resolve) => setTimeout(resolve, round < 4 ? 1 : 10))
    }
  }

  async close(): Promise<void> {
    this.links.closeAll()
    for (const node of this.nodes) await node.close().catch(() => {})
    await rm(this.dir, { recursive: true, force: true })
  }
}
