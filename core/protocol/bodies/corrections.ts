// Corrections (issue 10): every mistake is corrected by a new transaction, never by editing
// the log. A workload is reversed, an order withdrawn, an estimate replaced, a product type
// retired; the rules of each are in core/ledger/handlers/corrections.ts.
import { z } from 'zod'
import { optionalText, positiveMicro, text, txId } from '../fields.ts'

/** Undoes a workload of a running production whose month is still open. */
export const workloadReverse = z.strictObject({ workload: txId, reason: text('the reason', 500) })

/** The orderer takes its order back, at any time before the production's output. */
export const orderWithdraw = z.strictObject({ order: txId, reason: optionalText('the reason', 500) })

/** A new estimate in place of one no production has started on (a new id: votes are per estimate). */
export const estimateReplace = z.strictObject({
  estimate: txId,
  minutes: positiveMicro,
  reason: optionalText('the reason', 500)
})

/** The definer retires a product type nothing has used; its name becomes free again. */
export const productRetire = z.strictObject({ product: txId, reason: optionalText('the reason', 500) })
