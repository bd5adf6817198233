// `stachanov report verify FILE`, run as a user runs it: JSON or PDF, exit 0 only when valid.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runStachanov } from '../helpers/cli.ts'
import { makeReport } from '../../core/reports/make.ts'
import { renderReportPdf } from '../../core/reports/pdf.ts'
import { encodeReport, proofFor, signReport } from '../../core/reports/sign.ts'
import { bakeryApril, checkpointOf } from '../helpers/reports.ts'
import { councilVerifier } from '../../core/checkpoint/checkpoint.ts'
import { formatVerifierKey } from '../../core/checkpoint/note.ts'

const stachanov = (...args: string[]) => runStachanov(args)

let dir: string
let councilKey: string
let shownKey: string
let file: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stachanov-report-'))
  const h = await bakeryApril()
  const { report, index } = await makeReport(h.store, h.c('Mill').id, '2026-04')
  const checkpoint = await checkpointOf(h.store)
  councilKey = checkpoint.councilKey
  // The key as the Council screen shows it: the verifier key, named after the network.
  const network = /^stachanov\.network\/([0-9a-f]{64})\n/.exec(checkpoint.note)![1]!
  shownKey = formatVerifierKey(councilVerifier(network, councilKey))
  file = encodeReport(signReport(report, h.c('Mill').identity, await proofFor(h.store, index, checkpoint)))
  await writeFile(join(dir, 'mill.json'), file)
  await writeFile(join(dir, 'mill.pdf'), await renderReportPdf(file))
  await writeFile(join(dir, 'forged.json'), file.replace('"a":"52500001"', '"a":"52500002"'))
}, 60_000)
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('stachanov report verify', () => {
  it('says valid for the JSON and for the PDF, with the checkpoint it checked', async () => {
    for (const name of ['mill.json', 'mill.pdf']) {
      const { code, stdout } = await stachanov('report', 'verify', join(dir, name), '--council-key', councilKey)
      expect(code, stdout).toBe(0)
      expect(stdout).toMatch(/^valid: signed by Mill/)
      expect(stdout).toMatch(/checkpoint epoch 1, length \d+, fingerprint [0-9a-f]{64}/)
    }
  }, 120_000)

  it('takes the council key as the Council screen shows it (the verifier key), and says what a bad one is', async () => {
    const { code, stdout } = await stachanov('report', 'verify', join(dir, 'mill.json'), '--council-key', shownKey)
    expect(code, stdout).toBe(0)
    expect(stdout).toMatch(/^valid: signed by Mill/)
    const bad = await stachanov('report', 'verify', join(dir, 'mill.json'), '--council-key', 'd8fb2a69')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('a council key is 64 hex digits or the verifier key the Council screen shows')
  }, 120_000)

  it('exits 1 with the verdict when a figure was changed', async () => {
    expect(file).toContain('"a":"52500001"')
    const { code, stdout } = await stachanov('report', 'verify', join(dir, 'forged.json'), '--json')
    expect(code).toBe(1)
    expect(JSON.parse(stdout)).toMatchObject({ verdict: 'signature-invalid', who: { name: 'Mill' } })
  }, 60_000)
})
