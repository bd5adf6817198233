// The production cycle (§5): order → estimate → start → consume/workload/allocate → output.
import { z } from 'zod'
import {
  lotId,
  micro,
  minutes,
  positiveMicro,
  publicKey,
  quantity,
  text,
  timestamp,
  txId
} from '../fields.ts'

export const orderPlace = z.strictObject({
  producer: publicKey,
  product: txId,
  quantity,
  deliverBy: timestamp.optional(),
  references: z.array(txId).max(16, 'an order references at most 16 orders').optional()
})

export const orderReject = z.strictObject({ order: txId, reason: text('the reason', 500) })

export const estimatePublish = z.strictObject({ order: txId, minutes: positiveMicro })

export const productionStart = z.strictObject({ estimate: txId })

export const productionConsume = z.strictObject({
  production: txId,
  lot: lotId,
  quantity,
  /** The consumed goods stay separable in the output's value tree (§4.2). */
  asComponent: z.boolean().optional()
})

export const productionWorkload = z.strictObject({
  production: txId,
  wallet: publicKey,
  minutes: positiveMicro,
  performedAt: timestamp
})

export const productionAllocate = z.strictObject({
  production: txId,
  lot: lotId,
  /** An exclusive machine serving commons production (§6.3): its transfer counts into c. */
  repurposed: z.boolean().optional()
})

export const productionDeallocate = z.strictObject({ production: txId, lot: lotId, minutesUsed: minutes })

export const productionOutput = z.strictObject({
  production: txId,
  outputs: z
    .array(
      z.strictObject({
        product: txId,
        quantity,
        /** Share of the production's value; defaults to the quantity. */
        weight: quantity.optional(),
        /** The value the writer expects (µmin); if given for every output, it must be exact. */
        value: micro.optional()
      })
    )
    .min(1, 'a production output names at least one product')
    .max(16, 'a production output names at most 16 products')
})
