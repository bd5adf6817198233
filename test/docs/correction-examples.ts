// The examples of docs/protocol.md §18.7, corrections (issue 10): played after the main
// economy of protocol-examples.ts, in June 2026, so nothing before them changes.
import type { Outcome } from '../../core/ledger/types.ts'
import type { Transaction } from '../../core/protocol/envelope.ts'
import type { TxType } from '../../core/protocol/types.ts'
import { µ } from '../helpers/harness.ts'

type Run = <T extends TxType>(
  name: string | null,
  expected: Outcome['status'],
  type: T,
  body: Transaction<T>['body'],
  signers: string[],
  options: { writer: string }
) => Promise<{ id: string }>

export interface Economy {
  run: Run
  at: (iso: string) => void
  /** A collective's id by name. */
  id: (name: string) => string
  /** A wallet's key by name. */
  wallet: (name: string) => string
  flour: string
}

export async function correctionExamples({ run, at, id, wallet, flour }: Economy): Promise<void> {
  const as = (name: string) => ({ writer: name })
  at('2026-06-01T08:00:00Z')
  // A product type defined with a typo, retired before anything used it.
  const typo = await run(null, 'accepted', 'product.define', { name: 'Rye flower', unit: 'kg', kind: 'consumable' }, ['Bakery'], as('Bakery'))
  await run('product.retire', 'accepted', 'product.retire', { product: typo.id, reason: 'Misspelt: the type is Rye flour' }, ['Bakery'], as('Bakery'))

  // An estimate typed in minutes of the wrong size: above the vote threshold, replaced.
  const order = await run(null, 'accepted', 'order.place', { producer: id('Mill'), product: flour, quantity: '50' }, ['Bakery'], as('Bakery'))
  const wrong = await run(null, 'accepted', 'estimate.publish', { order: order.id, minutes: µ(7_500_000) }, ['Mill'], as('Mill'))
  const right = await run(
    'estimate.replace',
    'accepted',
    'estimate.replace',
    { estimate: wrong.id, minutes: µ(75), reason: 'Typed 7,500,000 minutes for 75' },
    ['Mill'],
    as('Mill')
  )
  at('2026-06-02T07:00:00Z')
  const milling = await run(null, 'accepted', 'production.start', { estimate: right.id }, ['Mill'], as('Mill'))

  // A workload recorded on the wrong person, reversed and recorded again.
  at('2026-06-02T16:00:00Z')
  const performedAt = Date.parse('2026-06-02T07:30:00Z')
  const onBoris = await run(null, 'accepted', 'production.workload', { production: milling.id, wallet: wallet('Boris'), minutes: µ(75), performedAt }, ['Mill'], as('Mill'))
  await run('workload.reverse', 'accepted', 'workload.reverse', { workload: onBoris.id, reason: 'Anna milled this batch, not Boris' }, ['Mill'], as('Mill'))
  await run(null, 'accepted', 'production.workload', { production: milling.id, wallet: wallet('Anna'), minutes: µ(75), performedAt }, ['Mill'], as('Mill'))

  // An order the Bakery no longer needs.
  at('2026-06-03T08:00:00Z')
  const spare = await run(null, 'accepted', 'order.place', { producer: id('Mill'), product: flour, quantity: '20' }, ['Bakery'], as('Bakery'))
  await run('order.withdraw', 'accepted', 'order.withdraw', { order: spare.id, reason: 'The 50 kg are enough for June' }, ['Bakery'], as('Bakery'))
}
