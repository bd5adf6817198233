// Closing a month before anyone does it (core/node/closing.ts): the month to propose, from when
// a month can be closed, and the final revision's figures from the ledger's own rules, with
// nothing written.
import { beforeEach, describe, expect, it } from 'vitest'
import { closing } from '../../core/node/closing.ts'
import { define, finalize, produce } from '../helpers/economy.ts'
import { Harness } from '../helpers/harness.ts'
import { snapshot } from '../helpers/rules.ts'

const DAY = 86_400_000
let h: Harness
beforeEach(async () => {
  h = new Harness()
  await h.network([
    ['Mill', ['producer']],
    ['Bakery', ['producer', 'dispatcher']]
  ])
  // 90 µmin of work in April 2026 (the harness's month).
  await produce(h, 'Mill', await define(h, 'Mill', 'Flour'), { micro: [90n] })
})

describe('closing a month', () => {
  it("proposes the latest month whose grace time is over, and shows its revision's figures without writing them", async () => {
    const now = Date.UTC(2026, 5, 3) // 3 June: May's week of grace is not over, April's is
    const before = snapshot(h.store)
    const preview = await closing(h.store, h.c('Mill').id, now)
    expect(preview).toMatchObject({ period: '2026-04', proposed: '2026-04', refusal: null })
    expect(preview.subsystems).toHaveLength(1)
    expect(preview.subsystems[0]).toMatchObject({
      a: '90',
      c: '0',
      w: '0',
      tax: '0.000000',
      claimable: '90'
    })
    expect(preview.subsystems[0]!.memberNames.sort()).toEqual(['Bakery', 'Mill'])
    expect(snapshot(h.store)).toEqual(before)
  })

  it('says from when a month too early can be closed', async () => {
    const now = Date.UTC(2026, 5, 3)
    const early = await closing(h.store, h.c('Mill').id, now, '2026-05')
    expect(early.refusal?.code).toBe('EARLY_REVISION')
    expect(early.possibleFrom).toBe(Date.UTC(2026, 5, 1) + 7 * DAY)
    expect(early.subsystems).toEqual([])
  })

  it('proposes no month before the network began, and says when the next one can be closed', async () => {
    const now = Date.UTC(2026, 5, 3)
    expect(await closing(h.store, h.c('Mill').id, now)).toMatchObject({
      closable: ['2026-04'],
      earliest: '2026-04',
      next: { period: '2026-05', from: Date.UTC(2026, 5, 1) + 7 * DAY }
    })
    // April closed: nothing is left to close (March and earlier were proposed before, though
    // the network had not begun), and May's date is said.
    await finalize(h, '2026-04')
    expect(await closing(h.store, h.c('Mill').id, now)).toMatchObject({
      proposed: null,
      closable: [],
      next: { period: '2026-05' }
    })
  })

  it('proposes the next open month once one is closed, and refuses a month closed already', async () => {
    await finalize(h, '2026-04')
    const now = Date.UTC(2026, 6, 20)
    expect((await closing(h.store, h.c('Mill').id, now)).proposed).toBe('2026-06')
    const again = await closing(h.store, h.c('Mill').id, now, '2026-04')
    expect(again.refusal?.code).toBe('ALREADY_FINAL')
  })
})
