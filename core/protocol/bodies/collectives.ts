// Collectives, their devices, and the trust between them (PROTOCOL §1, §3).
import { z } from 'zod'
import { lotId, name, optionalText, publicKey, quantity, text, txId } from '../fields.ts'

export const role = z.enum(['producer', 'dispatcher'], {
  error: 'a role is "producer" or "dispatcher"'
})

/** Signed by the new collective's identity key; any member's device may carry it. */
export const collectiveRegister = z.strictObject({
  name: name('the name', 100),
  roles: z
    .array(role)
    .min(1, 'a collective needs at least one role')
    .max(2)
    .refine((r) => new Set(r).size === r.length, 'a role is listed twice'),
  devices: z
    .array(publicKey)
    .min(1, 'a collective needs at least one device')
    .max(16, 'at most 16 devices can be registered at once')
    .refine((d) => new Set(d).size === d.length, 'a device is listed twice')
})

/** `replaces`: a device of the same collective this one takes over from (a restored backup); it is unbound in the same step. */
export const deviceBind = z
  .strictObject({ device: publicKey, replaces: publicKey.optional() })
  .refine((b) => b.replaces !== b.device, 'a device cannot replace itself')
export const deviceUnbind = z.strictObject({ device: publicKey, reason: optionalText('the reason', 500) })

/** Strong trust: signed by both collectives. */
export const trustEstablish = z
  .strictObject({ a: publicKey, b: publicKey })
  .refine((t) => t.a !== t.b, 'a collective cannot trust itself')

export const trustCancel = z.strictObject({ peer: publicKey, reason: text('the reason', 500) })

/**
 * Restores parity after a trust cancellation split a subsystem: goods cross the cut once,
 * signed by the giving and the receiving collective (docs/protocol.md, "Settlement").
 */
export const settlementRecord = z.strictObject({
  split: txId,
  from: publicKey,
  to: publicKey,
  lots: z
    .array(z.strictObject({ lot: lotId, quantity }))
    .min(1, 'a settlement moves at least one lot')
    .max(64, 'a settlement moves at most 64 lots'),
  note: optionalText('the note', 500)
})
