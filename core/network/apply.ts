// Autobase's `apply`, adapted to the ledger: one store per call (its writes kept in memory,
// written into the view in one Hyperbee batch at the end), one `applyEntry` per linearized
// entry, then the effects the ledger asked for, carried out on Autobase.
//
// It never throws for anything an entry contains: an exception in `apply` closes the base on
// this device only, and the network would go on without it. It does fail on a storage error
// on this device, since going on would record an outcome the other devices will not have.
import type { ApplyHost, ApplyNode } from 'autobase'
import type Hyperbee from 'hyperbee'
import type { Json, KeyValueStore } from '../ledger/store.ts'
import type { Effect, LedgerEntry, Outcome } from '../ledger/types.ts'
import { type ApplyStore, openApplyStore } from './hyperbee-store.ts'

/** The ledger's entry point, injected so that core/network does not depend on core/ledger. */
export type ApplyEntry = (store: KeyValueStore, entry: LedgerEntry) => Promise<Outcome>

/**
 * Checks the signatures in these entries' bytes ahead of apply (on worker threads), so that
 * the ledger's verifier finds them done. Optional and never decisive: the ledger's verifier
 * answers exactly as sodium whether or not this ran, so it only moves work off this thread.
 */
export type VerifyAhead = (entries: Uint8Array[]) => Promise<void>

/** Entries per slice handed to VerifyAhead: the apply loop waits for a slice's checks. */
const AHEAD_SLICE = 64
/**
 * Entries applied before the first slice, their signatures checked on this thread. Few: a
 * worker checks a slice far faster than apply (rules and view writes) gets through these, so
 * nearly every signature of a batch is checked off this thread. (With the first slice a whole
 * 64 entries, most of a 100-entry batch was checked here.)
 */
const AHEAD_FIRST = 4

export interface ApplyErrorEvent {
  error: unknown
  writer: string
  stage: 'ledger' | 'effect'
}

export async function applyNodes(
  nodes: ApplyNode[],
  view: Hyperbee<string, Json>,
  host: ApplyHost,
  applyEntry: ApplyEntry,
  report: (event: ApplyErrorEvent) => void,
  ahead?: VerifyAhead
): Promise<void> {
  const { store, flush, discard } = openApplyStore(view)
  try {
    await applyEach(nodes, store, host, applyEntry, report, ahead === undefined ? [] : dispatchAhead(nodes, ahead))
  } catch (err) {
    // Only storage failures get here. Drop the call's writes (and the view's write lock, if
    // the batch took it), then let Autobase see the failure.
    await discard().catch(() => {})
    throw err
  }
  // Writes the call's keys into the view; on a failure it writes nothing and throws.
  await flush()
}

async function applyEach(
  nodes: ApplyNode[],
  store: ApplyStore,
  host: ApplyHost,
  applyEntry: ApplyEntry,
  report: (event: ApplyErrorEvent) => void,
  ready: Array<Promise<void>>
): Promise<void> {
  for (const [i, node] of nodes.entries()) {
    if (i >= AHEAD_FIRST && (i - AHEAD_FIRST) % AHEAD_SLICE === 0) await ready[(i - AHEAD_FIRST) / AHEAD_SLICE]
    const bytes = entryBytes(node.value)
    // Not an entry on any other device (see entryBytes): no outcome, no seq, no digest here.
    if (bytes === null) continue
    const writer = node.from.key.toString('hex')
    let outcome: Outcome
    try {
      // Its place in the writer core: the view keeps that rather than a copy of the bytes.
      // (Every Autobase node has its length; a hand-made node without one keeps its bytes.)
      const at = Number.isSafeInteger(node.length) && node.length > 0 ? { at: node.length - 1 } : {}
      outcome = await applyEntry(store, { bytes, writer, ...at })
    } catch (error) {
      if (store.failure !== null) throw store.failure
      // The ledger promises not to throw; if it does, skip the entry the same way everywhere.
      report({ error, writer, stage: 'ledger' })
      continue
    }
    // A storage error the ledger swallowed (as a rejection) happened on this device only:
    // fail the apply rather than record an outcome other devices will not have.
    if (store.failure !== null) throw store.failure
    for (const effect of outcome.effects ?? []) {
      try {
        await carryOut(effect, host)
      } catch (error) {
        report({ error, writer, stage: 'effect' })
      }
    }
  }
}

/**
 * Hands every slice after the first AHEAD_FIRST entries to the workers at once; those few are
 * applied straight away (sodium checks them on this thread) while the workers start, so a
 * small call costs no round trip. A failed check ahead is no failure: the verifier falls back
 * to sodium.
 */
function dispatchAhead(nodes: ApplyNode[], ahead: VerifyAhead): Array<Promise<void>> {
  const ready: Array<Promise<void>> = []
  for (let from = AHEAD_FIRST; from < nodes.length; from += AHEAD_SLICE) {
    const slice = nodes.slice(from, from + AHEAD_SLICE).flatMap((n) => entryBytes(n.value) ?? [])
    ready[(from - AHEAD_FIRST) / AHEAD_SLICE] = ahead(slice).catch(() => {})
  }
  return ready
}

/**
 * The bytes every device reads for a node, or null for a node that carries no entry.
 *
 * The device that appended a node hands apply the value it was given; every other device
 * (and this one after a restart) decodes the value from the writer core. Both must decide
 * the same bytes. The oplog stores a zero-length value exactly as it stores an ack (no
 * value), so other devices read null and Autobase never calls apply for it: a zero-length
 * value is no entry, here too. A string is written as its UTF-8 (compact-encoding's binary
 * encoding, Autobase's default) and read back as those bytes. Nothing else can be written.
 */
export function entryBytes(value: unknown): Buffer | null {
  let bytes: Buffer
  if (Buffer.isBuffer(value)) bytes = value
  else if (value instanceof Uint8Array)
    bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  else if (typeof value === 'string') bytes = Buffer.from(value, 'utf8')
  else return null
  return bytes.byteLength === 0 ? null : bytes
}

const WRITER_KEY = /^[0-9a-f]{64}$/

/** Carries out one effect on Autobase; every branch depends only on the linearized history. */
async function carryOut(effect: Effect, host: ApplyHost): Promise<void> {
  if (effect?.kind === 'indexers') return setIndexers(effect.keys, host)
  if (typeof effect?.key !== 'string' || !WRITER_KEY.test(effect.key)) return
  const key = Buffer.from(effect.key, 'hex')
  const info = await host.system.get(key)
  const active = info !== null && !info.isRemoved
  if (effect.kind === 'writer.add') {
    // Re-adding an active writer would change its indexer flag (addWriter defaults to
    // indexer, and `indexer: false` demotes one): leave active writers as they are.
    if (!active) await host.addWriter(key, { indexer: false })
  } else if (effect.kind === 'writer.remove') {
    // Autobase refuses (throws) to remove the last indexer; the network needs one.
    if (active && host.removeable(key)) await host.removeWriter(key)
  }
}

/**
 * Makes the indexers the given writers (the council's devices, core/ledger/council.ts): first
 * promotes each listed writer that is active and not an indexer yet (one that has written
 * nothing stays pending until it writes), then demotes every other indexer while another
 * remains, so the network always has one. The ledger asks again when a pending one first
 * writes, and the old indexers step down then.
 */
async function setIndexers(wanted: unknown, host: ApplyHost): Promise<void> {
  if (!Array.isArray(wanted)) return
  const keys = wanted.filter((key): key is string => typeof key === 'string' && WRITER_KEY.test(key))
  for (const hex of keys) {
    const info = await host.system.get(Buffer.from(hex, 'hex'))
    if (info !== null && !info.isRemoved && !info.isIndexer) await host.addWriter(Buffer.from(hex, 'hex'), { indexer: true })
  }
  const keep = new Set(keys)
  const others = host.system.indexers.map((indexer) => indexer.key).filter((key) => !keep.has(key.toString('hex')))
  for (const key of others) {
    if (host.system.indexers.length <= 1) break
    // Re-adding an active writer with `indexer: false` demotes it and keeps it a writer.
    await host.addWriter(key, { indexer: false })
  }
}
