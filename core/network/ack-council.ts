// What the ack pacer (ack-pacer.ts) reads of Autobase 7 (7.28.1, read from its source): the
// linearizer's indexers and heads are not part of Autobase's API, so they are read here, in
// one place, and checked for at open. If they are missing (another Autobase), `councilOf`
// returns null and the node falls back to the confirm watch (base.ts).
import type Autobase from 'autobase'
import type { AckPacer, Council } from './ack-pacer.ts'

interface WriterInternals {
  core: { key: Buffer }
  /** Nodes of this writer added to the causal graph. */
  length: number
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
