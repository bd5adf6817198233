// A small economy whose every transaction is kept: the valid inputs the fuzzers mutate.
// Registration and trust, products, collectivizing, a transfer co-signed later, a production
// with consumed grain and a workload, a vote, April's final revision, a claim and a spend.
import { Harness } from '../helpers/harness.ts'
import { closable, collectivize, define, finalize, pass, produce, transfer } from '../helpers/economy.ts'
import type { Transaction } from '../../core/protocol/envelope.ts'
import type { KeyPair } from '../../core/protocol/crypto.ts'
import type { Outcome } from '../../core/ledger/types.ts'

export class RecordingHarness extends Harness {
  readonly txs: Array<{ tx: Transaction; writer: string }> = []
  readonly entries: Array<{ bytes: Uint8Array; writer: string }> = []

  override async raw(bytes: Uint8Array, writer: string): Promise<Outcome> {
    this.entries.push({ bytes, writer: this.c(writer).deviceKey })
    return super.raw(bytes, writer)
  }

  override async submit(tx: Transaction, writer?: string): Promise<Outcome> {
    this.txs.push({ tx, writer: this.c(writer ?? this.nameOf(tx.signers[0]) ?? 'Mill').deviceKey })
    return super.submit(tx, writer)
  }

  /** Every signing key by its public key (hex). */
  keyPairs(): Map<string, KeyPair> {
    const out = new Map<string, KeyPair>()
    for (const c of this.collectives.values()) out.set(c.id, c.identity)
    for (const w of this.wallets.values()) out.set(w.key, w.keyPair)
    return out
  }
}

export async function fuzzEconomy(): Promise<RecordingHarness> {
  const h = new RecordingHarness()
  h.w('Anna')
  await h.network([
    ['Mill', ['producer']],
    ['Bakery', ['producer', 'dispatcher']],
    ['Shop', ['dispatcher']]
  ])
  const grain = await define(h, 'Mill', 'grain')
  const bread = await define(h, 'Bakery', 'bread')
  await define(h, 'Mill', 'lathe', 'meansOfProduction', 600)
  const stock = await collectivize(h, 'Mill', grain, 100)
  const delivered = await transfer(h, stock, 40, 'Mill', 'Bakery')
  const cycle = await produce(h, 'Bakery', bread, { quantity: 20, consume: [{ lot: delivered, quantity: 10 }], micro: [120_000_000n, 60_000_000n], wallet: 'Anna' })
  // A transfer signed by the giver only: it waits for the Shop's co-signature.
  await h.do('resource.transfer', { lot: cycle.lots[0]!, quantity: '5', to: h.c('Shop').id }, ['Bakery', 'Shop'], { sign: ['Bakery'] })
  await pass(h, { kind: 'commons.add', payload: { product: grain } }, ['Mill', 'Bakery'])
  const revision = await finalize(h, '2026-04', closable('2026-04'))
  await h.do('coupon.claim', { workload: cycle.workloads[0]!, revision }, ['Anna'])
  await h.do('coupon.spend', { wallet: h.w('Anna').key, dispatcher: h.c('Shop').id, amount: '1000000' }, ['Anna', 'Shop'])
  return h
}
