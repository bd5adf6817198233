// Signed reports (docs/protocol.md §19): made from the view, verified offline with specific
// verdicts, against a checkpoint made here by a real FROST council.
import { beforeAll, describe, expect, it } from 'vitest'
import { makeReport } from '../../core/reports/make.ts'
import { encodeReport, proofFor, signReport, signingBytes } from '../../core/reports/sign.ts'
import { verifyReport } from '../../core/reports/verify.ts'
import { sign } from '../../core/protocol/crypto.ts'
import type { Harness } from '../helpers/harness.ts'
import { bakeryApril, checkpointOf, NETWORK } from '../helpers/reports.ts'
import { runDkg, signWith } from './checkpoint-helpers.ts'
import { groupKeyOf } from '../../core/checkpoint/frost.ts'
import { formatHandOver, handOverNote, type HandOver } from '../../core/checkpoint/handover.ts'

let h: Harness
let mill: string
let file: string
let councilKey: string
beforeAll(async () => {
  h = await bakeryApril()
  mill = h.c('Mill').id
  const { report, index } = await makeReport(h.store, mill, '2026-04')
  const checkpoint = await checkpointOf(h.store)
  councilKey = checkpoint.councilKey
  file = encodeReport(signReport(report, h.c('Mill').identity, await proofFor(h.store, index, checkpoint)))
}, 60_000)

describe('reports: made and verified', () => {
  it('round-trips: a report made from the view verifies as valid against the pinned council key', async () => {
    const verdict = await verifyReport(file, { councilKey })
    expect(verdict.verdict, verdict.reason).toBe('valid')
    expect(verdict.checkpoint).toMatchObject({ epoch: 1, pinned: true })
    expect(verdict.report!.work.map((w) => w.wallet)).toEqual([h.w('Anna').key, h.w('Carla').key].sort())
    expect(verdict.report!.movements.find((m) => m.kind === 'writtenOff')?.reason).toBe('damp in the store')
    expect(file.endsWith('}\n')).toBe(true)
  })

  it('says whose signature fails, and which figure does not add up', async () => {
    const signed = JSON.parse(file)
    const bakery = h.c('Bakery').identity
    const forged = { ...signed, signature: sign(signingBytes(signed.report), bakery.secretKey).toString('hex') }
    const verdict = await verifyReport(encodeReport(forged), { councilKey })
    expect(verdict).toMatchObject({ verdict: 'signature-invalid', who: { id: mill, name: 'Mill' } })

    // The maker signs details that do not add up to its statement: 1 µmin more for one wallet.
    const report = structuredClone(signed.report)
    report.work[0].minutes = String(BigInt(report.work[0].minutes) + 1n)
    const inconsistent = encodeReport(signReport(report, h.c('Mill').identity, signed.proof))
    const mismatch = await verifyReport(inconsistent, { councilKey })
    expect(mismatch).toMatchObject({ verdict: 'details-mismatch', figure: 'statement.a' })
    expect(mismatch.reason).toMatch(/minutes by wallet/)

    const stock = structuredClone(signed.report)
    stock.statement.stockEnd = String(BigInt(stock.statement.stockEnd) - 5n)
    const wrongStock = await verifyReport(encodeReport(signReport(stock, h.c('Mill').identity, signed.proof)))
    expect(wrongStock).toMatchObject({ verdict: 'details-mismatch', figure: 'statement.stockEnd' })
  })

  it('fails every flipped byte of the file with the verdict of the part it hit', async () => {
    const bytes = Buffer.from(file, 'utf8')
    const noteAt = file.indexOf('"note":')
    const pathAt = file.indexOf('"path":')
    const counts = new Map<string, number>()
    for (let i = 0; i < bytes.length; i++) {
      const flipped = Buffer.from(bytes)
      flipped[i] = flipped[i]! ^ 0x01
      const { verdict } = await verifyReport(flipped, { councilKey })
      expect(verdict, `byte ${i} (${JSON.stringify(file[i])})`).not.toBe('valid')
      counts.set(verdict, (counts.get(verdict) ?? 0) + 1)
      if (i > file.indexOf('"report":') && i < file.indexOf(',"signature":')) expect(['malformed', 'signature-invalid']).toContain(verdict)
      if (i > noteAt + 8 && i < file.indexOf('","path"')) expect(['malformed', 'checkpoint-signature-invalid']).toContain(verdict)
      if (i > pathAt + 9 && i < file.indexOf(']}', pathAt)) expect(['malformed', 'not-covered']).toContain(verdict)
    }
    expect([...counts.keys()].sort()).toEqual(['checkpoint-signature-invalid', 'malformed', 'not-covered', 'signature-invalid'])
  }, 240_000)

  it('refuses a checkpoint signed by another council than the pinned one', async () => {
    const other = await checkpointOf(h.store, runDkg(2, 3))
    const verdict = await verifyReport(file, { councilKey: other.councilKey })
    expect(verdict.verdict).toBe('checkpoint-signature-invalid')
    // Without a pinned key the key the report carries is used, and the verdict says so.
    const unpinned = await verifyReport(file)
    expect(unpinned).toMatchObject({ verdict: 'valid', checkpoint: { pinned: false } })
    expect(unpinned.reason).toMatch(/pin the council's key/)
  })

  it('follows hand-overs from a pinned older key, and takes the signing key itself when that is the one pinned', async () => {
    // Epoch 1's council hands over to epoch 2's, which signs the checkpoint.
    const first = runDkg(2, 3)
    const second = runDkg(2, 3)
    const checkpoint = await checkpointOf(h.store, second, 2)
    const members = ['11', '22', '33'].map((b) => b.repeat(32))
    const handOver: HandOver = { network: NETWORK, epoch: 2, length: 0, threshold: 2, key: checkpoint.councilKey, members }
    const firstKey = groupKeyOf(first.keys[0]!)
    const note = handOverNote(handOver, firstKey, signWith(first.keys, [1, 2], Buffer.from(formatHandOver(handOver))))
    const { report, index } = await makeReport(h.store, mill, '2026-04')
    const handed = encodeReport(signReport(report, h.c('Mill').identity, await proofFor(h.store, index, { ...checkpoint, handOvers: [note] })))
    expect(await verifyReport(handed, { councilKey: firstKey, pinnedEpoch: 1 })).toMatchObject({ verdict: 'valid', checkpoint: { epoch: 2, pinned: true } })
    expect(await verifyReport(handed, { councilKey: checkpoint.councilKey })).toMatchObject({ verdict: 'valid', checkpoint: { epoch: 2, pinned: true } })
    expect((await verifyReport(handed, { councilKey: councilKey, pinnedEpoch: 1 })).verdict).toBe('checkpoint-signature-invalid')
  })

  it('says so when no checkpoint covers the month yet', async () => {
    const { report, index } = await makeReport(h.store, h.c('Bakery').id, '2026-04')
    const bare = encodeReport(signReport(report, h.c('Bakery').identity, await proofFor(h.store, index)))
    const verdict = await verifyReport(bare, { councilKey })
    expect(verdict.verdict).toBe('not-covered')
    expect(verdict.reason).toMatch(/no council checkpoint covers 2026-04/)
    await expect(makeReport(h.store, mill, '2026-05')).rejects.toMatchObject({ code: 'NO_STATEMENT' })
  })

  it('matches a report recomputed from a replica, and says where one differs', async () => {
    const replica = await bakeryApril()
    const verdict = await verifyReport(file, { councilKey, store: replica.store })
    expect(verdict).toMatchObject({ verdict: 'valid', replica: 'matches' })
    const other = await bakeryApril({ anna: 30_000_002n })
    const differs = await verifyReport(file, { councilKey, store: other.store })
    expect(differs.verdict).toBe('differs-from-log')
    expect(differs.where).toBeTruthy()
    expect(differs.reason).toContain(differs.where!)
  }, 60_000)
})
