// The ledger's refusals in the interface's language, as a hook (see refusal-text.ts).
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { asSentence, refusalText } from './refusal-text.ts'

export { asSentence, refusalText }

/** `(code, reason) => sentence` in the current language. */
export function useRefusal(): (code: string, reason: string) => string {
  const { i18n } = useTranslation()
  return useCallback((code, reason) => refusalText(i18n, code, reason), [i18n])
}
