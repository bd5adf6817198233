// Does a hyperbee2 view (bee2-view.ts) survive Autobase's reorders and a reopen? Two indexers,
// A and B, write while apart; when they meet, each device's view is truncated back to where
// they parted and the merged order applied on top. Each apply reads and writes the view (a
// running count, one record per entry, a range over the records), so a stale node or root after
// the truncation would show as a wrong count or a missing record. Then B is closed and reopened
// from disk, appends once more, and must agree with A again.
//
//   BENCH_BEE2_DIR=/dir/with/hyperbee2 node --import tsx test/bench/bee2-reorder.ts
import type { ApplyNode, ViewStore } from 'autobase'
import Autobase from 'autobase'
import Corestore from 'corestore'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream'
import { type Bee2View, loadBee2, openBee2 } from './bee2-view.ts'

const Bee2 = loadBee2()
if (Bee2 === null) throw new Error('set BENCH_BEE2_DIR to a directory with node_modules/hyperbee2')
const open = openBee2(Bee2, 64, undefined, 64)

async function apply(nodes: ApplyNode[], view: Bee2View, host: { addWriter(key: Buffer, o: { indexer: boolean }): Promise<void> }) {
  const batch = view.batch()
  let count = Number((await batch.get('count'))?.value ?? '0')
  const written: string[] = []
  for (const node of nodes) {
    const value = JSON.parse(node.value!.toString()) as { add?: string; text?: string }
    if (value.add !== undefined) {
      await host.addWriter(Buffer.from(value.add, 'hex'), { indexer: true })
      continue
    }
    count++
    const key = `rec/${value.text}`
    written.push(key)
    await batch.put(key, JSON.stringify(count))
  }
  // A range over what the view held before this call: must be count - written.length records.
  let seen = 0
  for await (const row of batch.createReadStream({ gte: 'rec/', lt: 'rec0' })) if (row) seen++
  if (seen !== count - written.length) throw new Error(`view read ${seen} records, its count says ${count - written.length}`)
  await batch.put('count', JSON.stringify(count))
  await batch.flush()
}

function base(store: Corestore, key: Buffer | null) {
  return new Autobase<Bee2View>(store, key, {
    open: open as unknown as (s: ViewStore) => Bee2View,
    apply: (nodes, view, host) => apply(nodes, view, host as never),
    valueEncoding: 'binary',
    ackInterval: 50
  })
}

function connect(a: Autobase<Bee2View>, b: Autobase<Bee2View>): () => void {
  const s1 = a.replicate(true)
  const s2 = b.replicate(false)
  pipeline(s1, s2, s1, () => {})
  return () => {
    s1.destroy()
    s2.destroy()
  }
}

/** Waits until every device's view counts `n` entries (a count of n - 1 or n + 1 would hang). */
async function settle(n: number, ...bases: Array<Autobase<Bee2View>>) {
  let counts: unknown[] = []
  for (let round = 0; round < 100; round++) {
    for (const b of bases) await b.update()
    counts = await Promise.all(bases.map(async (b) => (await b.view.get('count'))?.value))
    if (counts.every((c) => c === n)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`counts ${counts.join(', ')} after 10 s, ${n} entries`)
}

async function records(b: Autobase<Bee2View>): Promise<string[]> {
  const out: string[] = []
  for await (const row of b.view.batch().createReadStream({ gte: 'rec/', lt: 'rec0' })) out.push(row.key)
  return out
}

const dir = await mkdtemp(join(os.tmpdir(), 'bee2-reorder-'))
let truncations = 0
try {
  const storeA = new Corestore(join(dir, 'a'))
  let storeB = new Corestore(join(dir, 'b'))
  const a = base(storeA, null)
  await a.ready()
  let b = base(storeB, a.key)
  await b.ready()
  let disconnect = connect(a, b)
  await a.append(Buffer.from(JSON.stringify({ add: b.local.key.toString('hex') })))
  await b.waitForWritable()
  for (const x of [a, b]) x.view.core.on('truncate', () => truncations++)

  let n = 0
  for (let round = 0; round < 5; round++) {
    disconnect()
    // Apart: both write, each applies its own entries first.
    for (let i = 0; i < 40; i++) {
      await a.append(Buffer.from(JSON.stringify({ text: `a${round}-${i}` })))
      await b.append(Buffer.from(JSON.stringify({ text: `b${round}-${i}` })))
      n += 2
    }
    await Promise.all([a.update(), b.update()])
    disconnect = connect(a, b)
    await settle(n, a, b)
    const [ra, rb] = [await records(a), await records(b)]
    if (ra.length !== n || ra.join() !== rb.join()) throw new Error(`records differ: ${ra.length} and ${rb.length} of ${n}`)
  }
  console.log(`${n} entries in 5 partitions, ${truncations} view truncations: counts and records agree on both devices`)

  disconnect()
  await b.close()
  await storeB.close()
  storeB = new Corestore(join(dir, 'b'))
  b = base(storeB, a.key)
  await b.ready()
  await b.append(Buffer.from(JSON.stringify({ text: 'after-reopen' })))
  n++
  disconnect = connect(a, b)
  await settle(n, a, b)
  const [ra, rb] = [await records(a), await records(b)]
  if (ra.length !== n || ra.join() !== rb.join()) throw new Error(`after reopen, records differ: ${ra.length} and ${rb.length} of ${n}`)
  console.log(`after B's reopen: ${n} entries and records agree on both devices`)
  disconnect()
  await a.close()
  await b.close()
  await storeA.close()
  await storeB.close()
} finally {
  await rm(dir, { recursive: true, force: true })
}
