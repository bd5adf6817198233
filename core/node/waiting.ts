// What this collective waits for from others (clerk finding 8): the transactions it signed that
// still miss another collective's co-signature, the mirror of "Needs you". A transfer offered to
// a partner, a request for strong trust: whom it waits for, what it is, since when, until when.
// Once the last signature comes or one is declined, the pending record is gone and so is the row.
import { keys } from '../ledger/keys.ts'
import * as q from '../ledger/queries.ts'
import type { KeyValueStore } from '../ledger/store.ts'
import { summarize, type Names } from './audit.ts'

export interface Waiting {
  id: string
  type: string
  /** What is offered or asked, as the Log says it ("40 kg Flour"). */
  summary: Awaited<ReturnType<typeof summarize>>
  /** The collectives whose signature is missing, by name (a key if unknown). */
  waitingFor: string[]
  /** When we signed it (its declared time), and when the missing signatures stop counting. */
  since: number
  expires: number
  /** True once `now` is past `expires`: it can no longer be completed. */
  expired: boolean
}

/** Pending transactions signed by `me` that wait for other signers, oldest first. */
export async function waitingOnOthers(store: KeyValueStore, me: string, names: Names, now: number): Promise<Waiting[]> {
  const out: Waiting[] = []
  for (const [, pending] of await q.under(store, keys.pendings)) {
    if (!pending.tx.sigs[me]) continue
    const others = pending.missing.filter((signer) => signer !== me)
    if (others.length === 0) continue
    out.push({
      id: pending.id,
      type: pending.tx.type,
      summary: await summarize(store, pending.tx, names),
      waitingFor: others.map((key) => names.collective.get(key) ?? key),
      since: pending.tx.time,
      expires: pending.expires,
      expired: now > pending.expires
    })
  }
  return out.sort((a, b) => a.since - b.since || (a.id < b.id ? -1 : 1))
}
