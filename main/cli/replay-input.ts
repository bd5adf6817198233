// What `stachanov replay` reads, told apart by its content, not its name:
//  - an exported log, JSON lines: one `{ "writer": <device key hex>, "tx": <envelope> }` per
//    line (what `stachanov export log` writes; other fields such as seq or id are ignored);
//  - the same entries as one JSON array, or `{ "entries": [...] }`;
//  - a scenario (YAML or JSON with title, collectives and steps), compiled offline.
// Whatever it cannot use, it says why in one sentence: the file is missing, a directory, not
// text, or which line is not what it should be.
import { readFile } from 'node:fs/promises'
import { parse as parseYaml } from 'yaml'
import { encodeTransaction } from '../../core/protocol/encoding.ts'
import { compileScenario } from '../../core/scenario/compile.ts'
import { parseScenario } from '../../core/scenario/run.ts'
import type { Names } from '../../core/scenario/view.ts'
import { CliError } from './errors.ts'

export interface ReplayEntry {
  bytes: Uint8Array
  writer: string
}

export interface ReplayInput {
  kind: 'log' | 'scenario'
  entries: ReplayEntry[]
  names: Names
}

const HEX64 = /^[0-9a-f]{64}$/

/** The file's text, or a sentence saying why there is none. */
export async function readTextFile(path: string): Promise<string> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT' ? 'no such file'
      : code === 'EISDIR' ? 'it is a directory, not a file'
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : (error as Error).message
    throw new CliError(`cannot read ${path}: ${why}`)
  }
  // A log or scenario is UTF-8 text: a NUL byte or a broken sequence means something else.
  const text = bytes.toString('utf8')
  if (bytes.includes(0) || text.includes('\uFFFD')) throw new CliError(`cannot read ${path}: it is not a text file (an exported log is JSON lines, a scenario YAML)`)
  return text
}

function entryOf(value: unknown, where: string): ReplayEntry {
  const entry = value as { writer?: unknown; tx?: unknown } | null
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new CliError(`${where} is not an object { writer, tx }`)
  if (typeof entry.writer !== 'string' || !HEX64.test(entry.writer)) {
    throw new CliError(`${where} has no writer (the device key, 64 hex digits, that appended it)${'v' in entry ? ': it is a bare envelope; export the log with `stachanov export log`' : ''}`)
  }
  if (typeof entry.tx === 'string') return { bytes: Buffer.from(entry.tx), writer: entry.writer }
  if (entry.tx === null || typeof entry.tx !== 'object') throw new CliError(`${where} has no transaction (tx)`)
  try {
    // The ledger decodes and checks the bytes itself and refuses what is wrong.
    return { bytes: encodeTransaction(entry.tx as Parameters<typeof encodeTransaction>[0]), writer: entry.writer }
  } catch {
    throw new CliError(`${where}: its tx cannot be encoded as a transaction`)
  }
}

function looksLikeScenario(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'steps' in value
}

function fromScenario(text: string, file: string): ReplayInput {
  const scenario = parseScenario(text, file)
  const compiled = compileScenario(scenario)
  const names: Names = {
    keys: new Map([...[...compiled.collectives.values()].map((c) => [c.id, c.name] as const), ...[...compiled.wallets.values()].map((w) => [w.key, w.name] as const)]),
    labels: new Map(compiled.steps.filter((s) => s.label).map((s) => [s.id, s.label!]))
  }
  return { kind: 'scenario', entries: compiled.steps.map((s) => ({ bytes: s.bytes, writer: s.writer })), names }
}

const noNames = (): Names => ({ keys: new Map(), labels: new Map() })

/** Reads `file` as one of the formats above. */
export async function readReplayInput(file: string): Promise<ReplayInput> {
  const text = await readTextFile(file)
  if (text.trim() === '') throw new CliError(`${file} is empty: nothing to replay`)

  let whole: unknown
  let isJson = true
  try {
    whole = JSON.parse(text)
  } catch {
    isJson = false
  }
  if (isJson) {
    if (looksLikeScenario(whole)) return fromScenario(text, file)
    const list = Array.isArray(whole) ? whole : (whole as { entries?: unknown } | null)?.entries
    if (Array.isArray(list)) return { kind: 'log', entries: list.map((e, i) => entryOf(e, `${file}: entry ${i + 1}`)), names: noNames() }
    // One line of JSON lines (a log of a single entry).
    if (whole && typeof whole === 'object' && ('writer' in whole || 'tx' in whole || 'v' in whole)) return { kind: 'log', entries: [entryOf(whole, `${file}: line 1`)], names: noNames() }
    throw new CliError(`${file}: expected an exported log (JSON lines of { writer, tx }) or a scenario`)
  }

  const lines = text.split(/\r?\n/)
  if (lines.find((l) => l.trim() !== '')!.trimStart().startsWith('{')) {
    const entries: ReplayEntry[] = []
    for (const [index, line] of lines.entries()) {
      if (line.trim() === '') continue
      let value: unknown
      try {
        value = JSON.parse(line)
      } catch {
        throw new CliError(`${file}: line ${index + 1} is not JSON (an exported log has one { writer, tx } object per line)`)
      }
      entries.push(entryOf(value, `${file}: line ${index + 1}`))
    }
    return { kind: 'log', entries, names: noNames() }
  }

  let yaml: unknown
  try {
    yaml = parseYaml(text)
  } catch {
    throw new CliError(`${file} is neither an exported log (JSON lines of { writer, tx }) nor a scenario (YAML)`)
  }
  if (looksLikeScenario(yaml)) return fromScenario(text, file)
  throw new CliError(`${file} is neither an exported log (JSON lines of { writer, tx }) nor a scenario (YAML with title, collectives and steps)`)
}
