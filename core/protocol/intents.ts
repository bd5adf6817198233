// What a person asks for: one intent per transaction type, `{ type, body }` with the body of
// that type's zod schema. The interface builds intents with their types checked by the
// compiler; the host checks them again with this schema, then the node decides who must sign
// (the ledger's rules) and signs. No module here touches Node: the renderer bundles it.
import { z } from 'zod'
import { bodySchemas, TX_TYPES, type Body, type TxType } from './types.ts'

export type Intent<T extends TxType = TxType> = { [K in T]: { type: K; body: Body<K> } }[T]

type IntentSchemas = {
  [T in TxType]: z.ZodObject<
    { type: z.ZodLiteral<T>; body: (typeof bodySchemas)[T] },
    z.core.$strict
  >
}
type IntentSchema = IntentSchemas[TxType]

const schemas = TX_TYPES.map((type) =>
  z.strictObject({ type: z.literal(type), body: bodySchemas[type] })
) as IntentSchema[]

export const intentSchema = z.discriminatedUnion(
  'type',
  schemas as [IntentSchema, ...IntentSchema[]],
  {
    error: 'an intent names a known transaction type and its body'
  }
)

/** What the interface sends: an intent, typed by its transaction type. */
export type IntentInput = z.input<typeof intentSchema>
