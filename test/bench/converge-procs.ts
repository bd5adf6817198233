// Convergence after a partition heals, one process per writer (issue 14, item 1). The
// in-process bench (converge.ts) runs every device in one process, so its wall time adds up
// N devices' work and grows as N² even when each device's own work grows as N. Here each
// device is its own process (test/bench/converge-device.ts) replicating over loopback TCP, and
// each reports its own CPU time from the heal until the whole network holds every entry with
// one digest: the cost one device would pay on a machine of its own. The wall time is printed
// too, but on a machine with fewer cores than devices it measures the queue for the cores.
//
// Same shape as converge.ts: the founder (the only indexer) adds every device as a writer; the
// network splits into two stars (even devices around the founder, odd ones around device 1);
// each writes BENCH_CONVERGE_WRITES entries while apart; then the two hubs connect again.
//
//   BENCH_CONVERGE=5,20,50 node --import tsx test/bench/converge-procs.ts
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const deviceScript = fileURLToPath(new URL('./converge-device.ts', import.meta.url))
const now = () => Number(process.hrtime.bigint()) / 1e9
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Status {
  seq: number
  digest: string | null
  writable: boolean
  cpu: number
  rss: number
}

/** A device process and a request/answer channel to it. */
class Device {
  private next = 0
  private waiting = new Map<number, { resolve: (a: any) => void; reject: (e: Error) => void }>()
  port = 0
  writerKey = ''
  private constructor(readonly child: ChildProcess) {
    child.on('message', (m: { id?: number; answer?: unknown; error?: string }) => {
      const w = m.id === undefined ? undefined : this.waiting.get(m.id)
      if (!w) return
      this.waiting.delete(m.id!)
      if (m.error) w.reject(new Error(m.error))
      else w.resolve(m.answer)
    })
    child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`device exited with ${code}`))
      this.waiting.clear()
    })
  }

  static async start(): Promise<Device> {
    const child = fork(deviceScript, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve())
      child.once('exit', (code) => reject(new Error(`device exited with ${code} before it was ready`)))
    })
    return new Device(child)
  }

  ask<T = Record<string, unknown>>(command: Record<string, unknown>): Promise<T> {
    const id = this.next++
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      this.child.send({ id, command })
    })
  }

  status(): Promise<Status> {
    return this.ask<Status>({ op: 'status' })
  }
}

async function until(what: string, ok: () => Promise<boolean>, limit: number): Promise<void> {
  const start = now()
  while (!(await ok())) {
    if (now() - start > limit) throw new Error(`gave up waiting for ${what} after ${limit} s`)
    await sleep(200)
  }
}

export interface ProcessConvergence {
  writers: number
  entries: number
  heal: number
  cpuMax: number
  cpuMedian: number
  hubCpu: number
  rssMax: number
}

export async function timeProcessConvergence(writers: number, writes: number, limit = 1800): Promise<ProcessConvergence> {
  const root = await mkdtemp(join(os.tmpdir(), 'stachanov-converge-procs-'))
  const devices: Device[] = []
  try {
    for (let i = 0; i < writers; i++) devices.push(await Device.start())
    const founder = devices[0]!
    const opened = await founder.ask<{ port: number; writerKey: string; key: string; encryptionKey: string }>({ op: 'open', dir: join(root, 'w0') })
    founder.port = opened.port
    founder.writerKey = opened.writerKey
    await Promise.all(devices.slice(1).map(async (device, i) => {
      const answer = await device.ask<{ port: number; writerKey: string }>({ op: 'open', dir: join(root, `w${i + 1}`), join: { key: opened.key, encryptionKey: opened.encryptionKey } })
      device.port = answer.port
      device.writerKey = answer.writerKey
    }))

    // Setup: a star around the founder, which adds every other device as a writer.
    for (const device of devices.slice(1)) await device.ask({ op: 'connect', port: founder.port })
    await founder.ask({ op: 'add-writers', keys: devices.slice(1).map((d) => d.writerKey) })
    await until('every device writable', async () => (await Promise.all(devices.map((d) => d.status()))).every((s) => s.writable), limit)
    const settled = (await founder.status()).seq
    await until('every device to hold the setup', async () => (await Promise.all(devices.map((d) => d.status()))).every((s) => s.seq === settled), limit)
    await Promise.all(devices.map((d) => d.ask({ op: 'disconnect' })))

    // Apart: two stars, each device writes its entries.
    const hubB = devices[1]!
    const sideA = devices.filter((_, i) => i % 2 === 0)
    const sideB = devices.filter((_, i) => i % 2 === 1)
    for (const device of sideA.slice(1)) await device.ask({ op: 'connect', port: founder.port })
    for (const device of sideB.slice(1)) await device.ask({ op: 'connect', port: hubB.port })
    await Promise.all(devices.map((d, i) => d.ask({ op: 'write', prefix: `w${i}`, count: writes })))
    await until('each side to hold its own entries', async () => {
      const a = await Promise.all(sideA.map((d) => d.status()))
      const b = await Promise.all(sideB.map((d) => d.status()))
      return a.every((s) => s.seq === settled + sideA.length * writes) && b.every((s) => s.seq === settled + sideB.length * writes)
    }, limit)

    // Heal: every device starts counting its CPU, then the hubs meet.
    const total = settled + writers * writes
    await Promise.all(devices.map((d) => d.ask({ op: 'mark' })))
    const t0 = now()
    await hubB.ask({ op: 'connect', port: founder.port })
    let last: Status[] = []
    await until('every device to converge', async () => {
      last = await Promise.all(devices.map((d) => d.status()))
      return last.every((s) => s.seq === total) && new Set(last.map((s) => s.digest)).size === 1
    }, limit)
    const heal = now() - t0
    const cpus = last.map((s) => s.cpu).sort((a, b) => a - b)
    return {
      writers,
      entries: writers * writes,
      heal,
      cpuMax: cpus[cpus.length - 1]!,
      cpuMedian: cpus[Math.floor(cpus.length / 2)]!,
      hubCpu: Math.max(last[0]!.cpu, last[1]!.cpu),
      rssMax: Math.max(...last.map((s) => s.rss))
    }
  } finally {
    await Promise.all(devices.map((d) => d.ask({ op: 'close' }).catch(() => {})))
    for (const d of devices) d.child.kill()
    await rm(root, { recursive: true, force: true })
  }
}

export async function runProcessConvergeBench(counts = (process.env.BENCH_CONVERGE ?? '5,20,50').split(',').map(Number), writes = Number(process.env.BENCH_CONVERGE_WRITES ?? 10)): Promise<void> {
  console.log(`\n## Convergence after a partition heals, one process per writer (toy apply, ${writes} entries per writer while apart, loopback TCP, ${os.availableParallelism()} cores)\n`)
  console.log('| writers | entries while apart | heal → one digest, wall s | CPU s per device, median | max | of a hub | CPU s per writer (max / N) | RSS MB per device, max | load |')
  console.log('|--:|--:|--:|--:|--:|--:|--:|--:|---|')
  for (const n of counts) {
    try {
      const r = await timeProcessConvergence(n, writes)
      console.log(`| ${n} | ${r.entries} | ${r.heal.toFixed(1)} | ${r.cpuMedian.toFixed(2)} | ${r.cpuMax.toFixed(2)} | ${r.hubCpu.toFixed(2)} | ${(r.cpuMax / n).toFixed(3)} | ${Math.round(r.rssMax / 2 ** 20)} | ${load()} |`)
    } catch (error) {
      console.log(`| ${n} | | failed: ${(error as Error).message} | | | | | | ${load()} |`)
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runProcessConvergeBench()
