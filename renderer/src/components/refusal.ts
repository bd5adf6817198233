// The ledger's refusals for people, in the interface's language. The ledger speaks English: its
// sentence names the very lot, collective or amount, and is shown as it is in English. Other
// languages translate by the stable code (i18n/<lang>/refusals.json, one sentence per code of
// core/protocol/refusals.ts); a code not translated yet keeps the ledger's sentence.
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import type { i18n as I18n } from 'i18next'

export function refusalText(i18n: I18n, code: string, reason: string): string {
  const lang = i18n.resolvedLanguage ?? i18n.language
  if (lang === 'en' || !code) return reason
  const translated = i18n.getResource(lang, 'refusals', code) as unknown
  return typeof translated === 'string' ? translated : reason
}

/** `(code, reason) => sentence` in the current language. */
export function useRefusal(): (code: string, reason: string) => string {
  const { i18n } = useTranslation()
  return useCallback((code, reason) => refusalText(i18n, code, reason), [i18n])
}
