// Messages for people in every language of the interface (issue 10, item 8): the ledger's
// refusals translated by their code, and a form's mistakes in words, never zod's own
// sentences for developers.
import i18next from 'i18next'
import { beforeAll, describe, expect, it } from 'vitest'
import { NODE_ERROR_CODES } from '../../core/node/errors.ts'
import { REPORT_ERROR_CODES } from '../../core/reports/errors.ts'
import { PAIRING_ERROR_CODES } from '../../core/network/errors.ts'
import { REFUSAL_CODES } from '../../core/protocol/refusals.ts'
import { methods } from '../../main/api/contract.ts'
import { issueForPeople } from '../../renderer/src/components/issues.ts'
import { refusalText } from '../../renderer/src/components/refusal-text.ts'
import { setFormatLocale } from '../../renderer/src/format.ts'
import { WORKDAY_LIMIT } from '../../core/ledger/workday.ts'
import { workdayFullReason } from '../../core/protocol/workday-words.ts'
import enCommon from '../../renderer/src/i18n/en/common.json' with { type: 'json' }
import deCommon from '../../renderer/src/i18n/de/common.json' with { type: 'json' }
import deRefusals from '../../renderer/src/i18n/de/refusals.json' with { type: 'json' }

/** Every code the ledger gives (the council's too: its entries go through the log). */
const LEDGER_CODES = REFUSAL_CODES

beforeAll(async () => {
  await i18next.init({
    resources: {
      en: { common: enCommon },
      de: { common: deCommon, refusals: deRefusals }
    },
    lng: 'en',
    fallbackLng: 'en',
    defaultNS: 'common',
    interpolation: { escapeValue: false }
  })
})

describe('the ledger refusals in German', () => {
  it('has a sentence for every code the ledger and the node give, and none for others', () => {
    const known = new Set<string>([...LEDGER_CODES, ...NODE_ERROR_CODES, ...REPORT_ERROR_CODES, ...PAIRING_ERROR_CODES])
    // Joining: what a newcomer hears when no device answers, or the invite is unknown or used.
    expect(PAIRING_ERROR_CODES.filter((code) => !(code in deRefusals))).toEqual([])
    expect(LEDGER_CODES).toContain('LOT_RESERVED')
    expect(LEDGER_CODES.filter((code) => !(code in deRefusals))).toEqual([])
    expect(NODE_ERROR_CODES.filter((code) => !(code in deRefusals))).toEqual([])
    // Making a report refuses with its own codes (core/reports/errors.ts), shown like the node's.
    expect(REPORT_ERROR_CODES.filter((code) => !(code in deRefusals))).toEqual([])
    // One code, one sentence: a report's code never reuses one of the ledger's or the node's.
    expect(REPORT_ERROR_CODES.filter((code) => (LEDGER_CODES as readonly string[]).includes(code) || (NODE_ERROR_CODES as readonly string[]).includes(code))).toEqual([])
    expect(Object.keys(deRefusals).filter((code) => !known.has(code))).toEqual([])
  })

  it("shows the German sentence by code, the ledger's own sentence in English", async () => {
    const reason = 'a workload cannot be recorded before it was performed'
    await i18next.changeLanguage('de')
    expect(refusalText(i18next, 'WORKLOAD_IN_FUTURE', reason)).toBe(deRefusals.WORKLOAD_IN_FUTURE)
    expect(refusalText(i18next, 'SOMETHING_NEW', reason)).toBe(reason)
    await i18next.changeLanguage('en')
    expect(refusalText(i18next, 'WORKLOAD_IN_FUTURE', reason)).toBe(reason)
  })
})

describe('a full day in the interface\'s words (clerk finding 5)', () => {
  const H = 60n * 1_000_000n
  it('says who, which day, what is already there and what more fits, in English and German', async () => {
    const reason = workdayFullReason('2026-04-01', 20n * H + 30n * 1_000_000n, 5n * H, WORKDAY_LIMIT)
    await i18next.changeLanguage('en')
    setFormatLocale('en')
    expect(refusalText(i18next, 'WORKDAY_FULL', reason)).toBe(
      'That person already has 20 h 30 min recorded on Apr 1, 2026; 5 h more would make more than 24 hours in one day. At most 3 h 30 min more fit on that day.'
    )
    await i18next.changeLanguage('de')
    setFormatLocale('de')
    expect(refusalText(i18next, 'WORKDAY_FULL', reason)).toBe(
      'Für diese Person sind am 01.04.2026 schon 20 h 30 min eingetragen; 5 h mehr wären mehr als 24 Stunden an einem Tag. An diesem Tag passen höchstens noch 3 h 30 min dazu.'
    )
    // Nothing there yet; nothing fits any more; a part of a minute in German decimals.
    expect(refusalText(i18next, 'WORKDAY_FULL', workdayFullReason('2026-04-01', 0n, 25n * H, WORKDAY_LIMIT))).toBe(
      '25 h wären mehr als 24 Stunden an einem Tag (01.04.2026). An einen Tag passen höchstens 24 h.'
    )
    expect(refusalText(i18next, 'WORKDAY_FULL', workdayFullReason('2026-04-01', 24n * H, 500_000n, WORKDAY_LIMIT))).toBe(
      'Für diese Person sind am 01.04.2026 schon 24 h eingetragen: an diesem Tag passt nichts mehr dazu.'
    )
    // No word of the wallet, and no "7 h 00 min".
    expect(reason).not.toMatch(/wallet|00 min/)
    await i18next.changeLanguage('en')
    setFormatLocale('en')
  })
})

describe("a form's mistakes in words", () => {
  const issue = (method: keyof typeof methods, args: unknown) => {
    const parsed = methods[method].safeParse(args)
    expect(parsed.success).toBe(false)
    return parsed.error!.issues[0]
  }
  const key = 'ab'.repeat(32)

  it('names the field and the limit, in each language', async () => {
    const long = issue('people.save', { key, name: 'x'.repeat(101) })
    expect(long!.message).toMatch(/^Too big/)
    await i18next.changeLanguage('en')
    expect(issueForPeople(long!)).toBe('Name: At most 100 characters, please.')
    await i18next.changeLanguage('de')
    expect(issueForPeople(long!)).toBe('Name: Höchstens 100 Zeichen, bitte.')
    expect(issueForPeople(issue('setup.create', { name: 'Mill', roles: [] }))).toBe(
      'Rollen: Bitte mindestens eines wählen.'
    )
  })

  it("keeps the protocol's own sentences in English, and never zod's", async () => {
    await i18next.changeLanguage('en')
    const reason = issue('tx.decline', { id: key, reason: 'y'.repeat(501) })
    expect(issueForPeople(reason)).toBe('Reason: At most 500 characters, please.')
    const badKey = issue('people.save', { key: 'nope', name: 'Anna' })
    expect(issueForPeople(badKey)).toBe('Wallet key: a key or id is 64 lowercase hex digits')
    for (const lang of ['en', 'de']) {
      await i18next.changeLanguage(lang)
      const text = issueForPeople(issue('view.log', { limit: 0 }))
      expect(text).not.toMatch(/Too (big|small)|expected/)
    }
  })
})
