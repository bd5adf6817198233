// SIGKILL at random moments during writes (issue 13 part 3). A node in a child process writes
// into a real data directory on disk (kill-writer.ts) and prints each transaction it was told
// is saved; it is killed with SIGKILL after a random delay drawn from a seed, mostly while it
// writes and one time in ten while it opens (recovering from the kill before; a kill meant for
// the opening that lands after it is tried again on the next one). After each
// kill this process reopens the directory as the app does and checks:
//   - it opens (no STORE_LOST, DATA_DIR_IN_USE or other refusal of its own leftovers);
//   - every acknowledged transaction is in the view, accepted;
//   - the view is consistent: PROTOCOL §9's whole-state invariants hold, and replaying the
//     log the view holds on a fresh ledger gives the view's own digest;
//   - at most one transaction per kill was saved without having been acknowledged.
//
//   node --import tsx test/storage/kills.ts [--kills 100] [--seed 1] [--json out.json]
// test/storage/kills.test.ts runs a few of them inside npm test; docs/reliability.md records 100.
import { spawn } from 'node:child_process'
import { build } from 'esbuild'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import * as queries from '../../core/ledger/queries.ts'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import { checkState } from '../unit/properties/invariants.ts'
import { Prng } from '../sim/prng.ts'
import { withOutcome } from '../../core/ledger/log-record.ts'
import type { StoredLogRecord } from '../../core/ledger/keys.ts'

const WRITER_SOURCE = fileURLToPath(new URL('./kill-writer.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface KillOptions {
  kills: number
  seed: number
  /** The longest random wait after the writer's first acknowledgement before the kill (ms). */
  writeMs?: number
  log?: (line: string) => void
}

export interface KillFigures {
  kills: number
  /** Kills that came while the node was still opening. */
  duringOpen: number
  acknowledged: number
  /** Acknowledged transactions missing from the view after a restart. */
  lost: number
  /** Transactions in the view that were never acknowledged (written as the kill came). */
  unacknowledged: number
  entries: number
  violations: string[]
  ms: number
}

export async function runKills(options: KillOptions): Promise<KillFigures> {
  const started = Date.now()
  const log = options.log ?? (() => {})
  const rng = new Prng(options.seed)
  const writeMs = options.writeMs ?? 1500
  const dir = await mkdtemp(join(tmpdir(), 'stachanov-kills-'))
  // The writer as one JavaScript file inside the project (so that it finds node_modules): a
  // child starts in half the time it takes through tsx, which on a loaded machine is most of
  // a kill's cost.
  const writer = join(ROOT, '.scratch', `kill-writer-${process.pid}.mjs`)
  await build({
    entryPoints: [WRITER_SOURCE],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: writer,
    logLevel: 'error'
  })
  const figures: KillFigures = {
    kills: 0,
    duringOpen: 0,
    acknowledged: 0,
    lost: 0,
    unacknowledged: 0,
    entries: 0,
    violations: [],
    ms: 0
  }
  try {
    const { production, product, setup } = await setUp(dir)
    const acked = new Set<string>()
    // The shortest opening seen so far: a delay drawn below it lands while the node opens.
    let openMs: number | null = null
    // A kill meant for the opening can land after it (the drawn delay outlived a fast open):
    // then the next kill tries the opening again, the moment it starts.
    let missedOpening = false
    for (let k = 0; k < options.kills; k++) {
      const whileOpening: boolean = k % 10 === 3 || missedOpening
      const openDelay = !whileOpening
        ? null
        : missedOpening
          ? 0
          : rng.int(Math.max(1, Math.floor((openMs ?? 300) / 2)))
      const run = await writeAndKill(
        writer,
        dir,
        [production, product, String(k * 10_000)],
        openDelay,
        rng.int(writeMs)
      )
      missedOpening = whileOpening && run.opened
      if (run.openMs !== null) openMs = Math.min(openMs ?? Infinity, run.openMs)
      figures.kills++
      if (!run.opened) figures.duringOpen++
      for (const id of run.acked) acked.add(id)
      const found = await check(dir, acked)
      if (run.hung)
        found.problems.push(
          `the writer was still ${run.opened ? 'without an acknowledgement' : 'opening'} after ${LIMIT_MS / 1000} s`
        )
      figures.lost = found.lost.length
      figures.entries = found.entries
      figures.unacknowledged = found.accepted - acked.size - setup
      if (figures.unacknowledged > figures.kills)
        found.problems.push(
          `${figures.unacknowledged} transactions were saved unacknowledged after ${figures.kills} kills (at most one per kill)`
        )
      const line = `kill ${k + 1}: ${run.opened ? `after ${run.acked.length} acks` : 'while opening'}; ${acked.size} acknowledged, ${found.lost.length} lost, ${found.entries} entries${found.problems.length ? `: ${found.problems.join('; ')}` : ''}`
      log(line)
      figures.violations.push(...found.problems.map((p) => `kill ${k + 1}: ${p}`))
      if (found.lost.length > 0)
        figures.violations.push(
          `kill ${k + 1}: lost ${found.lost.map((id) => id.slice(0, 8)).join(', ')}`
        )
      if (figures.violations.length > 0) break
    }
    figures.acknowledged = acked.size
  } finally {
    await rm(dir, { recursive: true, force: true })
    await rm(writer, { force: true })
    figures.ms = Date.now() - started
  }
  return figures
}

/** Founds a collective with a running production, in this process. */
async function setUp(dir: string): Promise<{ production: string; product: string; setup: number }> {
  const node = await CollectiveNode.open({ dir, swarm: false, council: false })
  try {
    await node.outcome((await node.create({ name: 'Night bakery', roles: ['producer'] })).id)
    const product = await node.submit('product.define', {
      name: 'Rolls',
      unit: 'piece',
      kind: 'consumable'
    })
    const order = await node.submit('order.place', {
      producer: node.identity!.id,
      product: product.id,
      quantity: '1000'
    })
    const estimate = await node.submit('estimate.publish', {
      order: order.id,
      minutes: '1000000000'
    })
    const production = await node.submit('production.start', { estimate: estimate.id })
    if ((await node.outcome(production.id)).status !== 'accepted')
      throw new Error('the production did not start')
    return { production: production.id, product: product.id, setup: 5 }
  } finally {
    await node.close()
  }
}

interface Run {
  acked: string[]
  /** Whether the kill came after the node was open (and writing). */
  opened: boolean
  openMs: number | null
  /** Killed by the time limit rather than at its drawn moment. */
  hung: boolean
}

/** A writer that has not been killed by then is killed anyway and reported. */
const LIMIT_MS = 600_000

/** Starts the writer and kills it `openDelay` ms after it starts opening, or `writeDelay` ms after its first acknowledgement. */
async function writeAndKill(
  writer: string,
  dir: string,
  args: string[],
  openDelay: number | null,
  writeDelay: number
): Promise<Run> {
  const child = spawn(process.execPath, [writer, dir, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal }))
  )
  const run: Run = { acked: [], opened: false, openMs: null, hung: false }
  const lines = createInterface({ input: child.stdout! })
  const drained = new Promise<void>((resolve) => lines.once('close', resolve))
  let timer: NodeJS.Timeout | undefined
  const kill = () => child.kill('SIGKILL')
  let opening = 0
  lines.on('line', (line) => {
    if (line === 'opening') {
      // Counted from here, past the process's own start-up: the kill lands in the data
      // directory's recovery (CollectiveNode.open), not in loading modules.
      opening = Date.now()
      if (openDelay !== null) timer = setTimeout(kill, openDelay)
    } else if (line === 'ready') {
      run.opened = true
      run.openMs = Date.now() - opening
    } else if (line.startsWith('ack ')) {
      // The clock starts at the first acknowledgement, so that the kill comes while it
      // writes however slow the machine is (on a loaded one, a first append takes seconds).
      if (openDelay === null && run.acked.length === 0) timer = setTimeout(kill, writeDelay)
      run.acked.push(line.slice(4))
    }
  })
  // A writer that hangs is killed too, and said so.
  const limit = setTimeout(() => {
    run.hung = true
    kill()
  }, LIMIT_MS)
  const { signal, code } = await exited
  clearTimeout(timer)
  clearTimeout(limit)
  await drained
  if (signal !== 'SIGKILL')
    throw new Error(`the writer ended by itself (${code ?? signal}): ${stderr}`)
  return run
}

interface Found {
  lost: string[]
  accepted: number
  entries: number
  problems: string[]
}

/** Reopens the data directory as the app does and checks what it holds. */
async function check(dir: string, acked: Set<string>): Promise<Found> {
  let node: CollectiveNode
  try {
    node = await CollectiveNode.open({ dir, swarm: false, council: false })
  } catch (error) {
    const e = error as Error & { code?: string }
    return {
      lost: [...acked],
      accepted: 0,
      entries: 0,
      problems: [`the data directory did not reopen: ${e.code ?? e.name}: ${e.message}`]
    }
  }
  try {
    await node.requireBase().update()
    const problems: string[] = []
    const view = new MemoryStore()
    const ops = []
    for await (const [key, value] of node.store().range({}))
      ops.push({ type: 'put' as const, key, value })
    await view.batch(ops)
    try {
      checkState(view)
    } catch (error) {
      problems.push(`§9: ${(error as Error).message}`)
    }
    const status = new Map<string, string>()
    for (const [, value] of view.entries({ gte: 'log/', lt: 'log/\uffff' })) {
      const record = withOutcome(value as unknown as StoredLogRecord)
      if (record.id !== null) status.set(record.id, record.status)
    }
    const lost = [...acked].filter((id) => !status.has(id))
    const refused = [...acked].filter((id) => status.has(id) && status.get(id) !== 'accepted')
    if (refused.length > 0)
      problems.push(
        `acknowledged but not accepted: ${refused.map((id) => id.slice(0, 8)).join(', ')}`
      )
    const accepted = [...status.values()].filter((s) => s === 'accepted').length
    // The view is what its log makes: replay the log it holds on a fresh ledger. The entries
    // come from the node's own store: `log/<seq>` keeps an entry's place in its writer core,
    // which only the node can read (a copy of the view's keys holds no entries).
    const replayed = new MemoryStore()
    for (let seq = 0; ; seq++) {
      const record = await queries.entryAt(node.store(), seq)
      if (record === undefined) break
      const bytes =
        'text' in record ? Buffer.from(record.text, 'utf8') : Buffer.from(record.base64, 'base64')
      await new Ledger(replayed).apply({ bytes, writer: record.writer })
    }
    const [mine, theirs] = [await queries.digest(view), await queries.digest(replayed)]
    if (mine.digest !== theirs.digest || mine.length !== theirs.length)
      problems.push(
        `the view's digest ${mine.digest.slice(0, 12)} (${mine.length}) is not its log's replayed ${theirs.digest.slice(0, 12)} (${theirs.length})`
      )
    return { lost, accepted, entries: mine.length, problems }
  } finally {
    await node.close()
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      kills: { type: 'string', default: '100' },
      seed: { type: 'string', default: '1' },
      json: { type: 'string' }
    }
  })
  const figures = await runKills({
    kills: Number(values.kills),
    seed: Number(values.seed),
    log: (line) => console.log(line)
  })
  console.log(
    `\n${figures.kills} kills (${figures.duringOpen} while opening), ${figures.acknowledged} acknowledged, lost ${figures.lost}, ${figures.unacknowledged} saved unacknowledged, ${figures.entries} entries, violations ${figures.violations.length}, ${(figures.ms / 1000).toFixed(0)} s`
  )
  for (const v of figures.violations) console.log(`VIOLATION ${v}`)
  if (values.json) await writeFile(values.json, JSON.stringify(figures, null, 2) + '\n')
  process.exitCode = figures.violations.length > 0 ? 1 : 0
}
