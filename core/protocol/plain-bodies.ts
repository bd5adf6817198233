// The bodies the ledger meets most, checked by hand: zod's safeParse cost about 4 µs a body
// here, the largest part of decoding an entry. Like plainEnvelope (decode.ts), this only says
// yes to bodies the zod schema accepts, and returns what the schema would return (a new object,
// the schema's keys in the schema's order, absent optional keys left out); for anything else,
// any doubt included, it returns null and zod decides, with its own words for the refusal.
// So it can make decoding cheaper, never more lenient or stricter.
// (test/unit/plain-bodies.test.ts compares the two on random, valid and broken bodies, and
// checks that each shape below lists exactly its schema's keys.)
//
// The rules are those of fields.ts; a change there must be made here too (or the type taken
// out of SHAPES), and the test above fails until it is.
import { MAX_DIGITS } from './fields.ts'
import type { TxType } from './types.ts'

type Check = (value: unknown) => boolean

const HEX_64 = /^[0-9a-f]{64}$/
const LOT_ID = /^[0-9a-f]{64}:[0-9]{1,4}$/
const DIGITS = /^(0|[1-9][0-9]*)$/

/** txId and publicKey. */
const key: Check = (v) => typeof v === 'string' && HEX_64.test(v)
const lotId: Check = (v) => typeof v === 'string' && LOT_ID.test(v)
/** micro and minutes: decimal digits, no leading zero, at most MAX_DIGITS. */
const digits: Check = (v) => typeof v === 'string' && v.length <= MAX_DIGITS && DIGITS.test(v)
/** positiveMicro. */
const positive: Check = (v) => digits(v) && v !== '0'
/**
 * quantity: positive and at most MAX_QUANTITY (10^15). Every number of at most 15 digits is
 * below it; longer ones go to zod, which compares them as BigInts.
 */
const quantity: Check = (v) => positive(v) && (v as string).length <= 15
/** timestamp: whole milliseconds in 0 … 8,640,000,000,000,000 (all safe integers). */
const timestamp: Check = (v) =>
  Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= 8_640_000_000_000_000
const flag: Check = (v) => typeof v === 'boolean'
/** A field whose rule is not written here (free text, arrays): when it is present, zod decides. */
const zodDecides: Check = () => false

/** A field of a strict object schema: its key, its rule, and whether it may be absent. */
type Field = readonly [key: string, check: Check, optional?: 'optional']

/** The schemas' shapes, key for key in their order, for the types most entries have. */
export const SHAPES: Partial<Record<TxType, readonly Field[]>> = {
  'production.workload': [['production', key], ['wallet', key], ['minutes', positive], ['performedAt', timestamp]],
  'production.consume': [['production', key], ['lot', lotId], ['quantity', quantity], ['asComponent', flag, 'optional']],
  'production.allocate': [['production', key], ['lot', lotId], ['repurposed', flag, 'optional']],
  'production.deallocate': [['production', key], ['lot', lotId], ['minutesUsed', digits]],
  'production.start': [['estimate', key]],
  'estimate.publish': [['order', key], ['minutes', positive]],
  'order.place': [['producer', key], ['product', key], ['quantity', quantity], ['deliverBy', timestamp, 'optional'], ['references', zodDecides, 'optional']],
  'coupon.claim': [['workload', key], ['revision', key]],
  'coupon.spend': [['wallet', key], ['dispatcher', key], ['amount', positive]],
  'resource.collectivize': [['product', key], ['quantity', quantity], ['note', zodDecides, 'optional']],
  'resource.transfer': [['lot', lotId], ['quantity', quantity], ['to', key], ['order', key, 'optional']],
  'dispatch.record': [['lot', lotId], ['quantity', quantity]]
}

/**
 * The body as the schema of `type` would return it, when it is plainly valid; null when zod
 * must decide. `body` is what JSON.parse made (plainEnvelope has refused a `__proto__` key).
 */
export function plainBody(type: TxType, body: Record<string, unknown>): Record<string, unknown> | null {
  const shape = SHAPES[type]
  if (shape === undefined) return null
  let present = 0
  for (const _ in body) present++
  const out: Record<string, unknown> = {}
  let found = 0
  for (const [name, check, optional] of shape) {
    if (!Object.hasOwn(body, name)) {
      if (optional) continue
      return null
    }
    const value = body[name]
    if (!check(value)) return null
    out[name] = value
    found++
  }
  return found === present ? out : null
}
