// How the oracle fails: check() throws an InvariantError (shared by the runner, the
// whole-state invariants and the parity check).

export class InvariantError extends Error {}

export function check(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new InvariantError(typeof message === 'string' ? message : message())
}
