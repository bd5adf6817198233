// When a disk fills (the `diskFull` fault; disk.ts makes the writes fail). The step's fourth
// random number picks the moment:
//   0: between two steps: the node's next write of its own is the first to fail;
//   1: while a node that was down opens its storage: it must start and answer DISK_FULL;
//   2: while a node that is behind (it was down, or is cut off from some live node) takes in
//      what its peers hold: a write of replication or of an apply fails, not one the node
//      chose (if nothing arrives in time, its own next write does).
// Each time the node must answer DISK_FULL while full, and once space is freed (`diskFree`,
// or the final heal) reopen by itself with every acknowledged transaction (sim-node.ts).
import { Prng } from './prng.ts'
import type { Step } from './schedule.ts'
import type { Sim } from './sim.ts'

export async function fillDisk(sim: Sim, step: Step): Promise<string | false> {
  const [r0, , , r3] = step.r
  const up = sim.up()
  const moment = r3 % 3
  if (moment === 1) {
    const down = sim.nodes.filter((n) => n.down && n.savedAtKill)
    const node = down[r0 % Math.max(1, down.length)]
    if (node) {
      await node.openOnFullDisk(node.savedAtKill!)
      node.restarts++
      return 'diskFull at open'
    }
  }
  if (moment === 2) {
    // A node that is behind, so that it has entries to take in: one that was down (started
    // again here), else a live one cut off from some other live node.
    const down = sim.nodes.filter((n) => n.down)
    let victim = down[r0 % Math.max(1, down.length)]
    if (victim) {
      await victim.open()
      victim.restarts++
    } else {
      const groups = sim.links.components()
      const apart = up.filter((n) => groups.find((g) => g.includes(n.index))!.length < up.length)
      victim = apart[r0 % Math.max(1, apart.length)]
    }
    if (victim && sim.up().length >= 2) {
      // Its replication stops with its storage: its links are cut once the disk has been hit.
      for (const other of new Prng(r0).shuffle(sim.up())) if (other !== victim) sim.links.connect(victim.index, other.index)
      const hit = await victim.fillDiskWhileApplying()
      sim.links.isolate(victim.index)
      return hit ? 'diskFull while applying' : 'diskFull while linked (its own write hit it)'
    }
  }
  // Between steps. Not the last live node: someone must go on. A writer, whose writes reach its storage.
  if (up.length < 2) return false
  const writers = up.filter((n) => n.require().requireBase().writable)
  const victim = writers[r0 % Math.max(1, writers.length)]
  if (!victim) return false
  sim.links.isolate(victim.index)
  await victim.fillDisk()
  return 'diskFull'
}
