// The council's key as a person pastes it: the 64 hex digits of its group key, or the verifier
// key the Council screen and `checkpoint show` display (`stachanov.network/<network>+<id>+<base64>`).
// Both name the same Ed25519 key; reports keep the hex form.
import { ok, refuse, type Result } from './errors.ts'
import { parseVerifierKey } from './note.ts'
import { ORIGIN_PREFIX } from './checkpoint.ts'

const HEX64 = /^[0-9a-fA-F]{64}$/

/** The council's group key in lowercase hex, from either form; a refusal with a sentence otherwise. */
export function councilKeyFromText(text: string): Result<string> {
  const value = text.trim()
  if (HEX64.test(value)) return ok(value.toLowerCase())
  if (!value.includes('+')) {
    return refuse(
      'NOTE_BAD_VERIFIER_KEY',
      'a council key is 64 hex digits or the verifier key the Council screen shows'
    )
  }
  const parsed = parseVerifierKey(value)
  if (!parsed.ok) return parsed
  if (!parsed.value.name.startsWith(ORIGIN_PREFIX)) {
    return refuse(
      'NOTE_BAD_VERIFIER_KEY',
      `a council's verifier key starts with "${ORIGIN_PREFIX}"`
    )
  }
  return ok(Buffer.from(parsed.value.publicKey).toString('hex'))
}
