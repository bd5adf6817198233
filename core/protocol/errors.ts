// Every refusal in the protocol and the ledger carries a stable code (for programs and tests)
// and a sentence (for people). Codes never change meaning once released; refusals.ts lists
// them all.
import type { RefusalCode } from './refusals.ts'

export type { RefusalCode } from './refusals.ts'

export class ProtocolError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.code = code
    this.name = 'ProtocolError'
  }
}

/** A decision that something is not acceptable, without throwing (the ledger's hot path). */
export interface Refusal {
  ok: false
  code: RefusalCode
  reason: string
}

export function refuse(code: RefusalCode, reason: string): Refusal {
  return { ok: false, code, reason }
}
