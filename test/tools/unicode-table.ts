// Generates core/protocol/unicode-table.ts: the Unicode data the name rule decides by
// (core/protocol/names.ts), taken once from this runtime's ICU and then pinned, so that no
// runtime's own Unicode tables (String.prototype.normalize, toLowerCase, \p{…}) ever enter a
// decision. Run it only to move the rule to a new Unicode version, which is a new rule:
//
//   node --import tsx test/tools/unicode-table.ts [--write]
//
// Without --write it prints a summary and compares with the committed table.
// test/unit/names.test.ts checks the committed table against a fresh run when the runtime
// has the same Unicode version.
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

/** Every script value of Unicode 17 (PropertyValueAliases.txt, sc), as ICU spells them. */
const SCRIPTS = (
  'Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak ' +
  'Bengali Beria_Erfe Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal ' +
  'Carian Caucasian_Albanian Chakma Cham Cherokee Chorasmian Common Coptic Cuneiform Cypriot ' +
  'Cypro_Minoan Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs ' +
  'Elbasan Elymaic Ethiopic Garay Georgian Glagolitic Gothic Grantha Greek Gujarati ' +
  'Gunjala_Gondi Gurmukhi Gurung_Khema Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew ' +
  'Hiragana Imperial_Aramaic Inherited Inscriptional_Pahlavi Inscriptional_Parthian Javanese ' +
  'Kaithi Kannada Katakana Kawi Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi ' +
  'Kirat_Rai Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian Mahajani Makasar ' +
  'Malayalam Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui ' +
  'Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani Myanmar Nabataean ' +
  'Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki ' +
  'Ol_Onal Old_Hungarian Old_Italic Old_North_Arabian Old_Permic Old_Persian Old_Sogdian ' +
  'Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage Osmanya Pahawh_Hmong Palmyrene ' +
  'Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada ' +
  'Shavian Siddham Sidetic SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese Sunuwar ' +
  'Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Tai_Yo Takri Tamil Tangsa ' +
  'Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Todhri Tolong_Siki Toto Tulu_Tigalari ' +
  'Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square'
).split(' ')

/** Punctuation a name may use besides letters, marks, digits and the space. */
export const NAME_PUNCTUATION = " -'’.,&()/+%#:"

/**
 * Conjoining Hangul jamo spell, by algorithmic composition, the same syllables as the
 * precomposed ones modern Korean is written in: a second spelling of every Korean name.
 */
const CONJOINING_JAMO: Array<[number, number]> = [
  [0x1100, 0x11ff],
  [0xa960, 0xa97f],
  [0xd7b0, 0xd7ff]
]

const TABLE = fileURLToPath(new URL('../../core/protocol/unicode-table.ts', import.meta.url))

const ch = (cp: number) => String.fromCodePoint(cp)
const cps = (s: string) => [...s].map((c) => c.codePointAt(0)!)
const test = (re: RegExp, cp: number) => re.test(ch(cp))

export interface Generated {
  unicode: string
  scripts: string[]
  /** [first, last, class, script set] of the code points names may use. */
  allowed: Array<[number, number, number, number]>
  scriptSets: number[][]
  assigned: Array<[number, number]>
  ignorable: Array<[number, number]>
  spaces: Array<[number, number]>
  fold: Array<[number, number]>
  ccc: Array<[number, number]>
  decompose: number[][]
  compose: Array<[number, number, number]>
}

/** Character classes in the table. */
export const LETTER = 1
export const MARK = 2
export const DIGIT = 3
export const PUNCTUATION = 4

export function generate(): Generated {
  const unassigned = /\p{Cn}/u
  const unusable = /\p{Cn}|\p{Co}|\p{Cs}/u
  const letter = /\p{L}/u
  const mark = /\p{Mn}|\p{Mc}/u
  const digit = /\p{Nd}/u
  const ignorableRe = /\p{Default_Ignorable_Code_Point}/u
  const spaceRe = /\p{Zs}|\p{Zl}|\p{Zp}/u
  const scx = SCRIPTS.map((name) => new RegExp(`\\p{scx=${name}}`, 'u'))
  const sc = SCRIPTS.map((name) => new RegExp(`\\p{sc=${name}}`, 'u'))
  const jamo = (cp: number) => CONJOINING_JAMO.some(([a, b]) => cp >= a && cp <= b)

  const assigned: number[] = []
  const ignorable: number[] = []
  const spaces: number[] = []
  const allowed = new Map<number, { cls: number; scripts: string }>()
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue
    if (!test(unassigned, cp)) assigned.push(cp)
    if (test(ignorableRe, cp)) ignorable.push(cp)
    if (test(spaceRe, cp)) spaces.push(cp)
    if (test(unusable, cp) || test(ignorableRe, cp) || jamo(cp)) continue
    let cls = 0
    if (NAME_PUNCTUATION.includes(ch(cp))) cls = PUNCTUATION
    else if (test(letter, cp)) cls = LETTER
    else if (test(mark, cp)) cls = MARK
    else if (test(digit, cp)) cls = DIGIT
    // Compatibility characters (fullwidth, mathematical, ligatures, µ) look like others.
    if (cls === 0 || ch(cp).normalize('NFKC') !== ch(cp)) continue
    const primary = sc.findIndex((re) => test(re, cp))
    const set = SCRIPTS.filter((_, i) => test(scx[i]!, cp))
    // The code point's own script first: the one a refusal names.
    set.sort((a, b) => (a === SCRIPTS[primary] ? -1 : b === SCRIPTS[primary] ? 1 : a < b ? -1 : 1))
    allowed.set(cp, { cls, scripts: set.join(' ') })
  }

  const nfd = (s: string) => s.normalize('NFD')
  // Non-starters (canonical combining class above 0), found by canonical reordering against
  // marks of class 230 (U+0301) and 220 (U+0316); then ranked by reordering each other.
  const swaps = (a: number, b: number) => nfd('a' + ch(a) + ch(b)) !== 'a' + ch(a) + ch(b)
  const candidates = new Set<number>()
  for (const cp of allowed.keys()) {
    for (const part of cps(nfd(ch(cp)))) candidates.add(part)
  }
  const nonStarters = [...candidates].filter(
    (m) => cps(nfd(ch(m))).length === 1 && [0x301, 0x316].some((r) => swaps(m, r) || swaps(r, m))
  )
  nonStarters.sort((a, b) => (swaps(a, b) ? 1 : swaps(b, a) ? -1 : a - b))
  const rank = new Map<number, number>()
  let r = 0
  nonStarters.forEach((m, i) => {
    const previous = nonStarters[i - 1]
    if (previous === undefined || swaps(m, previous) || swaps(previous, m)) r++
    rank.set(m, r)
  })

  const ccc: Array<[number, number]> = [...rank].sort((a, b) => a[0] - b[0])

  // Canonical decompositions of allowed characters (Hangul syllables decompose only into
  // conjoining jamo, which names do not use, and compose with no allowed mark).
  const hangul = (cp: number) => cp >= 0xac00 && cp <= 0xd7a3
  const decompose: number[][] = []
  for (const cp of allowed.keys()) {
    const parts = cps(nfd(ch(cp)))
    if (parts.length > 1 || parts[0] !== cp) {
      if (!hangul(cp)) decompose.push([cp, ...parts])
    }
  }

  // Primary composites: every pair canonical composition (NFC) writes as one character.
  const compose: Array<[number, number, number]> = []
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if ((cp >= 0xd800 && cp <= 0xdfff) || hangul(cp)) continue
    const s = ch(cp)
    if (s.normalize('NFC') !== s) continue
    const parts = cps(nfd(s))
    if (parts.length < 2) continue
    for (let i = 1; i < parts.length; i++) {
      const rest = parts.filter((_, j) => j !== i)
      const first = cps(String.fromCodePoint(...rest).normalize('NFC'))
      if (first.length !== 1) continue
      // Only what a decomposed name can hold may be the second of a pair.
      if (!candidates.has(parts[i]!)) continue
      if ((ch(first[0]!) + ch(parts[i]!)).normalize('NFC') === s)
        compose.push([first[0]!, parts[i]!, cp])
    }
  }

  // Case fold: lower(upper(c)) where both are single code points, to a fixed point.
  const one = (s: string) => (cps(s).length === 1 ? cps(s)[0]! : null)
  const foldOnce = (cp: number) => {
    const upper = one(ch(cp).toUpperCase())
    const viaUpper = upper === null ? null : one(ch(upper).toLowerCase())
    return viaUpper ?? one(ch(cp).toLowerCase()) ?? cp
  }
  const fold: Array<[number, number]> = []
  for (const cp of allowed.keys()) {
    let target = cp
    for (let i = 0; i < 4 && foldOnce(target) !== target; i++) target = foldOnce(target)
    if (foldOnce(target) !== target) throw new Error(`U+${hex(cp)} folds in a cycle`)
    if (target !== cp) fold.push([cp, target])
  }
  // Typographic and typewriter apostrophes are one character to a reader.
  fold.push([0x2019, 0x27])
  fold.sort((a, b) => a[0] - b[0])

  const sets = [...new Set([...allowed.values()].map((v) => v.scripts))].sort()
  const scriptSets = sets.map((s) => (s === '' ? [] : s.split(' ').map((n) => SCRIPTS.indexOf(n))))
  const rows: Array<[number, number, number, number]> = []
  for (const [cp, { cls, scripts }] of [...allowed].sort((a, b) => a[0] - b[0])) {
    const set = sets.indexOf(scripts)
    const last = rows[rows.length - 1]
    if (last && last[1] === cp - 1 && last[2] === cls && last[3] === set) last[1] = cp
    else rows.push([cp, cp, cls, set])
  }
  return {
    unicode: process.versions.unicode ?? 'unknown',
    scripts: SCRIPTS,
    allowed: rows,
    scriptSets,
    assigned: ranges(assigned),
    ignorable: ranges(ignorable),
    spaces: ranges(spaces),
    fold,
    ccc,
    decompose,
    compose: compose.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  }
}

function ranges(list: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (const cp of list) {
    const last = out[out.length - 1]
    if (last && last[1] === cp - 1) last[1] = cp
    else out.push([cp, cp])
  }
  return out
}

const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0')
/** Numbers in base 36, each list delta-coded from the previous first column to stay short. */
const packed = (rows: number[][]) => {
  let previous = 0
  return rows
    .map((row) => {
      const [first, ...rest] = row
      const out = [first! - previous, ...rest].map((n) => n.toString(36)).join(',')
      previous = first!
      return out
    })
    .join(' ')
}

/** The TypeScript source of the table module. */
export function render(t: Generated): string {
  const field = (name: string, doc: string, rows: number[][]) =>
    `/** ${doc} */\nexport const ${name} =\n  '${packed(rows)}'\n`
  return `// GENERATED by test/tools/unicode-table.ts from the Unicode data of Node ${process.versions.node}
// (ICU ${process.versions.icu}, Unicode ${t.unicode}). Do not edit: the name rule (names.ts) decides by
// this data and nothing else, so that every runtime decides alike. Lists are rows separated
// by spaces, numbers in base 36, the first number of each row counted from the previous
// row's (see unpack in names.ts).

export const UNICODE_VERSION = '${t.unicode}'

export const SCRIPTS = '${t.scripts.join(' ')}'

${field(
  'SCRIPT_SETS',
  "Sets of script indexes (Script_Extensions), the first one the code point's own script.",
  t.scriptSets.map((s, i) => [i, ...s])
)}
${field(
  'ALLOWED',
  'Code points names may use: first, last (offset), class (1 letter, 2 mark, 3 digit, 4 punctuation), script set.',
  t.allowed.map(([a, b, c, s]) => [a, b - a, c, s])
)}
${field(
  'ASSIGNED',
  'Assigned code points (General_Category not Cn): first, last (offset).',
  t.assigned.map(([a, b]) => [a, b - a])
)}
${field(
  'IGNORABLE',
  'Default_Ignorable_Code_Point: first, last (offset).',
  t.ignorable.map(([a, b]) => [a, b - a])
)}
${field(
  'SPACES',
  'Space separators, line and paragraph separators: first, last (offset).',
  t.spaces.map(([a, b]) => [a, b - a])
)}
${field('FOLD', 'Case fold of allowed code points: code point, folded code point.', t.fold)}
${field('CCC', 'Non-starters in allowed characters: code point, rank of its canonical combining class (the order of classes, not their numbers).', t.ccc)}
${field('DECOMPOSE', 'Canonical decompositions (NFD) of allowed characters: code point, its decomposition.', t.decompose)}
${field('COMPOSE', 'Primary composites: first, second, the character canonical composition (NFC) writes for them.', t.compose)}`
}

async function main(): Promise<void> {
  const generated = generate()
  const source = render(generated)
  console.log(
    `Unicode ${generated.unicode}: ${generated.allowed.length} allowed ranges, ${generated.scriptSets.length} script sets, ` +
      `${generated.fold.length} folds, ${generated.ccc.length} non-starters, ${generated.decompose.length} decompositions, ${generated.compose.length} compositions`
  )
  if (process.argv.includes('--write')) {
    await writeFile(TABLE, source)
    console.log(`wrote ${TABLE} (${source.length} characters)`)
  } else {
    const committed = await readFile(TABLE, 'utf8').catch(() => '')
    const same =
      committed.split('\n').slice(2).join('\n') === source.split('\n').slice(2).join('\n')
    console.log(same ? 'the committed table is the same' : 'the committed table differs')
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main()
