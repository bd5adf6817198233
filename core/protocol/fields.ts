// Field schemas shared by the transaction bodies. Every amount is an integer written as a
// decimal string (JSON numbers lose precision past 2^53; BigInt never does).
import { z } from 'zod'
import { MAX_DURABILITY_MINUTES, MAX_QUANTITY } from './limits.ts'
import { freeTextProblem, nameProblem, type TextProblem } from './names.ts'
import type { RefusalCode } from './refusals.ts'

/** Upper bound on the digits of any amount: far beyond any real economy, small enough to refuse absurd input. */
export const MAX_DIGITS = 30

const digits = (what: string) =>
  z
    .string()
    .max(MAX_DIGITS, `${what} has more than ${MAX_DIGITS} digits`)
    .regex(/^(0|[1-9][0-9]*)$/, `${what} must be a whole number written in decimal digits`)

/**
 * At most `max`, refused with its own code (decode.ts reads it from `params`) and a sentence
 * naming the bound (limits.ts). Only a number written in digits is compared: anything else has
 * already met the digits rule.
 */
const atMost =
  (max: bigint, refusal: RefusalCode, sentence: (value: string) => string) =>
  (value: string, ctx: z.RefinementCtx) => {
    if (/^[0-9]+$/.test(value) && BigInt(value) > max)
      ctx.addIssue({ code: 'custom', message: sentence(value), params: { refusal } })
  }
const plausibleQuantity = atMost(
  MAX_QUANTITY,
  'QUANTITY_ABOVE_MAXIMUM',
  (value) => `${value} units is more than the most one quantity may name (${MAX_QUANTITY}, 10^15)`
)

/** A non-negative amount of micro-minutes (1 minute = 1,000,000 µmin). */
export const micro = digits('an amount of micro-minutes')
/** A positive amount of micro-minutes. */
export const positiveMicro = micro.refine((s) => s !== '0', 'the amount must be more than zero')
/** A positive quantity in a product type's base unit. */
export const quantity = digits('a quantity')
  .refine((s) => s !== '0', 'the quantity must be more than zero')
  .superRefine(plausibleQuantity)
/** A non-negative quantity (inventory counts). */
export const count = digits('a count').superRefine(plausibleQuantity)
/** Whole minutes (durabilities, minutes a machine was used). */
export const minutes = digits('a number of minutes')
export const positiveMinutes = minutes.refine((s) => s !== '0', 'the minutes must be more than zero')
/** A product type's durability: positive whole minutes, at most 100 years. */
export const durability = positiveMinutes.superRefine(
  atMost(
    MAX_DURABILITY_MINUTES,
    'DURABILITY_ABOVE_MAXIMUM',
    (value) => `a durability of ${value} minutes is more than the longest one accepted: ${MAX_DURABILITY_MINUTES} minutes (100 years of 366 days)`
  )
)

/** Milliseconds since the epoch, as declared by a signer. */
export const timestamp = z
  .number({ error: 'a time must be a number of milliseconds since 1970' })
  .int('a time must be a whole number of milliseconds')
  .min(0, 'a time cannot be before 1970')
  .max(8_640_000_000_000_000, 'a time must be a valid date')

/** An Ed25519 public key: a collective, a device or a wallet. */
export const publicKey = z.string().regex(/^[0-9a-f]{64}$/, 'a key must be 64 lowercase hex digits')
export const signature = z
  .string()
  .regex(/^[0-9a-f]{128}$/, 'a signature must be 128 lowercase hex digits')
/** A transaction id (BLAKE2b-256 of its signed bytes). */
export const txId = z.string().regex(/^[0-9a-f]{64}$/, 'an id must be 64 lowercase hex digits')
/** A lot id: the id of the transaction that created it, with an output index (`<txid>:<n>`). */
export const lotId = z
  .string()
  .regex(/^[0-9a-f]{64}:[0-9]{1,4}$/, 'a lot id looks like <transaction id>:<number>')

/** A calendar month in UTC, e.g. `2026-04`. */
export const period = z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'a period is a month written YYYY-MM')

/** A zod check that refuses with the text rule's own code (decode.ts reads it from `params`). */
const rule =
  (check: (value: string, what: string) => TextProblem | null, what: string) =>
  (value: string, ctx: z.RefinementCtx) => {
    const problem = check(value, what)
    if (problem) ctx.addIssue({ code: 'custom', message: problem.reason, params: { refusal: problem.code } })
  }

/**
 * A required text. Checked, never transformed: the signed bytes are the bytes that were sent,
 * so a schema that trimmed spaces would make the ledger verify something the signer never
 * signed. The free-text rule (names.ts) refuses controls, bidirectional overrides, lone
 * surrogates and noncharacters.
 */
export const text = (what: string, max: number) =>
  z
    .string()
    .max(max, `${what} is longer than ${max} characters`)
    .superRefine(rule(freeTextProblem, what))
    .refine((s) => s.trim().length > 0, `${what} cannot be empty`)
    .refine((s) => s === s.trim(), `${what} cannot begin or end with spaces`)

export const optionalText = (what: string, max: number) =>
  z
    .string()
    .max(max, `${what} is longer than ${max} characters`)
    .superRefine(rule(freeTextProblem, what))
    .optional()

/**
 * A name people tell apart by reading it (a product type, a collective): a required text
 * under the name rule (names.ts, NAME_RULE), which also keeps look-alikes apart.
 */
export const name = (what: string, max: number) =>
  z
    .string()
    .max(max, `${what} is longer than ${max} characters`)
    .superRefine(rule(nameProblem, what))
    .refine((s) => s.length > 0, `${what} cannot be empty`)
    .refine((s) => !s.startsWith(' ') && !s.endsWith(' '), `${what} cannot begin or end with spaces`)
