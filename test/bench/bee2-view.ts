// A hyperbee2 view for the view bench (issue 14, item 3): npm `hyperbee2` is a B-tree whose
// blocks hold many keys, so one apply call's writes become a few blocks instead of one block
// per key. It is not a dependency of the project; the bench loads it from a scratch install
// (BENCH_BEE2_DIR=/dir with node_modules/hyperbee2) and skips these runs without one.
//
// The adapter gives hyperbee2 the shape core/network/hyperbee-store.ts's ApplyStore uses of a
// Hyperbee batch (get, put, del, createReadStream, flush, close; values as JSON text), so the
// ledger and the apply path run unchanged: `view.batch()` is all applyNodes calls on the view.
//
// Reorders: hyperbee2 keeps decoded tree nodes in a cache keyed by core, seq and offset and its
// root in memory; neither knows truncation. After a truncate the same seq holds another block,
// so the cache is emptied and the root read again from the core's new tip.
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { decodeKey, encodeKey } from '../../core/network/key-codec.ts'

interface Bee2Node {
  key: Uint8Array
  value: Uint8Array
}

interface Bee2Write {
  tryPut(key: Uint8Array, value: Uint8Array): void
  tryDelete(key: Uint8Array): void
  flush(): Promise<void>
}

export interface Bee2 {
  core: { length: number; on(event: string, listener: (...args: unknown[]) => void): void }
  cache: { empty(): void }
  ready(): Promise<void>
  update(): void
  get(key: Uint8Array): Promise<Bee2Node | null>
  write(): Bee2Write
  createReadStream(range: Record<string, unknown>): AsyncIterable<Bee2Node>
}

type Bee2Class = new (store: unknown, options: Record<string, unknown>) => Bee2

/** hyperbee2 from BENCH_BEE2_DIR's node_modules, or null. */
export function loadBee2(dir = process.env.BENCH_BEE2_DIR): Bee2Class | null {
  if (!dir) return null
  try {
    return createRequire(join(dir, 'package.json'))('hyperbee2') as Bee2Class
  } catch {
    return null
  }
}

const text = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf-8')

/** One apply call's batch: reads see the view as it was; writes go into one write at flush. */
class Bee2Batch {
  private readonly ops: Array<[Uint8Array, Uint8Array | null]> = []

  constructor(private readonly bee: Bee2) {}

  async get(key: string): Promise<{ key: string; value: string } | null> {
    const node = await this.bee.get(encodeKey(key))
    return node === null ? null : { key, value: text(node.value) }
  }

  async put(key: string, value: string): Promise<void> {
    this.ops.push([encodeKey(key), Buffer.from(value, 'utf-8')])
  }

  async del(key: string): Promise<void> {
    this.ops.push([encodeKey(key), null])
  }

  async *createReadStream(range: Record<string, unknown>): AsyncIterable<{ key: string; value: string }> {
    const bee2Range: Record<string, unknown> = {}
    for (const [name, bound] of Object.entries(range)) bee2Range[name] = typeof bound === 'string' ? encodeKey(bound) : bound
    for await (const node of this.bee.createReadStream(bee2Range)) yield { key: decodeKey(node.key), value: text(node.value) }
  }

  async flush(): Promise<void> {
    if (this.ops.length === 0) return
    const write = this.bee.write()
    for (const [key, value] of this.ops) {
      if (value === null) write.tryDelete(key)
      else write.tryPut(key, value)
    }
    await write.flush()
  }

  async close(): Promise<void> {
    this.ops.length = 0
  }
}

/** What applyNodes and the bench need of a view, over a hyperbee2. */
export class Bee2View {
  constructor(readonly bee: Bee2) {
    // See the header: a truncated core invalidates the node cache and the root.
    bee.core.on('truncate', () => {
      bee.cache.empty()
      bee.update()
    })
    // The public view's root follows the core (the apply view's moves with its writes; during
    // one, update() leaves the root to the write).
    bee.core.on('append', () => bee.update())
  }

  get core() {
    return this.bee.core
  }

  batch(): Bee2Batch {
    return new Bee2Batch(this.bee)
  }

  async get(key: string): Promise<{ key: string; value: unknown } | null> {
    const node = await this.bee.get(encodeKey(key))
    return node === null ? null : { key, value: JSON.parse(text(node.value)) }
  }
}

/**
 * Autobase's `open` for a hyperbee2 view named 'view'. The apply view writes (its root moves
 * with its own write batches); the public view follows appends to the core.
 */
export function openBee2(Bee2: Bee2Class, cacheSize?: number, trace?: (core: number, seq: number) => void, blockCache = 0) {
  return (store: { get(name: string): unknown }) => {
    const core = store.get('view') as CacheableCore
    const options: Record<string, unknown> = { core }
    if (cacheSize !== undefined) options.maxCacheSize = cacheSize
    if (trace !== undefined) options.trace = trace
    const bee = new Bee2(store, options)
    if (blockCache > 0) cacheBlocks(core, (bee as unknown as { context: BlockSource }).context, blockCache)
    return new Bee2View(bee)
  }
}

interface CacheableCore {
  on(event: string, listener: (...args: unknown[]) => void): void
}

interface BlockSource {
  getBlock(seq: number, core: number, config: unknown): Promise<unknown>
}

/**
 * A cache of the view's decoded blocks, least recently used out first, emptied on truncate.
 * hyperbee2 reads a node's keys from the blocks they were written in, one storage read,
 * decryption and decoding of the whole block per key, and keeps no blocks itself. (An
 * experiment: it replaces an internal method of hyperbee2 2.14's CoreContext.)
 */
function cacheBlocks(core: CacheableCore, context: BlockSource, size: number): void {
  const blocks = new Map<string, Promise<unknown>>()
  const getBlock = context.getBlock.bind(context)
  context.getBlock = (seq, coreIndex, config) => {
    const id = `${coreIndex}@${seq}`
    let block = blocks.get(id)
    if (block !== undefined) {
      blocks.delete(id)
    } else {
      block = getBlock(seq, coreIndex, config)
      block.catch(() => blocks.delete(id))
    }
    blocks.set(id, block)
    if (blocks.size > size) blocks.delete(blocks.keys().next().value!)
    return block
  }
  core.on('truncate', () => blocks.clear())
}
