// What a node's view looks like when a read of it does not end: which of its blocks are
// local, how many peers could send the rest, and whether Autobase is fast-forwarding. Printed
// with a put-off check and with a liveness violation, so that a hang under load (seed 3213
// in soak 5) says where it waited.
import type { Sim } from './sim.ts'
import type { SimNode } from './sim-node.ts'

export function viewState(node: SimNode): string {
  if (!node.node) return `${node.name} down`
  if (node.full) return `${node.name} disk full`
  try {
    const base = node.node.requireBase()
    const core = base.view.core
    const autobase = base.autobase as any
    const missing: number[] = []
    // The first signed blocks that are not local (the bitfield, without waiting for anything).
    // The unsigned tip is this node's own apply, kept apart from the bitfield: not scanned.
    const bitfield = (core as any).core?.bitfield
    if (bitfield) for (let i = 0; i < core.signedLength && missing.length < 5; i++) if (!bitfield.get(i)) missing.push(i)
    return `${node.name} view ${core.length} (contiguous ${core.contiguousLength}, signed ${core.signedLength}, signed blocks not local: ${missing.join(',') || 'none'}${missing.length === 5 ? '…' : ''}), view peers ${core.peers.length}, system ${autobase.core.length}/${autobase.core.signedLength}, fast-forwarding ${autobase.isFastForwarding()}${autobase.fastForwardFailedAt ? ` (one failed ${Math.round((Date.now() - autobase.fastForwardFailedAt) / 1000)} s ago)` : ''}`
  } catch (error) {
    return `${node.name}: ${(error as Error).message}`
  }
}

export function networkState(sim: Sim): string {
  const groups = sim.links.components().map((g) => g.join('+')).join(' | ')
  return `links ${groups}; ${sim.nodes.map(viewState).join('; ')}`
}
