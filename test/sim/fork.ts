// A member that forks its own core: the misbehaving collective's device key signs a second
// history of its writer core (as a copy of its data directory would, restored on a second
// laptop, or a member who does it on purpose) and shows it to one peer. The twin is a bare
// Corestore with the same key pair, longer than the real core so that the peer asks it for an
// upgrade; its blocks differ from the first one on. The app refuses to open a copied data
// directory (DATA_DIR_COPY), so this is what gets past it.
//
// What Hypercore 11 does (lib/core.js): the peer finds two signed roots for one length, freezes
// that writer core, closes its sessions, and passes the proof on to its own peers, so every
// node that hears of it freezes the same core, the forker's own included. The oracle expects
// what it expects of every step: no crash, the invariants, one state per connected group, and
// one digest on every node once everything is delivered.
import Corestore from 'corestore'
import { join } from 'node:path'
import { encodeTransaction } from '../../core/protocol/encoding.ts'
import { createTransaction, signTransaction } from '../../core/protocol/sign.ts'
import { afterLived } from './lived.ts'
import type { Step } from './schedule.ts'
import type { Sim } from './sim.ts'

/** Lived milliseconds the twin stays linked to its peer, unless the peer finds the fork first. */
const SHOW_MS = 10_000

let twins = 0

export async function forkWriter(sim: Sim, step: Step): Promise<string | false> {
  const [, r1, r2] = step.r
  const byz = sim.nodes[sim.nodes.length - 1]!
  if (!byz.up || byz.forked) return false
  const local = byz.require().requireBase().autobase.local
  const peers = sim.up().filter((n) => n !== byz)
  if (local.length === 0 || peers.length === 0) return false
  const peer = peers[r1 % peers.length]!
  const store = new Corestore(join(sim.dir, `twin-${twins++}`))
  const streams: Array<{ destroy(): void }> = []
  try {
    const twin = store.get({ keyPair: byz.device })
    await twin.ready()
    // Signed transactions of the member itself, but not the entries its real core holds.
    for (let i = 0; i < local.length + 1 + (r2 % 3); i++) {
      const tx = signTransaction(
        createTransaction({
          type: 'product.define',
          body: { name: `fork ${i}`, unit: 'u', kind: 'consumable' },
          time: sim.clock + i,
          signers: [byz.id]
        }),
        byz.identity.keyPair
      )
      await twin.append(Buffer.from(encodeTransaction(tx)))
    }
    // The peer's own session of the forker's core tells when it has found the two roots.
    const watched = peer.require().requireBase().autobase.store.get({ key: local.key })
    const found = new Promise<void>((resolve) => watched.once('conflict', () => resolve()))
    const a = store.replicate(true)
    const b = peer.require().requireBase().replicate(false)
    for (const s of [a, b]) s.on('error', () => {})
    a.pipe(b).pipe(a)
    streams.push(a, b)
    const wait = afterLived(SHOW_MS)
    const seen = await Promise.race([found.then(() => true), wait.promise.then(() => false)])
    wait.cancel()
    await watched.close().catch(() => {})
    // The peer drops its frozen copy and reopens (core/network/frozen-writers.ts); the next
    // step begins once it has.
    await new Promise((resolve) => setImmediate(resolve))
    await peer.require().frozenDropped()
    byz.forked = true
    return seen ? 'fork' : 'fork (not found by its peer in time)'
  } finally {
    for (const s of streams) s.destroy()
    await store.close().catch(() => {})
  }
}
