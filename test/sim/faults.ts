// Faults: partitions and heals in random shapes, held-back (delayed, reordered) delivery,
// kills and restarts from the same storage, full disks (disk.ts), and a member that misbehaves: it appends
// garbage, replays old signed transactions, and co-signs twice. Each fault takes its choices
// from the step's random numbers, so the seed decides them.
import { keys } from '../../core/ledger/keys.ts'
import * as queries from '../../core/ledger/queries.ts'
import { encodeTransaction } from '../../core/protocol/encoding.ts'
import { createTransaction, signatureFor, signTransaction } from '../../core/protocol/sign.ts'
import { fillDisk } from './disk-moments.ts'
import { forkWriter } from './fork.ts'
import { Prng } from './prng.ts'
import type { FaultKind, Step } from './schedule.ts'
import type { Sim } from './sim.ts'
import type { SimNode } from './sim-node.ts'

const pick = <T>(items: readonly T[], r: number): T | undefined =>
  items.length === 0 ? undefined : items[r % items.length]

/**
 * Whether the fault happened (false: nothing to do, e.g. no link to delay); a string names
 * what happened when a kind has several moments or outcomes (it is counted under that name).
 */
export async function runFault(sim: Sim, kind: FaultKind, step: Step): Promise<boolean | string> {
  const { links } = sim
  const [r0, r1, r2] = step.r
  const up = sim.up()
  switch (kind) {
    case 'partition': {
      // Two or three groups, drawn at random; every link across groups is cut.
      const rng = new Prng(r0)
      const groups = 2 + (r1 % 2)
      const side = new Map(up.map((n) => [n.index, rng.int(groups)]))
      let cut = false
      for (const [a, b] of links.pairs()) {
        if (side.get(a) !== side.get(b)) {
          links.cut(a, b)
          cut = true
        }
      }
      return cut
    }
    case 'heal': {
      // A full mesh, a chain or a star, over the live nodes in a random order.
      const order = new Prng(r0).shuffle(up.map((n) => n.index))
      const shape = r1 % 3
      const before = links.pairs().length
      for (let i = 0; i < order.length; i++) {
        for (let j = i + 1; j < order.length; j++) {
          if (shape === 0 || (shape === 1 && j === i + 1) || (shape === 2 && i === 0))
            links.connect(order[i]!, order[j]!)
        }
      }
      return links.pairs().length > before
    }
    case 'delay': {
      const link = pick(links.pairs(), r0)
      return link ? links.delay(link[0], link[1]) : false
    }
    case 'release': {
      const held = links.delayed()
      if (held.length === 0) return false
      if (r0 % 2 === 0) links.releaseAll()
      else links.release(...pick(held, r1)!)
      return true
    }
    case 'kill': {
      if (up.length < 2) return false
      const victim = pick(up, r0)!
      links.isolate(victim.index)
      victim.savedAtKill = await victim.saved()
      await victim.close()
      return true
    }
    case 'restart': {
      const node = pick(
        sim.nodes.filter((n) => n.down),
        r0
      )
      if (!node) return false
      await node.open()
      node.restarts++
      reconnect(sim, node, r1)
      return true
    }
    case 'diskFull':
      return fillDisk(sim, step)
    case 'diskFree': {
      const node = pick(
        sim.nodes.filter((n) => n.full),
        r0
      )
      if (!node) return false
      await node.freeDisk()
      reconnect(sim, node, r1)
      return true
    }
    case 'fork':
      return forkWriter(sim, step)
    case 'garbage':
      return misbehave(sim, async (byz) => garbage(sim, byz, r0, r1, r2))
    case 'replay':
      return misbehave(sim, async () => {
        const old = pick(sim.signedList, r0)
        return old ? [encodeTransaction(old)] : []
      })
    case 'cosignTwice':
      return misbehave(sim, async (byz) => {
        const store = byz.require().store()
        const pending = pick(await queries.pendingFor(store, byz.id), r0)
        if (!pending) return []
        // Two co-signatures for the same transaction, as two entries (different declared times).
        const sig = signatureFor(pending.tx, byz.identity.keyPair)
        return [0, 1].map((k) => {
          const tx = signTransaction(
            createTransaction({
              type: 'cosign',
              body: { tx: pending.id, signer: byz.id, sig },
              time: sim.clock + k,
              signers: [byz.id]
            }),
            byz.identity.keyPair
          )
          sim.record(tx)
          return encodeTransaction(tx)
        })
      })
  }
}

/** A node back up reconnects to some of the live nodes (at least one, when there are any). */
function reconnect(sim: Sim, node: SimNode, r: number): void {
  const live = sim.up().filter((n) => n !== node)
  const rng = new Prng(r)
  for (const [i, other] of rng.shuffle(live).entries())
    if (i === 0 || rng.chance(50)) sim.links.connect(node.index, other.index)
}

/** The misbehaving member is the last collective; it appends raw entries, past every check of its own node. */
async function misbehave(
  sim: Sim,
  entries: (byz: SimNode) => Promise<Uint8Array[]>
): Promise<boolean> {
  const byz = sim.nodes[sim.nodes.length - 1]!
  if (!byz.up || !byz.require().requireBase().writable || byz.require().keysUsedElsewhere) return false
  const list = await entries(byz)
  if (list.length === 0) return false
  for (const bytes of list) await byz.require().requireBase().append(bytes)
  return true
}

/** Bytes that are not a valid transaction of this member: noise, JSON, a damaged envelope, a forgery. */
async function garbage(
  sim: Sim,
  byz: SimNode,
  r0: number,
  r1: number,
  r2: number
): Promise<Uint8Array[]> {
  const rng = new Prng(r1)
  switch (r0 % 5) {
    case 0:
      return [rng.bytes(1 + rng.int(200))]
    case 1:
      return [
        Buffer.from(
          JSON.stringify({
            v: 1,
            type: 'resource.transfer',
            body: { lot: 'x' },
            hello: rng.int(1000)
          })
        )
      ]
    case 2: {
      // An old transaction with one byte changed.
      const old = pick(sim.signedList, r2)
      if (!old) return [rng.bytes(8)]
      const bytes = Buffer.from(encodeTransaction(old))
      const at = rng.int(bytes.length)
      bytes[at] = bytes[at]! ^ (1 << rng.int(8))
      return [bytes]
    }
    case 3: {
      // Signed by the misbehaving member, in another collective's name.
      const victim = pick(
        sim.nodes.filter((n) => n !== byz),
        r2
      )!
      const lots = await queries.lots(byz.require().store(), victim.id)
      const lot = pick(lots, r2)
      const tx = createTransaction({
        type: 'resource.writeoff',
        body: { lot: lot?.id ?? `${'0'.repeat(64)}:0`, quantity: '1', reason: 'theft' },
        time: sim.clock,
        signers: [victim.id]
      })
      tx.sigs[victim.id] = signatureFor(tx, byz.identity.keyPair)
      return [encodeTransaction(tx)]
    }
    default: {
      // A transfer to itself of a lot it does not own, signed by itself.
      const lot = pick(await queries.lots(byz.require().store()), r2)
      if (!lot || lot.owner === byz.id) return [rng.bytes(3)]
      const record = await queries.read(byz.require().store(), keys.lot(lot.id))
      const tx = signTransaction(
        createTransaction({
          type: 'resource.transfer',
          body: { lot: lot.id, quantity: record?.quantity ?? '1', to: byz.id },
          time: sim.clock,
          signers: [byz.id]
        }),
        byz.identity.keyPair
      )
      return [encodeTransaction(tx)]
    }
  }
}
