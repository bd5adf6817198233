// Economic subsystems (§2.1) as the connected components of the trust graph, kept
// incrementally: a new edge merges two components by relabelling the smaller one; a
// cancelled edge searches the component once to see whether it split. Queries never
// recompute components.
import type { Context } from './context.ts'
import { keys } from './keys.ts'
import { rebuildPrices } from './lots.ts'
import type { CollectiveRecord, SplitRecord } from './records.ts'

type Collective = CollectiveRecord

export async function createSubsystem(ctx: Context, collective: Collective): Promise<void> {
  collective.subsystem = collective.id
  ctx.state.put(keys.subsystem(collective.id), { id: collective.id, size: 1 })
  ctx.state.put(keys.member(collective.id, collective.id), true)
}

export async function membersOf(ctx: Context, subsystem: string): Promise<string[]> {
  return (await ctx.state.prefixed(keys.membersOf(subsystem))).map(([key]) => key.slice(key.lastIndexOf('/') + 1))
}

/** Adds the strong-trust edge {a,b}; merges their subsystems if they differ. */
export async function connect(ctx: Context, a: Collective, b: Collective): Promise<void> {
  ctx.state.put(keys.edge(a.id, b.id), ctx.id)
  ctx.state.put(keys.edge(b.id, a.id), ctx.id)
  if (a.subsystem === b.subsystem) return
  const sa = (await ctx.state.get(keys.subsystem(a.subsystem)))!
  const sb = (await ctx.state.get(keys.subsystem(b.subsystem)))!
  // The larger keeps its id and its decisions (commons list, parameters); ties go to the smaller id.
  const [keep, absorb] = sa.size > sb.size || (sa.size === sb.size && sa.id < sb.id) ? [sa, sb] : [sb, sa]
  const moved = await membersOf(ctx, absorb.id)
  await relabel(ctx, moved, absorb.id, keep.id)
  ctx.state.put(keys.subsystem(keep.id), { id: keep.id, size: keep.size + absorb.size })
  ctx.state.del(keys.subsystem(absorb.id))
  for (const [key] of await ctx.state.prefixed(keys.commonsOf(absorb.id))) ctx.state.del(key)
  ctx.state.del(keys.params(absorb.id))
  const debt = BigInt((await ctx.state.get(keys.debt(keep.id))) ?? '0') + BigInt((await ctx.state.get(keys.debt(absorb.id))) ?? '0')
  if (debt > 0n) ctx.state.put(keys.debt(keep.id), String(debt))
  ctx.state.del(keys.debt(absorb.id))
  await rebuildPrices(ctx, absorb.id)
  await rebuildPrices(ctx, keep.id)
  // the two collective records in the caller's hands must see their new subsystem
  if (moved.includes(a.id)) a.subsystem = keep.id
  if (moved.includes(b.id)) b.subsystem = keep.id
}

/**
 * Removes the edge {a,b}. If that split the subsystem, the part without the larger half
 * becomes a new subsystem named by the cancelling transaction; it keeps a copy of the
 * commons list and parameters. Returns the split record, or null when still connected.
 */
export async function disconnect(ctx: Context, a: Collective, b: Collective): Promise<SplitRecord | null> {
  ctx.state.del(keys.edge(a.id, b.id))
  ctx.state.del(keys.edge(b.id, a.id))
  const reached = await component(ctx, a.id)
  if (reached.has(b.id)) return null

  const old = a.subsystem
  const all = await membersOf(ctx, old)
  const partA = all.filter((id) => reached.has(id))
  const partB = all.filter((id) => !reached.has(id))
  const aKeeps = partA.length > partB.length || (partA.length === partB.length && partA[0]! < partB[0]!)
  const [kept, leaving] = aKeeps ? [partA, partB] : [partB, partA]
  const fresh = ctx.id
  await relabel(ctx, leaving, old, fresh)
  ctx.state.put(keys.subsystem(old), { id: old, size: kept.length })
  ctx.state.put(keys.subsystem(fresh), { id: fresh, size: leaving.length })
  for (const [key, value] of await ctx.state.prefixed(keys.commonsOf(old))) {
    ctx.state.put(keys.commons(fresh, key.slice(key.lastIndexOf('/') + 1)), value)
  }
  const params = await ctx.state.get(keys.params(old))
  if (params !== undefined) ctx.state.put(keys.params(fresh), params)
  await rebuildPrices(ctx, old)
  await rebuildPrices(ctx, fresh)
  if (leaving.includes(a.id)) a.subsystem = fresh
  if (leaving.includes(b.id)) b.subsystem = fresh
  const split: SplitRecord = {
    id: ctx.id,
    seq: ctx.seq,
    parts: [
      { subsystem: old, members: kept },
      { subsystem: fresh, members: leaving }
    ]
  }
  ctx.state.put(keys.split(ctx.id), split)
  return split
}

export type { SplitRecord } from './records.ts'

/** Every collective reachable from `start` over strong-trust edges. */
async function component(ctx: Context, start: string): Promise<Set<string>> {
  const seen = new Set([start])
  const queue = [start]
  while (queue.length > 0) {
    const next = queue.shift()!
    for (const [key] of await ctx.state.prefixed(keys.edgesOf(next))) {
      const peer = key.slice(key.lastIndexOf('/') + 1)
      if (!seen.has(peer)) {
        seen.add(peer)
        queue.push(peer)
      }
    }
  }
  return seen
}

async function relabel(ctx: Context, ids: string[], from: string, to: string): Promise<void> {
  for (const id of ids) {
    const record = (await ctx.state.get(keys.collective(id)))!
    ctx.state.put(keys.collective(id), { ...record, subsystem: to })
    ctx.state.del(keys.member(from, id))
    ctx.state.put(keys.member(to, id), true)
  }
}
