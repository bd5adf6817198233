// docs/protocol.md is checked: every example decodes and verifies, every transaction type
// has one, the refusal codes are the union's (checked by tsc through refusal-meanings.ts), and the generated parts are what
// a fresh run of test/docs/protocol-examples.ts produces (run it with --write to refresh).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checkTransaction, verifySignatures, type Decoded } from '../../core/protocol/decode.ts'
import { TX_TYPES } from '../../core/protocol/types.ts'
import { REFUSAL_MEANINGS } from '../../core/protocol/refusal-meanings.ts'
import { REFUSAL_CODES } from '../../core/protocol/refusals.ts'
import { DOC_PATH, generate, normalized, regionsOf } from '../docs/protocol-examples.ts'
import { documentedCodes, formattedMeaningsFile, MEANINGS_PATH } from '../docs/refusal-codes.ts'

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

  it('lists the refusal codes of core/protocol/refusals.ts, in order, as refusal-meanings.ts says', async () => {
    // The compiler checks refusal-meanings.ts against the union (satisfies Record<RefusalCode,
    // string>); this checks that the file is what the document says now.
    expect(documentedCodes(doc).map(([code]) => code)).toEqual([...REFUSAL_CODES])
    expect(readFileSync(MEANINGS_PATH, 'utf8')).toBe(await formattedMeaningsFile(doc))
    expect(Object.keys(REFUSAL_MEANINGS)).toEqual([...REFUSAL_CODES])
  })

  it('matches a fresh run of the example generator', async () => {
    const fresh = await generate()
    expect([...regions.keys()].sort()).toEqual([...fresh.regions.keys()].sort())
    for (const [name, text] of fresh.regions)
      expect(normalized(regions.get(name) ?? ''), name).toBe(normalized(text))
  })
})
