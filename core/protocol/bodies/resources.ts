// Product types and lots: definition, collectivization, transfer, write-off, inventory
// (PROTOCOL §4, §5).
import { z } from 'zod'
import { count, durability, lotId, name, optionalText, publicKey, quantity, text, txId } from '../fields.ts'

export const productKind = z.enum(['consumable', 'meansOfProduction'], {
  error: 'a kind is "consumable" or "meansOfProduction"'
})

export const productDefine = z
  .strictObject({
    name: name('the name', 100),
    unit: text('the unit', 30),
    kind: productKind,
    /** Minutes a simple element lasts, d(t) = n (§4.2). Required for means of production. */
    durability: durability.optional()
  })
  .refine(
    (p) => p.kind !== 'meansOfProduction' || p.durability !== undefined,
    { message: 'a means of production needs a durability in minutes', path: ['durability'] }
  )

/** Original appropriation (§3.1): goods enter with value 0. */
export const resourceCollectivize = z.strictObject({
  product: txId,
  quantity,
  note: optionalText('the note', 500)
})

/** Ownership transfer (§3.2), signed by giver and receiver. */
export const resourceTransfer = z.strictObject({
  lot: lotId,
  quantity,
  to: publicKey,
  order: txId.optional()
})

export const resourceWriteoff = z.strictObject({
  lot: lotId,
  quantity,
  reason: text('the reason', 500)
})

/** A dispatcher's physical inventory (§2.2): a shortfall is written off as "inventory". */
export const inventoryCount = z.strictObject({ lot: lotId, counted: count })

/** Goods handed out to people by a dispatcher (§2.2). No wallet is named: privacy. */
export const dispatchRecord = z.strictObject({ lot: lotId, quantity })
