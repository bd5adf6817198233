// A report embeds the checkpoint that covers its month by itself (issue 12): the view's latest
// checkpoint, signed here by a council played through the ledger (real DKG, real FROST). Before
// the council signs one that covers the month, the report says it is not covered.
import { beforeAll, describe, expect, it } from 'vitest'
import { coveringCheckpoint } from '../../core/reports/covering.ts'
import { makeReport } from '../../core/reports/make.ts'
import { encodeReport, proofFor, signReport } from '../../core/reports/sign.ts'
import { makeSubsystemReport } from '../../core/reports/subsystem-make.ts'
import { signSubsystemReport, subsystemProofFor } from '../../core/reports/subsystem-sign.ts'
import { verifyReport } from '../../core/reports/verify.ts'
import { playCouncil, type PlayedCouncil } from '../helpers/council.ts'
import { finalize } from '../helpers/economy.ts'
import type { Harness } from '../helpers/harness.ts'
import { bakeryApril } from '../helpers/reports.ts'

let h: Harness
let council: PlayedCouncil
beforeAll(async () => {
  h = await bakeryApril()
  council = await playCouncil(h, ['Mill', 'Bakery', 'Shop'], 2)
}, 120_000)

/** The collective's report of `period`, with the checkpoint the view offers (if any covers it). */
async function collectiveReport(name: string, period: string) {
  const { report, index } = await makeReport(h.store, h.c(name).id, period)
  return encodeReport(signReport(report, h.c(name).identity, await proofFor(h.store, index, await coveringCheckpoint(h.store, index))))
}

async function subsystemReport(name: string, period: string) {
  const made = await makeSubsystemReport(h.store, h.c(name).id, period)
  const covering = await coveringCheckpoint(h.store, Math.max(made.index, ...made.indices))
  return encodeReport(signSubsystemReport(made.report, h.c(name).identity, await subsystemProofFor(h.store, made, covering)))
}

describe('reports pick the checkpoint that covers their month', () => {
  it('say not covered while the view holds no checkpoint', async () => {
    expect(await coveringCheckpoint(h.store, 0)).toBeUndefined()
    expect((await verifyReport(await collectiveReport('Mill', '2026-04'), { councilKey: council.groupKey })).verdict).toBe('not-covered')
    expect((await verifyReport(await subsystemReport('Bakery', '2026-04'), { councilKey: council.groupKey })).verdict).toBe('not-covered')
  })

  it('embed the latest checkpoint once the council signed one that covers the month: valid against the pinned key', async () => {
    // May's revision makes a checkpoint due; the council signs it.
    await finalize(h, '2026-05')
    expect(await council.signDue()).toBe(true)
    const collective = await verifyReport(await collectiveReport('Mill', '2026-04'), { councilKey: council.groupKey })
    expect(collective.verdict, collective.reason).toBe('valid')
    expect(collective.checkpoint).toMatchObject({ epoch: council.epoch, pinned: true })
    const subsystem = await verifyReport(await subsystemReport('Bakery', '2026-04'), { councilKey: council.groupKey, store: h.store })
    expect(subsystem).toMatchObject({ verdict: 'valid', replica: 'matches', checkpoint: { epoch: council.epoch } })
    // May's statements were fixed before the checkpoint: covered too.
    expect((await verifyReport(await subsystemReport('Shop', '2026-05'), { councilKey: council.groupKey })).verdict).toBe('valid')
  }, 60_000)

  it('say not covered for a month closed after the latest checkpoint, until the council signs the next', async () => {
    await finalize(h, '2026-06')
    const june = await verifyReport(await subsystemReport('Mill', '2026-06'), { councilKey: council.groupKey })
    expect(june.verdict).toBe('not-covered')
    expect(june.reason).toMatch(/no council checkpoint covers 2026-06 yet/)
    expect(await council.signDue()).toBe(true)
    expect((await verifyReport(await subsystemReport('Mill', '2026-06'), { councilKey: council.groupKey })).verdict).toBe('valid')
    await expect(makeSubsystemReport(h.store, h.c('Mill').id, '2026-07')).rejects.toMatchObject({ code: 'NO_STATEMENT' })
  }, 60_000)
})
