// The network benchmark, on real disks, with real signed transactions: one collective of the
// scenario actors writing a product definition now and then and otherwise workloads in one
// running production (every entry is accepted).
//
// (a) Apply throughput. The same transaction bytes, appended 100 at a time, to
//       raw Autobase whose apply does nothing (the floor: Autobase itself),
//       NetworkBase with a no-op ledger (Autobase + core/network's apply, empty batches),
//       NetworkBase with the real Ledger (what a node does), without and with the flush
//       that makes each append durable (the default),
//     each timed from the first append until the view holds every entry. Goal: the real
//     Ledger at ≥ 40 % of raw, in the same run. For the breakdown: the Ledger alone on a
//     MemoryStore, and the Ledger on a MemoryStore inside raw Autobase's apply (everything
//     but the view's writes). Then submits one entry per append, as node.submit does, by one
//     submitter and by 8 at once (durable appends landing together share a flush).
// (b) Catch-up. A fresh node joins a peer that holds N transactions, over loopback TCP
//     (DirectPeers: Noise, the membership check), timed until its view has the peer's digest,
//     then until it holds every block of the network's cores (a full local copy); beside it,
//     plain Hypercore replication of the same cores into an empty Corestore. Goal: within 2×.
//
// Env: BENCH_APPLY (entries for a, default 10,000), BENCH_CATCHUP (entries for b, default
// 100,000 as the goal says: building the source and catching up take ~10 minutes on a 2-core
// machine; BENCH_CATCHUP=10000 for a quick look), BENCH_BATCH (entries per append, default 100).
//
//   node --import tsx test/bench/network.ts     (alone; npm run bench runs it after the others)
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import Autobase from 'autobase'
import Corestore from 'corestore'
import Hyperbee from 'hyperbee'
import type Hypercore from 'hypercore'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import * as queries from '../../core/ledger/queries.ts'
import type { KeyValueStore } from '../../core/ledger/store.ts'
import type { LedgerEntry, Outcome } from '../../core/ledger/types.ts'
import { NetworkBase, type ApplyEntry } from '../../core/network/base.ts'
import { DirectPeers } from '../../core/network/direct.ts'
import {
  CORESTORE_DIR,
  DEVICE_FILE,
  secureDir,
  writeSecretJson,
  writerKeyOf
} from '../../core/network/keys.ts'
import { Membership } from '../../core/network/membership.ts'
import { hash } from '../../core/protocol/crypto.ts'
import { decodeEntry } from '../../core/protocol/decode.ts'
import { encodeTransaction } from '../../core/protocol/encoding.ts'
import { createTransaction, signTransaction } from '../../core/protocol/sign.ts'
import type { Body, TxType } from '../../core/protocol/types.ts'
import { collectiveActor, walletActor } from '../../core/scenario/actors.ts'

const APRIL = Date.UTC(2026, 3, 1, 6)
const mill = collectiveActor('Bench Mill')
const WALLETS = Array.from({ length: 100 }, (_, i) => walletActor(`bench worker ${i}`).key)
/** Every how many entries a product definition replaces a workload. */
const DEFINE_EVERY = 20

const fmt = (x: number) => Math.round(x).toLocaleString('en-US')
const seconds = () => Number(process.hrtime.bigint()) / 1e9
const pct = (x: number) => `${(x * 100).toFixed(0)}%`

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    '| ' +
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') +
    ' |'
  const rule = '|' + widths.map((w, i) => '-'.repeat(w + 1) + (i === 0 ? '-' : ':')).join('|') + '|'
  return [line(head), rule, ...rows.map(line)].join('\n')
}

/** The transaction id the ledger will see. */
function idOfEntry(bytes: Buffer): string {
  const decoded = decodeEntry(bytes)
  if (!decoded.ok) throw new Error(`bench entry does not decode: ${decoded.reason}`)
  return decoded.id
}

/**
 * `n` signed entries of the Bench Mill, written by the device with writer key `writerKey`:
 * its registration, a product, an order to itself, an estimate, the production's start, then
 * workloads, with a product definition every DEFINE_EVERY entries.
 */
export function buildLog(writerKey: string, n: number): Buffer[] {
  let time = APRIL
  const entry = <T extends TxType>(type: T, body: Body<T>) =>
    encodeTransaction(
      signTransaction(
        createTransaction({ type, body, time: (time += 1000), signers: [mill.id] }),
        mill.identity
      )
    )
  const product = entry('product.define', { name: 'Bench flour', unit: 'kg', kind: 'consumable' })
  const order = entry('order.place', {
    producer: mill.id,
    product: idOfEntry(product),
    quantity: '1000000'
  })
  const estimate = entry('estimate.publish', {
    order: idOfEntry(order),
    minutes: String(1000n * 1_000_000n)
  })
  const start = entry('production.start', { estimate: idOfEntry(estimate) })
  const out = [
    entry('collective.register', { name: 'Bench Mill', roles: ['producer'], devices: [writerKey] }),
    product,
    order,
    estimate,
    start
  ]
  const production = idOfEntry(start)
  for (let i = out.length; i < n; i++) {
    if (i % DEFINE_EVERY === 0)
      out.push(
        entry('product.define', { name: `Bench product ${i}`, unit: 'piece', kind: 'consumable' })
      )
    else
      out.push(
        entry('production.workload', {
          production,
          wallet: WALLETS[i % WALLETS.length]!,
          minutes: String(1_000_000 + i),
          performedAt: time - 500
        })
      )
  }
  return out.slice(0, n)
}

/** The writer key of the Bench Mill's device: the one every bench dir uses. */
const BENCH_WRITER = writerKeyOf(mill.device.publicKey)

/** A data dir whose device is the Bench Mill's device, so every run appends the same bytes. */
async function benchDir(root: string, name: string): Promise<string> {
  const dir = join(root, name)
  await secureDir(dir)
  await writeSecretJson(join(dir, DEVICE_FILE), {
    version: 1,
    publicKey: mill.device.publicKey.toString('hex'),
    secretKey: mill.device.secretKey.toString('hex')
  })
  return dir
}

const realLedger: ApplyEntry = (store: KeyValueStore, entry: LedgerEntry) =>
  new Ledger(store).apply(entry)
const noLedger: ApplyEntry = async () =>
  ({ seq: 0, id: null, type: null, status: 'accepted', effects: [], digest: '' }) as Outcome

/**
 * No ledger, but one view key per entry, as any ledger needs at least (a transaction must be
 * found by its id, to refuse it twice): keyed by a hash of the entry (where the ledger's
 * `tx/<id>` keys land in the tree) or by its position (like `log/<seq>`). With the record a
 * ledger would store there. What these cost is the ceiling of any ledger on this view.
 */
function oneKeyPerEntry(keyOf: (bytes: Uint8Array, seq: number) => string): ApplyEntry {
  let seq = 0
  return async (store, entry) => {
    const key = keyOf(entry.bytes, seq++)
    await store.put(key, {
      id: key.slice(-64),
      type: 'production.workload',
      status: 'accepted',
      writer: entry.writer,
      seq
    })
    return noLedger(store, entry)
  }
}
const randomKey = () => oneKeyPerEntry((bytes) => `tx/${hash(bytes).toString('hex')}`)
const sequentialKey = () => oneKeyPerEntry((_, seq) => `log/${String(seq).padStart(12, '0')}`)

async function appendAll(
  append: (batch: Buffer[]) => Promise<unknown>,
  log: Buffer[],
  batch: number
): Promise<void> {
  for (let i = 0; i < log.length; i += batch) await append(log.slice(i, i + batch))
}

/** Raw Autobase with the given apply, timed from the first append until every entry is applied. */
async function timeAutobase(
  root: string,
  name: string,
  log: Buffer[],
  batch: number,
  encryptionKey: Buffer,
  apply: (nodes: Array<{ value: Buffer; from: { key: Buffer } }>, view: any) => Promise<void>,
  open: (store: any) => unknown
): Promise<{ seconds: number; viewBlocks: number; viewBytes: number; digest: unknown }> {
  const store = new Corestore(join(await benchDir(root, name), CORESTORE_DIR))
  let applied = 0
  const base = new Autobase(store.session(), BENCH_WRITER, {
    keyPair: mill.device,
    encryptionKey,
    open,
    apply: async (nodes: any[], view: any) => {
      await apply(nodes, view)
      applied += nodes.length
    }
  } as any)
  await base.ready()
  const t0 = seconds()
  await appendAll((b) => base.append(b), log, batch)
  while (applied < log.length) await base.update()
  const elapsed = seconds() - t0
  const view = base.view as any
  const result = {
    seconds: elapsed,
    viewBlocks: view?.core?.length ?? 0,
    viewBytes: view?.core?.byteLength ?? 0,
    digest: view instanceof Hyperbee ? (await view.get('meta/digest'))?.value : undefined
  }
  await base.close()
  await store.close()
  return result
}

/** NetworkBase (a node's copy of the network) with `applyEntry`, timed like timeAutobase. */
async function timeNetworkBase(
  root: string,
  name: string,
  log: Buffer[],
  applyEntry: ApplyEntry,
  batch: number,
  durable: boolean
) {
  let applied = 0
  const base = await NetworkBase.open({
    dir: await benchDir(root, name),
    create: true,
    durable,
    applyEntry: (store, entry) => {
      applied++
      return applyEntry(store, entry)
    }
  })
  if (base.writerKey !== BENCH_WRITER.toString('hex'))
    throw new Error('the bench dir did not keep the bench device')
  const t0 = seconds()
  await appendAll((b) => base.append(b), log, batch)
  while (applied < log.length) await base.update()
  return { base, seconds: seconds() - t0 }
}

/** A TCP loopback pair, connected. */
async function loopback(): Promise<{ server: net.Socket; client: net.Socket; close(): void }> {
  const listener = net.createServer()
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve))
  const accepted = new Promise<net.Socket>((resolve) => listener.once('connection', resolve))
  const client = net.connect((listener.address() as net.AddressInfo).port, '127.0.0.1')
  const server = await accepted
  for (const socket of [client, server]) socket.setNoDelay(true)
  return {
    server,
    client,
    close() {
      client.destroy()
      server.destroy()
      listener.close()
    }
  }
}

interface CoreInfo {
  name: string
  key: Buffer
  length: number
  bytes: number
}

/** The network's cores on `base`: its writer core, the system core and the view core. */
function coresOf(base: NetworkBase): CoreInfo[] {
  const cores: Array<[string, { key: Buffer; length: number; byteLength: number }]> = [
    ['writer', base.autobase.local],
    ['system', (base.autobase.system as unknown as { core: Hypercore }).core],
    ['view', base.view.core]
  ]
  return cores.map(([name, core]) => ({
    name,
    key: core.key,
    length: core.length,
    bytes: core.byteLength
  }))
}

/** Downloads every block of `cores` into `store` (from whatever it replicates with). */
async function downloadAll(store: Corestore, cores: CoreInfo[]): Promise<void> {
  await Promise.all(
    cores.map(async ({ key, length }) => {
      const core = store.get({ key })
      await core.ready()
      while (core.length < length) await core.update({ wait: true })
      await core.download({ start: 0, end: length }).done()
      await core.close()
    })
  )
}

/** A fresh node joins `source` over loopback TCP: time to its digest, then to a full copy. */
async function timeCatchUp(root: string, source: NetworkBase, cores: CoreInfo[]) {
  const want = await queries.digest(source.reader())
  let applied = 0
  const fresh = await NetworkBase.open({
    dir: join(root, 'fresh'),
    join: {
      key: source.key.toString('hex'),
      encryptionKey: source.encryptionKey.toString('hex'),
      introducers: [source.deviceKeyPair.publicKey.toString('hex')]
    },
    applyEntry: (store, entry) => {
      applied++
      return realLedger(store, entry)
    }
  })
  // The source lets the newcomer's device in (as pairing would); the newcomer trusts its
  // introducer until it has the view.
  const sourceMembership = new Membership(source)
  await sourceMembership.refresh()
  sourceMembership.admit(fresh.deviceKeyPair.publicKey.toString('hex'), 60 * 60_000)
  const freshMembership = new Membership(fresh)
  const listener = new DirectPeers(source, sourceMembership, {
    listen: { port: 0, host: '127.0.0.1' }
  })
  await listener.start()
  const dialer = new DirectPeers(fresh, freshMembership, {
    peers: [`127.0.0.1:${listener.address()!.port}`],
    retryMs: 100
  })
  const t0 = seconds()
  await dialer.start()
  for (;;) {
    const got = await queries.digest(fresh.reader())
    if (got.length === want.length && got.digest === want.digest) break
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const toDigest = seconds() - t0
  const localBefore = fresh.view.core.contiguousLength
  await downloadAll(fresh.corestore, cores)
  const toFull = seconds() - t0
  const sameView = fresh.view.core.key.equals(cores.find((c) => c.name === 'view')!.key)
  await dialer.destroy()
  await listener.destroy()
  sourceMembership.close()
  freshMembership.close()
  await fresh.close()
  return { toDigest, toFull, applied, localBefore, sameView }
}

/** Plain Hypercore replication of `cores` from `source` into an empty Corestore, over loopback TCP. */
async function timeRawReplication(
  root: string,
  source: Corestore,
  cores: CoreInfo[]
): Promise<number> {
  const store = new Corestore(join(root, 'raw-replica'))
  await store.ready()
  const pair = await loopback()
  const t0 = seconds()
  const [a, b] = [source.replicate(false), store.replicate(true)]
  pair.server.pipe(a).pipe(pair.server)
  pair.client.pipe(b).pipe(pair.client)
  await downloadAll(store, cores)
  const elapsed = seconds() - t0
  pair.close()
  await store.close()
  return elapsed
}

async function applyThroughput(root: string, n: number, batch: number): Promise<void> {
  console.log(`\n## Network (a): apply throughput, ${fmt(n)} entries appended ${batch} at a time\n`)
  const log = buildLog(BENCH_WRITER.toString('hex'), n)

  // Warm up (JIT, caches) on a short run first, so that the first measured run is not the cold one.
  const warmup = await timeNetworkBase(
    root,
    'warmup',
    log.slice(0, Math.min(n, 1000)),
    realLedger,
    batch,
    false
  )
  await warmup.base.close()

  const memory = new Ledger(new MemoryStore())
  const m0 = seconds()
  for (const bytes of log) {
    const outcome = await memory.apply({ bytes, writer: BENCH_WRITER.toString('hex') })
    if (outcome.status !== 'accepted')
      throw new Error(
        `bench entry ${outcome.seq} was ${outcome.status}: ${outcome.code} ${outcome.reason}`
      )
  }
  const memorySeconds = seconds() - m0
  const expected = await memory.digest()

  const ledger = await timeNetworkBase(root, 'ledger', log, realLedger, batch, false)
  const encryptionKey = ledger.base.encryptionKey
  const state = await queries.digest(ledger.base.reader())
  if (state.digest !== expected || state.length !== n)
    throw new Error('the node reached another state than the in-memory ledger')
  const view = { blocks: ledger.base.view.core.length, bytes: ledger.base.view.core.byteLength }
  const logBytes = log.reduce((s, b) => s + b.byteLength, 0)
  await ledger.base.close()
  const durable = await timeNetworkBase(root, 'durable', log, realLedger, batch, true)
  await durable.base.close()
  // The fast runs are short, so noise weighs more: the best of three counts.
  const noop = { seconds: Infinity }
  const raw = { seconds: Infinity }
  const oneRandom = { seconds: Infinity }
  const oneSequential = { seconds: Infinity }
  for (let i = 0; i < 3; i++) {
    const run = await timeNetworkBase(root, `noop-${i}`, log, noLedger, batch, false)
    await run.base.close()
    noop.seconds = Math.min(noop.seconds, run.seconds)
    for (const [name, applyEntry, best] of [
      ['random', randomKey, oneRandom],
      ['sequential', sequentialKey, oneSequential]
    ] as const) {
      const keyed = await timeNetworkBase(root, `${name}-${i}`, log, applyEntry(), batch, false)
      await keyed.base.close()
      best.seconds = Math.min(best.seconds, keyed.seconds)
    }
    const plain = await timeAutobase(
      root,
      `raw-${i}`,
      log,
      batch,
      encryptionKey,
      async () => {},
      (store) => store.get('view')
    )
    raw.seconds = Math.min(raw.seconds, plain.seconds)
  }
  // Everything but the view's writes: the Ledger on a MemoryStore, inside raw Autobase's apply.
  const memoryStore = new MemoryStore()
  const inApply = await timeAutobase(
    root,
    'memory-in-apply',
    log,
    batch,
    encryptionKey,
    async (nodes) => {
      for (const node of nodes)
        await realLedger(memoryStore, { bytes: node.value, writer: node.from.key.toString('hex') })
    },
    (store) => store.get('view')
  )
  if ((await queries.digest(memoryStore)).digest !== expected)
    throw new Error('the Ledger inside raw Autobase reached another state')

  const row = (name: string, s: number, extra = '') => [
    name,
    s.toFixed(2),
    fmt(n / s),
    ((s / n) * 1e6).toFixed(0),
    pct(raw.seconds / s),
    extra
  ]
  console.log(
    table(
      ['run (same bytes)', 's', 'entries/s', 'µs/entry', 'of raw', 'view blocks/entry'],
      [
        row('raw Autobase, no-op apply (a), best of 3', raw.seconds),
        row('NetworkBase, no-op ledger, best of 3', noop.seconds),
        row('  + one view key per entry, by hash (no ledger), best of 3', oneRandom.seconds, '1.0'),
        row(
          '  + one view key per entry, in order (no ledger), best of 3',
          oneSequential.seconds,
          '1.0'
        ),
        row('NetworkBase, real Ledger (b)', ledger.seconds, (view.blocks / n).toFixed(1)),
        row('  same, durable appends (default)', durable.seconds),
        row('breakdown: Ledger alone on MemoryStore', memorySeconds),
        row('breakdown: Ledger on MemoryStore inside raw apply', inApply.seconds)
      ]
    )
  )
  // One entry per append, as node.submit does it: by one submitter at a time, and by 8 at once
  // (their appends become one Autobase batch, and durable ones share a storage flush).
  const singles = log.slice(0, Math.min(n, 300))
  const singlesMemory = new MemoryStore()
  for (const bytes of singles)
    await realLedger(singlesMemory, { bytes, writer: BENCH_WRITER.toString('hex') })
  const singlesDigest = (await queries.digest(singlesMemory)).digest
  const submits: string[][] = []
  for (const concurrency of [1, 8]) {
    for (const durable of [false, true]) {
      const run = await timeSubmits(root, singles, durable, concurrency)
      if (run.digest !== singlesDigest) throw new Error('the submits reached another state')
      submits.push([
        `${concurrency === 1 ? 'one submitter' : `${concurrency} submitters at once`}, ${durable ? 'durable (the default)' : 'not durable'}`,
        run.seconds.toFixed(2),
        fmt(singles.length / run.seconds),
        ((run.seconds / singles.length) * 1e3).toFixed(2),
        fmt(run.flushes)
      ])
    }
  }
  console.log(
    `\n${table([`${fmt(singles.length)} single-entry appends, real Ledger`, 's', 'entries/s', 'ms/entry', 'flushes'], submits)}`
  )

  const ratio = raw.seconds / ledger.seconds
  const us = (seconds: number) => fmt((seconds / n) * 1e6)
  console.log(
    `\nratio b / a = ${ratio.toFixed(3)} (goal ≥ 0.40): ${ratio >= 0.4 ? 'goal met' : 'below goal'};` +
      ` the goal means ≤ ${us(raw.seconds / 0.4)} µs/entry in all, against ${us(ledger.seconds)} here.` +
      ` Per entry: Autobase itself ${us(raw.seconds)} µs,` +
      ` core/network's apply around the ledger ${us(Math.max(0, noop.seconds - raw.seconds))},` +
      ` the Ledger's own work inside apply ${us(Math.max(0, inApply.seconds - raw.seconds))} (alone: ${us(memorySeconds)}),` +
      ` the view's reads and writes (ApplyStore, Hyperbee, Autobase's view core, storage) ${us(Math.max(0, ledger.seconds - inApply.seconds))}` +
      ` for ${(view.blocks / n).toFixed(1)} view blocks.` +
      ` The view holds ${(view.bytes / logBytes).toFixed(1)}× the log's bytes (${fmt(view.bytes / n)} B/entry against ${fmt(logBytes / n)} B).` +
      `\nCeiling: writing nothing but one view key per entry (a Hyperbee block each) runs at` +
      ` ${pct(raw.seconds / oneRandom.seconds)} of raw keyed by hash, ${pct(raw.seconds / oneSequential.seconds)} in order` +
      (raw.seconds / oneRandom.seconds < 0.4
        ? `: a ledger that keeps one tree key per transaction id in this view stays below 40 % before its own reads, writes and signature checks.`
        : '.')
  )
}

/** `log` submitted one entry per append by `concurrency` submitters at once, on NetworkBase. */
async function timeSubmits(root: string, log: Buffer[], durable: boolean, concurrency: number) {
  const base = await NetworkBase.open({
    dir: await benchDir(root, `submits-${concurrency}-${durable}`),
    create: true,
    durable,
    applyEntry: realLedger
  })
  const db = base.corestore.storage.db
  const flush = db.flush.bind(db)
  let flushes = 0
  db.flush = () => {
    flushes++
    return flush()
  }
  const t0 = seconds()
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < log.length) await base.append(log[next++]!)
    })
  )
  const elapsed = seconds() - t0
  const { digest } = await queries.digest(base.reader())
  await base.close()
  return { seconds: elapsed, flushes, digest }
}

async function catchUp(root: string, n: number, batch: number): Promise<void> {
  console.log(
    `\n## Network (b): a fresh node catching up ${fmt(n)} entries from a peer over loopback TCP\n`
  )
  const log = buildLog(BENCH_WRITER.toString('hex'), n)
  const built = await timeNetworkBase(root, 'source', log, realLedger, batch, false)
  const source = built.base
  try {
    // The founder is the network's only indexer: what it applied is signed, and a fresh node
    // fast-forwards to it instead of applying every entry.
    await source.autobase.ack()
    const cores = coresOf(source)
    const fresh = await timeCatchUp(root, source, cores)
    const raw = await timeRawReplication(root, source.corestore, cores)
    const blocks = cores.reduce((s, c) => s + c.length, 0)
    const bytes = cores.reduce((s, c) => s + c.bytes, 0)
    console.log(
      table(
        ['run', 's', 'entries/s', 'vs raw'],
        [
          [
            `raw Hypercore replication of the 3 cores (${fmt(blocks)} blocks, ${(bytes / 1e6).toFixed(1)} MB)`,
            raw.toFixed(2),
            fmt(n / raw),
            '1.00×'
          ],
          [
            `fresh node: same digest (${fresh.applied < n ? `fast-forward, ${fmt(fresh.applied)} entries applied` : 'applied every entry'})`,
            fresh.toDigest.toFixed(2),
            fmt(n / fresh.toDigest),
            `${(fresh.toDigest / raw).toFixed(2)}×`
          ],
          [
            'fresh node: then every block of the 3 cores local',
            fresh.toFull.toFixed(2),
            fmt(n / fresh.toFull),
            `${(fresh.toFull / raw).toFixed(2)}×`
          ]
        ]
      )
    )
    console.log(
      `\ncores: ${cores.map((c) => `${c.name} ${fmt(c.length)} blocks ${(c.bytes / 1e6).toFixed(1)} MB`).join(', ')}.` +
        ` At its digest the fresh node held ${fmt(fresh.localBefore)} view blocks${fresh.sameView ? '' : ' (of another view core!)'}; the source took ${built.seconds.toFixed(1)} s to build.`
    )
    const slower = fresh.toFull / raw
    console.log(
      `full catch-up / raw = ${slower.toFixed(2)}× (goal ≤ 2×): ${slower <= 2 ? 'goal met' : 'above goal'}${n < 100_000 ? ' (the goal is about 100,000)' : ''}.`
    )
  } finally {
    await source.close()
  }
}

export async function runNetworkBench(): Promise<void> {
  const batch = Number(process.env.BENCH_BATCH ?? 100)
  const root = await mkdtemp(join(tmpdir(), 'stachanov-bench-'))
  try {
    await applyThroughput(root, Number(process.env.BENCH_APPLY ?? 10_000), batch)
    await catchUp(root, Number(process.env.BENCH_CATCHUP ?? 100_000), batch)
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await runNetworkBench()
