// Replication between the simulated nodes, in process: each link is a pair of Autobase
// replication streams piped into each other. The simulator opens and cuts links (partitions,
// heals, kills) and holds a link back (delay): a held link carries nothing until it is
// released, so what it would have carried arrives later, or first by another path
// (reordered delivery). Nothing travels except through these links.
//
// A held link is cut rather than paused mid-stream: Hypercore asks one peer for a block and
// waits for that peer, so a paused stream would stall a node that could get the block
// elsewhere, and which peer was asked is chance; that would make a seed's run vary.
import type { Duplex } from 'node:stream'
import type { SimNode } from './sim-node.ts'

interface Link {
  a: number
  b: number
  streams: Duplex[]
  /** The two nodes' bases the streams replicate: a node that reopened its base has a new one. */
  bases: unknown[]
}

const linkKey = (a: number, b: number) => (a < b ? `${a}-${b}` : `${b}-${a}`)
const pairOf = (key: string) => key.split('-').map(Number) as [number, number]

export class Links {
  private readonly links = new Map<string, Link>()
  private readonly held = new Set<string>()

  constructor(private readonly nodes: SimNode[]) {}

  has(a: number, b: number): boolean {
    return this.links.has(linkKey(a, b))
  }

  private refetching(i: number): boolean {
    return this.nodes[i]!.node?.refetching === true
  }

  /** Pairs that are linked now, each once (a < b). */
  pairs(): Array<[number, number]> {
    return [...this.links.values()].map((l) => [l.a, l.b] as [number, number])
  }

  connect(a: number, b: number): void {
    this.held.delete(linkKey(a, b))
    if (a === b || this.has(a, b)) return
    const [x, y] = a < b ? [a, b] : [b, a]
    if (this.refetching(x) || this.refetching(y)) {
      // Its base is closed for a moment (a forked core's copy being dropped): linked, and
      // connected by the next repair once it has reopened.
      this.links.set(linkKey(x, y), { a: x, b: y, streams: [], bases: [null, null] })
      return
    }
    const bases = [this.nodes[x]!.require().requireBase(), this.nodes[y]!.require().requireBase()] as const
    // Each end authenticates as its device, as the app's swarm does: a node tells from the
    // Noise key whether the peer is an indexer (core/network/indexer-history.ts).
    const left = bases[0].replicate(true, { keyPair: bases[0].deviceKeyPair })
    const right = bases[1].replicate(false, { keyPair: bases[1].deviceKeyPair })
    for (const stream of [left, right]) stream.on('error', () => {})
    left.pipe(right).pipe(left)
    this.links.set(linkKey(x, y), { a: x, b: y, streams: [left, right], bases: [...bases] })
  }

  cut(a: number, b: number): void {
    this.held.delete(linkKey(a, b))
    this.drop(a, b)
  }

  private drop(a: number, b: number): void {
    const link = this.links.get(linkKey(a, b))
    if (!link) return
    this.links.delete(linkKey(a, b))
    for (const stream of link.streams) stream.destroy()
  }

  /**
   * Reconnects links whose streams ended on their own (a replication stream times out when a
   * starved machine keeps it silent too long), or whose node reopened its base by itself (a
   * frozen writer copy dropped, core/network/frozen-writers.ts; in the app its swarm dials
   * again): a link stays up until the simulator cuts it.
   */
  repair(): number {
    let repaired = 0
    for (const link of [...this.links.values()]) {
      if (this.refetching(link.a) || this.refetching(link.b)) continue
      const reopened = [link.a, link.b].some((i, side) => {
        const node = this.nodes[i]!.node
        return node !== null && node.base !== null && node.base !== link.bases[side]
      })
      if (reopened || link.streams.length === 0 || link.streams.some((stream) => stream.destroyed)) {
        this.drop(link.a, link.b)
        this.connect(link.a, link.b)
        repaired++
      }
    }
    return repaired
  }

  /** Cuts every link of node `i` (it goes down), held ones too. */
  isolate(i: number): void {
    for (const [a, b] of this.pairs()) if (a === i || b === i) this.cut(a, b)
    for (const key of [...this.held]) if (pairOf(key).includes(i)) this.held.delete(key)
  }

  /** Holds a link back until `release`. */
  delay(a: number, b: number): boolean {
    if (!this.has(a, b)) return false
    this.drop(a, b)
    this.held.add(linkKey(a, b))
    return true
  }

  delayed(): Array<[number, number]> {
    return [...this.held].map(pairOf)
  }

  release(a: number, b: number): void {
    if (!this.held.has(linkKey(a, b))) return
    if (this.nodes[a]!.up && this.nodes[b]!.up) this.connect(a, b)
    this.held.delete(linkKey(a, b))
  }

  releaseAll(): void {
    for (const [a, b] of this.delayed()) this.release(a, b)
  }

  /** Groups of live nodes that reach each other over the links. */
  components(): number[][] {
    const up = this.nodes.filter((n) => n.up).map((n) => n.index)
    const seen = new Set<number>()
    const out: number[][] = []
    for (const start of up) {
      if (seen.has(start)) continue
      const group = [start]
      seen.add(start)
      for (let i = 0; i < group.length; i++) {
        for (const link of this.links.values()) {
          const other = link.a === group[i] ? link.b : link.b === group[i] ? link.a : -1
          if (other >= 0 && !seen.has(other)) {
            seen.add(other)
            group.push(other)
          }
        }
      }
      out.push(group.sort((x, y) => x - y))
    }
    return out
  }

  closeAll(): void {
    for (const [a, b] of this.pairs()) this.cut(a, b)
    this.held.clear()
  }
}
