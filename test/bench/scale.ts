// The scale curve (issue 14, item 1): the bench mix (test/bench/ledger.ts) applied into a real
// on-disk Hyperbee view through the node's apply path (applyNodes, VerifyPool ahead, 250
// entries per apply call) in doubling steps; per step the apply rate, view blocks and bytes
// per entry. Then, in a fresh process (so that its memory is the node's, not this bench's mix):
// reopen the view without replay, read the digest, and time the main screens' queries
// (overview, stock, people, the log page and a log search) at that size.
//
// Each node is handed to the ledger as written by the mix's own device (entry.writer): with
// any other writer key every entry is refused (UNKNOWN_WRITER) and only bookkeeping is
// written, which is what the first cut of this bench measured by mistake.
//
//   BENCH_SCALE=1 BENCH_SCALE_N=64000 npm run bench     (or node --import tsx test/bench/scale.ts)
import type { ApplyHost, ApplyNode } from 'autobase'
import { execFileSync } from 'node:child_process'
import Corestore from 'corestore'
import Hyperbee from 'hyperbee'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Ledger } from '../../core/ledger/ledger.ts'
import type { Json } from '../../core/ledger/store.ts'
import { applyNodes, type ApplyEntry } from '../../core/network/apply.ts'
import { HyperbeeStore, VIEW_ENCODING } from '../../core/network/hyperbee-store.ts'
import * as pages from '../../core/ledger/pages.ts'
import * as q from '../../core/ledger/queries.ts'
import { logRow, namesIn } from '../../core/node/audit.ts'
import * as views from '../../core/node/views.ts'
import { VerifyPool } from '../../core/protocol/verify-pool.ts'
import { collectiveActor } from '../../core/scenario/actors.ts'
import { buildMix } from './ledger.ts'

const fmt = (x: number) => Math.round(x).toLocaleString('en-US')
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9
const host = new Proxy({}, { get: () => async () => {} }) as ApplyHost
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ')
const CALL = 250

export async function runScaleBench(largest = Number(process.env.BENCH_SCALE_N ?? 16_000)): Promise<void> {
  const keep = process.env.BENCH_SCALE_KEEP
  const dir = keep ?? (await mkdtemp(path.join(os.tmpdir(), 'stachanov-scale-')))
  const built = process.hrtime.bigint()
  const mix = buildMix(largest)
  console.log(`\n## Scale curve: ${fmt(largest)} entries of the bench mix into an on-disk Hyperbee view (built in ${seconds(built).toFixed(0)} s; load ${load()} on ${os.availableParallelism()} cores)\n`)
  const nodes = mix.entries.map((e) => ({ value: Buffer.from(e.bytes), from: { key: Buffer.from(e.writer, 'hex') } }) as unknown as ApplyNode)
  const pool = new VerifyPool()
  const store = new Corestore(dir)
  const bee = new Hyperbee<string, Json>(store.get({ name: 'view' }), VIEW_ENCODING)
  await bee.ready()
  const applyEntry: ApplyEntry = (s, entry) => new Ledger(s, { verify: pool.verify }).apply(entry)
  console.log('| entries | entries/s in this step | view blocks/entry | view bytes / log bytes | load |\n|--:|--:|--:|--:|---|')
  let done = 0
  let logBytes = 0
  for (let step = Math.min(1000, largest); done < largest; step = Math.min(largest, step * 2)) {
    const start = process.hrtime.bigint()
    const from = done
    for (; done < step; done += CALL) await applyNodes(nodes.slice(done, Math.min(step, done + CALL)), bee, host, applyEntry, () => {}, (b) => pool.aheadOfEntries(b))
    done = step
    for (let i = from; i < done; i++) logBytes += (nodes[i]!.value as Buffer).byteLength
    const rate = (done - from) / seconds(start)
    console.log(`| ${fmt(done)} | ${fmt(rate)} | ${(bee.core.length / done).toFixed(2)} | ${(bee.core.byteLength / logBytes).toFixed(2)} | ${load()} |`)
  }
  const accepted = (await new HyperbeeStore(bee).get('meta/seq')) as number
  await bee.close()
  await store.close()
  await pool.close()
  console.log(`\n${fmt(accepted)} entries in the view, ${fmt(mix.entries.length)} applied.`)
  // Reopen and queries in a fresh process: its RSS is what a node holding this view needs.
  const child = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--reopen', dir], { encoding: 'utf8' })
  console.log(child.trim())
  if (!keep) await rm(dir, { recursive: true, force: true })
}

/** Reopens the view in `dir`, reads its digest, then times each main screen's query. */
async function reopen(dir: string): Promise<void> {
  const rss0 = process.memoryUsage().rss
  const start = process.hrtime.bigint()
  const store = new Corestore(dir)
  await store.ready()
  const storeReady = seconds(start)
  const bee = new Hyperbee<string, Json>(store.get({ name: 'view' }), VIEW_ENCODING)
  await bee.ready()
  const beeReady = seconds(start)
  const view = new HyperbeeStore(bee)
  const digest = await new Ledger(view).digest()
  const opened = seconds(start)
  const producer = collectiveActor('bench-producer-0').id
  const shop = collectiveActor('bench-shop-0').id
  const now = Date.UTC(2026, 4, 20)
  const rows: string[] = []
  // Cold: one run. Warm: the median of 5 runs, so that one stall of a loaded machine does not
  // stand for the query.
  let runs = 1
  const time = async (name: string, query: () => Promise<unknown>) => {
    const ms: number[] = []
    let result: unknown
    for (let i = 0; i < runs; i++) {
      const t = process.hrtime.bigint()
      result = await query()
      ms.push(seconds(t) * 1000)
    }
    ms.sort((a, b) => a - b)
    const size = Array.isArray(result) ? result.length : ((result as { entries?: unknown[] })?.entries?.length ?? '')
    rows.push(`| ${name} | ${ms[ms.length >> 1]!.toFixed(1)} | ${size} |`)
  }
  // The people screen names some wallets on the device: take 20 of the producer's April workers.
  const named = (await pages.workersIn(view, producer, '2026-04', { limit: 20 })).workers.map((w) => w.wallet)
  // Each twice: the first read also loads the tree's blocks into Hyperbee's cache. First what
  // the screens read (issue 14: bounded), then the full lists they read before, for comparison.
  for (const pass of ['cold', 'warm, median of 5']) {
    runs = pass === 'cold' ? 1 : 5
    await time(`overview of a producer (${pass})`, () => views.overview(view, producer, now))
    await time(`stock: a page of 50 of a shop's lots, with totals (${pass})`, async () => (await views.stockPage(view, shop, now, { limit: 50 })).lots)
    await time(`people: 20 named wallets' April hours and a page of 50 April workers (${pass})`, async () => (await views.people(view, producer, '2026-04', { wallets: named, limit: 50 })).workers)
    await time(`people: how many worked in April, one pass over the month's index keys (within the row above) (${pass})`, async () => [await pages.workersCount(view, producer, '2026-04')])
    await time(`people: the months a producer's people worked, one seek per month (${pass})`, () => pages.workMonths(view, producer))
    await time(`people: a producer's running productions (${pass})`, () => views.productions(view, producer, { running: true }))
    await time(`log: newest page of 100 (${pass})`, () => views.log(view, { limit: 100 }))
    await time(`log: search "bread", up to 100 hits or ${fmt(views.LOG_SCAN)} entries looked at (${pass})`, () => views.log(view, { limit: 100, search: 'bread' }))
    await time(`log: search with no hit, ${fmt(views.LOG_SCAN)} entries looked at (${pass})`, () => views.log(view, { limit: 100, search: 'no such name' }))
    await time(`before: overview's full reads (every lot, production, order of the producer) (${pass})`, async () => {
      await q.lots(view, producer)
      await q.productions(view, producer)
      return q.orders(view, producer)
    })
    await time(`before: stock: every lot of a shop (${pass})`, () => views.lots(view, shop, now))
    await time(`before: people: every workload of a producer in April (${pass})`, () => views.workloads(view, { collective: producer, period: '2026-04' }))
    await time(`before: people: every production of a producer (${pass})`, () => views.productions(view, producer))
    await time(`before: log: newest page of 100 read as 500 entries, 100 of them summarized (${pass})`, async () => {
      const names = await namesIn(view)
      const page = await q.log(view, { limit: 500, reverse: true, withEntries: true })
      const entries = []
      for (const entry of page.slice(0, 100)) entries.push(await logRow(view, entry, names))
      await q.digest(view)
      return { entries }
    })
  }
  console.log(`\nReopen + digest: ${(opened * 1000).toFixed(0)} ms (Corestore open ${(storeReady * 1000).toFixed(0)} ms, then the view core and Hyperbee ${((beeReady - storeReady) * 1000).toFixed(0)} ms, then the digest ${((opened - beeReady) * 1000).toFixed(0)} ms; digest ${digest.slice(0, 12)}…); RSS of the reopened node ${fmt(process.memoryUsage().rss / 2 ** 20)} MB (${fmt(rss0 / 2 ** 20)} MB before opening); load ${load()}`)
  console.log(`\n| query at this size | ms | rows |\n|---|--:|--:|\n${rows.join('\n')}`)
  await bee.close()
  await store.close()
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--reopen')
  if (at >= 0) await reopen(process.argv[at + 1]!)
  else await runScaleBench()
}
