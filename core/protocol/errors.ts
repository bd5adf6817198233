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

/**
 * Refusals of the free-text and name rules (names.ts), given at decoding instead of
 * INVALID_BODY when a text field breaks them (docs/protocol.md §2.7 and §4).
 */
export const TEXT_CODES = [
  'CONTROL_CHARACTER',
  'BIDI_CONTROL',
  'LONE_SURROGATE',
  'NONCHARACTER',
  'INVISIBLE_CHARACTER',
  'DISALLOWED_CHARACTER',
  'CONFUSABLE_SEQUENCE',
  'NOT_NFC',
  'MIXED_SCRIPTS'
] as const satisfies readonly RefusalCode[]

export type TextCode = (typeof TEXT_CODES)[number]
