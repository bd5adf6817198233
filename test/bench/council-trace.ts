// Where a checkpoint's time goes, seen from one council member's node (the bench's watcher):
// from "due" (the view fixed the checkpoint) to the due length confirmed on that node, the
// session open in the view, the round's start confirmed, the first and the t-th share in the
// view, and the aggregate. Beside it, Autobase's own progress every few seconds: the system's
// indexed length and the view core's length and signed (confirmed) length. Sampled every
// 100 ms, so each time is good to about that.
import type { SigningState } from '../../core/checkpoint/session.ts'
import type { DueCheckpoint } from '../../core/ledger/council-signing.ts'
import type { CollectiveNode } from '../../core/node/collective-node.ts'

export interface CheckpointTrace {
  dueConfirmed?: number
  opened?: number
  roundConfirmed?: number
  firstShare?: number
  lastShare?: number
  signed?: number
  /** Every ~2 s: seconds since due, Autobase indexed length, view length, view signed length. */
  progress: Array<[number, number, number, number]>
}

export function traceCheckpoint(
  node: CollectiveNode,
  threshold: number,
  dueAt: number,
  due: DueCheckpoint | undefined
): { stop(): CheckpointTrace } {
  const trace: CheckpointTrace = { progress: [] }
  const since = () => (Date.now() - dueAt) / 1000
  const mark = (k: Exclude<keyof CheckpointTrace, 'progress'>) => {
    if (trace[k] === undefined) trace[k] = since()
  }
  let lastProgress = -Infinity
  let busy = false
  const look = async () => {
    if (busy) return
    busy = true
    try {
      const base = node.requireBase()
      if (since() - lastProgress >= 2) {
        lastProgress = since()
        const core = base.view.core
        trace.progress.push([+since().toFixed(1), base.autobase.indexedLength, core.length, core.signedLength])
      }
      const store = node.store()
      if ((await store.get('council/purpose')) !== undefined) mark('opened')
      if ((await store.get('council/latest')) !== undefined) mark('signed')
      const view = (await store.get('council/sessions')) as SigningState | undefined
      const shares = view?.session?.round?.shares.length ?? 0
      if (trace.opened !== undefined && (shares >= 1 || view?.session?.signature)) mark('firstShare')
      if (shares >= threshold || view?.session?.signature) mark('lastShare')
      const signed = base.signedReader()
      try {
        const seq = ((await signed.store.get('meta/seq')) as number | undefined) ?? 0
        if (due && seq >= due.length) mark('dueConfirmed')
        const there = (await signed.store.get('council/sessions')) as SigningState | undefined
        if (trace.opened !== undefined && there?.session?.round) mark('roundConfirmed')
      } finally {
        await signed.close()
      }
    } catch {
      // A node closing under the trace: the figures so far stand.
    } finally {
      busy = false
    }
  }
  const timer = setInterval(() => void look(), 100)
  void look()
  return {
    stop() {
      clearInterval(timer)
      return trace
    }
  }
}

/** One line: each step's seconds since due, then Autobase's progress. */
export function formatTrace(t: CheckpointTrace): string {
  const s = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(1))
  const steps = `due confirmed ${s(t.dueConfirmed)}, open ${s(t.opened)}, round confirmed ${s(t.roundConfirmed)}, first share ${s(t.firstShare)}, t-th share ${s(t.lastShare)}, aggregate ${s(t.signed)}`
  const progress = t.progress.map(([at, indexed, length, signed]) => `${at}s ${indexed}/${length}/${signed}`).join(' ')
  return `${steps}\n  (s since due: Autobase indexed / view length / view signed) ${progress}`
}

/**
 * The DKG seen from one node: when each stage (and attempt) first shows in its view, how many
 * members had sent their round-1 package, round-2 boxes and confirmation, and Autobase's
 * progress every ~5 s (as above). Stops by itself when the key is in the view.
 */
export function traceDkg(node: CollectiveNode): { stop(): string } {
  const started = Date.now()
  const since = () => ((Date.now() - started) / 1000).toFixed(1)
  const events: string[] = []
  let last = ''
  let lastProgress = -Infinity
  let busy = false
  const look = async () => {
    if (busy) return
    busy = true
    try {
      const base = node.requireBase()
      const core = base.view.core
      if (Date.now() - lastProgress >= 5000) {
        lastProgress = Date.now()
        events.push(`${since()}s ${base.autobase.indexedLength}/${core.length}/${core.signedLength}`)
      }
      const dkg = (await node.store().get('council/dkg')) as
        | { stage: string; attempt: number; round1: unknown[]; round2: unknown[]; confirmed: unknown[] }
        | undefined
      if (dkg) {
        const count = (xs: unknown[]) => xs.filter(Boolean).length
        const now = `${dkg.attempt}:${dkg.stage} r1 ${count(dkg.round1)} r2 ${count(dkg.round2)} ok ${count(dkg.confirmed)}`
        if (now !== last) events.push(`${since()}s [${now}]`)
        last = now
      }
    } catch {
      // closing
    } finally {
      busy = false
    }
  }
  const timer = setInterval(() => void look(), 200)
  return {
    stop() {
      clearInterval(timer)
      return events.join(' ')
    }
  }
}
