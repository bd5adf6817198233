// Signatures checked on other threads, ahead of apply. Whether an Ed25519 signature matches
// its signed bytes never depends on the ledger's state, so a node can verify a batch's
// signatures on worker threads while (or before) its single apply loop runs the rules, and
// hand the ledger a Verifier that answers from those results (new Ledger(store, { verify })).
//
// Every verdict is sodium-native's: the workers run the same crypto_sign_verify_detached,
// and anything not precomputed (or a worker that failed) falls back to `verify` in this
// thread. Only positive verdicts are recorded, keyed by the whole (message, signature, key)
// triple, so a recorded answer can never turn a bad signature good; every node decides the
// same whatever its thread count or timing.
import { availableParallelism } from 'node:os'
import { createRequire } from 'node:module'
import type { Worker as WorkerType } from 'node:worker_threads'
import { Worker } from 'node:worker_threads'
import { verify, type Verifier } from './crypto.ts'
import { signingBytes } from './encoding.ts'
import { MAX_ENTRY_BYTES, type Transaction } from './envelope.ts'

/** One signature to check: the bytes it covers, the signature, the signer's public key. */
export interface SignatureCheck {
  message: Buffer
  signature: Buffer
  publicKey: Buffer
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/**
 * The signatures an entry seems to carry, found cheaply: its JSON parsed and its signed bytes
 * built, without checking its shape (the ledger's decodeEntry does that on the apply thread,
 * and the zod schemas are most of decoding's cost). Nothing here can make a bad entry pass: a
 * verdict is recorded for these exact bytes, signature and key, and the ledger asks about the
 * bytes it decoded itself; if they differ, the verdict is simply not found and sodium answers.
 * None for bytes that do not parse (apply refuses those).
 */
export function signatureChecks(bytes: Uint8Array): SignatureCheck[] {
  if (bytes.byteLength > MAX_ENTRY_BYTES) return []
  let tx: unknown
  let message: Buffer
  try {
    tx = JSON.parse(utf8.decode(bytes))
    if (!isObject(tx) || !isObject(tx.sigs)) return []
    message = signingBytes(tx as unknown as Transaction)
  } catch {
    return []
  }
  const checks: SignatureCheck[] = []
  for (const [signer, sig] of Object.entries(tx.sigs)) {
    if (typeof sig === 'string') checks.push({ message, signature: Buffer.from(sig, 'hex'), publicKey: Buffer.from(signer, 'hex') })
  }
  return checks
}

// CommonJS, evaluated in each worker; sodium-native is required by its resolved path. The
// length checks mirror crypto.ts's `verify` (sodium throws on a wrong-sized key or signature).
//
// Besides ready-made checks, a worker takes whole entries and finds their signatures itself,
// so that the apply thread does not parse and canonicalize every entry twice. It builds the
// signed bytes as RFC 8785 over the envelope without `sigs` (as encoding.ts's signingBytes,
// for the values JSON.parse gives) and answers with the exact bytes it verified. Should its
// bytes ever differ from the ledger's, the ledger's question is simply not found on record
// and sodium answers on the apply thread: this code can cost time, never a wrong verdict.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const sodium = require(workerData.sodium)
const asBuffer = (u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength)
const good = (m, s, p) => s.byteLength === sodium.crypto_sign_BYTES && p.byteLength === sodium.crypto_sign_PUBLICKEYBYTES &&
  sodium.crypto_sign_verify_detached(s, m, p)
const canonical = (v) => {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error('not JSON')
    return JSON.stringify(v)
  }
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']'
  return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canonical(v[k])).join(',') + '}'
}
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
const utf8 = new TextDecoder('utf-8', { fatal: true })
function entryChecks(bytes, found) {
  if (bytes.byteLength > workerData.maxEntryBytes) return
  let tx, message
  try {
    tx = JSON.parse(utf8.decode(bytes))
    if (!isObject(tx) || !isObject(tx.sigs)) return
    const signed = { v: tx.v, type: tx.type, body: tx.body, time: tx.time, signers: tx.signers }
    if (tx.expires !== undefined) signed.expires = tx.expires
    message = Buffer.from(canonical(signed), 'utf8')
  } catch {
    return
  }
  for (const [signer, sig] of Object.entries(tx.sigs)) {
    if (typeof sig !== 'string') continue
    const s = Buffer.from(sig, 'hex')
    const p = Buffer.from(signer, 'hex')
    if (good(message, s, p)) found.push([message, s, p])
  }
}
parentPort.on('message', ({ id, checks, entries }) => {
  if (entries) {
    const found = []
    for (const bytes of entries) entryChecks(asBuffer(bytes), found)
    parentPort.postMessage({ id, found })
    return
  }
  const ok = new Uint8Array(checks.length)
  checks.forEach(([m, s, p], i) => {
    ok[i] = good(asBuffer(m), asBuffer(s), asBuffer(p)) ? 1 : 0
  })
  parentPort.postMessage({ id, ok })
})
`

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength)

/** How many positive verdicts are kept; older ones are dropped (sodium answers them again). */
const KEEP = 65_536

export class VerifyPool {
  private readonly threads: number
  private workers: WorkerType[] = []
  private next = 0
  private ids = 0
  private readonly pending = new Map<number, { checks: SignatureCheck[]; done: () => void }>()
  /**
   * Signature → the message and key it verified for. Keyed by the signature's bytes as latin1
   * text (one character a byte): half the length of hex and cheaper to make, on the apply
   * thread, for every signature. Insertion order = age.
   */
  private readonly verified = new Map<string, { message: Buffer; publicKey: Buffer }>()
  private closed = false

  /** `threads` defaults to every core but the one the apply loop runs on (at least one). */
  constructor(threads = Math.max(1, availableParallelism() - 1)) {
    this.threads = threads
  }

  /**
   * Verifies `checks` on a worker and records the good ones; resolves when done. Never
   * rejects: if a worker fails, the checks simply stay unrecorded and `verify` asks sodium.
   */
  ahead(checks: SignatureCheck[]): Promise<void> {
    if (checks.length === 0) return Promise.resolve()
    return this.post({ checks: checks.map((c) => [c.message, c.signature, c.publicKey]) }, checks)
  }

  /**
   * Verifies the signatures each entry's bytes carry, found on the worker (see WORKER), and
   * records the good ones; resolves when done, never rejects (as `ahead`).
   */
  aheadOfEntries(entries: Uint8Array[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve()
    return this.post({ entries }, [])
  }

  private post(message: { checks?: Uint8Array[][]; entries?: Uint8Array[] }, checks: SignatureCheck[]): Promise<void> {
    if (this.closed) return Promise.resolve()
    const worker = this.worker()
    if (worker === null) return Promise.resolve()
    const id = this.ids++
    return new Promise((resolve) => {
      this.pending.set(id, { checks, done: resolve })
      worker.postMessage({ id, ...message })
    })
  }

  /** The ledger's Verifier: a recorded verdict for exactly these bytes, else sodium's own. */
  readonly verify: Verifier = (message, signature, publicKey) => {
    const done = this.verified.get(signature.toString('latin1'))
    if (done !== undefined && done.message.equals(message) && done.publicKey.equals(publicKey)) return true
    return verify(message, signature, publicKey)
  }

  /** How many good verdicts are on record (for tests and the bench). */
  get recorded(): number {
    return this.verified.size
  }

  async close(): Promise<void> {
    this.closed = true
    const workers = this.workers
    this.workers = []
    this.settleAll()
    await Promise.all(workers.map((w) => w.terminate()))
  }

  private worker(): WorkerType | null {
    if (this.workers.length < this.threads) {
      try {
        const sodiumPath = createRequire(import.meta.url).resolve('sodium-native')
        const worker = new Worker(WORKER, { eval: true, workerData: { sodium: sodiumPath, maxEntryBytes: MAX_ENTRY_BYTES } })
        worker.unref()
        worker.on('message', ({ id, ok, found }: { id: number; ok?: Uint8Array; found?: Uint8Array[][] }) => this.settle(id, ok, found))
        worker.on('error', () => this.drop(worker))
        worker.on('exit', () => this.drop(worker))
        this.workers.push(worker)
        return worker
      } catch {
        if (this.workers.length === 0) return null
      }
    }
    return this.workers[this.next++ % this.workers.length] ?? null
  }

  private settle(id: number, ok: Uint8Array | undefined, found: Uint8Array[][] | undefined): void {
    const job = this.pending.get(id)
    if (job === undefined) return
    this.pending.delete(id)
    job.checks.forEach((c, i) => {
      if (ok?.[i] !== 1) return
      this.verified.set(c.signature.toString('latin1'), { message: c.message, publicKey: c.publicKey })
    })
    // Checks the worker found in whole entries and sodium passed: the exact bytes it verified.
    for (const [message, signature, publicKey] of found ?? []) {
      this.verified.set(asBuffer(signature!).toString('latin1'), { message: asBuffer(message!), publicKey: asBuffer(publicKey!) })
    }
    while (this.verified.size > KEEP) this.verified.delete(this.verified.keys().next().value as string)
    job.done()
  }

  /** A worker that died: forget it; whatever it had pending is answered by sodium later. */
  private drop(worker: WorkerType): void {
    this.workers = this.workers.filter((w) => w !== worker)
    this.settleAll()
  }

  private settleAll(): void {
    for (const job of this.pending.values()) job.done()
    this.pending.clear()
  }
}
