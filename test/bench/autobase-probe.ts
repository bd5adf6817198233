// What Autobase's consensus is doing on one node, for the council bench's traces
// (BENCH_COUNCIL_PROBE=1): the linearizer's heads and tails, each indexer's writer as the
// linearizer has it (nodes added / loaded / in the core / indexed), whether Autobase would ack
// now, and how many acks the nodes wrote. Reads Autobase 7's internals (not its API): a probe
// for finding where confirmation waits, not something the node relies on.
import type { CollectiveNode } from '../../core/node/collective-node.ts'

export interface AckCounts {
  /** Times Autobase's ack() ran (its timer, or asap). */
  ackCalls: number
  /** Empty nodes (acks) appended, by Autobase or the confirm watch. */
  acks: number
}

/** Counts a node's ack() calls and empty appends (wraps the instance's methods). */
export function countAcks(node: CollectiveNode): AckCounts {
  const base = node.requireBase().autobase as any
  const counts: AckCounts = { ackCalls: 0, acks: 0 }
  const ack = base.ack.bind(base)
  base.ack = (bg?: boolean) => {
    counts.ackCalls++
    return ack(bg)
  }
  const append = base.append.bind(base)
  base.append = (value: unknown, opts?: unknown) => {
    if (value === null) counts.acks++
    return append(value, opts)
  }
  return counts
}

/** One line: heads (null/total), tails, per indexer length/available/core/indexed, shouldAck. */
export function probe(node: CollectiveNode): string {
  const base = node.requireBase().autobase as any
  const lin = base.linearizer
  if (!lin) return 'no linearizer'
  const heads = [...lin.heads] as any[]
  const nullHeads = heads.filter((h) => h.value === null).length
  const short = (w: any) => w.core.key.toString('hex').slice(0, 2)
  const writers = (lin.indexers as any[])
    .map((w) => {
      const behind = w.core.length > w.length ? '*' : ''
      const unloaded = w.length !== w.available ? '!' : ''
      return `${short(w)}:${w.length}/${w.available}/${w.core.length}/${w.indexed}${behind}${unloaded}`
    })
    .join(' ')
  let should = '?'
  try {
    should = String(lin.shouldAck(base.localWriter, false))
  } catch (error) {
    should = `err ${(error as Error).message}`
  }
  const local = base.localWriter
  const appendState = `advancing ${base._advancing !== null} draining ${base._draining} appending ${base._appending?.length ?? '-'} appended ${base._appended} local ${local ? `${local.length}/${local.available}/${local.core.length}${local.idle() ? ' idle' : ' busy'}` : 'none'}`
  return `${appendState} heads ${nullHeads}/${heads.length} tails ${lin.tails.size} merges ${lin.consensus.merges.size} shouldAck ${should} [${writers}]`
}
