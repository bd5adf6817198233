// Sync you can see: per neighbouring device, whose it is, whether it is connected or when it
// was last seen, and how far apart our copies are, either way; and which of our own entries
// no other device has received yet.
//
// The live numbers come from Hypercore's replication state (core/network/replication.ts).
// What a device told us survives its disconnection here, in memory, with the time we last
// heard from it: a device that went offline is reported as behind by everything written
// since. This is the node's own bookkeeping on this machine's clock; `apply` never sees it.
import type { CollectiveRecord } from '../ledger/records.ts'
import type { NetworkBase } from '../network/base.ts'
import { writerKeyOf } from '../network/keys.ts'
import { entriesBetween, replicationState, type CoreLengths } from '../network/replication.ts'
import { decodeEntry } from '../protocol/decode.ts'

export interface NeighbourSync {
  /** The device's writer key (hex): how the ledger names a device. */
  writer: string
  /** The collective the device belongs to, if the view knows it yet. */
  collective: { id: string; name: string } | null
  connected: boolean
  /** When we last heard from it (ms, this machine's clock): now while connected; null: never. */
  lastSeen: number | null
  /** False until the device has told us what it holds: then the counts below mean nothing. */
  known: boolean
  /** Entries it holds that we do not have yet (blocks of the writers' logs). */
  behind: number
  /** Entries we hold that it had not received when we last heard from it. */
  ahead: number
  inSync: boolean
}

export interface SyncStatus {
  /** This device's writer key. */
  writer: string
  neighbours: NeighbourSync[]
  /** Our own entries that no other device is known to have received. */
  unsent: number
  /** Their transaction ids (the first ones, when there are very many). */
  unsentIds: string[]
}

export class SyncTracker {
  /** By device writer key: when we last heard from it. */
  private readonly seen = new Map<string, number>()
  /** By device writer key: the lengths of each writer core it last told us it holds. */
  private readonly heard = new Map<string, Map<string, number>>()
  private readonly online = new Set<string>()

  /** A device (its Noise key, hex) connected. */
  connected(device: string, now: number): void {
    const writer = writerKeyOf(Buffer.from(device, 'hex')).toString('hex')
    this.online.add(writer)
    this.seen.set(writer, now)
  }

  /** A device disconnected: it was last seen now, and keeps what it last told us. */
  disconnected(device: string, now: number): void {
    const writer = writerKeyOf(Buffer.from(device, 'hex')).toString('hex')
    this.online.delete(writer)
    this.seen.set(writer, now)
  }

  /** Takes in what the connected devices tell us now; returns our own lengths. */
  async observe(base: NetworkBase, now: number): Promise<Map<string, CoreLengths>> {
    const state = await replicationState(base)
    for (const [core, { peers }] of state) {
      for (const [device, length] of peers) {
        const writer = writerKeyOf(Buffer.from(device, 'hex')).toString('hex')
        let lengths = this.heard.get(writer)
        if (!lengths) this.heard.set(writer, (lengths = new Map()))
        // A hypercore only grows here; a lower number is a session that has not caught up.
        lengths.set(core, Math.max(lengths.get(core) ?? 0, length))
        if (this.online.has(writer)) this.seen.set(writer, now)
      }
    }
    return state
  }

  async status(base: NetworkBase, collectives: CollectiveRecord[], now: number): Promise<SyncStatus> {
    const state = await this.observe(base, now)
    const me = base.writerKey
    const owner = new Map<string, { id: string; name: string }>()
    for (const c of collectives) for (const device of c.devices) owner.set(device, { id: c.id, name: c.name })

    // Every other writer of the network, and whoever else we have heard from.
    const devices = new Set([...state.keys(), ...this.heard.keys(), ...this.online])
    devices.delete(me)
    const neighbours: NeighbourSync[] = []
    for (const writer of [...devices].sort()) {
      const heard = this.heard.get(writer)
      let behind = 0
      let ahead = 0
      if (heard) {
        for (const [core, { ours }] of state) {
          const theirs = heard.get(core) ?? 0
          if (theirs > ours) behind += theirs - ours
          else if (ours > theirs) {
            const { values, beyond } = await entriesBetween(base, core, theirs, ours)
            ahead += values.length + beyond
          }
        }
      }
      neighbours.push({
        writer,
        collective: owner.get(writer) ?? null,
        connected: this.online.has(writer),
        lastSeen: this.seen.get(writer) ?? null,
        known: heard !== undefined,
        behind,
        ahead,
        inSync: heard !== undefined && behind === 0 && ahead === 0
      })
    }

    // Ours that nobody has: past the most any device ever told us it holds of our core.
    const received = Math.max(0, ...[...this.heard.values()].map((lengths) => lengths.get(me) ?? 0))
    const { values, beyond } = await entriesBetween(base, me, received, state.get(me)?.ours ?? 0)
    const unsentIds: string[] = []
    for (const value of values) {
      const decoded = decodeEntry(value)
      if (decoded.ok) unsentIds.push(decoded.id)
    }
    return { writer: me, neighbours, unsent: values.length + beyond, unsentIds }
  }
}
