// The deterministic state machine. One entry in, one outcome out, the same on every node:
//   decode → writer a member's device? → duplicate? → signatures → required signers
//   → pending (co-signatures missing) | handler rules → accepted | rejected with a reason.
// Nothing here reads a clock, randomness or floating point, and nothing throws on bad input.
// Only a failing store throws (StorageError): a device that cannot read its view must stop
// rather than record an outcome the other devices do not have.
import { hash, verify, type Verifier } from '../protocol/crypto.ts'
import { decodeEntry, short, verifySignatures, type Decoded } from '../protocol/decode.ts'
import { refuse, type Refusal, type RefusalCode } from '../protocol/errors.ts'
import type { Transaction } from '../protocol/envelope.ts'
import { isRefusal, type Context, type Handler } from './context.ts'
import { completedBy, handlers, storePending } from './handlers/index.ts'
import { councilWriterSeen } from './council.ts'
import { advanceCouncilDkg } from './council-dkg.ts'
import { afterAccepted, recordLeaf } from './council-signing.ts'
import { keys, type EntryRecord } from './keys.ts'
import { entryRecordOf, storedLogRecord } from './log-record.ts'
import { State, StorageError } from './state.ts'
import type { KeyValueStore } from './store.ts'
import type { Effect, LedgerEntry, Outcome, OutcomeStatus } from './types.ts'

export const GENESIS_DIGEST = '0'.repeat(64)

interface Decision {
  id: string | null
  type: string | null
  status: OutcomeStatus
  code?: RefusalCode
  reason?: string
  effects: Effect[]
  completed?: Outcome['completed']
  /** The decided transaction, when it was accepted or is pending: the council counts it, and cosign answers are indexed by it. */
  tx?: Transaction
  /** The entry's bytes as text, when decoding made it (the log record keeps it). */
  text?: string
  /**
   * Leave tx/<id> alone: the entry repeats a known transaction, or its writer or signatures
   * are not in order. Such an entry says nothing about the transaction itself, so a forged
   * or unsigned copy appended first cannot block the genuine one. Every refusal that is
   * tracked comes after the signatures verified and at least one signer's is present.
   */
  untracked?: boolean
}

export interface LedgerOptions {
  /**
   * Checks an envelope's signatures; sodium-native's verify by default. A host may hand in
   * checks it did ahead of time, e.g. on worker threads, since whether a signature matches
   * its signed bytes never depends on the state. Any verifier that gives the correct answer
   * yields exactly the same outcomes, view and digest; one that lies forks this node.
   */
  verify?: Verifier
}

export class Ledger {
  private readonly verify: Verifier

  constructor(
    readonly store: KeyValueStore,
    options: LedgerOptions = {}
  ) {
    this.verify = options.verify ?? verify
  }

  async apply(entry: LedgerEntry): Promise<Outcome> {
    const { seq, previous, state, decision } = await this.judge(entry)
    if (decision.status === 'rejected') state.discard()

    // The line is hashed into the digest and is also the entry's leaf in the checkpoints' tree.
    const line = lineOf(seq, entry, decision)
    const digest = chain(previous, line)
    const record = {
      id: decision.id,
      type: decision.type,
      status: decision.status,
      writer: entry.writer,
      ...(decision.code ? { code: decision.code, reason: decision.reason ?? '' } : {}),
      ...(decision.completed ? { completed: decision.completed.id } : {})
    }
    // The outcome and the entry's bytes in one record: the transaction as it entered the log
    // is read back from here (tx/<id> names its seq), not kept a second time.
    // Without id and type when decoding this text gave them (log-record.ts puts them back).
    // An entry that lies in a writer core (the node's apply) is kept as its place there, with
    // its id and type: its bytes are already on every device, and were 1.06× the log's bytes
    // again in the view (docs/benchmarks.md). Elsewhere (replay, MemoryStore) the bytes.
    const fromText = decision.text !== undefined && decision.id !== null
    const placed = entry.at !== undefined && Number.isSafeInteger(entry.at) && entry.at >= 0
    state.put(keys.log(seq), placed ? { ...record, at: entry.at! } : storedLogRecord({ ...record, ...entryRecord(entry, decision.text) }, fromText))
    if (decision.status === 'rejected') state.put(keys.rejection(seq), record)
    if (decision.id && !decision.untracked) {
      // Only what can change after this entry: id, type and writer stay in log/<seq>.
      const existing = await state.get(keys.tx(decision.id))
      state.put(keys.tx(decision.id), {
        ...(existing ?? {}),
        seq: existing?.seq ?? seq,
        status: decision.status,
        ...(decision.code ? { code: decision.code, reason: decision.reason ?? '' } : {})
      })
      // The audit trail: which co-signatures and declines answered a pending one
      // (docs/protocol.md §16); the transaction itself is the entry at tx/<id>'s seq.
      if (decision.tx && decision.status === 'accepted' && (decision.tx.type === 'cosign' || decision.tx.type === 'cosign.decline')) {
        state.put(keys.answerOf((decision.tx.body as { tx: string }).tx, decision.id), decision.tx.type)
      }
    }
    state.put(keys.seq, seq + 1)
    state.put(keys.digest, digest)
    // The council's bookkeeping: every record is a leaf of the checkpoints' Merkle tree; an
    // accepted entry may make a checkpoint due and moves the signing session on.
    const frontier = await recordLeaf(state, line)
    if (decision.tx && decision.id && decision.status !== 'rejected') {
      await afterAccepted({ state, tx: decision.tx, id: decision.id, writer: entry.writer, seq, effects: decision.effects, verify: this.verify }, digest, frontier)
    }
    await this.store.batch(state.operations())
    return outcomeOf(seq, decision, digest)
  }

  /**
   * What `apply` would make of this entry if it came next, without changing anything: the
   * same decision on a write buffer over the view (`State`), which is then dropped. The
   * outcome, code, sentence and digest are exactly those of appending it now.
   */
  async dryRun(entry: LedgerEntry): Promise<Outcome> {
    const { seq, previous, state, decision } = await this.judge(entry)
    state.discard()
    return outcomeOf(seq, decision, digestAfter(previous, seq, entry, decision))
  }

  /** Decides an entry into a fresh write buffer; apply commits it, dryRun drops it. */
  private async judge(entry: LedgerEntry): Promise<{ seq: number; previous: string; state: State; decision: Decision }> {
    const state = new State(this.store)
    const seq = ((await state.read(keys.seq)) as number | undefined) ?? 0
    const previous = ((await state.read(keys.digest)) as string | undefined) ?? GENESIS_DIGEST
    let decision: Decision
    try {
      decision = await decide(state, entry, seq, this.verify)
    } catch (error) {
      if (error instanceof StorageError) throw error
      // A bug in a handler must not stop the node, and must stop every node the same way.
      decision = rejected(null, null, refuse('INTERNAL', `the ledger could not decide this entry: ${(error as Error).message}`))
    }
    return { seq, previous, state, decision }
  }

  async digest(): Promise<string> {
    return ((await this.store.get(keys.digest)) as string | undefined) ?? GENESIS_DIGEST
  }

  async length(): Promise<number> {
    return ((await this.store.get(keys.seq)) as number | undefined) ?? 0
  }
}

/**
 * BLAKE2b-256 of the previous digest's bytes followed by the line's UTF-8, as hex. Written
 * into one buffer and hashed in one call: the same hash as feeding the parts in turn, with
 * fewer allocations and native calls on every entry.
 */
function chain(previous: string, line: string): string {
  // Unzeroed (pooled) memory is fine: both writes below fill it exactly, or the general form runs.
  const bytes = Buffer.allocUnsafe(32 + Buffer.byteLength(line))
  // A stored digest is always 64 hex digits; anything else keeps the general form.
  if (previous.length !== 64 || bytes.write(previous, 0, 32, 'hex') !== 32) {
    return hash(Buffer.from(previous, 'hex'), Buffer.from(line)).toString('hex')
  }
  bytes.write(line, 32)
  return hash(bytes).toString('hex')
}

/** The line the digest hashes for an entry (§15): also the entry's leaf in the checkpoints' tree. */
function lineOf(seq: number, entry: LedgerEntry, decision: Decision): string {
  const completed = decision.completed ? `|${decision.completed.id}|${decision.completed.status}|${decision.completed.code ?? ''}` : ''
  return `${seq}|${decision.id ?? hash(entry.bytes).toString('hex')}|${decision.status}|${decision.code ?? ''}${completed}`
}

function digestAfter(previous: string, seq: number, entry: LedgerEntry, decision: Decision): string {
  return chain(previous, lineOf(seq, entry, decision))
}

/**
 * The entry's bytes as text when they are UTF-8 (every real transaction), else as base64.
 * `decoded` is the text decodeEntry already made of these bytes, when it did.
 */
function entryRecord(entry: LedgerEntry, decoded: string | undefined): EntryRecord {
  return decoded !== undefined ? { writer: entry.writer, text: decoded } : entryRecordOf(entry.writer, entry.bytes)
}

function outcomeOf(seq: number, decision: Decision, digest: string): Outcome {
  const outcome: Outcome = { seq, id: decision.id, type: decision.type, status: decision.status, effects: decision.effects, digest }
  if (decision.code) {
    outcome.code = decision.code
    outcome.reason = decision.reason ?? ''
  }
  if (decision.completed) outcome.completed = decision.completed
  return outcome
}

function rejected(id: string | null, type: string | null, refusal: Refusal, untracked = false): Decision {
  return { id, type, status: 'rejected', code: refusal.code, reason: refusal.reason, effects: [], untracked }
}

async function decide(state: State, entry: LedgerEntry, seq: number, check: Verifier): Promise<Decision> {
  const decoded = decodeEntry(entry.bytes)
  if (!decoded.ok) return rejected(null, null, decoded)
  return { ...(await decideTransaction(state, entry, decoded, seq, check)), tx: decoded.tx, text: decoded.text }
}

async function decideTransaction(state: State, entry: LedgerEntry, decoded: Decoded, seq: number, check: Verifier): Promise<Decision> {
  const { tx, id } = decoded
  const ctx: Context = { state, tx, id, writer: entry.writer, seq, effects: [], verify: check }

  const writerProblem = await checkWriter(ctx)
  if (writerProblem) return rejected(id, tx.type, writerProblem, true)

  const known = await state.get(keys.tx(id))
  if (known) {
    // More signatures for a pending transaction come as `cosign` entries, each with its own
    // declared time to judge the expiry by; the same transaction again adds nothing.
    if (known.status === 'pending') {
      return rejected(id, tx.type, refuse('ALREADY_PENDING', 'this transaction already waits for co-signatures: each missing signer adds theirs with a cosign entry'), true)
    }
    return rejected(id, tx.type, refuse('DUPLICATE', `this transaction was already recorded (${known.status})`), true)
  }

  const handler: Handler = handlers[tx.type]
  // Signatures before anything the state says: until they verify, the entry may be anyone's
  // copy, and no refusal it meets may be recorded against the id (docs/protocol.md §3).
  const badSignature = verifySignatures(decoded, check)
  if (badSignature) return rejected(id, tx.type, badSignature, true)
  const unsigned = checkSigned(tx, handler.cosignable === true)
  if (unsigned) return rejected(id, tx.type, unsigned, true)

  const required = await handler.signers(ctx)
  if (isRefusal(required)) return rejected(id, tx.type, required)
  const signerProblem = checkSigners(tx, required)
  if (signerProblem) return rejected(id, tx.type, signerProblem)

  const missing = required.filter((key) => !tx.sigs[key])
  if (missing.length > 0) {
    if (!handler.cosignable) {
      return rejected(id, tx.type, refuse('MISSING_SIGNATURE', `missing the signature of ${missing.map(short).join(', ')}`), true)
    }
    const stored = await storePending(ctx, missing)
    if (isRefusal(stored)) return rejected(id, tx.type, stored)
    // A refusal here drops the pending record with the rest of the write buffer.
    const held = await handler.hold?.(ctx)
    if (held) return rejected(id, tx.type, held)
    // The DKG's clock first: the held indexer change reads it (PROMOTE_AFTER).
    await advanceCouncilDkg(ctx)
    await councilWriterSeen(ctx)
    return { id, type: tx.type, status: 'pending', effects: ctx.effects, tx }
  }

  const refusal = await handler.apply(ctx)
  if (refusal) return rejected(id, tx.type, refusal)
  await advanceCouncilDkg(ctx)
  await councilWriterSeen(ctx)
  const completed = completedBy.get(ctx)
  return { id, type: tx.type, status: 'accepted', effects: ctx.effects, tx, ...(completed ? { completed } : {}) }
}

/** Only devices of member collectives write; before the first collective, only its own device. */
async function checkWriter(ctx: Context): Promise<Refusal | null> {
  const genesis = await ctx.state.get(keys.genesis)
  if (genesis === undefined) {
    const tx = ctx.tx as Transaction<'collective.register'>
    if (tx.type !== 'collective.register') {
      return refuse('NO_NETWORK', 'the network has no collective yet: the first entry must register one')
    }
    if (!tx.body.devices.includes(ctx.writer)) {
      return refuse('UNKNOWN_WRITER', 'the first collective must register the device that writes it')
    }
    return null
  }
  const device = await ctx.state.get(keys.device(ctx.writer))
  if (!device) {
    // Entries a device wrote before it learnt it was unbound (it ran on while a restored
    // backup took over, or it was offline): refused by name, the same on every node.
    const unbound = await ctx.state.get(keys.unboundDevice(ctx.writer))
    if (unbound) {
      const by = unbound.replacedBy ? `: device ${short(unbound.replacedBy)} took over from it` : ''
      return refuse('DEVICE_UNBOUND', `device ${short(ctx.writer)} was unbound from its collective by ${short(unbound.tx)}${by}; it writes for nobody now`)
    }
    return refuse('UNKNOWN_WRITER', `device ${short(ctx.writer)} belongs to no collective`)
  }
  const collective = await ctx.state.get(keys.collective(device.collective))
  if (!collective?.member) {
    return refuse('UNKNOWN_WRITER', `device ${short(ctx.writer)} belongs to a collective that is not a member`)
  }
  return null
}

/**
 * An entry speaks for its signers only if at least one of them signed it (every signature
 * present has been verified by now); a transaction that lists no signers needs none.
 */
function checkSigned(tx: Transaction, cosignable: boolean): Refusal | null {
  if (tx.signers.length === 0) return null
  if (Object.keys(tx.sigs).length > 0) return null
  if (cosignable) return refuse('UNSIGNED', 'a co-signed transaction needs at least one signature to enter the log')
  return refuse('MISSING_SIGNATURE', `missing the signature of ${tx.signers.map(short).join(', ')}`)
}

function checkSigners(tx: Transaction, required: string[]): Refusal | null {
  // The same set of keys: each list holds every key of the other (a handful of keys; no Sets).
  const same = required.every((key) => tx.signers.includes(key)) && tx.signers.every((key) => required.includes(key))
  if (same) return null
  if (required.length === 0) return refuse('WRONG_SIGNERS', `${tx.type} takes no signers`)
  return refuse('WRONG_SIGNERS', `${tx.type} must be signed by ${required.map(short).join(' and ')}`)
}
