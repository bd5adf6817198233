// The ledger's refusals for people, in the interface's language. The ledger speaks English: its
// sentence names the very lot, collective or amount, and is shown as it is in English. Other
// languages translate by the stable code (i18n/<lang>/refusals.json, one sentence per code of
// core/protocol/refusals.ts and core/node/errors.ts); a code not translated keeps the ledger's
// sentence. No React here: the unit tests read it.
import type { i18n as I18n } from 'i18next'

export function refusalText(i18n: I18n, code: string, reason: string): string {
  const lang = i18n.resolvedLanguage ?? i18n.language
  if (lang === 'en' || !code) return reason
  const translated = i18n.getResource(lang, 'refusals', code) as unknown
  return typeof translated === 'string' ? translated : reason
}

/**
 * A ledger sentence shown on its own (under a field or a form) begins with a capital letter:
 * the ledger writes "a product type called … already exists" to be quoted inside other text.
 * Only a word of letters is raised; a key's digits ("ab12cd34…") or a quoted name stay as they are.
 */
export function asSentence(text: string): string {
  return /^[a-z]+[\s,:;]/.test(text) ? text[0]!.toUpperCase() + text.slice(1) : text
}
