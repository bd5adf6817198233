// How fast ten Autobase indexers confirm one entry when each is its own process (issue 11):
// test/bench/autobase-confirm.ts runs the ten in one process, so its wall time is the queue of
// one event loop. Here each node (test/bench/autobase-confirm-node.ts) is a process on
// loopback TCP (a full mesh), and reports its own CPU time per entry: what one indexer would
// pay on a machine of its own. On a machine with fewer cores than nodes the wall time still
// includes waiting for a core; the per-node CPU says how much of it that can be.
//
//   BENCH_CONFIRM_ROUNDS=10 BENCH_CONFIRM_MODES=pacer1000,stagger1000 node --import tsx test/bench/autobase-confirm-procs.ts
//   (modes: pacer<quiet ms>, stagger<quiet ms> (staggered responses), timer<ackInterval ms>)
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const nodeScript = fileURLToPath(new URL('./autobase-confirm-node.ts', import.meta.url))
const N = Number(process.env.BENCH_CONFIRM_N ?? 10)
const ROUNDS = Number(process.env.BENCH_CONFIRM_ROUNDS ?? 10)
const LIMIT_MS = Number(process.env.BENCH_CONFIRM_LIMIT_MS ?? 60_000)
const MODES = (process.env.BENCH_CONFIRM_MODES ?? 'pacer1000,stagger1000').split(',')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ')

interface Confirmed {
  confirmed: number
  at: number
  cpu: number
}

class Node {
  private next = 0
  private waiting = new Map<number, { resolve: (a: any) => void; reject: (e: Error) => void }>()
  readonly confirmations: Confirmed[] = []
  private constructor(readonly child: ChildProcess) {
    child.on('message', (m: { id?: number; answer?: unknown; error?: string } & Partial<Confirmed>) => {
      if (typeof m.confirmed === 'number') return void this.confirmations.push(m as Confirmed)
      const w = m.id === undefined ? undefined : this.waiting.get(m.id)
      if (!w) return
      this.waiting.delete(m.id!)
      if (m.error) w.reject(new Error(m.error))
      else w.resolve(m.answer)
    })
  }

  static async start(): Promise<Node> {
    const child = fork(nodeScript, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve())
      child.once('exit', (code) => reject(new Error(`node exited with ${code} before it was ready`)))
    })
    return new Node(child)
  }

  ask<T = any>(command: Record<string, unknown>): Promise<T> {
    const id = this.next++
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      this.child.send({ id, command })
    })
  }
}

async function until(what: string, ok: () => Promise<boolean>, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`)
    await sleep(100)
  }
}

async function measure(mode: string) {
  const root = await mkdtemp(join(os.tmpdir(), 'autobase-confirm-procs-'))
  const nodes: Node[] = []
  try {
    for (let i = 0; i < N; i++) nodes.push(await Node.start())
    const first = await nodes[0]!.ask<{ port: number; local: string; key: string }>({ op: 'open', dir: join(root, '0'), mode })
    const opened = [first]
    for (let i = 1; i < N; i++)
      opened.push(await nodes[i]!.ask({ op: 'open', dir: join(root, String(i)), key: first.key, mode }))
    for (let i = 0; i < N; i++) for (let j = 0; j < i; j++) await nodes[i]!.ask({ op: 'connect', port: opened[j]!.port })
    await nodes[0]!.ask({ op: 'add', keys: opened.slice(1).map((o) => o.local) })
    await until('all ten indexers', async () => {
      const s = await Promise.all(nodes.map((n) => n.ask({ op: 'status' })))
      return s.every((x) => x.writable && x.indexers === N && x.settled)
    }, 120_000)
    // What a node spends doing nothing (its timers, the replication's keep-alives), per second.
    await Promise.all(nodes.map((n) => n.ask({ op: 'mark' })))
    await sleep(3000)
    const idle = median((await Promise.all(nodes.map((n) => n.ask({ op: 'status' })))).map((s) => s.cpu / 3))
    const times: number[] = []
    const cpuMax: number[] = []
    const cpuSum: number[] = []
    const writes: number[] = []
    const kinds: string[] = []
    const writesOf = async () => (await Promise.all(nodes.map((n) => n.ask({ op: 'status' })))).reduce((sum, s) => sum + s.writes, 0)
    const kindsOf = async () => {
      const sum = { respond: 0, lead: 0, sign: 0 }
      for (const s of await Promise.all(nodes.map((n) => n.ask({ op: 'status' }))))
        for (const k of ['respond', 'lead', 'sign'] as const) sum[k] += s.kinds?.[k] ?? 0
      return sum
    }
    for (let r = 0; r < ROUNDS; r++) {
      const before = await writesOf()
      const k0 = await kindsOf()
      await Promise.all(nodes.map((n) => n.ask({ op: 'mark' }).then(() => n.ask({ op: 'watch', r }))))
      const t0 = Date.now()
      await nodes[r % N]!.ask({ op: 'append', r })
      const ok = await until('confirmed on all', async () => nodes.every((n) => n.confirmations.some((c) => c.confirmed === r)), LIMIT_MS).then(() => true, () => false)
      if (!ok) {
        times.push(Infinity)
        break
      }
      const mine = nodes.map((n) => n.confirmations.find((c) => c.confirmed === r)!)
      times.push((Math.max(...mine.map((c) => c.at)) - t0) / 1000)
      cpuMax.push(Math.max(...mine.map((c) => c.cpu)))
      cpuSum.push(mine.reduce((s, c) => s + c.cpu, 0))
      await sleep(300)
      writes.push((await writesOf()) - before - 1)
      const k1 = await kindsOf()
      kinds.push((['respond', 'lead', 'sign'] as const).map((k) => k1[k] - k0[k]).join('/'))
    }
    return { times, cpuMax, cpuSum, writes, kinds, idle }
  } finally {
    await Promise.all(nodes.map((n) => n.ask({ op: 'close' }).catch(() => {})))
    for (const n of nodes) n.child.kill()
    await rm(root, { recursive: true, force: true })
  }
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)
const median = (xs: number[]) => (xs.length ? sorted(xs)[Math.floor(xs.length / 2)]! : NaN)

console.log(`${N} Autobase indexers, one process each, loopback TCP, ${ROUNDS} entries (wall s; ${os.availableParallelism()} cores; load ${load()})`)
console.log('| acks by | append → confirmed on all: median | min | max | CPU s per node per entry: max node (median) | all nodes summed (median) | writes per entry (median) | load after |')
console.log('|-|-:|-:|-:|-:|-:|-:|-|')
for (const mode of MODES) {
  const { times, cpuMax, cpuSum, writes, kinds, idle } = await measure(mode)
  console.log(`  ${mode}: ${times.map((t) => t.toFixed(2)).join(' ')}`)
  console.log(`  acks by the pacers per entry (respond/lead/sign): ${kinds.join(' ')}; a node idle: ${idle.toFixed(3)} CPU s per s`)
  console.log(`| ${mode} | ${median(times).toFixed(2)} | ${sorted(times)[0]!.toFixed(2)} | ${sorted(times).at(-1)!.toFixed(2)} | ${median(cpuMax).toFixed(3)} | ${median(cpuSum).toFixed(2)} | ${median(writes)} | ${load()} |`)
}
