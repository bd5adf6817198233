// The leaves of the checkpoints' two Merkle trees as RFC 9162 has them: a leaf's hash is
// SHA-256(0x00 ‖ leaf), an interior node's SHA-256(0x01 ‖ left ‖ right). The log tree's leaves
// are the entries' digest lines (docs/protocol.md §14.3, §15), the statements tree's the
// period statements' canonical JSON. Everything expected here is computed with node:crypto
// alone, not with core/checkpoint/merkle.ts, so a tree of raw lines (the old bug) fails.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { frontierRoot, inclusionProof, leafHash, type Frontier } from '../../core/checkpoint/merkle.ts'
import { keys, type StoredLogRecord } from '../../core/ledger/keys.ts'
import { withOutcome } from '../../core/ledger/log-record.ts'
import { statementLeaf } from '../../core/ledger/statements.ts'
import { Harness, expectAccepted } from '../helpers/harness.ts'

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest()

/** MTH of RFC 9162 §2.1.1 over leaf data, straight from the definition. */
function mth(data: Buffer[]): Buffer {
  if (data.length === 0) return sha256()
  if (data.length === 1) return sha256(Buffer.of(0), data[0]!)
  let k = 1
  while (k * 2 < data.length) k *= 2
  return sha256(Buffer.of(1), mth(data.slice(0, k)), mth(data.slice(k)))
}

/** RFC 9162 §2.1.3.2, the verifier as written there: leaf data in, the tree's root out. */
function rootFromPath(data: Buffer, index: number, size: number, path: Buffer[]): Buffer | null {
  if (index >= size) return null
  let fn = index
  let sn = size - 1
  let r = sha256(Buffer.of(0), data)
  for (const p of path) {
    if (sn === 0) return null
    if (fn % 2 === 1 || fn === sn) {
      r = sha256(Buffer.of(1), p, r)
      while (fn % 2 === 0 && fn !== 0) {
        fn >>= 1
        sn >>= 1
      }
    } else {
      r = sha256(Buffer.of(1), r, p)
    }
    fn >>= 1
    sn >>= 1
  }
  return sn === 0 ? r : null
}

describe('the checkpoint trees take RFC 9162 leaf hashes', () => {
  it('a hand-computed tree of three leaves', () => {
    const [a, b, c] = ['0|aa|accepted|', '1|bb|rejected|NOT_MEMBER', '2|cc|pending|'].map((s) => Buffer.from(s))
    const root = sha256(Buffer.of(1), sha256(Buffer.of(1), sha256(Buffer.of(0), a!), sha256(Buffer.of(0), b!)), sha256(Buffer.of(0), c!))
    expect(mth([a!, b!, c!]).equals(root)).toBe(true)
    expect(leafHash(a!).equals(sha256(Buffer.of(0), a!))).toBe(true)
  })

  it('the log tree in meta/frontier is the RFC 9162 tree over the digest lines, and its paths verify', async () => {
    const h = new Harness()
    await h.network([['Mill', ['producer']], ['Bakery', ['producer', 'dispatcher']]])
    expectAccepted(await h.do('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' }, ['Mill']))
    const refused = await h.do('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' }, ['Mill'])
    expect(refused.status).toBe('rejected')
    expectAccepted(await h.do('revision.final', { period: '2026-04' }, [], { time: Date.UTC(2026, 4, 9) }))

    // §15's line of each entry, from its log record (no entry here completes a pending one).
    const size = (await h.store.get(keys.seq)) as number
    const lines: Buffer[] = []
    for (let seq = 0; seq < size; seq++) {
      // A stored record may leave its id to its entry's text (log-record.ts).
      const record = withOutcome((await h.store.get(keys.log(seq))) as unknown as StoredLogRecord) as { id: string; status: string; code?: string }
      lines.push(Buffer.from(`${seq}|${record.id}|${record.status}|${record.code ?? ''}`))
    }
    expect(lines.some((l) => l.toString().endsWith('|rejected|' + refused.code))).toBe(true)
    const frontier = (await h.store.get('meta/frontier')) as unknown as Frontier
    expect(frontier.size).toBe(size)
    const root = mth(lines)
    expect(frontierRoot(frontier)).toBe(root.toString('hex'))
    // The raw lines as leaf hashes (what the tree held before) give another root.
    expect(frontierRoot(frontier)).not.toBe(mthOfRaw(lines).toString('hex'))
    const hashes = lines.map((l) => leafHash(l))
    for (let i = 0; i < size; i++) {
      expect(rootFromPath(lines[i]!, i, size, inclusionProof(hashes, i))?.toString('hex')).toBe(root.toString('hex'))
    }
  })

  it('the statements tree holds SHA-256(0x00 ‖ statement) and its root is RFC 9162 over the statements', async () => {
    const h = new Harness()
    await h.network([['Mill', ['producer']], ['Bakery', ['producer', 'dispatcher']]])
    expectAccepted(await h.do('revision.final', { period: '2026-04' }, [], { time: Date.UTC(2026, 4, 9) }))
    const tree = (await h.store.get(keys.statementsTree)) as unknown as Frontier
    expect(tree.size).toBeGreaterThanOrEqual(2)
    const data: Buffer[] = []
    for (let index = 0; index < tree.size; index++) {
      const at = (await h.store.get(keys.statementAt(index))) as { collective?: string; subsystem?: string; period: string; leaf: string }
      const statement = at.collective
        ? await h.store.get(keys.statement(at.collective, at.period))
        : await firstSubsystemStatement(h, at.subsystem!, at.period)
      const leaf = statementLeaf(statement as never)
      expect(at.leaf).toBe(sha256(Buffer.of(0), leaf).toString('hex'))
      data.push(leaf)
    }
    expect(frontierRoot(tree)).toBe(mth(data).toString('hex'))
  })
})

/** The tree whose leaf hashes are the lines themselves: the bug this file guards against. */
function mthOfRaw(lines: Buffer[]): Buffer {
  if (lines.length === 1) return lines[0]!
  let k = 1
  while (k * 2 < lines.length) k *= 2
  return sha256(Buffer.of(1), mthOfRaw(lines.slice(0, k)), mthOfRaw(lines.slice(k)))
}

async function firstSubsystemStatement(h: Harness, subsystem: string, period: string): Promise<unknown> {
  const prefix = keys.subsystemStatement(subsystem, period, '')
  for await (const [, value] of h.store.range({ gte: prefix, lt: prefix + '\uffff' })) return value
  throw new Error('no subsystem statement')
}
