// The ledger benchmark: a realistic mix of signed transactions, built in advance, then
// (a) sodium-native alone verifying every signature of the mix (the least the ledger must
// do) and (b) the in-memory ledger applying the mix, both in transactions per second.
// A breakdown times the stages of decoding separately, on the same mix, to show where the
// ledger's time goes; what has landed in core is timed against what it replaced; other
// stores and verification ahead of the apply loop are measured beside core's.
import canonicalize from 'canonicalize'
import { readFileSync } from 'node:fs'
import sodium from 'sodium-native'
import BTreeModule from 'sorted-btree'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import type { BatchOp, Json, KeyValueStore, RangeOptions } from '../../core/ledger/store.ts'
import type { LedgerEntry } from '../../core/ledger/types.ts'
import type { Verifier } from '../../core/protocol/crypto.ts'
import { checkTransaction, decodeEntry, verifySignatures, type Decoded } from '../../core/protocol/decode.ts'
import { encodeTransaction, idOf, signingBytes, transactionId } from '../../core/protocol/encoding.ts'
import type { Transaction } from '../../core/protocol/envelope.ts'
import { createTransaction, signatureFor } from '../../core/protocol/sign.ts'
import { bodySchemas, type Body, type TxType } from '../../core/protocol/types.ts'
import { VerifyPool } from '../../core/protocol/verify-pool.ts'
import { collectiveActor, walletActor, type CollectiveActor, type WalletActor } from '../../core/scenario/actors.ts'

const MINUTE = 60_000
const APRIL = Date.UTC(2026, 3, 1, 6)
const MAY_REVISION = Date.UTC(2026, 4, 9)
const µ = (minutes: number) => String(BigInt(minutes) * 1_000_000n)

/** One signature of the mix: what crypto_sign_verify_detached gets. */
export interface SignatureCheck {
  message: Buffer
  signature: Buffer
  publicKey: Buffer
}

export interface Mix {
  entries: LedgerEntry[]
  signatures: SignatureCheck[]
  /** Entries by transaction type. */
  types: Map<string, number>
}

/**
 * Builds `n` entries: collectives register and trust each other, define products, then run
 * production cycles (order → estimate → start → collectivize → consume → workloads → output
 * → transfer to a shop with both signatures → dispatch), machines are allocated and worn,
 * April is closed by a final revision, and wallets claim their coupons and spend them at
 * the shops (wallet and dispatcher sign). Every entry is meant to be accepted.
 */
export function buildMix(n: number): Mix {
  const producers = Array.from({ length: 8 }, (_, i) => collectiveActor(`bench-producer-${i}`))
  const shops = Array.from({ length: 4 }, (_, i) => collectiveActor(`bench-shop-${i}`))
  const wallets = Array.from({ length: 300 }, (_, i) => walletActor(`bench-wallet-${i}`))
  const genesis = producers[0]!
  const entries: LedgerEntry[] = []
  const types = new Map<string, number>()
  const signatures: SignatureCheck[] = []
  let time = APRIL

  const emit = <T extends TxType>(type: T, body: Body<T>, signers: Array<CollectiveActor | WalletActor>, writer: CollectiveActor, at = (time += MINUTE)): string => {
    const keyOf = (s: CollectiveActor | WalletActor) => ('identity' in s ? s.identity : s.keyPair)
    const tx: Transaction<T> = createTransaction({ type, body, time: at, signers: signers.map((s) => keyOf(s).publicKey.toString('hex')) })
    const message = signingBytes(tx)
    for (const s of signers) {
      const pair = keyOf(s)
      const sig = signatureFor(tx, pair)
      tx.sigs[pair.publicKey.toString('hex')] = sig
      signatures.push({ message, signature: Buffer.from(sig, 'hex'), publicKey: pair.publicKey })
    }
    entries.push({ bytes: encodeTransaction(tx), writer: writer.deviceKey })
    types.set(type, (types.get(type) ?? 0) + 1)
    return transactionId(tx)
  }

  // Setup: registrations, trust (a chain of producers; every shop trusts every producer).
  for (const [i, c] of [...producers, ...shops].entries()) {
    const roles: Array<'producer' | 'dispatcher'> = i < producers.length ? ['producer'] : ['dispatcher']
    emit('collective.register', { name: `Bench ${i}`, roles, devices: [c.deviceKey] }, [c], genesis)
  }
  for (let i = 1; i < producers.length; i++) emit('trust.establish', { a: producers[i - 1]!.id, b: producers[i]!.id }, [producers[i - 1]!, producers[i]!], genesis)
  for (const shop of shops) for (const p of producers) emit('trust.establish', { a: p.id, b: shop.id }, [p, shop], p)
  const grain = emit('product.define', { name: 'grain', unit: 'kg', kind: 'consumable' }, [genesis], genesis)
  const bread = emit('product.define', { name: 'bread', unit: 'loaf', kind: 'consumable' }, [genesis], genesis)
  const oven = emit('product.define', { name: 'oven', unit: 'piece', kind: 'meansOfProduction', durability: String(5 * 365 * 24 * 60) }, [genesis], genesis)
  const ovens = producers.map((p) => `${emit('resource.collectivize', { product: oven, quantity: '1' }, [p], p)}:0`)

  // Production cycles until ~70% of the mix, then the revision, then claims, spends and
  // May's cycles in turn.
  const april: Array<{ id: string; wallet: WalletActor; producer: CollectiveActor }> = []
  const shopLots: Array<{ lot: string; quantity: number; shop: CollectiveActor }> = []
  let cycle = 0
  const runCycle = (performedAt: () => number, record: boolean) => {
    const p = producers[cycle % producers.length]!
    const shop = shops[cycle % shops.length]!
    const oven = ovens[cycle % producers.length]!
    cycle++
    const order = emit('order.place', { producer: p.id, product: bread, quantity: '100' }, [shop], shop)
    const estimate = emit('estimate.publish', { order, minutes: µ(600) }, [p], p)
    const production = emit('production.start', { estimate }, [p], p)
    const input = `${emit('resource.collectivize', { product: grain, quantity: '50' }, [p], p)}:0`
    emit('production.consume', { production, lot: input, quantity: '30' }, [p], p)
    emit('production.consume', { production, lot: input, quantity: '20' }, [p], p)
    emit('production.allocate', { production, lot: oven }, [p], p)
    for (let k = 0; k < 12; k++) {
      const wallet = wallets[(cycle * 12 + k) % wallets.length]!
      const id = emit('production.workload', { production, wallet: wallet.key, minutes: String(30_000_000 + ((cycle * 7 + k * 13) % 1000) * 1_000), performedAt: performedAt() }, [p], p)
      if (record) april.push({ id, wallet, producer: p })
    }
    emit('production.deallocate', { production, lot: oven, minutesUsed: '480' }, [p], p)
    const output = emit('production.output', { production, outputs: [{ product: bread, quantity: '100' }] }, [p], p)
    const lot = `${emit('resource.transfer', { lot: `${output}:0`, quantity: '100', to: shop.id, order }, [p, shop], p)}:0`
    emit('dispatch.record', { lot, quantity: '40' }, [shop], shop)
    shopLots.push({ lot, quantity: 60, shop })
  }
  const cycleSize = 24
  while (entries.length + cycleSize < n * 0.7) runCycle(() => time - 5 * MINUTE, true)
  time = Math.max(time, MAY_REVISION)
  const revision = emit('revision.final', { period: '2026-04' }, [], genesis)
  const claimed: Array<{ wallet: WalletActor; left: number }> = []
  let next = 0
  while (entries.length < n) {
    const room = n - entries.length
    if (room >= cycleSize && next % 8 === 7) {
      runCycle(() => time - 5 * MINUTE, false)
    } else if (next < april.length && (next % 3 !== 2 || claimed.length === 0)) {
      const w = april[next]!
      const shop = shops[next % shops.length]!
      emit('coupon.claim', { workload: w.id, revision }, [w.wallet], shop)
      claimed.push({ wallet: w.wallet, left: 29 })
    } else if (claimed.length > 0) {
      const c = claimed[next % claimed.length]!
      const shop = shops[next % shops.length]!
      if (c.left > 0) {
        emit('coupon.spend', { wallet: c.wallet.key, dispatcher: shop.id, amount: µ(1) }, [c.wallet, shop], shop)
        c.left--
      } else {
        const stock = shopLots[next % shopLots.length]!
        if (stock.quantity > 1) {
          emit('dispatch.record', { lot: stock.lot, quantity: '1' }, [stock.shop], stock.shop)
          stock.quantity--
        } else emit('resource.collectivize', { product: grain, quantity: '1' }, [stock.shop], stock.shop)
      }
    } else {
      emit('resource.collectivize', { product: grain, quantity: '1' }, [genesis], genesis)
    }
    next++
  }
  return { entries: entries.slice(0, n), signatures: signatures.slice(0, countSignatures(entries.slice(0, n))), types }
}

function countSignatures(entries: LedgerEntry[]): number {
  let count = 0
  for (const entry of entries) count += Object.keys(JSON.parse(Buffer.from(entry.bytes).toString()).sigs).length
  return count
}

/**
 * CPU seconds (user + system) of this process while `fn` runs. The machines are shared, so
 * wall time depends on the neighbours; CPU time of a single-threaded loop does not.
 */
export function cpuSeconds(): () => number {
  const start = process.cpuUsage()
  return () => {
    const used = process.cpuUsage(start)
    return (used.user + used.system) / 1e6
  }
}

/**
 * CPU seconds of this thread alone (Linux: /proc/thread-self/stat, in clock ticks of 10 ms),
 * or null where that file is missing. With workers verifying signatures, process.cpuUsage
 * counts their time too; this is what the apply loop itself costs.
 */
export function threadSeconds(): (() => number) | null {
  const read = (): number | null => {
    try {
      const stat = readFileSync('/proc/thread-self/stat', 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after "pid (comm) ".
      return (Number(fields[11]) + Number(fields[12])) / 100
    } catch {
      return null
    }
  }
  const start = read()
  return start === null ? null : () => read()! - start
}

/** CPU seconds for sodium-native to verify every signature of the mix once. */
export function timeSodium(mix: Mix): number {
  const stop = cpuSeconds()
  let ok = 0
  for (const s of mix.signatures) if (sodium.crypto_sign_verify_detached(s.signature, s.message, s.publicKey)) ok++
  const seconds = stop()
  if (ok !== mix.signatures.length) throw new Error(`${mix.signatures.length - ok} signatures of the mix do not verify`)
  return seconds
}

export interface LedgerRun {
  /** CPU seconds. */
  seconds: number
  wall: number
  /** CPU seconds of the apply thread alone (pipelined runs, on Linux). */
  applyThread?: number
  accepted: number
  rejected: Map<string, number>
  digest: string
}

/** Seconds for a fresh in-memory ledger to apply the whole mix. */
export async function timeLedger(mix: Mix, store: KeyValueStore = new MemoryStore(), verify?: Verifier): Promise<LedgerRun> {
  const ledger = new Ledger(store, { verify })
  const rejected = new Map<string, number>()
  let accepted = 0
  const start = process.hrtime.bigint()
  const stop = cpuSeconds()
  for (const entry of mix.entries) {
    const outcome = await ledger.apply(entry)
    if (outcome.status === 'accepted') accepted++
    else rejected.set(`${outcome.type} ${outcome.code ?? outcome.status}`, (rejected.get(`${outcome.type} ${outcome.code ?? outcome.status}`) ?? 0) + 1)
  }
  const seconds = stop()
  const wall = Number(process.hrtime.bigint() - start) / 1e9
  return { seconds, wall, accepted, rejected, digest: await ledger.digest() }
}

/**
 * Times the stateless stages of deciding an entry, each on the whole mix: what the ledger
 * pays before any handler runs. Returns seconds per stage.
 */
export function timeStages(mix: Mix): Array<[string, number]> {
  const utf8 = new TextDecoder('utf-8', { fatal: true })
  const parsed = mix.entries.map((e) => JSON.parse(utf8.decode(e.bytes)))
  const decoded: Decoded[] = mix.entries.map((e) => decodeEntry(e.bytes) as Decoded)
  const signed = decoded.map((d) => d.signed)
  return [
    ['UTF-8 + JSON.parse', time(() => mix.entries.forEach((e) => JSON.parse(utf8.decode(e.bytes))))],
    ['zod body', time(() => parsed.forEach((v) => bodySchemas[v.type as TxType].safeParse(v.body)))],
    ['canonical signed bytes', time(() => decoded.forEach((d) => signingBytes(d.tx)))],
    ['BLAKE2b id', time(() => signed.forEach((bytes) => idOf(bytes)))],
    ['all of decodeEntry (envelope checked by hand)', time(() => mix.entries.forEach((e) => decodeEntry(e.bytes)))],
    ['verifySignatures (core/protocol)', time(() => decoded.forEach((d) => verifySignatures(d)))]
  ]
}

function time(fn: () => void): number {
  const stop = cpuSeconds()
  fn()
  return stop()
}

/**
 * What landed in core, timed against what it replaced on the same mix: seconds for the whole
 * mix, before and after. (The store's change is a row of the store table instead.)
 */
export function timeLanded(mix: Mix): Array<[string, number, number]> {
  const utf8 = new TextDecoder('utf-8', { fatal: true })
  const encoder = new TextEncoder()
  const txs = mix.entries.map((e) => (decodeEntry(e.bytes) as Decoded).tx)
  // The signed part, as signingBytes builds it, for the package to write.
  const unsigned = txs.map(({ sigs: _, ...rest }) => rest)
  const before = (u: unknown) => Buffer.from(encoder.encode(canonicalize(u)))
  for (let i = 0; i < 200; i++) if (!before(unsigned[i]).equals(signingBytes(txs[i]!))) throw new Error('canonical.ts differs from canonicalize')
  return [
    ['signed bytes: canonicalize package → core/protocol/canonical.ts', time(() => unsigned.forEach(before)), time(() => txs.forEach((tx) => signingBytes(tx)))],
    [
      'decode: zod envelope → checked by hand (zod for unusual ones)',
      // checkTransaction is the zod-only path decodeEntry took before.
      time(() => mix.entries.forEach((e) => checkTransaction(JSON.parse(utf8.decode(e.bytes))))),
      time(() => mix.entries.forEach((e) => decodeEntry(e.bytes)))
    ]
  ]
}

/**
 * Experiments not in core: the same work done differently, on the same mix, to estimate
 * what a change would save. Seconds for the whole mix, before and after.
 */
export function timeExperiments(mix: Mix): Array<[string, number, number]> {
  const decoded: Decoded[] = mix.entries.map((e) => decodeEntry(e.bytes) as Decoded)
  // Signature checks: core's verify goes through length checks and buffer views; sodium
  // straight on the decoded hex costs the same libsodium call.
  const before = time(() => decoded.forEach((d) => verifySignatures(d)))
  const after = time(() => {
    for (const d of decoded) {
      for (const [signer, sig] of Object.entries(d.tx.sigs)) sodium.crypto_sign_verify_detached(Buffer.from(sig, 'hex'), d.signed, Buffer.from(signer, 'hex'))
    }
  })
  return [['signatures: sodium called directly', before, after]]
}

// ---------------------------------------------------------------------------------------
// Other stores: the Ledger takes any KeyValueStore, so other in-memory stores can be
// measured on the same mix. Each must reach the same digest and the same contents as
// MemoryStore.

const BTree: typeof BTreeModule.default = (BTreeModule as any).default ?? BTreeModule

function inside(key: string, o: RangeOptions): boolean {
  return (o.gt === undefined || key > o.gt) && (o.gte === undefined || key >= o.gte) && (o.lt === undefined || key < o.lt) && (o.lte === undefined || key <= o.lte)
}

function* ordered<V>(tree: InstanceType<typeof BTree<string, V>>, o: RangeOptions): Iterable<[string, V]> {
  const limit = o.limit ?? Infinity
  let count = 0
  const entries = o.reverse ? tree.entriesReversed(o.lte ?? o.lt) : tree.entries(o.gte ?? o.gt)
  for (const [key, value] of entries) {
    if (count >= limit) return
    if (!o.reverse && ((o.lt !== undefined && key >= o.lt) || (o.lte !== undefined && key > o.lte))) return
    if (o.reverse && ((o.gt !== undefined && key <= o.gt) || (o.gte !== undefined && key < o.gte))) return
    if (!inside(key, o)) continue
    count++
    yield [key, value]
  }
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Values kept as JSON text: a copy out is JSON.parse, a copy in is JSON.stringify. */
export class JsonStore implements KeyValueStore {
  private tree = new BTree<string, string>()
  async get(key: string): Promise<Json | undefined> {
    const text = this.tree.get(key)
    return text === undefined ? undefined : JSON.parse(text)
  }
  async put(key: string, value: Json): Promise<void> {
    this.tree.set(key, JSON.stringify(value))
  }
  async del(key: string): Promise<void> {
    this.tree.delete(key)
  }
  async batch(ops: BatchOp[]): Promise<void> {
    for (const op of ops) {
      if (op.type === 'put') this.tree.set(op.key, JSON.stringify(op.value))
      else this.tree.delete(op.key)
    }
  }
  async *range(options: RangeOptions): AsyncIterable<[string, Json]> {
    for (const [key, text] of ordered(this.tree, options)) yield [key, JSON.parse(text)]
  }
}

/** Counts what the ledger asks of its store while it applies the mix. */
export async function countStoreCalls(mix: Mix): Promise<{ gets: number; repeatedGets: number; ranges: number; rangeRows: number; writes: number; keys: number }> {
  const inner = new MemoryStore()
  const counts = { gets: 0, repeatedGets: 0, ranges: 0, rangeRows: 0, writes: 0, keys: 0 }
  let seen = new Set<string>()
  const store: KeyValueStore = {
    get: (key) => {
      counts.gets++
      if (seen.has(key)) counts.repeatedGets++
      seen.add(key)
      return inner.get(key)
    },
    put: (key, value) => inner.put(key, value),
    del: (key) => inner.del(key),
    batch: (ops) => {
      counts.writes += ops.length
      seen = new Set()
      return inner.batch(ops)
    },
    range: async function* (options) {
      counts.ranges++
      for await (const row of inner.range(options)) {
        counts.rangeRows++
        yield row
      }
    }
  }
  const ledger = new Ledger(store)
  for (const entry of mix.entries) await ledger.apply(entry)
  counts.keys = inner.size
  return counts
}

export async function dumpStore(store: KeyValueStore): Promise<string> {
  const rows: Array<[string, Json]> = []
  for await (const row of store.range({})) rows.push(row)
  return JSON.stringify(rows)
}

/**
 * Values in a Map for point reads; every new key goes into the B-tree at once, for ranges.
 * `store` and `load` say how a value is kept: frozen, this is MemoryStore as it was before it
 * indexed keys only when a range needs them; as is, values are shared with the caller; as JSON
 * text, a read parses a fresh copy.
 */
export class EagerIndexedStore<T> implements KeyValueStore {
  private values = new Map<string, T>()
  private keys = new BTree<string, true>(undefined, byCodeUnits)
  constructor(
    private readonly store: (value: Json) => T,
    private readonly load: (stored: T) => Json
  ) {}
  static frozen = () => new EagerIndexedStore<Json>(deepFreeze, (v) => v)
  static shared = () => new EagerIndexedStore<Json>((v) => v, (v) => v)
  static json = () => new EagerIndexedStore<string>((v) => JSON.stringify(v), (t) => JSON.parse(t))
  async get(key: string): Promise<Json | undefined> {
    const stored = this.values.get(key)
    return stored === undefined ? undefined : this.load(stored)
  }
  async put(key: string, value: Json): Promise<void> {
    await this.batch([{ type: 'put', key, value }])
  }
  async del(key: string): Promise<void> {
    await this.batch([{ type: 'del', key }])
  }
  async batch(ops: BatchOp[]): Promise<void> {
    for (const op of ops) {
      if (op.type === 'put') {
        if (!this.values.has(op.key)) this.keys.set(op.key, true)
        this.values.set(op.key, this.store(op.value))
      } else if (this.values.delete(op.key)) this.keys.delete(op.key)
    }
  }
  async *range(options: RangeOptions): AsyncIterable<[string, Json]> {
    for (const [key] of ordered(this.keys, options)) yield [key, this.load(this.values.get(key)!)]
  }
}

function deepFreeze(value: Json): Json {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

// ---------------------------------------------------------------------------------------
// Verification ahead of apply. Whether a signature is valid for its signed bytes does not
// depend on the state, so a node can verify entries on other cores before its single
// apply loop reaches them, and hand the answers to the ledger: new Ledger(store, { verify }).

/** A verifier answering from `table` (sig hex → the check done); anything else, sodium checks. */
function verifiedIn(table: Map<string, SignatureCheck>): Verifier {
  return (message, signature, publicKey) => {
    const done = table.get(signature.toString('hex'))
    return done !== undefined && done.message.equals(message) && done.publicKey.equals(publicKey) ? true : sodium.crypto_sign_verify_detached(signature, message, publicKey)
  }
}

/** CPU seconds of the apply loop alone, every signature of the mix verified beforehand. */
export async function timeLedgerPreverified(mix: Mix, store: KeyValueStore = new MemoryStore()): Promise<LedgerRun> {
  const table = new Map<string, SignatureCheck>()
  for (const s of mix.signatures) if (sodium.crypto_sign_verify_detached(s.signature, s.message, s.publicKey)) table.set(s.signature.toString('hex'), s)
  return timeLedger(mix, store, verifiedIn(table))
}

/**
 * Wall seconds for the ledger to apply the mix while `workers` threads verify its signatures
 * ahead, through the node's own VerifyPool (core/protocol/verify-pool.ts) as the apply path
 * uses it: slices of entries go to the pool, the first applied at once (sodium on this
 * thread), each later one once its checks are back.
 */
export async function timeLedgerPipelined(mix: Mix, workers: number, store: KeyValueStore = new MemoryStore()): Promise<LedgerRun> {
  const pool = new VerifyPool(workers)
  await pool.ahead(mix.signatures.slice(0, 1)) // start a worker outside the timing
  const CHUNK = 250
  const chunks: Array<[number, number]> = []
  for (let e = 0; e < mix.entries.length; e += CHUNK) chunks.push([e, Math.min(mix.entries.length, e + CHUNK)])
  const ledger = new Ledger(store, { verify: pool.verify })
  const rejected = new Map<string, number>()
  let accepted = 0
  const start = process.hrtime.bigint()
  const thread = threadSeconds()
  const ready = chunks.map(([from, to], i) => (i === 0 ? Promise.resolve() : pool.aheadOfEntries(mix.entries.slice(from, to).map((e) => e.bytes))))
  for (const [i, c] of chunks.entries()) {
    await ready[i]
    for (let e = c[0]; e < c[1]; e++) {
      const outcome = await ledger.apply(mix.entries[e]!)
      if (outcome.status === 'accepted') accepted++
      else rejected.set(`${outcome.type} ${outcome.code}`, (rejected.get(`${outcome.type} ${outcome.code}`) ?? 0) + 1)
    }
  }
  const wall = Number(process.hrtime.bigint() - start) / 1e9
  const applyThread = thread?.()
  await pool.close()
  return { seconds: wall, wall, ...(applyThread === undefined ? {} : { applyThread }), accepted, rejected, digest: await ledger.digest() }
}

