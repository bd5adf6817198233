// Turning what people type into exact values, with a sentence when it cannot be done.
import type { TFunction } from 'i18next'
import { MAX_QUANTITY } from '../../../core/protocol/limits.ts'
import { parseHours, parseMinutes, parseQuantity, type Parsed } from '../format.ts'

export function explain(t: TFunction, parsed: Parsed, { positive = true } = {}): string | null {
  if (!parsed.ok) return t(`errors.${parsed.error}`)
  if (positive && parsed.value === 0n) return t('errors.zero')
  return null
}

/** A quantity, refused here as the ledger would refuse it (QUANTITY_ABOVE_MAXIMUM) past 10^15. */
export function quantityOf(text: string): Parsed {
  const parsed = parseQuantity(text)
  return parsed.ok && parsed.value > MAX_QUANTITY ? { ok: false, error: 'tooLarge' } : parsed
}
export const hoursOf = (text: string) => parseHours(text)
export const minutesOf = (text: string) => parseMinutes(text)

/** Normalises typed or scanned recovery words: lower case, single spaces. */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s,;]+/)
    .map((w) => w.replace(/^\d+[.)]/, ''))
    .filter(Boolean)
}
