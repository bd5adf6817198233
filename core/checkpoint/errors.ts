// Checkpoint code follows the protocol's rule for refusals: a stable code and a sentence, and
// nothing that `apply` calls throws on bad input. The functions a member's own node calls on
// its own data (signing, formatting) throw a CheckpointError instead: a wrong call is a bug
// of the caller, not a peer's garbage.
import { refuse, type Refusal } from '../protocol/errors.ts'

export { refuse, type Refusal }

export interface Ok<T> {
  ok: true
  value: T
}

export type Result<T> = Ok<T> | Refusal

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value })

export class CheckpointError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.code = code
    this.name = 'CheckpointError'
  }
}

/** Unwraps a result on the member's own side, where a refusal is a programming error. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new CheckpointError(result.code, result.reason)
  return result.value
}
