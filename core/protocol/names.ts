// What a name and a free text may contain, decided the same way on every node.
//
// A runtime's own Unicode data (String.prototype.normalize, toLowerCase, \p{…} in regular
// expressions) follows its ICU version, and two nodes on different versions would disagree
// on a name that one of them knows more about (U+A7CB lowercases to U+0264 from Unicode 16
// on). The name rule therefore decides by a pinned table (unicode-table.ts, generated once by
// test/tools/unicode-table.ts) and refuses what the table does not cover. The free-text rule
// needs no table: the sets it refuses are fixed by Unicode's stability policies.
//
// Following UTS #39 (security mechanisms), a name is refused when it holds invisible,
// reordering or broken characters, anything but letters, marks, digits and a little
// punctuation, a spelling that is not composed (NFC), or letters of scripts that do not
// belong together ("Bread" with a Cyrillic "е"). Unique names compare by their key: the
// name case-folded by the table.
import type { TextCode } from './errors.ts'
import * as table from './unicode-table.ts'

/** The version of the name rule; a new table or rule is a new version (docs/protocol.md §2.7). */
export const NAME_RULE = `names/1 (Unicode ${table.UNICODE_VERSION})`

export interface TextProblem {
  code: TextCode
  reason: string
}

/** Free text (reasons, notes, units): no controls, reordering controls, broken or non-characters. */
export function freeTextProblem(text: string, what: string): TextProblem | null {
  if (PLAIN_TEXT.test(text)) return null
  for (const cp of codePoints(text)) {
    const problem = brokenOrHidden(cp, what, false)
    if (problem) return problem
  }
  return null
}

/** A name (product types, collectives): the free-text rule, then the name rule. */
export function nameProblem(text: string, what: string): TextProblem | null {
  // Letters, digits and punctuation of ASCII are one script, composed, and never look alike.
  if (ASCII_NAME.test(text)) return text.includes('  ') ? sequenceProblem([0x20, 0x20], what) : null
  const points = codePoints(text)
  for (const cp of points) {
    const problem = brokenOrHidden(cp, what, true) ?? notAllowed(cp, what)
    if (problem) return problem
  }
  return sequenceProblem(points, what) ?? nfcProblem(points, what) ?? scriptProblem(points, what)
}

/** The key unique names compare by: the name (already checked) case-folded by the table. */
export function nameKey(name: string): string {
  let key = ''
  for (const cp of codePoints(name)) key += String.fromCodePoint(data().fold.get(cp) ?? cp)
  return key
}

/** Text with none of the code units the free-text rule looks at (no surrogates at all). */
const PLAIN_TEXT =
  /^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]*$/
const ASCII_NAME = /^[A-Za-z0-9 \-'.,&()/+%#:]*$/

const u = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`
const problem = (code: TextCode, reason: string): TextProblem => ({ code, reason })

/** The code points of a text; a surrogate among them is a lone one (pairs are joined). */
function codePoints(text: string): number[] {
  const points: number[] = []
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    const next = text.charCodeAt(i + 1)
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      points.push((unit - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000)
      i++
    } else points.push(unit)
  }
  return points
}

const isSurrogate = (cp: number) => cp >= 0xd800 && cp <= 0xdfff

/** Bidi_Control: the embeddings, overrides and isolates, and the marks LRM, RLM, ALM. */
const isOverride = (cp: number) => (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)
const isBidiMark = (cp: number) => cp === 0x200e || cp === 0x200f || cp === 0x061c

function brokenOrHidden(cp: number, what: string, name: boolean): TextProblem | null {
  if (isSurrogate(cp)) {
    return problem(
      'LONE_SURROGATE',
      `${what} contains a lone surrogate ${u(cp)}, half of a broken character`
    )
  }
  if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)) {
    return problem('CONTROL_CHARACTER', `${what} contains a control character ${u(cp)}`)
  }
  if (isOverride(cp) || (name && isBidiMark(cp))) {
    return problem(
      'BIDI_CONTROL',
      `${what} contains a bidirectional control ${u(cp)}, which can reorder how text is shown`
    )
  }
  if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) {
    return problem('NONCHARACTER', `${what} contains the noncharacter ${u(cp)}`)
  }
  if (name && inRanges(data().ignorable, cp)) {
    return problem('INVISIBLE_CHARACTER', `${what} contains an invisible character ${u(cp)}`)
  }
  return null
}

const isPrivateUse = (cp: number) => (cp >= 0xe000 && cp <= 0xf8ff) || cp >= 0xf0000

function notAllowed(cp: number, what: string): TextProblem | null {
  if (allowed(cp)) return null
  const d = data()
  if (inRanges(d.spaces, cp)) {
    return problem(
      'DISALLOWED_CHARACTER',
      `${what} contains the special space ${u(cp)}: use the ordinary space`
    )
  }
  if (isPrivateUse(cp))
    return problem('DISALLOWED_CHARACTER', `${what} contains the private-use character ${u(cp)}`)
  if (!inRanges(d.assigned, cp)) {
    return problem(
      'DISALLOWED_CHARACTER',
      `${what} contains ${u(cp)}, which Unicode ${table.UNICODE_VERSION} does not assign`
    )
  }
  return problem(
    'DISALLOWED_CHARACTER',
    `${what} contains "${String.fromCodePoint(cp)}" (${u(cp)}); a name is letters, digits, spaces and ${PUNCTUATION_LIST}`
  )
}

const PUNCTUATION_LIST = "- ' ’ . , & ( ) / + % # :"

/** A mark after no letter, a mark twice in a row, two spaces in a row: spellings that look alike. */
function sequenceProblem(points: number[], what: string): TextProblem | null {
  for (let i = 0; i < points.length; i++) {
    const cp = points[i]!
    const previous = points[i - 1]
    if (cp === 0x20 && previous === 0x20) {
      return problem('CONFUSABLE_SEQUENCE', `${what} has two spaces in a row, which look like one`)
    }
    if (allowed(cp)!.cls !== MARK) continue
    if (previous === undefined || allowed(previous)!.cls === PUNCTUATION) {
      return problem('CONFUSABLE_SEQUENCE', `${what} has the combining mark ${u(cp)} on no letter`)
    }
    if (previous === cp)
      return problem(
        'CONFUSABLE_SEQUENCE',
        `${what} repeats the combining mark ${u(cp)}, which looks like one`
      )
  }
  return null
}

/**
 * Whether the name is already in Unicode Normalization Form C, computed from the table
 * (UAX #15): decompose, put combining marks in canonical order, compose again, compare.
 */
function nfcProblem(points: number[], what: string): TextProblem | null {
  const d = data()
  const decomposed: number[] = []
  for (const cp of points) decomposed.push(...(d.decompose.get(cp) ?? [cp]))
  // Canonical order: a stable sort of each run of non-starters by combining class.
  for (let i = 1; i < decomposed.length; i++) {
    const cp = decomposed[i]!
    const ccc = d.ccc.get(cp) ?? 0
    let j = i - 1
    for (; ccc !== 0 && j >= 0 && (d.ccc.get(decomposed[j]!) ?? 0) > ccc; j--)
      decomposed[j + 1] = decomposed[j]!
    decomposed[j + 1] = cp
  }
  // Canonical composition: each character joins the last starter unless something between
  // them blocks it (a starter, or a mark of the same or a higher class).
  const composed: number[] = []
  let starter = -1
  let last = 0
  for (const cp of decomposed) {
    const ccc = d.ccc.get(cp) ?? 0
    const unblocked =
      starter >= 0 && (composed.length - 1 === starter || (last !== 0 && last < ccc))
    const joined = unblocked ? d.compose.get(composed[starter]! * 0x110000 + cp) : undefined
    if (joined !== undefined) {
      composed[starter] = joined
      continue
    }
    if (ccc === 0) starter = composed.length
    composed.push(cp)
    last = ccc
  }
  const at = points.findIndex((cp, i) => composed[i] !== cp)
  if (at < 0 && composed.length === points.length) return null
  const cp = points[at < 0 ? points.length - 1 : at]!
  return problem(
    'NOT_NFC',
    `${what} is not written in composed form (Unicode NFC) at ${u(cp)}: write each letter with its marks as one character where Unicode has one`
  )
}

// Han is written together with the kana (Japanese), Bopomofo (Chinese) and Hangul (Korean):
// UTS #39 augments script sets with these three writing systems, and names them so here.
const JAPANESE = 'Japanese'
const CHINESE = 'Chinese'
const KOREAN = 'Korean'
const WRITING_SYSTEMS = new Set([JAPANESE, CHINESE, KOREAN])

const augmentedSets = new WeakMap<string[], Set<string>>()

function augmented(scripts: string[]): Set<string> {
  let set = augmentedSets.get(scripts)
  if (set) return set
  set = new Set(scripts)
  augmentedSets.set(scripts, set)
  if (set.has('Han')) [JAPANESE, CHINESE, KOREAN].forEach((s) => set.add(s))
  if (set.has('Hiragana') || set.has('Katakana')) set.add(JAPANESE)
  if (set.has('Bopomofo')) set.add(CHINESE)
  if (set.has('Hangul')) set.add(KOREAN)
  return set
}

/**
 * UTS #39 "highly restrictive": the letters' scripts (Script_Extensions; Common and Inherited
 * go with any) have one in common, or Latin joins one of the Han writing systems.
 */
function scriptProblem(points: number[], what: string): TextProblem | null {
  let common: Set<string> | null = null
  let nonLatin: Set<string> | null = null
  let first: string | null = null
  let previous: string[] | null = null
  for (const cp of points) {
    const scripts = allowed(cp)!.scripts
    // The same set again changes nothing; Common and Inherited go with any script.
    if (
      scripts === previous ||
      scripts.length === 0 ||
      scripts.includes('Common') ||
      scripts.includes('Inherited')
    ) {
      continue
    }
    previous = scripts
    const set = augmented(scripts)
    first ??= scripts[0]!
    common = intersect(common, set)
    if (!set.has('Latin')) nonLatin = intersect(nonLatin, set)
    const withLatin = nonLatin !== null && [...nonLatin].some((s) => WRITING_SYSTEMS.has(s))
    if (common.size === 0 && !withLatin) {
      const other = scripts[0] === first ? (scripts[1] ?? scripts[0]!) : scripts[0]!
      return problem(
        'MIXED_SCRIPTS',
        `${what} mixes ${first.replace(/_/g, ' ')} and ${other.replace(/_/g, ' ')} letters`
      )
    }
  }
  return null
}

function intersect(a: Set<string> | null, b: Set<string>): Set<string> {
  return a === null ? b : new Set([...a].filter((s) => b.has(s)))
}

// The table, unpacked on first use.
const MARK = 2
const PUNCTUATION = 4

interface Ranges {
  first: number[]
  last: number[]
  values: number[][]
}

interface Unpacked {
  allowed: Ranges
  assigned: Ranges
  ignorable: Ranges
  spaces: Ranges
  scriptSets: string[][]
  fold: Map<number, number>
  ccc: Map<number, number>
  decompose: Map<number, number[]>
  compose: Map<number, number>
}

let unpacked: Unpacked | null = null

function data(): Unpacked {
  if (unpacked) return unpacked
  const scripts = table.SCRIPTS.split(' ')
  const pairs = (list: string) => new Map(unpack(list).map(([a, b]) => [a!, b!]))
  unpacked = {
    allowed: ranges(table.ALLOWED),
    assigned: ranges(table.ASSIGNED),
    ignorable: ranges(table.IGNORABLE),
    spaces: ranges(table.SPACES),
    scriptSets: unpack(table.SCRIPT_SETS).map(([, ...set]) => set.map((i) => scripts[i]!)),
    fold: pairs(table.FOLD),
    ccc: pairs(table.CCC),
    decompose: new Map(unpack(table.DECOMPOSE).map(([cp, ...parts]) => [cp!, parts])),
    compose: new Map(unpack(table.COMPOSE).map(([a, b, p]) => [a! * 0x110000 + b!, p!]))
  }
  return unpacked
}

/** Rows of base-36 numbers; each row's first number counts from the previous row's. */
function unpack(list: string): number[][] {
  let previous = 0
  return list.split(' ').map((row) => {
    const numbers = row.split(',').map((n) => parseInt(n, 36))
    previous += numbers[0]!
    numbers[0] = previous
    return numbers
  })
}

function ranges(list: string): Ranges {
  const out: Ranges = { first: [], last: [], values: [] }
  for (const [first, offset, ...values] of unpack(list)) {
    out.first.push(first!)
    out.last.push(first! + offset!)
    out.values.push(values)
  }
  return out
}

/** The index of the range holding `cp`, or -1. */
function find(r: Ranges, cp: number): number {
  let lo = 0
  let hi = r.first.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (cp < r.first[mid]!) hi = mid - 1
    else if (cp > r.last[mid]!) lo = mid + 1
    else return mid
  }
  return -1
}

const inRanges = (r: Ranges, cp: number) => find(r, cp) >= 0

function allowed(cp: number): { cls: number; scripts: string[] } | null {
  const d = data()
  const at = find(d.allowed, cp)
  if (at < 0) return null
  const [cls, set] = d.allowed.values[at]!
  return { cls: cls!, scripts: d.scriptSets[set!]! }
}
