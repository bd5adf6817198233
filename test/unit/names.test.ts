// The name and free-text rules (core/protocol/names.ts): what they refuse and why, the key
// unique names compare by, and that they decide by the pinned table, never by the runtime's
// own Unicode data.
import { describe, expect, it } from 'vitest'
import { freeTextProblem, NAME_RULE, nameKey, nameProblem } from '../../core/protocol/names.ts'
import { UNICODE_VERSION } from '../../core/protocol/unicode-table.ts'
import { generate, render } from '../tools/unicode-table.ts'
import { readFile } from 'node:fs/promises'

const code = (name: string) => nameProblem(name, 'the name')?.code ?? null
const reason = (name: string) => nameProblem(name, 'the name')?.reason

describe('the name rule', () => {
  it('accepts names in one script: Latin, Greek, Cyrillic, CJK, Devanagari, Tamil', () => {
    for (const name of [
      'Bread',
      'Brötchen & Co. (No. 3)',
      'Mill’s flour',
      'Ψωμί',
      'Хлеб 1',
      '面包',
      '食パン',
      'SUSHI 寿司',
      '빵',
      'रोटी',
      'கொத்து'
    ]) {
      expect(nameProblem(name, 'the name'), name).toBeNull()
    }
  })

  it('refuses a name that mixes scripts: Latin "a" and Cyrillic "а"', () => {
    expect(code('Br\u0430ad')).toBe('MIXED_SCRIPTS')
    expect(reason('Br\u0430ad')).toBe('the name mixes Latin and Cyrillic letters')
    expect(reason('\u0425\u043bleb')).toBe('the name mixes Cyrillic and Latin letters')
    expect(code('Bread \u0661')).toBe('MIXED_SCRIPTS') // an Arabic-Indic digit
  })

  it('refuses invisible characters: zero-width space and joiner, soft hyphen, variation selectors', () => {
    expect(nameProblem('Bre\u200bad', 'the name')).toEqual({
      code: 'INVISIBLE_CHARACTER',
      reason: 'the name contains an invisible character U+200B'
    })
    for (const cp of [0x200d, 0x200c, 0x00ad, 0xfe0f, 0x2060, 0xfeff, 0xe0041])
      expect(code(`Bre${String.fromCodePoint(cp)}ad`)).toBe('INVISIBLE_CHARACTER')
  })

  it('refuses bidirectional controls (RLO, isolates, marks), controls (NUL), lone surrogates and noncharacters', () => {
    expect(nameProblem('Bread\u202egnirts', 'the name')?.code).toBe('BIDI_CONTROL')
    expect(reason('Bread\u202egnirts')).toMatch(/bidirectional control U\+202E/)
    for (const cp of [0x2066, 0x2069, 0x200f, 0x061c])
      expect(code(`Bread${String.fromCodePoint(cp)}`)).toBe('BIDI_CONTROL')
    expect(nameProblem('Bre\u0000ad', 'the name')).toEqual({
      code: 'CONTROL_CHARACTER',
      reason: 'the name contains a control character U+0000'
    })
    expect(code('Bread\u0085')).toBe('CONTROL_CHARACTER')
    expect(code('Bread\ud800')).toBe('LONE_SURROGATE')
    expect(code('\udc00Bread')).toBe('LONE_SURROGATE')
    expect(code('Bread\ufdd0')).toBe('NONCHARACTER')
    expect(code(`Bread${String.fromCodePoint(0x1fffe)}`)).toBe('NONCHARACTER')
  })

  it('refuses symbols, emoji, compatibility forms, special spaces, private use and unassigned code points', () => {
    for (const name of [
      'Bread ☃',
      'Bread 🍞',
      'Ｂread',
      'µm',
      '𝐁read',
      'ﬁne',
      'Bread\u00a0roll',
      'x\ue000',
      'x\u0378'
    ]) {
      expect(code(name), name).toBe('DISALLOWED_CHARACTER')
    }
    expect(reason('Bread\u00a0roll')).toBe(
      'the name contains the special space U+00A0: use the ordinary space'
    )
    expect(reason('x\u0378')).toBe(
      `the name contains U+0378, which Unicode ${UNICODE_VERSION} does not assign`
    )
  })

  it('refuses spellings that look like another: decomposed letters, a mark on nothing, a mark or a space twice', () => {
    expect(code('Cafe\u0301')).toBe('NOT_NFC')
    expect(code('Caf\u00e9')).toBeNull()
    expect(code('\u00ea\u0323')).toBe('NOT_NFC') // ê + dot below is ệ
    expect(code('\u1ec7')).toBeNull()
    expect(code('\u0301a')).toBe('CONFUSABLE_SEQUENCE')
    expect(code('a\u0301\u0301')).toBe('CONFUSABLE_SEQUENCE')
    expect(reason('Bread  roll')).toBe('the name has two spaces in a row, which look like one')
  })

  it('keys names case-insensitively, by a fixed fold: Bread and bread, U+A7CB and U+0264', () => {
    expect(nameKey('Bread')).toBe(nameKey('bread'))
    expect(nameKey('BREAD')).toBe('bread')
    expect(nameKey('\ua7cbx')).toBe(nameKey('\u0264x'))
    expect(nameKey('ΣΊΣΥΦΟΣ')).toBe(nameKey('σίσυφος'))
    expect(nameKey('Mill’s')).toBe(nameKey("mill's"))
    expect(nameKey('Хлеб')).toBe('хлеб')
  })

  it("does not read the runtime's Unicode data: the same decisions with normalize and case mapping broken", () => {
    const names = [
      'Bread',
      'Cafe\u0301',
      '\u00ea\u0323',
      'Br\u0430ad',
      '\ua7cbx',
      'ΣΊΣΥΦΟΣ',
      '食パン'
    ]
    const before = names.map((n) => [code(n), nameKey(n)])
    const { normalize, toLowerCase, toUpperCase } = String.prototype
    // Beyond ASCII (whose case never changes) the runtime's tables must not be asked.
    const broken = (original: (this: string) => string) =>
      function (this: string) {
        if (/[^\x00-\x7f]/.test(this)) throw new Error("the runtime's Unicode data was used")
        return original.call(this)
      }
    try {
      String.prototype.normalize = broken(() => {
        throw new Error('the runtime normalize was used')
      })
      String.prototype.toLowerCase = broken(toLowerCase)
      String.prototype.toUpperCase = broken(toUpperCase)
      expect(names.map((n) => [code(n), nameKey(n)])).toEqual(before)
    } finally {
      Object.assign(String.prototype, { normalize, toLowerCase, toUpperCase })
    }
  })

  it("names its version with the table's Unicode version", () => {
    expect(NAME_RULE).toBe(`names/1 (Unicode ${UNICODE_VERSION})`)
  })
})

describe('the free-text rule (reasons, notes, units)', () => {
  it('refuses controls, bidirectional overrides and isolates, lone surrogates and noncharacters', () => {
    expect(freeTextProblem('spoiled\u202e', 'the reason')?.code).toBe('BIDI_CONTROL')
    expect(freeTextProblem('spoiled\u2067', 'the reason')?.code).toBe('BIDI_CONTROL')
    expect(freeTextProblem('two\nlines', 'the note')).toEqual({
      code: 'CONTROL_CHARACTER',
      reason: 'the note contains a control character U+000A'
    })
    expect(freeTextProblem('half \ud83c', 'the note')?.code).toBe('LONE_SURROGATE')
    expect(freeTextProblem('x\uffff', 'the note')?.code).toBe('NONCHARACTER')
  })

  it('accepts anything else: any script, emoji, direction marks in right-to-left text', () => {
    for (const text of [
      'mouldy, thrown away 🍞',
      'ליחם \u200fמקולקל',
      'Хлеб and bread',
      'zero\u200bwidth'
    ]) {
      expect(freeTextProblem(text, 'the note'), text).toBeNull()
    }
  })
})

// These compare the pinned table with this runtime's ICU, which only holds when the runtime
// has the table's Unicode version (any other runtime is exactly what the table is for).
const sameUnicode = process.versions.unicode === UNICODE_VERSION
const onTableVersion = sameUnicode ? it : it.skip
if (!sameUnicode) {
  console.log(
    `names.test.ts: runtime Unicode ${process.versions.unicode}, table ${UNICODE_VERSION}: the comparisons with ICU are skipped`
  )
}

describe('the pinned table against this runtime', () => {
  onTableVersion('decides NFC as ICU does, on random strings of letters and marks', () => {
    const pool: number[] = []
    for (const range of [
      [0x41, 0x7a],
      [0xc0, 0x24f],
      [0x300, 0x36f],
      [0x1e00, 0x1eff],
      [0x391, 0x3ce],
      [0x1f00, 0x1ffc],
      [0x900, 0x97f],
      [0xb80, 0xbff],
      [0x1dc0, 0x1dff]
    ]) {
      for (let cp = range[0]!; cp <= range[1]!; cp++) pool.push(cp)
    }
    let seed = 7
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n
    let checked = 0
    for (let k = 0; k < 40_000; k++) {
      const s = String.fromCodePoint(
        ...Array.from({ length: 2 + next(4) }, () => pool[next(pool.length)]!)
      )
      const found = code(s)
      if (found !== null && found !== 'NOT_NFC' && found !== 'MIXED_SCRIPTS') continue
      checked++
      if ((found === 'NOT_NFC') !== (s.normalize('NFC') !== s))
        expect.fail(`NFC of ${[...s].map((c) => c.codePointAt(0)!.toString(16))}`)
    }
    expect(checked).toBeGreaterThan(10_000)
  })

  onTableVersion(
    'is what test/tools/unicode-table.ts generates',
    { timeout: 180_000 },
    async () => {
      const committed = await readFile(
        new URL('../../core/protocol/unicode-table.ts', import.meta.url),
        'utf8'
      )
      const body = (source: string) => source.split('\n').slice(2).join('\n')
      expect(body(committed)).toBe(body(render(generate())))
    }
  )
})
