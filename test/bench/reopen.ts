// Reopening a node that holds a long log (issue 14): the time and memory from a fresh process
// to a node that answers queries, split by step, after each way the last session can end.
//
// A real NetworkBase (Autobase over a Corestore on disk, encrypted, the ledger in apply) is
// filled with the bench mix (test/bench/ledger.ts) in a child process, which then ends in one
// of three ways:
//   kill      SIGKILL once every entry is applied (a crash, or the app killed)
//   unflushed Autobase and Corestore closed without a storage flush, as NetworkBase.close did
//             before issue 14: RocksDB keeps its write-ahead log then, exactly as after a kill
//   close     NetworkBase.close, as a node closes now (it flushes the memtable first)
// with RocksDB's memtable at hypercore-storage's 64 MiB (before) or WRITE_BUFFER_SIZE (now).
// The filling node is durable: false, like a node whose entries come from its peers (its own
// appends would each flush the memtable).
// Then a fresh child reopens it (NetworkBase.open with its `trace` steps), waits for the first
// update, reads the digest, the writers and the newest log page, and checks that the digest
// and length are the ones the filling process last read: nothing applied was lost.
//
// The mix's entries name 12 collectives' devices, but one device appends them all: each entry
// is the writer key the mix gave it followed by its bytes, and the bench's applyEntry hands the
// ledger the bytes as written by that key (the same trick as test/bench/scale.ts's nodes).
//
//   BENCH_REOPEN_N=4000,16000 node --import tsx test/bench/reopen.ts
//   (BENCH_REOPEN_CASES=unflushed-64,kill-64,kill-16,close-16 picks the cases; BENCH_REOPEN_REPEAT
//   reopens each state that many times, from the same files, default 3; BENCH_REOPEN_KEEP=dir
//   keeps the dirs)
import { spawnSync } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Ledger } from '../../core/ledger/ledger.ts'
import * as queries from '../../core/ledger/queries.ts'
import { NetworkBase, WRITE_BUFFER_SIZE, type ApplyEntry, type OpenStep } from '../../core/network/base.ts'
import { CORESTORE_DIR } from '../../core/network/keys.ts'
import { WRITER_FILE } from '../../core/network/writer-record.ts'
import * as views from '../../core/node/views.ts'
import { VerifyPool } from '../../core/protocol/verify-pool.ts'
import { buildMix } from './ledger.ts'

type Ending = 'kill' | 'unflushed' | 'close'
const MiB = 2 ** 20
/** Each case: how the filling session ends, and the memtable size both sessions use. */
const CASES: Record<string, { ending: Ending; writeBufferSize: number; label: string }> = {
  'unflushed-64': { ending: 'unflushed', writeBufferSize: 64 * MiB, label: 'before: closed without a flush, 64 MiB memtable' },
  'kill-64': { ending: 'kill', writeBufferSize: 64 * MiB, label: 'before: killed, 64 MiB memtable' },
  'kill-16': { ending: 'kill', writeBufferSize: WRITE_BUFFER_SIZE, label: `now: killed, ${WRITE_BUFFER_SIZE / MiB} MiB memtable` },
  'close-16': { ending: 'close', writeBufferSize: WRITE_BUFFER_SIZE, label: `now: NetworkBase.close, ${WRITE_BUFFER_SIZE / MiB} MiB memtable` }
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US')
const ms = (start: number) => performance.now() - start
const mb = (bytes: number) => bytes / 2 ** 20
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ')
const CALL = 250

/** The ledger, handed each entry as written by the device key in its first 32 bytes. */
function benchNode(pool: VerifyPool): { applyEntry: ApplyEntry; verifyAhead: (entries: Uint8Array[]) => Promise<void> } {
  return {
    applyEntry: (store, entry) =>
      new Ledger(store, { verify: pool.verify }).apply({
        bytes: entry.bytes.subarray(32),
        writer: Buffer.from(entry.bytes.subarray(0, 32)).toString('hex')
      }),
    verifyAhead: (entries) => pool.aheadOfEntries(entries.map((e) => e.subarray(32)))
  }
}

interface Filled {
  entries: number
  digest: string
  length: number
  viewLength: number
  signedLength: number
  seconds: number
}

/** Child: fills a new node in `dir` with `n` entries of the mix, prints what it holds, then ends as told. */
async function fill(dir: string, n: number, ending: Ending, writeBufferSize: number): Promise<void> {
  const mix = buildMix(n)
  const pool = new VerifyPool()
  const base = await NetworkBase.open({ dir, create: true, durable: false, writeBufferSize, ...benchNode(pool) })
  const start = performance.now()
  const wrapped = mix.entries.map((e) => Buffer.concat([Buffer.from(e.writer, 'hex'), e.bytes]))
  for (let i = 0; i < wrapped.length; i += CALL) await base.append(wrapped.slice(i, i + CALL))
  await base.update()
  const { digest, length } = await queries.digest(base.reader())
  const filled: Filled = {
    entries: wrapped.length,
    digest,
    length,
    viewLength: base.view.core.length,
    signedLength: base.view.core.signedLength,
    seconds: ms(start) / 1000
  }
  console.log(JSON.stringify(filled))
  if (ending === 'kill') process.kill(process.pid, 'SIGKILL')
  if (ending === 'unflushed') {
    base.confirmWatch?.stop()
    await base.autobase.close()
    await base.corestore.close()
  } else await base.close()
  await pool.close()
}

/** The steps timed, in order: NetworkBase.open's, then the first update and queries. */
const STEPS = ['files', 'corestore', 'autobase', 'record', 'view', 'first update', 'digest', 'writers', 'log page']

interface Reopened {
  /** Bytes of write-ahead log this reopen left behind (filled in by the parent). */
  wal?: number
  steps: Array<[string, number]>
  total: number
  digest: string
  length: number
  writers: number
  logRows: number
  rssBefore: number
  rss: number
  maxRss: number
}

/** Child: reopens the node in `dir` as a fresh process would, timing each step. */
async function reopen(dir: string, writeBufferSize: number): Promise<void> {
  const pool = new VerifyPool()
  const rssBefore = process.memoryUsage().rss
  const steps: Array<[string, number]> = []
  const start = performance.now()
  let last = start
  const step = (name: string) => {
    const now = performance.now()
    steps.push([name, now - last])
    last = now
  }
  const base = await NetworkBase.open({ dir, durable: false, writeBufferSize, ...benchNode(pool), trace: (s: OpenStep) => step(s) })
  await base.view.ready()
  step('view')
  await base.update()
  step('first update')
  const { digest, length } = await queries.digest(base.reader())
  step('digest')
  const writers = (await base.writers()).length
  step('writers')
  const page = await views.log(base.reader(), { limit: 100 })
  step('log page')
  const reopened: Reopened = {
    steps,
    total: ms(start),
    digest,
    length,
    writers,
    logRows: page.entries.length,
    rssBefore,
    rss: process.memoryUsage().rss,
    maxRss: process.resourceUsage().maxRSS * 1024
  }
  await base.close()
  await pool.close()
  console.log(JSON.stringify(reopened))
}

/** Bytes of RocksDB's write-ahead log files in the node's Corestore: what an open replays. */
async function walBytes(dir: string): Promise<number> {
  const db = path.join(dir, CORESTORE_DIR, 'db')
  let total = 0
  for (const file of await readdir(db)) if (file.endsWith('.log')) total += (await stat(path.join(db, file))).size
  return total
}

function child(args: string[], allowKill = false): string {
  const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], { encoding: 'utf8', maxBuffer: 1 << 26 })
  if (run.status !== 0 && !(allowKill && run.signal === 'SIGKILL')) throw new Error(`${args[0]} failed (${run.status ?? run.signal}): ${run.stderr}`)
  return run.stdout.trim().split('\n').pop()!
}

export async function runReopenBench(
  sizes = (process.env.BENCH_REOPEN_N ?? '4000,16000').split(',').map(Number),
  cases = (process.env.BENCH_REOPEN_CASES ?? 'unflushed-64,kill-64,kill-16,close-16').split(','),
  repeat = Number(process.env.BENCH_REOPEN_REPEAT ?? 3)
): Promise<void> {
  console.log(`\n## Reopen of a node (NetworkBase: Autobase + Corestore on disk), fresh process; load ${load()} on ${os.availableParallelism()} cores\n`)
  const head = ['entries', 'last session', 'WAL MB', ...STEPS, `total ms: best (all ${repeat})`, 'RSS MB (before)', 'peak RSS MB', 'same digest', 'load']
  console.log(`| ${head.join(' | ')} |\n|${head.map((_, i) => (i < 2 ? '---' : '--:')).join('|')}|`)
  const notes: string[] = []
  for (const n of sizes) {
    for (const name of cases) {
      const { ending, writeBufferSize, label } = CASES[name]!
      const keep = process.env.BENCH_REOPEN_KEEP
      const dir = keep ? path.join(keep, `${n}-${name}`) : await mkdtemp(path.join(os.tmpdir(), 'stachanov-reopen-'))
      await rm(dir, { recursive: true, force: true })
      const filled = JSON.parse(child(['--fill', dir, String(n), ending, String(writeBufferSize)], ending === 'kill')) as Filled
      const wal = await walBytes(dir)
      // The files as the filling session left them, put back before each repetition: the
      // first reopen changes them (it replays and flushes the log), so every repetition
      // measures the same state. (Only RocksDB's files and writer.json: the device file that
      // tells a copied data directory from the original stays in place.)
      const db = path.join(dir, CORESTORE_DIR, 'db')
      await cp(db, `${dir}.db`, { recursive: true })
      const record = await readFile(path.join(dir, WRITER_FILE)).catch(() => null)
      const runs: Array<[Reopened, Reopened]> = []
      for (let i = 0; i < repeat; i++) {
        await rm(db, { recursive: true })
        await cp(`${dir}.db`, db, { recursive: true })
        if (record) await writeFile(path.join(dir, WRITER_FILE), record)
        else await rm(path.join(dir, WRITER_FILE), { force: true })
        // Twice: the second reopen follows the first one's close (NetworkBase.close).
        const first = JSON.parse(child(['--reopen', dir, String(writeBufferSize)])) as Reopened
        const walAfter = await walBytes(dir)
        const second = JSON.parse(child(['--reopen', dir, String(writeBufferSize)])) as Reopened
        runs.push([first, { ...second, wal: walAfter }])
      }
      for (const pass of [0, 1] as const) {
        const all = runs.map((run) => run[pass]).sort((a, b) => a.total - b.total)
        const r = all[0]!
        const same = all.every((x) => x.digest === filled.digest && x.length === filled.length)
        const stepMs = Object.fromEntries(r.steps)
        const cells = [
          fmt(n),
          pass === 0 ? label : 'then reopened and closed',
          mb(pass === 0 ? wal : (r.wal ?? 0)).toFixed(1),
          ...STEPS.map((s) => fmt(stepMs[s] ?? 0)),
          `**${fmt(r.total)}** (${all.map((x) => fmt(x.total)).join(', ')})`,
          `${fmt(mb(r.rss))} (${fmt(mb(r.rssBefore))})`,
          fmt(mb(Math.max(...all.map((x) => x.maxRss)))),
          same ? 'yes' : 'NO',
          load()
        ]
        console.log(`| ${cells.join(' | ')} |`)
      }
      if (!keep) await rm(`${dir}.db`, { recursive: true, force: true })
      notes.push(`${fmt(n)} entries, ${label}: filled in ${filled.seconds.toFixed(0)} s (${fmt(n / filled.seconds)} entries/s), view ${fmt(filled.viewLength)} blocks (${fmt(filled.signedLength)} signed)`)
      if (!keep) await rm(dir, { recursive: true, force: true })
    }
  }
  console.log(`\n${notes.join('\n')}`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, dir, ...rest] = process.argv.slice(2)
  if (mode === '--fill') await fill(dir!, Number(rest[0]), rest[1] as Ending, Number(rest[2]))
  else if (mode === '--reopen') await reopen(dir!, Number(rest[0]))
  else await runReopenBench()
}
