// The ledger's refusals for people, in the interface's language. The ledger speaks English: its
// sentence names the very lot, collective or amount, and is shown as it is in English. Other
// languages translate by the stable code (i18n/<lang>/refusals.json, one sentence per code of
// core/protocol/refusals.ts and core/node/errors.ts); a code not translated keeps the ledger's
// sentence. No React here: the unit tests read it.
import type { i18n as I18n } from 'i18next'
import { WORKDAY_PATTERN } from '../../../core/protocol/workday-words.ts'
import { formatTime } from '../format.ts'

export function refusalText(i18n: I18n, code: string, reason: string): string {
  const lang = i18n.resolvedLanguage ?? i18n.language
  if (code === 'WORKDAY_FULL') {
    const said = workdayFull(i18n, lang, reason)
    if (said) return said
  }
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

/** "7 h 30 min" / "45 min" / "0.5 min" (the ledger's durationWords) back to µmin. */
function micro(words: string): bigint | null {
  const hours = /^(\d+) h(?: (\d+) min)?$/.exec(words)
  if (hours) return (BigInt(hours[1]!) * 60n + BigInt(hours[2] ?? '0')) * 1_000_000n
  const minutes = /^(\d+)(?:\.(\d{1,6}))? min$/.exec(words)
  if (!minutes) return null
  return BigInt(minutes[1]!) * 1_000_000n + BigInt((minutes[2] ?? '').padEnd(6, '0') || '0')
}

/**
 * WORKDAY_FULL in the interface's words and formats (finding 5): the day as the interface
 * writes dates, how much that person already has on it, how much more fits. The figures are
 * read out of the ledger's sentence (core/protocol/workday-words.ts); null if it is not that one.
 */
function workdayFull(i18n: I18n, lang: string, reason: string): string | null {
  const found = WORKDAY_PATTERN.exec(reason)
  if (!found) return null
  const [, beforeWords, day, askedWords, roomWords] = found
  const asked = micro(askedWords!)
  const before = beforeWords === undefined ? 0n : micro(beforeWords)
  const room = roomWords === undefined ? 0n : micro(roomWords)
  if (asked === null || before === null || room === null) return null
  const date = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    Date.parse(`${day}T12:00:00Z`)
  )
  const values = {
    lng: lang,
    date,
    before: formatTime(before),
    asked: formatTime(asked),
    room: formatTime(room)
  }
  const key = before === 0n ? 'workday.fullEmpty' : room === 0n ? 'workday.fullNoRoom' : 'workday.full'
  return i18n.t(key, { ...values, ns: 'common' })
}
