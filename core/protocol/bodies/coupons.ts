// Final revisions, labour coupons and their spending (§6.3 to §6.5).
import { z } from 'zod'
import { period, positiveMicro, publicKey, txId } from '../fields.ts'

/** Anyone may close a month; no signature is needed (§6.3). */
export const revisionFinal = z.strictObject({ period })

/** Signed by the workload's wallet. */
export const couponClaim = z.strictObject({ workload: txId, revision: txId })

/** Signed by the wallet and the dispatcher. Names no product (§2.2 privacy). */
export const couponSpend = z.strictObject({ wallet: publicKey, dispatcher: publicKey, amount: positiveMicro })
