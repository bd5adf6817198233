// A form's mistake as the contract's schema found it (zod), in words for people and in the
// interface's language: never "Too big: expected string to have <=100 characters".
import i18next from 'i18next'
import type { z } from 'zod'

/** zod's own default sentences, which are for developers. */
const ZOD_DEFAULT = /^(Too (big|small)|Invalid|Expected|Unrecognized)/

export function issueForPeople(issue: z.core.$ZodIssue | undefined): string {
  const t = i18next.t.bind(i18next)
  if (!issue) return t('errors.mistake')
  const name = [...issue.path].reverse().find((p): p is string => typeof p === 'string')
  const label = name ? t(`fields.${name}`, { defaultValue: '' }) : ''
  const text = sentence(issue, t)
  return label ? t('errors.inField', { field: label, text }) : text
}

function sentence(issue: z.core.$ZodIssue, t: typeof i18next.t): string {
  if (issue.code === 'too_big' || issue.code === 'too_small') {
    const big = issue.code === 'too_big'
    const limit = Number(big ? issue.maximum : issue.minimum)
    if (issue.origin === 'string')
      return big
        ? t('errors.tooLong', { count: limit })
        : limit <= 1
          ? t('errors.required')
          : t('errors.tooShort', { count: limit })
    if (issue.origin === 'array')
      return big
        ? t('errors.tooMany', { count: limit })
        : limit <= 1
          ? t('errors.chooseOne')
          : t('errors.tooFew', { count: limit })
    return big ? t('errors.atMost', { limit }) : t('errors.atLeast', { limit })
  }
  // The protocol's and the contract's own sentences are written for people, in English.
  const lang = i18next.resolvedLanguage ?? i18next.language
  if (lang === 'en' && !ZOD_DEFAULT.test(issue.message)) return issue.message
  return t('errors.invalid')
}
