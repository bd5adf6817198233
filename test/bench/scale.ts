// The scale curve, a first cut (issue 14, item 1): apply the bench mix into a real on-disk
// Hyperbee view through the node's apply path (applyNodes, with VerifyPool ahead) in steps,
// and record per step the apply rate, view blocks and bytes per entry; then reopen the view
// (no replay) and time it, its memory, and reads like the screens' (one record, a page of
// 50 log rows). Run with BENCH_SCALE=1 npm run bench (BENCH_SCALE_N sets the largest size).
import type { ApplyHost, ApplyNode } from 'autobase'
import Corestore from 'corestore'
import Hyperbee from 'hyperbee'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Ledger } from '../../core/ledger/ledger.ts'
import type { Json } from '../../core/ledger/store.ts'
import { applyNodes } from '../../core/network/apply.ts'
import { HyperbeeStore, VIEW_ENCODING } from '../../core/network/hyperbee-store.ts'
import { VerifyPool } from '../../core/protocol/verify-pool.ts'
import { buildMix } from './ledger.ts'

const fmt = (x: number) => Math.round(x).toLocaleString('en-US')
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9
const host = new Proxy({}, { get: () => async () => {} }) as ApplyHost

export async function runScaleBench(largest = Number(process.env.BENCH_SCALE_N ?? 16_000)): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'stachanov-scale-'))
  const mix = buildMix(largest)
  const writer = Buffer.alloc(32, 1)
  const nodes = mix.entries.map((e) => ({ value: Buffer.from(e.bytes), from: { key: writer } }) as unknown as ApplyNode)
  const pool = new VerifyPool()
  let store = new Corestore(dir)
  let bee = new Hyperbee<string, Json>(store.get({ name: 'view' }), VIEW_ENCODING)
  await bee.ready()
  const applyEntry = (s: HyperbeeStore, entry: { bytes: Uint8Array; writer: string }) => new Ledger(s, { verify: pool.verify }).apply(entry)
  const rows: string[] = []
  let done = 0
  let logBytes = 0
  for (let step = Math.min(1000, largest); done < largest; step = Math.min(largest, step * 2)) {
    const start = process.hrtime.bigint()
    const from = done
    for (; done < step; done += 250) await applyNodes(nodes.slice(done, Math.min(step, done + 250)), bee, host, applyEntry as never, () => {}, (b) => pool.aheadOfEntries(b))
    done = step
    logBytes += nodes.slice(from, done).reduce((n, x) => n + (x.value as Buffer).length, 0)
    const rate = (done - from) / seconds(start)
    rows.push(`| ${fmt(done)} | ${fmt(rate)} | ${(bee.core.length / done).toFixed(2)} | ${(bee.core.byteLength / logBytes).toFixed(2)} |`)
  }
  await bee.close()
  await store.close()
  const heapBefore = process.memoryUsage().rss
  const start = process.hrtime.bigint()
  store = new Corestore(dir)
  bee = new Hyperbee<string, Json>(store.get({ name: 'view' }), VIEW_ENCODING)
  await bee.ready()
  const view = new HyperbeeStore(bee)
  const digest = await new Ledger(view).digest()
  const reopen = seconds(start)
  const q = process.hrtime.bigint()
  let rowsRead = 0
  for await (const _ of view.range({ limit: 50 })) rowsRead++
  const page = seconds(q)
  console.log(`\nScale curve (${fmt(largest)} entries, on-disk Hyperbee view, VerifyPool ahead; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.availableParallelism()} shared cores)`)
  console.log(`| entries | entries/s in this step | view blocks/entry | view bytes / log bytes |\n|---|---|---|---|\n${rows.join('\n')}`)
  console.log(`Reopen + digest: ${(reopen * 1000).toFixed(0)} ms (digest ${digest.slice(0, 12)}…); RSS ${fmt(process.memoryUsage().rss / 2 ** 20)} MB (before ${fmt(heapBefore / 2 ** 20)} MB); first page of ${rowsRead} rows: ${(page * 1000).toFixed(1)} ms`)
  await bee.close()
  await store.close()
  await pool.close()
  await rm(dir, { recursive: true, force: true })
}
