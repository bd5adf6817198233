// Random histories over a small economy, and the invariants of PROTOCOL §8/§9 checked
// exactly (BigInt) against an independent model. Used by the properties-*.test.ts files
// and ledger-verifier.test.ts.
//
// A history is a list of abstract intents (a step kind plus random numbers). Each intent is
// turned into a concrete, signed entry by looking at the CURRENT state of the ledger (the
// lots, productions, pending transactions… that exist at that moment), so most steps are
// valid; a `mode` number turns some of them into invalid ones (wrong signer, forged or
// missing signatures, unknown writer, tampered body, huge or malformed numbers, garbage).
//
// The parts, in reading order: actors.ts (who takes part, the calendar), arithmetic.ts (the
// oracle's own arithmetic), stores.ts (recording and JSON stores), check.ts (how a check
// fails), runner.ts (applies entries and checks each step against the model), invariants.ts
// (whole-state invariants), generation.ts (intents and histories), world.ts with corrupt.ts
// (intents into signed entries, good and bad), reorder.ts (commuting entries, parity).
export { APRIL, COLLECTIVES, WALLETS } from './actors.ts'
export { periodOfMs } from './arithmetic.ts'
export { dump, JsonStore, RecordingStore, scan, type Change } from './stores.ts'
export { InvariantError } from './check.ts'
export { Runner, type RunnerOptions, type StepRecord } from './runner.ts'
export { checkShadow, checkState } from './invariants.ts'
export { coverage, historyArb, intentArb, type HistorySpec, type Intent, type Kind } from './generation.ts'
export { World, type Built } from './world.ts'
export { checkParity, independent, normalizedView } from './reorder.ts'
