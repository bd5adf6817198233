// The real ledger in the network tests: collectives with fresh keys, and the signed
// transactions that found a network, let a collective join (registration + strong trust,
// whose effect makes its device a writer) and add ordinary entries (product types).
import { Ledger } from '../../core/ledger/ledger.ts'
import type { ApplyEntry, NetworkBase } from '../../core/network/base.ts'
import { generateKeyPair } from '../../core/protocol/crypto.ts'
import { encodeTransaction } from '../../core/protocol/encoding.ts'
import type { Transaction } from '../../core/protocol/envelope.ts'
import { createTransaction, signTransaction } from '../../core/protocol/sign.ts'

/** The ledger plugged into Autobase's apply, as the node facade does it. */
export const ledgerApply: ApplyEntry = (store, entry) => new Ledger(store).apply(entry)

let clock = Date.UTC(2026, 0, 1)
const time = () => (clock += 1000)

export class TestCollective {
  readonly keyPair = generateKeyPair()
  readonly id = this.keyPair.publicKey.toString('hex')

  constructor(readonly name: string) {}

  /** Registers this collective with its device; the first one founds the network. */
  register(deviceWriterKey: string): Buffer {
    return encodeTransaction(this.registration(deviceWriterKey))
  }

  /** A product type only this collective defines (any accepted entry will do). */
  define(product: string): Buffer {
    const tx = createTransaction({
      type: 'product.define',
      body: { name: `${this.name} ${product}`, unit: 'piece', kind: 'consumable' },
      time: time(),
      signers: [this.id]
    })
    return encodeTransaction(signTransaction(tx, this.keyPair))
  }

  /** What a candidate sends when pairing: its registration and its half of the trust. */
  joinPayload(member: TestCollective, deviceWriterKey: string): Buffer {
    const trust = createTransaction({
      type: 'trust.establish',
      body: { a: member.id, b: this.id },
      time: time(),
      signers: [member.id, this.id]
    })
    return Buffer.from(
      JSON.stringify({
        registration: this.registration(deviceWriterKey),
        trust: signTransaction(trust, this.keyPair)
      })
    )
  }

  /** The member's side of a join: the entries to append (the trust now signed by both). */
  acceptJoin(payload: Uint8Array): Buffer[] {
    const { registration, trust } = JSON.parse(Buffer.from(payload).toString('utf-8')) as {
      registration: Transaction<'collective.register'>
      trust: Transaction<'trust.establish'>
    }
    return [
      encodeTransaction(registration),
      encodeTransaction(signTransaction(trust, this.keyPair))
    ]
  }

  private registration(deviceWriterKey: string): Transaction<'collective.register'> {
    const tx = createTransaction({
      type: 'collective.register',
      body: { name: this.name, roles: ['producer'], devices: [deviceWriterKey] },
      time: time(),
      signers: [this.id]
    })
    return signTransaction(tx, this.keyPair)
  }
}

/** Seq and digest of a node's view (the ledger's running state digest). */
export async function ledgerState(base: NetworkBase): Promise<{ seq: unknown; digest: unknown }> {
  const reader = base.reader()
  return { seq: await reader.get('meta/seq'), digest: await reader.get('meta/digest') }
}

/** True when every base has applied `seq` entries and all share one digest. */
export async function converged(bases: NetworkBase[], seq: number): Promise<boolean> {
  const states = await Promise.all(bases.map(ledgerState))
  return states.every((s) => s.seq === seq && s.digest === states[0]!.digest)
}

/** The status the ledger recorded for the entry at position `seq`. */
export async function logStatus(base: NetworkBase, seq: number): Promise<unknown> {
  const record = (await base.reader().get(`log/${String(seq).padStart(12, '0')}`)) as
    { status?: string } | undefined
  return record?.status
}
