// docs/protocol.md is checked: every example decodes and verifies, every transaction type
// has one, every rejection code of the code base is listed, and the generated parts are what
// a fresh run of test/docs/protocol-examples.ts produces (run it with --write to refresh).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { checkTransaction, verifySignatures, type Decoded } from '../../core/protocol/decode.ts'
import { TEXT_CODES } from '../../core/protocol/errors.ts'
import { TX_TYPES } from '../../core/protocol/types.ts'
import { DOC_PATH, generate, normalized, regionsOf } from '../docs/protocol-examples.ts'

const doc = readFileSync(DOC_PATH, 'utf8')
const regions = regionsOf(doc)
const examples = [...regions].filter(([name]) => name.startsWith('example:'))

function jsonOf(text: string): unknown {
  const blocks = [...text.matchAll(/```json\n([\s\S]*?)\n```/g)]
  expect(blocks, 'one ```json block per example').toHaveLength(1)
  return JSON.parse(blocks[0]![1]!)
}

function decode(text: string): Decoded {
  const decoded = checkTransaction(jsonOf(text))
  if (!decoded.ok) throw new Error(`${decoded.code}: ${decoded.reason}`)
  return decoded
}

/** A pending example says so in its outcome line; every other one carries all signatures. */
const isPending = (text: string) => /^- Outcome: \*\*pending\*\*/m.test(text)

describe('docs/protocol.md', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(TX_TYPES.length)
  })

  it.each(examples)('%s decodes with checkTransaction and its signatures verify', (name, text) => {
    const decoded = decode(text)
    expect(decoded.tx.type).toBe(name.slice('example:'.length).split('#')[0])
    expect(verifySignatures(decoded)).toBeNull()
    expect(text).toContain(`Id \`${decoded.id}\``)
    const { signers, sigs } = decoded.tx
    const missing = signers.filter((key) => !sigs[key])
    if (isPending(text)) {
      expect(missing.length).toBeGreaterThan(0)
      expect(Object.keys(sigs).length).toBeGreaterThan(0)
    } else {
      expect(missing).toEqual([])
    }
  })

  it('has an example for every transaction type', () => {
    const covered = new Set(examples.map(([, text]) => decode(text).tx.type))
    expect(TX_TYPES.filter((type) => !covered.has(type))).toEqual([])
  })

  it('shows no ```json block outside an example region', () => {
    const inside = examples.reduce((n, [, text]) => n + (text.match(/```json\n/g)?.length ?? 0), 0)
    expect(doc.match(/```json\n/g)?.length ?? 0).toBe(inside)
  })

  it('lists every rejection code used in core/', () => {
    const root = fileURLToPath(new URL('../../core', import.meta.url))
    const codes = new Set<string>()
    for (const file of walk(root)) {
      for (const match of readFileSync(file, 'utf8').matchAll(
        /refuse\(\s*'([A-Z_]+)'|code: '([A-Z_]+)'/g
      )) {
        codes.add((match[1] ?? match[2])!)
      }
    }
    for (const code of TEXT_CODES) codes.add(code) // names.ts gives them through its own helper
    expect(codes.size).toBeGreaterThan(50)
    const section = doc.slice(doc.indexOf('## 4. Rejection codes'), doc.indexOf('## 5. '))
    expect([...codes].filter((code) => !section.includes(`| \`${code}\` |`)).sort()).toEqual([])
  })

  it('matches a fresh run of the example generator', async () => {
    const fresh = await generate()
    expect([...regions.keys()].sort()).toEqual([...fresh.regions.keys()].sort())
    for (const [name, text] of fresh.regions)
      expect(normalized(regions.get(name) ?? ''), name).toBe(normalized(text))
  })
})

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) yield* walk(path)
    else if (path.endsWith('.ts')) yield path
  }
}
