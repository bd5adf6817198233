// Convergence after a partition heals, with N writers (issue 14, item 1): N devices, each its
// own NetworkBase on disk (Autobase, Corestore, Hyperbee view), replicating in-process. The
// founder is the only indexer and adds the others as writers. Then the network splits in two:
// half the writers around the founder, half around another writer; every writer appends
// `BENCH_CONVERGE_WRITES` entries while apart. The clock starts when the two hubs connect again
// and stops when every device's view holds every entry with one and the same digest.
//
// The apply is the network layer's toy ledger (test/integration/toy-ledger.ts: one view key
// per entry and a chained digest), so what is timed is Autobase's reordering, replication
// and re-apply, not the ledger's rules: with the real Ledger every re-applied entry costs its
// apply time too (see the view bench for that rate).
//
//   BENCH_CONVERGE=5,20,50,100 node --import tsx test/bench/converge.ts
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { NetworkBase } from '../../core/network/base.ts'
import { connect } from '../integration/helpers.ts'
import { addWriter, put, toyApply } from '../integration/toy-ledger.ts'

const now = () => Number(process.hrtime.bigint()) / 1e9
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(what: string, ok: () => Promise<boolean> | boolean, limit: number): Promise<void> {
  const start = now()
  while (!(await ok())) {
    if (now() - start > limit) throw new Error(`gave up waiting for ${what} after ${limit} s`)
    await sleep(100)
  }
}

const seqOf = async (base: NetworkBase) => ((await base.reader().get('seq')) as number | undefined) ?? 0
const digestOf = async (base: NetworkBase) => (await base.reader().get('digest')) as string | undefined

export interface Convergence {
  writers: number
  entries: number
  setup: number
  apart: number
  heal: number
  rss: number
}

export async function timeConvergence(writers: number, writes: number, limit = 1200): Promise<Convergence> {
  const root = await mkdtemp(join(os.tmpdir(), 'stachanov-converge-'))
  const bases: NetworkBase[] = []
  const links: Array<() => void> = []
  try {
    const t0 = now()
    const founder = await NetworkBase.open({ dir: join(root, 'w0'), applyEntry: toyApply, create: true, durable: false })
    bases.push(founder)
    for (let i = 1; i < writers; i++) {
      bases.push(await NetworkBase.open({ dir: join(root, `w${i}`), applyEntry: toyApply, durable: false, join: { key: founder.config.key, encryptionKey: founder.config.encryptionKey } }))
    }
    // Setup: a star around the founder, which adds every other device as a writer.
    for (const base of bases.slice(1)) links.push(connect(founder, base))
    await founder.append(bases.slice(1).map((b) => addWriter(b.writerKey)))
    await until('every device writable', () => bases.every((b) => b.writable), limit)
    const settled = await seqOf(founder)
    await until('every device to hold the setup', async () => (await Promise.all(bases.map(seqOf))).every((s) => s === settled), limit)
    const setup = now() - t0
    process.stderr.write(`  ${writers} writers: set up in ${setup.toFixed(1)} s\n`)
    for (const unlink of links.splice(0)) unlink()

    // Apart: the founder's half and the other half (around writer 1), each a star.
    const hubB = bases[1]!
    const sideA = bases.filter((_, i) => i % 2 === 0)
    const sideB = bases.filter((_, i) => i % 2 === 1)
    for (const base of sideA.slice(1)) links.push(connect(founder, base))
    for (const base of sideB.slice(1)) links.push(connect(hubB, base))
    const t1 = now()
    await Promise.all(bases.map(async (base, i) => {
      for (let k = 0; k < writes; k++) await base.append(put(`w${i}-${k}`, k))
    }))
    const total = settled + writers * writes
    await until('each side to hold its own entries', async () => {
      const a = await Promise.all(sideA.map(seqOf))
      const b = await Promise.all(sideB.map(seqOf))
      return a.every((s) => s === settled + sideA.length * writes) && b.every((s) => s === settled + sideB.length * writes)
    }, limit)
    const apart = now() - t1
    process.stderr.write(`  ${writers} writers: both sides hold their own entries after ${apart.toFixed(1)} s\n`)

    // Heal: the two hubs meet; every device must reach every entry and one digest.
    const t2 = now()
    links.push(connect(founder, hubB))
    await until('every device to converge', async () => {
      const seqs = await Promise.all(bases.map(seqOf))
      if (!seqs.every((s) => s === total)) return false
      const digests = new Set(await Promise.all(bases.map(digestOf)))
      return digests.size === 1
    }, limit)
    const heal = now() - t2
    return { writers, entries: writers * writes, setup, apart, heal, rss: process.memoryUsage().rss }
  } finally {
    for (const unlink of links) unlink()
    for (const base of bases) await base.close().catch(() => {})
    await rm(root, { recursive: true, force: true })
  }
}

export async function runConvergeBench(counts = (process.env.BENCH_CONVERGE ?? '5,20,50').split(',').map(Number), writes = Number(process.env.BENCH_CONVERGE_WRITES ?? 10)): Promise<void> {
  console.log(`\n## Convergence after a partition heals (toy apply, ${writes} entries per writer while apart, in-process replication)\n`)
  console.log('| writers | entries while apart | setup s | apart s | heal → one digest everywhere, s | s per writer | RSS MB | load |')
  console.log('|--:|--:|--:|--:|--:|--:|--:|---|')
  for (const n of counts) {
    try {
      const r = await timeConvergence(n, writes)
      console.log(`| ${n} | ${r.entries} | ${r.setup.toFixed(1)} | ${r.apart.toFixed(1)} | ${r.heal.toFixed(2)} | ${(r.heal / n).toFixed(3)} | ${Math.round(r.rss / 2 ** 20)} | ${load()} |`)
    } catch (error) {
      console.log(`| ${n} | | | | failed: ${(error as Error).message} | | ${Math.round(process.memoryUsage().rss / 2 ** 20)} | ${load()} |`)
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runConvergeBench()
