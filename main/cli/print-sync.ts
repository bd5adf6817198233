// `stachanov neighbours`: the sync status as a clerk reads it.
import type { SyncStatus } from '../../core/node/sync-status.ts'

export function printNeighbours(sync: SyncStatus): string {
  const lines = sync.neighbours.map((n) => {
    const who = `${n.collective?.name ?? '(collective not known yet)'} ${n.writer.slice(0, 8)}`
    const seen = n.connected ? 'connected' : n.lastSeen ? `last seen ${new Date(n.lastSeen).toISOString()}` : 'never seen'
    const apart = [n.ahead ? `${n.ahead} of ours not received` : '', n.behind ? `we lack ${n.behind} of theirs` : ''].filter(Boolean).join(', ')
    const state = !n.known ? 'not known yet' : n.inSync ? 'in sync' : apart
    return `${who}: ${seen}, ${state}`
  })
  if (lines.length === 0) lines.push('no other device belongs to the network yet')
  lines.push(sync.unsent ? `${sync.unsent} of our entries ${sync.unsent === 1 ? 'has' : 'have'} reached no neighbour yet: ${sync.unsentIds.map((id) => id.slice(0, 8)).join(' ')}` : 'every entry of ours has reached a neighbour')
  return lines.join('\n')
}
