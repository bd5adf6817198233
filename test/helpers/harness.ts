// A ledger on an in-memory store with named actors: tests say who signs what, in words.
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import { Ledger } from '../../core/ledger/ledger.ts'
import type { Outcome } from '../../core/ledger/types.ts'
import { encodeTransaction } from '../../core/protocol/encoding.ts'
import type { Transaction } from '../../core/protocol/envelope.ts'
import { createTransaction, signatureFor, signTransaction } from '../../core/protocol/sign.ts'
import type { Body, TxType } from '../../core/protocol/types.ts'
import { collectiveActor, walletActor, type CollectiveActor, type WalletActor } from '../../core/scenario/actors.ts'

export const MINUTE = 60_000
export const APRIL = Date.UTC(2026, 3, 1, 8)
export const µ = (minutes: number | bigint) => String(BigInt(minutes) * 1_000_000n)

export class Harness {
  store = new MemoryStore()
  ledger = new Ledger(this.store)
  time = APRIL
  collectives = new Map<string, CollectiveActor>()
  wallets = new Map<string, WalletActor>()

  c(name: string): CollectiveActor {
    let actor = this.collectives.get(name)
    if (!actor) this.collectives.set(name, (actor = collectiveActor(name)))
    return actor
  }

  w(name: string): WalletActor {
    let actor = this.wallets.get(name)
    if (!actor) this.wallets.set(name, (actor = walletActor(name)))
    return actor
  }

  /** The key of a collective or wallet by name (collectives first). */
  key(name: string): string {
    return this.wallets.has(name) && !this.collectives.has(name) ? this.w(name).key : this.c(name).id
  }

  private keyPairOf(name: string) {
    return this.wallets.has(name) && !this.collectives.has(name) ? this.w(name).keyPair : this.c(name).identity
  }

  /**
   * Builds a transaction. `signers` are names (collectives or wallets); `sign` names those
   * who actually sign now (default: all).
   */
  tx<T extends TxType>(type: T, body: Body<T>, signers: string[], options: { sign?: string[]; time?: number; expires?: number } = {}): Transaction<T> {
    this.time += MINUTE
    let tx = createTransaction({ type, body, time: options.time ?? this.time, signers: signers.map((s) => this.key(s)), ...(options.expires ? { expires: options.expires } : {}) })
    for (const name of options.sign ?? signers) tx = signTransaction(tx, this.keyPairOf(name))
    return tx
  }

  /** Appends raw bytes as if written by `writer`'s device. */
  async raw(bytes: Uint8Array, writer: string): Promise<Outcome> {
    return this.ledger.apply({ bytes, writer: this.c(writer).deviceKey })
  }

  async submit(tx: Transaction, writer?: string): Promise<Outcome> {
    const by = writer ?? this.nameOf(tx.signers[0]) ?? [...this.collectives.keys()][0]!
    return this.raw(encodeTransaction(tx), by)
  }

  /** Builds, signs and submits; the first collective signer's device writes it. */
  async do<T extends TxType>(type: T, body: Body<T>, signers: string[], options: { sign?: string[]; time?: number; writer?: string; expires?: number } = {}): Promise<Outcome & { tx: Transaction<T> }> {
    const tx = this.tx(type, body, signers, options)
    const writer = options.writer ?? signers.find((s) => this.collectives.has(s)) ?? [...this.collectives.keys()][0]!
    return { ...(await this.submit(tx, writer)), tx }
  }

  cosignature(tx: Transaction, name: string): string {
    return signatureFor(tx, this.keyPairOf(name))
  }

  nameOf(key: string | undefined): string | undefined {
    for (const [name, actor] of this.collectives) if (actor.id === key) return name
    return undefined
  }

  /** Registers collectives and connects them in a chain of strong trust: first is genesis. */
  async network(specs: Array<[string, Array<'producer' | 'dispatcher'>]>): Promise<void> {
    for (const [name, roles] of specs) {
      const actor = this.c(name)
      const writer = specs[0]![0]
      expectAccepted(await this.do('collective.register', { name, roles, devices: [actor.deviceKey] }, [name], { writer }))
    }
    for (let i = 1; i < specs.length; i++) {
      const [a, b] = [specs[i - 1]![0], specs[i]![0]]
      expectAccepted(await this.do('trust.establish', { a: this.c(a).id, b: this.c(b).id }, [a, b], { writer: a }))
    }
  }
}

export function expectAccepted(outcome: Outcome): Outcome {
  if (outcome.status !== 'accepted') {
    throw new Error(`expected accepted, got ${outcome.status} ${outcome.code ?? ''}: ${outcome.reason ?? ''}`)
  }
  return outcome
}
