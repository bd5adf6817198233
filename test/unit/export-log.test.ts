// The log as JSON lines: `stachanov replay` of an export rebuilds the very same state digest,
// garbage entries included (the digest chains the hash of their exact bytes).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runStachanov } from '../helpers/cli.ts'
import { exportLogText, logLine } from '../../core/exports/log.ts'
import { bakeryApril } from '../helpers/reports.ts'
import type { Harness } from '../helpers/harness.ts'


let dir: string
let h: Harness
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stachanov-export-'))
  h = await bakeryApril()
  // Garbage the ledger rejects: not JSON, not UTF-8, JSON that is not canonical.
  await h.raw(Buffer.from('not a transaction'), 'Mill')
  await h.raw(Buffer.from([0xff, 0xfe, 0x00, 0x41]), 'Bakery')
  await h.raw(Buffer.from('{ "type": "cosign" }'), 'Mill')
}, 60_000)
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('stachanov export log', () => {
  it('writes one line per entry: the signed transaction, or the exact bytes of garbage', async () => {
    const text = await exportLogText(h.store)
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l))
    expect(lines).toHaveLength(await h.ledger.length())
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i))
    expect(lines[0]).toMatchObject({ writer: h.c('Mill').deviceKey, tx: { type: 'collective.register' } })
    expect(lines.at(-3)).toMatchObject({ raw: 'not a transaction' })
    expect(lines.at(-2)).toMatchObject({ base64: Buffer.from([0xff, 0xfe, 0x00, 0x41]).toString('base64') })
    expect(lines.at(-1)).toMatchObject({ raw: '{ "type": "cosign" }' })
    expect(logLine(0, { writer: 'w', text: '\ufeff{}' })).toEqual({ seq: 0, writer: 'w', raw: '\ufeff{}' })
  })

  it('replays to the same state digest', async () => {
    const path = join(dir, 'log.jsonl')
    await writeFile(path, await exportLogText(h.store))
    const { code, stdout, stderr } = await runStachanov(['replay', path, '--json'])
    expect(code, stderr).toBe(0)
    const replayed = JSON.parse(stdout)
    expect(replayed.view.digest).toBe(await h.ledger.digest())
    expect(replayed.outcomes).toHaveLength(await h.ledger.length())
  }, 60_000)
})
