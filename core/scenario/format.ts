// The scenario file (YAML or JSON): named collectives and wallets, trust to start with, and
// steps written in the protocol's own transaction types, with people's units:
//   @Name        the key of a collective (or wallet) called Name
//   $label       the id of the step labelled `label` ($label:0 is the first lot it made)
//   minutes      decimal minutes where the protocol wants µmin ("10.5")
//   durations    whole minutes, or with a unit: 12Y (a proposal year, 356 days), 3d, 8h
//   times        ISO 8601 ("2026-04-03T10:00:00Z")
// Every step must be accepted unless it says `expect: pending` or `expect: rejected CODE`.
import { z } from 'zod'

const name = z.string().min(1).max(100)
const names = z.union([name, z.array(name)])

export const stepSchema = z.strictObject({
  /** A transaction type of the protocol (core/protocol/types.ts). */
  type: z.string().optional(),
  body: z.record(z.string(), z.unknown()).optional(),
  /** Co-sign the step labelled here, or decline it. */
  cosign: z.string().optional(),
  decline: z.string().optional(),
  reason: z.string().optional(),
  /** Who must sign; all of them sign unless `sign` names fewer. */
  by: names.optional(),
  sign: names.optional(),
  /** The collective whose device appends the entry (default: the first collective signer). */
  via: name.optional(),
  as: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a label is a word: letters, digits, - and _').optional(),
  at: z.string().optional(),
  /** Time to let pass before this step, e.g. "2h", "30d" (default one minute). */
  after: z.string().optional(),
  expires: z.string().optional(),
  expect: z.string().regex(/^(accepted|pending|rejected( [A-Z_]+)?)$/, 'expect is accepted, pending, or rejected CODE').optional(),
  note: z.string().optional()
})

export const checkSchema = z.strictObject({
  /** Which part of the printed view: lots, productions, revisions, wallets, prices, subsystems. */
  in: z.enum(['lots', 'productions', 'revisions', 'wallets', 'prices', 'subsystems', 'collectives', 'totals']),
  where: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  expect: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  note: z.string().optional()
})

export const scenarioSchema = z.strictObject({
  title: z.string(),
  description: z.string().optional(),
  /** Declared time of the first step. */
  start: z.string(),
  /** Collectives by name with their roles, registered in this order (the first founds the network). */
  collectives: z.record(name, z.array(z.enum(['producer', 'dispatcher'])).min(1)),
  wallets: z.array(name).default([]),
  /** Pairs of collectives that establish strong trust right after registering. */
  trust: z.array(z.tuple([name, name])).default([]),
  steps: z.array(stepSchema).default([]),
  checks: z.array(checkSchema).default([])
})

export type Scenario = z.output<typeof scenarioSchema>
export type Step = z.output<typeof stepSchema>
export type Check = z.output<typeof checkSchema>
