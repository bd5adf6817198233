// NetworkBase on real disks: creating and reopening a network, keys on disk, writers added by
// the ledger's effects, garbage and a throwing ledger not stalling apply. Peers are joined by
// piping replication streams in-process (the swarm has its own tests).
import { readdir, stat, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { NetworkBase, WRITE_BUFFER_SIZE, type ApplyErrorEvent, type ViewChange } from '../../core/network/base.ts'
import { CORESTORE_DIR, writerKeyOf } from '../../core/network/keys.ts'
import { connect, tempDirs, waitFor } from './helpers.ts'
import { addWriter, put, removeWriter, toyApply } from './toy-ledger.ts'

const dirs = tempDirs()
const open: NetworkBase[] = []

afterEach(async () => {
  for (const base of open.splice(0)) await base.close().catch(() => {})
  await dirs.cleanup()
})

async function create(): Promise<NetworkBase> {
  const base = await NetworkBase.open({
    dir: await dirs.make('base'),
    applyEntry: toyApply,
    create: true
  })
  open.push(base)
  return base
}

async function joinOf(first: NetworkBase): Promise<NetworkBase> {
  const base = await NetworkBase.open({
    dir: await dirs.make('base'),
    applyEntry: toyApply,
    join: { key: first.config.key, encryptionKey: first.config.encryptionKey }
  })
  open.push(base)
  return base
}

const get = (base: NetworkBase, key: string) => base.reader().get(key)

describe('NetworkBase', () => {
  it('creates a network, applies entries to the Hyperbee view and reopens it from disk', async () => {
    const dir = await dirs.make('base')
    const base = await NetworkBase.open({ dir, applyEntry: toyApply, create: true })
    expect(base.writable).toBe(true)
    expect(base.key.toString('hex')).toBe(base.writerKey)
    expect(writerKeyOf(base.deviceKeyPair.publicKey).toString('hex')).toBe(base.writerKey)

    await base.append(put('a', { n: 1 }))
    await base.append([put('b', 2), put('c', 3)])
    expect(await get(base, 'data/a')).toEqual({ n: 1 })
    expect(await get(base, 'data/c')).toBe(3)
    expect(await get(base, 'seq')).toBe(3)
    const digest = await get(base, 'digest')
    await base.close()

    const again = await NetworkBase.open({ dir, applyEntry: toyApply })
    open.push(again)
    expect(again.key.toString('hex')).toBe(base.key.toString('hex'))
    expect(await get(again, 'digest')).toBe(digest)
    await again.append(put('d', 4))
    expect(await get(again, 'seq')).toBe(4)
  })

  it('closes with its memtable flushed, so the next open replays no write-ahead log', async () => {
    const dir = await dirs.make('base')
    const db = join(dir, CORESTORE_DIR, 'db')
    /** Bytes of RocksDB's write-ahead log: what the next open would read back and flush. */
    const walBytes = async () => {
      let total = 0
      for (const file of await readdir(db)) if (file.endsWith('.log')) total += (await stat(join(db, file))).size
      return total
    }
    // Not durable: nothing flushes before close, as on a node whose entries come from peers.
    const base = await NetworkBase.open({ dir, applyEntry: toyApply, create: true, durable: false })
    for (let i = 0; i < 20; i++) await base.append(put(`k${i}`, i))
    expect(await get(base, 'seq')).toBe(20)
    expect(await walBytes()).toBeGreaterThan(0)
    await base.close()
    expect(await walBytes()).toBe(0)
    // The memtable (and so the most an open replays after a kill) is the size asked for.
    const options = (await readdir(db)).filter((f) => f.startsWith('OPTIONS-')).sort().at(-1)!
    const text = await readFile(join(db, options), 'utf8')
    const corestore = text.slice(text.indexOf('[CFOptions "corestore"]'))
    expect(corestore).toMatch(new RegExp(`\\bwrite_buffer_size=${WRITE_BUFFER_SIZE}\\b`))

    const again = await NetworkBase.open({ dir, applyEntry: toyApply })
    open.push(again)
    expect(await get(again, 'seq')).toBe(20)
    expect(await get(again, 'data/k19')).toBe(19)
  })

  it('keeps its keys in 0600 files inside a 0700 dir, and refuses to open without a network', async () => {
    const base = await create()
    expect((await stat(base.dir)).mode & 0o777).toBe(0o700)
    for (const file of ['device.json', 'network.json']) {
      expect((await stat(join(base.dir, file))).mode & 0o777).toBe(0o600)
    }
    const network = JSON.parse(await readFile(join(base.dir, 'network.json'), 'utf-8'))
    expect(network.key).toBe(base.key.toString('hex'))
    expect(network.encryptionKey).toBe(base.encryptionKey.toString('hex'))

    await expect(
      NetworkBase.open({ dir: await dirs.make('empty'), applyEntry: toyApply })
    ).rejects.toMatchObject({ code: 'NO_NETWORK' })
  })

  it('adds a device as writer when the ledger asks, and both converge to the same digest', async () => {
    const a = await create()
    const b = await joinOf(a)
    expect(b.writable).toBe(false)
    await expect(b.append(put('x', 1))).rejects.toMatchObject({ code: 'NOT_WRITABLE' })
    const disconnect = connect(a, b)

    await a.append(addWriter(b.writerKey))
    await b.waitForWritable(20_000)
    await b.append(put('from-b', true))
    await a.append(put('from-a', true))

    await waitFor('both to apply 3 entries', async () => {
      await Promise.all([a.update(), b.update()])
      return (await get(a, 'seq')) === 3 && (await get(b, 'seq')) === 3
    })
    expect(await get(a, 'digest')).toBe(await get(b, 'digest'))
    expect(await get(a, 'data/from-b')).toBe(true)
    const writers = await a.writers()
    expect(writers.map((w) => w.key).sort()).toEqual([a.writerKey, b.writerKey].sort())
    expect(writers.find((w) => w.key === b.writerKey)?.isIndexer).toBe(false)
    expect(writers.find((w) => w.key === a.writerKey)?.isIndexer).toBe(true)
    disconnect()
  })

  it('removes a writer when the ledger asks, but never the last indexer', async () => {
    const a = await create()
    const b = await joinOf(a)
    const disconnect = connect(a, b)
    await a.append(addWriter(b.writerKey))
    await b.waitForWritable(20_000)
    await a.append(removeWriter(a.writerKey)) // the only indexer: ignored
    await a.append(removeWriter(b.writerKey))
    await waitFor('b to lose its writer status', () => !b.writable)
    expect((await a.writers()).map((w) => w.key)).toEqual([a.writerKey])
    expect(a.writable).toBe(true)
    disconnect()
  })

  it('rejects garbage and survives a throwing ledger without closing the base', async () => {
    const base = await create()
    const errors: ApplyErrorEvent[] = []
    base.on('apply-error', (event) => errors.push(event))
    await base.append(Buffer.from([0xff, 0x00, 0x13]))
    await base.append(Buffer.from('{"op":"throw"}'))
    await base.append(addWriter('not-a-key'))
    await base.append(put('after', 1))
    expect(await get(base, 'data/after')).toBe(1)
    expect(await get(base, 'seq')).toBe(3) // the throwing entry left no trace
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ stage: 'ledger', writer: base.writerKey })
    expect(base.autobase.closing).toBeFalsy()
  })

  it('resolves a durable append only after a flush that began once it landed; concurrent appends share flushes', async () => {
    const base = await create()
    const events: string[] = []
    const db = base.corestore.storage.db
    const flush = db.flush.bind(db)
    let began = () => {}
    db.flush = async () => {
      events.push('flush start')
      began()
      // A slow disk: appends land while a flush runs.
      await new Promise((resolve) => setTimeout(resolve, 50))
      await flush()
      events.push('flush end')
    }
    const append = base.autobase.append.bind(base.autobase)
    base.autobase.append = async (value: Parameters<typeof append>[0]) => {
      const result = await append(value)
      events.push(`landed ${JSON.parse(String(value)).key}`)
      return result
    }
    // Three waves of four concurrent appends, each wave started as the previous one's flush
    // begins: its appends land while that flush runs (slowed down above).
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}`)
    const done: Array<Promise<void>> = []
    for (let w = 0; w < 3; w++) {
      const flushBegins = new Promise<void>((resolve) => (began = resolve))
      const wave = keys.slice(w * 4, w * 4 + 4).map((key) =>
        base.append(put(key, keys.indexOf(key))).then(() => {
          events.push(`resolved ${key}`)
        })
      )
      done.push(...wave)
      await Promise.race([flushBegins, Promise.all(wave)])
    }
    await Promise.all(done)
    const flushes = events.filter((e) => e === 'flush start').length
    expect(flushes).toBeGreaterThan(0)
    expect(flushes).toBeLessThanOrEqual(3) // one per wave
    for (const key of keys) {
      const landed = events.indexOf(`landed ${key}`)
      const resolved = events.indexOf(`resolved ${key}`)
      const start = events.indexOf('flush start', landed)
      expect(start).toBeGreaterThan(landed)
      expect(events.indexOf('flush end', start)).toBeLessThan(resolved)
    }
    for (const key of keys) expect(await get(base, `data/${key}`)).toBe(keys.indexOf(key))
  })

  it('reports view changes and reads the signed view', async () => {
    const base = await create()
    const changes: ViewChange[] = []
    base.on('update', (change) => changes.push(change))
    await base.append(put('a', 1))
    await base.append(put('b', 2))
    await waitFor('an update event', () => changes.length > 0)
    expect(changes.at(-1)!.length).toBe(base.view.core.length)
    // A lone indexer signs its own appends: the signed view holds everything.
    await waitFor(
      'the view to be signed',
      () => base.view.core.signedLength === base.view.core.length
    )
    const signed = base.signedReader()
    expect(await signed.store.get('data/b')).toBe(2)
    await signed.close()
  })
})
