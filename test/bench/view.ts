// The view's layout on the bench mix (issue 14, item 3): the mix of test/bench/ledger.ts (many
// collectives, every kind of production entry, claims and spends) appended to a real Autobase
// on disk, `BENCH_BATCH` entries per append, and applied through the node's own apply path
// (core/network/apply.ts, VerifyPool ahead) into the Hyperbee view. In the same run:
//   raw Autobase with a no-op apply (the floor),
//   the view as core writes it now (log/<seq> keeps the entry's place in its writer core),
//   the view as it was before the last layout change (log/<seq> holds a copy of the entry:
//     the same ledger, handed each entry without its place),
// each with its view blocks and bytes per entry and its state digest (the same in all runs,
// and the in-memory ledger's). Goals: ≤ 2 view blocks and ≤ 1.5× the log's bytes per entry,
// apply at ≥ 25 % of raw.
//
// The mix is written by many devices; a one-writer Autobase appends it, and apply hands each
// node to the ledger as written by the mix's device (the order is the append order).
//
//   BENCH_VIEW=10000 node --import tsx test/bench/view.ts
import type { ApplyNode, ViewStore } from 'autobase'
import Autobase from 'autobase'
import Corestore from 'corestore'
import Hyperbee from 'hyperbee'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import type { Json } from '../../core/ledger/store.ts'
import type { LedgerEntry } from '../../core/ledger/types.ts'
import { applyNodes, type ApplyEntry } from '../../core/network/apply.ts'
import { VIEW_ENCODING } from '../../core/network/hyperbee-store.ts'
import { VerifyPool } from '../../core/protocol/verify-pool.ts'
import { loadBee2, openBee2 } from './bee2-view.ts'
import { buildMix, type Mix } from './ledger.ts'

/** Decoded hyperbee2 blocks kept in memory (bee2-view.ts). */
const BEE2_BLOCK_CACHE = Number(process.env.BENCH_BEE2_BLOCKS ?? 1024)
const fmt = (x: number) => Math.round(x).toLocaleString('en-US')
const now = () => Number(process.hrtime.bigint()) / 1e9
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ')

export interface ViewRun {
  seconds: number
  blocks: number
  bytes: number
  digest: string | undefined
  /** SHA-256 over the view's plaintext blocks in order (when asked): are two runs' views alike? */
  blocksHash?: string
}

/** Autobase's `open` for a view kind other than today's Hyperbee (see bee2-view.ts). */
export type OpenView = (store: ViewStore) => unknown

/**
 * Appends the mix's bytes to a fresh Autobase `batch` at a time and waits until all are
 * applied; `apply` null is raw Autobase with a no-op apply and a view nobody writes.
 */
export async function timeView(root: string, name: string, mix: Mix, batch: number, applyEntry: ApplyEntry | null, pool?: VerifyPool, openView?: OpenView, hashBlocks = false): Promise<ViewRun> {
  const store = new Corestore(join(root, name))
  let applied = 0
  const writers = mix.entries.map((e) => Buffer.from(e.writer, 'hex'))
  const base = new Autobase<Hyperbee<string, Json>>(store.session(), null, {
    encryptionKey: randomBytes(32),
    open: (s) => (openView ? (openView(s) as Hyperbee<string, Json>) : new Hyperbee<string, Json>(s.get('view'), VIEW_ENCODING)),
    apply: async (nodes, view, host) => {
      if (applyEntry !== null) {
        // Each node as written by the mix's device (a one-writer base appends for all of them).
        const as = nodes.map((node, i) => ({ ...node, from: { ...node.from, key: writers[applied + i]! } }) as ApplyNode)
        await applyNodes(as, view, host, applyEntry, () => {}, pool === undefined ? undefined : (b) => pool.aheadOfEntries(b))
      }
      applied += nodes.length
    }
  })
  await base.ready()
  const bytes = mix.entries.map((e) => Buffer.from(e.bytes))
  const t0 = now()
  for (let i = 0; i < bytes.length; i += batch) await base.append(bytes.slice(i, i + batch))
  while (applied < bytes.length) await base.update()
  const seconds = now() - t0
  const view = base.view
  const result: ViewRun = { seconds, blocks: view.core.length, bytes: view.core.byteLength, digest: applyEntry === null ? undefined : ((await view.get('meta/digest'))?.value as string | undefined) }
  if (hashBlocks) {
    const hash = createHash('sha256')
    for (let i = 0; i < view.core.length; i++) hash.update((await view.core.get(i))!)
    result.blocksHash = hash.digest('hex')
  }
  await base.close()
  await store.close()
  return result
}

/** Seconds for the ledger to decide the mix on MemoryStore: what any view store adds to. */
async function timeMemory(mix: Mix): Promise<number> {
  const ledger = new Ledger(new MemoryStore())
  const t0 = now()
  for (const entry of mix.entries) await ledger.apply(entry as LedgerEntry)
  return now() - t0
}

export async function runViewBench(n = Number(process.env.BENCH_VIEW ?? 10_000), batch = Number(process.env.BENCH_BATCH ?? 100), given?: Mix): Promise<void> {
  const mix = given && given.entries.length >= n ? { ...given, entries: given.entries.slice(0, n) } : buildMix(n)
  n = mix.entries.length
  const root = await mkdtemp(join(os.tmpdir(), 'stachanov-view-'))
  const pool = new VerifyPool()
  const memory = new Ledger(new MemoryStore())
  for (const entry of mix.entries) await memory.apply(entry as LedgerEntry)
  const expected = await memory.digest()
  const logBytes = mix.entries.reduce((s, e) => s + e.bytes.byteLength, 0)
  console.log(`\n## The view's layout: the bench mix (${fmt(n)} entries, ${fmt(logBytes / n)} B each) appended ${batch} at a time, applied into the on-disk view\n`)
  console.log(`Load average at the start ${load()} on ${os.availableParallelism()} cores.`)
  const now_: ApplyEntry = (store, entry) => new Ledger(store, { verify: pool.verify }).apply(entry)
  // Before: the view as main wrote it until 2026-12-03 17:40, each log/<seq> with a copy of its
  // entry (what the ledger writes when the entry comes without its place in a writer core).
  const before: ApplyEntry = (store, entry) => new Ledger(store, { verify: pool.verify }).apply({ bytes: entry.bytes, writer: entry.writer })
  try {
    await timeView(root, 'warmup', { ...mix, entries: mix.entries.slice(0, Math.min(n, 1000)) }, batch, now_, pool)
    let raw = Infinity
    const runs: Array<[string, ViewRun]> = []
    // Interleaved, so that a change in the machine's load hits both layouts alike.
    // hyperbee2 (bee2-view.ts) when BENCH_BEE2_DIR has it; its second run with a 16-node cache,
    // so that its blocks are built from nodes read back from storage: the same blocks (hash)
    // say they do not depend on what a device happens to have cached.
    // Both with bee2-view.ts's cache of decoded blocks (without it, 5-10× slower than Hyperbee).
    const Bee2 = loadBee2()
    let memorySeconds = Infinity
    const bee2Hashes: string[] = []
    for (let i = 0; i < 2; i++) {
      raw = Math.min(raw, (await timeView(root, `raw-${i}`, mix, batch, null)).seconds)
      memorySeconds = Math.min(memorySeconds, await timeMemory(mix))
      if (process.env.BENCH_VIEW_BEFORE !== '0') runs.push([`before: log/<seq> holds a copy of the entry (run ${i + 1})`, await timeView(root, `before-${i}`, mix, batch, before, pool)])
      runs.push([`now: log/<seq> keeps the entry's place in its writer core (run ${i + 1})`, await timeView(root, `now-${i}`, mix, batch, now_, pool)])
      if (Bee2 !== null) {
        const r = await timeView(root, `bee2-${i}`, mix, batch, now_, pool, openBee2(Bee2, i === 0 ? undefined : 16, undefined, BEE2_BLOCK_CACHE) as unknown as OpenView, true)
        bee2Hashes.push(r.blocksHash!)
        runs.push([`hyperbee2 view, cache ${i === 0 ? 'default' : '16 nodes'} (run ${i + 1})`, r])
      }
    }
    if (bee2Hashes.length === 2) console.log(`hyperbee2 runs wrote the same view blocks: ${bee2Hashes[0] === bee2Hashes[1] ? 'yes' : 'NO'}`)
    const head = '| run | s | entries/s | of raw | view blocks/entry | view bytes / log bytes | same digest |'
    const rows = [
      `| raw Autobase, no-op apply, best of 2 | ${raw.toFixed(2)} | ${fmt(n / raw)} | 100% | | | |`,
      `| the ledger alone on MemoryStore (no Autobase, no view; sodium on this thread), best of 2 | ${memorySeconds.toFixed(2)} | ${fmt(n / memorySeconds)} | ${((raw / memorySeconds) * 100).toFixed(1)}% | | | |`
    ]
    for (const [name, r] of runs) {
      if (r.digest !== expected) throw new Error(`${name} reached another digest`)
      rows.push(`| ${name} | ${r.seconds.toFixed(2)} | ${fmt(n / r.seconds)} | ${((raw / r.seconds) * 100).toFixed(1)}% | ${(r.blocks / n).toFixed(2)} | ${(r.bytes / logBytes).toFixed(2)} | yes |`)
    }
    console.log([head, '|---|--:|--:|--:|--:|--:|:-:|', ...rows].join('\n'))
    console.log(`\nGoals: ≤ 2 view blocks and ≤ 1.5× the log's bytes per entry, apply ≥ 25 % of raw. Load average at the end ${load()}.`)
  } finally {
    await pool.close()
    await rm(root, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runViewBench()
