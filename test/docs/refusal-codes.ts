// The refusal codes of docs/protocol.md §4, as TypeScript the compiler checks: the tables of
// that section become core/protocol/refusal-meanings.ts, an object that must satisfy
// Record<RefusalCode, string>. A code documented but missing from the union, or in the union
// but not documented, then fails `tsc`; test/unit/docs-protocol.test.ts checks that the file
// is what the document says now, in the union's order.
//
//   node --import tsx test/docs/refusal-codes.ts          # checks, exit 1 if stale
//   node --import tsx test/docs/refusal-codes.ts --write  # rewrites the file from the document
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { format, resolveConfig } from 'prettier'

export const DOC_PATH = fileURLToPath(new URL('../../docs/protocol.md', import.meta.url))
export const MEANINGS_PATH = fileURLToPath(
  new URL('../../core/protocol/refusal-meanings.ts', import.meta.url)
)

/** The codes of §4's tables with their meanings, in the order the document lists them. */
export function documentedCodes(doc: string): Array<[string, string]> {
  const start = doc.indexOf('## 4. Rejection codes')
  const section = doc.slice(start, doc.indexOf('\n## 5. ', start))
  return [...section.matchAll(/^\| `([A-Z0-9_]+)` \| (.*) \|$/gm)].map((m) => [m[1]!, m[2]!])
}

/** The TypeScript text of refusal-meanings.ts for the document. */
export function meaningsFile(doc: string): string {
  // Prettier's choice: single quotes unless the text holds more of them than double quotes.
  const quote = (text: string) => {
    const mark = (text.match(/'/g)?.length ?? 0) > (text.match(/"/g)?.length ?? 0) ? '"' : "'"
    return mark + text.replace(/\\/g, '\\\\').replaceAll(mark, '\\' + mark) + mark
  }
  const lines = documentedCodes(doc).map(([code, meaning]) => `  ${code}: ${quote(meaning)},`)
  return [
    '// Generated from the tables of docs/protocol.md §4 by test/docs/refusal-codes.ts --write;',
    '// do not edit. `satisfies` makes tsc refuse a code the union lacks or a missing one.',
    "import type { RefusalCode } from './refusals.ts'",
    '',
    'export const REFUSAL_MEANINGS = {',
    ...lines,
    '} as const satisfies Record<RefusalCode, string>',
    ''
  ]
    .join('\n')
    .replace(/,\n\}/, '\n}')
}

/** The file as Prettier lays it out (the repository's own settings). */
export async function formattedMeaningsFile(doc: string): Promise<string> {
  return format(meaningsFile(doc), {
    ...(await resolveConfig(MEANINGS_PATH)),
    filepath: MEANINGS_PATH
  })
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const fresh = await formattedMeaningsFile(readFileSync(DOC_PATH, 'utf8'))
  if (process.argv.includes('--write')) writeFileSync(MEANINGS_PATH, fresh)
  else if (readFileSync(MEANINGS_PATH, 'utf8') !== fresh) {
    console.error('core/protocol/refusal-meanings.ts is stale: run with --write')
    process.exit(1)
  }
}
