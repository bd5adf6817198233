// What the ack pacer (ack-pacer.ts) reads of Autobase 7 (7.28.1, read from its source): the
// linearizer's indexers and heads are not part of Autobase's API, so they are read here, in
// one place, and checked for at open. If they are missing (another Autobase), `councilOf`
// returns null and the node falls back to the confirm watch (base.ts).
import type Autobase from 'autobase'
import type { AckPacer, Council } from './ack-pacer.ts'

interface NodeInternals {
  writer: WriterInternals
  length: number
  value: unknown
  clock: { includes(key: Buffer, length: number): boolean }
}

interface WriterInternals {
  core: { key: Buffer }
  /** Nodes of this writer added to the causal graph. */
  length: number
  /** Nodes before this one are indexed (removed from the graph). */
  indexed: number
  head(): NodeInternals | null
  get(seq: number): NodeInternals | null
}

interface Internals {
  ackable: boolean
  closing: boolean
  indexedLength: number
  local: { key: Buffer }
  localWriter: WriterInternals | null
  linearizer: {
    indexers: WriterInternals[]
    heads: Set<{ writer: WriterInternals }>
  } | null
  view: { core: { length: number; signedLength: number } }
  append(value: null): Promise<unknown>
  ack(): Promise<unknown>
}

export function councilOf(autobase: Autobase<unknown>): Council | null {
  const a = autobase as unknown as Internals
  if (!('linearizer' in a) || !('localWriter' in a) || typeof a.ack !== 'function') return null
  const indexers = () => a.linearizer?.indexers ?? []
  return {
    get ackable() {
      return a.ackable
    },
    get closing() {
      return a.closing
    },
    self: a.local.key.toString('hex'),
    pending: () => a.view.core.signedLength < a.view.core.length,
    length: () => a.view.core.length,
    signedLength: () => a.view.core.signedLength,
    nodes: () => indexers().reduce((sum, w) => sum + w.length, 0),
    soleHead: () => {
      const heads = a.linearizer?.heads
      if (!heads || heads.size !== 1) return false
      const [head] = heads
      return head!.writer === a.localWriter
    },
    indexers: () => indexers().map((w) => w.core.key.toString('hex')).sort(),
    indexedLength: () => a.indexedLength,
    target: () => {
      // The first not yet indexed value node of each indexer; of those, one no other one
      // precedes (the first by writer key among such), so every node names the same one.
      const firsts: NodeInternals[] = []
      for (const w of indexers())
        for (let seq = w.indexed; seq < w.length; seq++) {
          const node = w.get(seq)
          if (node && node.value !== null) {
            firsts.push(node)
            break
          }
        }
      let best: NodeInternals | null = null
      for (const n of firsts) {
        const preceded = firsts.some(
          (m) => m !== n && n.clock.includes(m.writer.core.key, m.length)
        )
        if (!preceded && (!best || Buffer.compare(n.writer.core.key, best.writer.core.key) < 0))
          best = n
      }
      if (!best) return null
      const key = best.writer.core.key
      const length = best.length
      const seenBy = indexers().filter(
        (w) => w === best.writer || !!w.head()?.clock.includes(key, length)
      ).length
      return { writer: key.toString('hex'), length, seenBy }
    },
    write: () => a.append(null),
    ack: () => a.ack()
  }
}

/**
 * While the pacer decides, Autobase's timer acks (its `ack(true)`) are held back: written at
 * random moments they would cross the pacer's lead. Its other acks (a pending indexer's) pass.
 */
export function holdTimerAcks(autobase: Autobase<unknown>, pacer: AckPacer): void {
  const base = autobase as unknown as { ack(background?: boolean): Promise<void> }
  const ack = base.ack.bind(autobase)
  base.ack = (background?: boolean) => (background && pacer.engaged ? Promise.resolve() : ack(background))
}
