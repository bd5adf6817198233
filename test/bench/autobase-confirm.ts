// How fast ten Autobase indexers on loopback confirm one entry, Autobase alone: no ledger, no
// council agents, no DHT. Ten Autobase 7 nodes in this process (Corestores on disk, a full mesh
// of in-process replication streams), all ten indexers, a view that appends every value. One
// node appends a value; the time until every node's view has it in its signed (confirmed)
// part, then the next node appends. Acks are written either by Autobase's own timer (at
// `ackInterval`) or by the project's ack pacer (core/network/ack-pacer.ts, Autobase's timer
// acks held back, as core/network/base.ts runs it) at several quiet times.
//
//   node --import tsx test/bench/autobase-confirm.ts
//   BENCH_CONFIRM_ROUNDS=10 BENCH_CONFIRM_MODES=timer200,watch200,pacer1000,pacer200 (the default)
//   stagger1000: the pacer with staggered responses (only the indexers an entry names ack it)
import Autobase from 'autobase'
import Corestore from 'corestore'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { councilOf } from '../../core/network/ack-council.ts'
import { AckPacer } from '../../core/network/ack-pacer.ts'
import { ConfirmWatch, type Ackable } from '../../core/network/confirm-watch.ts'

type Value = { add: string } | { r: number }
type Base = Autobase<any>

const N = Number(process.env.BENCH_CONFIRM_N ?? 10)
const ROUNDS = Number(process.env.BENCH_CONFIRM_ROUNDS ?? 10)
/** A round not confirmed on every node within this counts as never (and ends the mode). */
const LIMIT_MS = Number(process.env.BENCH_CONFIRM_LIMIT_MS ?? 60_000)
const MODES = (process.env.BENCH_CONFIRM_MODES ?? 'timer200,watch200,pacer1000,pacer200').split(',')

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await sleep(10)
  }
}

const indexersOf = (b: Base) =>
  ((b as any).linearizer?.indexers as unknown[] | undefined)?.length ?? 0

async function network(mode: string) {
  const dir = await mkdtemp(join(os.tmpdir(), 'autobase-confirm-'))
  const ackInterval = /^(timer|watch)/.test(mode) ? Number(mode.slice(5)) : 200
  const stagger = mode.startsWith('stagger')
  const quietMs = mode.startsWith('pacer')
    ? Number(mode.slice(5))
    : stagger
      ? Number(mode.slice(7))
      : 0
  const options = {
    valueEncoding: 'json',
    ackInterval,
    // The view as the node's Hyperbee has it (`view.core`), which is what the pacer reads
    // (ack-council.ts); a bare Hypercore here left the pacer idle (see docs/benchmarks.md).
    open: (store: any) => ({ core: store.get('view', { valueEncoding: 'json' }) }),
    apply: async (nodes: Array<{ value: Value | null }>, view: any, host: any) => {
      for (const node of nodes) {
        if (node.value === null) continue
        if ('add' in node.value)
          await host.addWriter(Buffer.from(node.value.add, 'hex'), { indexer: true })
        else await view.core.append(node.value)
      }
    }
  }
  const stores = Array.from({ length: N }, (_, i) => new Corestore(join(dir, String(i))))
  const first: Base = new (Autobase as any)(stores[0]!.session(), null, options)
  await first.ready()
  const bases: Base[] = [first]
  for (const store of stores.slice(1)) {
    const b: Base = new (Autobase as any)(store.session(), first.key, options)
    await b.ready()
    bases.push(b)
  }
  const streams: any[] = []
  for (let i = 0; i < N; i++)
    for (let j = i + 1; j < N; j++) {
      const a = (bases[i] as any).replicate(true)
      const b = (bases[j] as any).replicate(false)
      a.pipe(b).pipe(a)
      streams.push(a, b)
    }
  // All indexers in one change, so the set is complete before anything is measured.
  await (first as any).append(bases.slice(1).map((b) => ({ add: b.local.key.toString('hex') })))
  await until(async () => {
    for (const b of bases) await b.update()
    return bases.every((b) => b.writable && indexersOf(b) === N)
  }, 120_000)
  const pacers: Array<{ stop(): void; kinds?: Record<string, number> }> = []
  if (mode.startsWith('watch')) {
    // Autobase's timer plus the confirm watch, as base.ts ran before the pacer.
    for (const b of bases) {
      const watch = new ConfirmWatch(b as unknown as Ackable, {
        stallMs: Math.max(1000, 3 * ackInterval)
      })
      watch.start()
      pacers.push(watch)
    }
  }
  if (quietMs) {
    for (const b of bases) {
      const council = councilOf(b)
      if (!council) throw new Error('the pacer cannot read this Autobase')
      const pacer = new AckPacer(council, { quietMs, stagger })
      // As base.ts does: Autobase's timer acks wait while the pacer decides.
      const raw = b as unknown as { ack(background?: boolean): Promise<void> }
      const ack = raw.ack.bind(b)
      raw.ack = (background?: boolean) =>
        background && pacer.engaged ? Promise.resolve() : ack(background)
      pacer.start()
      pacers.push(pacer)
    }
  }
  const close = async () => {
    for (const p of pacers) p.stop()
    for (const s of streams) s.destroy()
    for (const b of bases) await b.close().catch(() => {})
    for (const s of stores) await s.close().catch(() => {})
    await rm(dir, { recursive: true, force: true })
  }
  /** Acks by kind over all pacers (respond / lead / sign), for the per-entry split. */
  const kinds = () => {
    const sum: Record<string, number> = { respond: 0, lead: 0, sign: 0 }
    for (const p of pacers) for (const [k, v] of Object.entries(p.kinds ?? {})) sum[k]! += v
    return sum
  }
  return { bases, close, kinds }
}

/** Whether the value of round r is the last block of b's signed view part. */
async function confirmedOn(b: Base, r: number): Promise<boolean> {
  const view = (b.view as any).core
  if (view.signedLength < 1) return false
  const last = (await view.get(view.signedLength - 1)) as { r?: number } | null
  return (last?.r ?? -1) >= r
}

async function measure(mode: string) {
  const { bases, close, kinds } = await network(mode)
  try {
    // Let the indexer change settle (its own confirmations) before timing.
    await until(
      async () => bases.every((b) => b.view.core.signedLength === b.view.core.length),
      60_000
    ).catch(() => {})
    const times: number[] = []
    const writes: number[] = []
    const cpu: number[] = []
    const split: string[] = []
    for (let r = 0; r < ROUNDS; r++) {
      const writer = bases[r % N]!
      const before = bases.reduce((sum, b) => sum + b.local.length, 0)
      const k0 = kinds()
      const t0 = Date.now()
      const c0 = process.cpuUsage()
      await (writer as any).append({ r })
      const done = new Set<number>()
      const confirmed = await until(async () => {
        for (const [i, b] of bases.entries())
          if (!done.has(i) && (await confirmedOn(b, r))) done.add(i)
        return done.size === N
      }, LIMIT_MS).then(
        () => true,
        () => false
      )
      times.push(confirmed ? (Date.now() - t0) / 1000 : Infinity)
      const used = process.cpuUsage(c0)
      cpu.push((used.user + used.system) / 1e6)
      if (!confirmed) break
      writes.push(bases.reduce((sum, b) => sum + b.local.length, 0) - before - 1)
      const k1 = kinds()
      split.push(['respond', 'lead', 'sign'].map((k) => k1[k]! - k0[k]!).join('/'))
      await sleep(300)
    }
    return { times, writes, cpu, split }
  } finally {
    await close()
  }
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')

console.log(
  `Autobase alone: ${N} indexers on loopback, ${ROUNDS} entries each (wall s; load ${load()})`
)
console.log(
  '| acks by | append → confirmed on all: median | min | max | CPU s of this process per entry (median) | acks written per entry (median) | load after |'
)
console.log('|-|-:|-:|-:|-:|-:|-|')
for (const mode of MODES) {
  const { times, writes, cpu, split } = await measure(mode)
  const name = mode.startsWith('timer')
    ? `Autobase's timer, ackInterval ${mode.slice(5)} ms`
    : mode.startsWith('watch')
      ? `Autobase's timer (${mode.slice(5)} ms) and the confirm watch`
      : mode.startsWith('stagger')
        ? `ack pacer, staggered, quiet ${mode.slice(7)} ms`
        : `ack pacer, quiet ${mode.slice(5)} ms`
  console.log(`  ${name}: ${times.map((t) => t.toFixed(2)).join(' ')}`)
  if (split.length) console.log(`  acks by the pacers per entry (respond/lead/sign): ${split.join(' ')}`)
  console.log(
    `| ${name} | ${median(times).toFixed(2)} | ${sorted(times)[0]!.toFixed(2)} | ${sorted(times).at(-1)!.toFixed(2)} | ${median(cpu).toFixed(2)} | ${median(writes)} | ${load()} |`
  )
}
