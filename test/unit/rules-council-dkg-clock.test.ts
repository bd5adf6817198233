// docs/protocol.md §14.2: the DKG's stall limit is counted on its own clock, the entries that
// the devices of its members write (ticks included, its own steps not), so other collectives'
// traffic never makes a healthy member late; the held indexer change (PROMOTE_AFTER) waits on
// the same clock and is asked for at the entry that excludes the silent.
import { beforeEach, describe, expect, it } from 'vitest'
import type { DkgState } from '../../core/checkpoint/dkg.ts'
import { dkgRound1 } from '../../core/checkpoint/frost.ts'
import { DKG_STALL_AFTER } from '../../core/ledger/council-dkg.ts'
import { PROMOTE_AFTER } from '../../core/ledger/council.ts'
import type { DkgClock } from '../../core/ledger/records.ts'
import type { Body } from '../../core/protocol/types.ts'
import { DAY } from '../helpers/economy.ts'
import { expectAccepted, Harness } from '../helpers/harness.ts'
import { expectRejected, view } from '../helpers/rules.ts'

let h: Harness
const names = ['Mill', 'Bakery', 'Shop', 'Farm', 'Dairy']
const members = ['Mill', 'Bakery', 'Shop']
beforeEach(async () => {
  h = new Harness()
  await h.network(names.map((name) => [name, ['producer']]))
  // Farm, Dairy and Mill elect Mill, Bakery and Shop (2 of 3); Mill casts the deciding ballot.
  const proposal = expectAccepted(
    await h.do('proposal.create', { kind: 'council', payload: { members: members.map((m) => h.c(m).id), threshold: '2' }, closesAt: h.time + DAY } as Body<'proposal.create'>, ['Farm'])
  ).id!
  for (const voter of ['Farm', 'Dairy', 'Mill']) expectAccepted(await h.do('vote.cast', { proposal, choice: 'yes' }, [voter]))
  expect((await dkg()).stage).toBe('round1')
})

const dkg = async () => (await view(h, 'council/dkg')) as DkgState
const clock = async () => ((await view(h, 'council/dkg-clock')) as DkgClock).entries
const council = () => view(h, 'council/current')
let defined = 0
/** An ordinary accepted entry written by this collective's device. */
const write = (by: string) => h.do('product.define', { name: `Good ${defined++}`, unit: 'kg', kind: 'consumable' }, [by])
const tick = (by: string, attempt = 0) => h.do('council.dkg', { step: 'tick', epoch: 1, attempt }, [by])
async function round1(by: string): Promise<void> {
  const state = await dkg()
  const index = state.members.findIndex((m) => m.id === h.c(by).id) + 1
  const { package: pkg } = dkgRound1(index, state.threshold, state.members.length)
  expectAccepted(await h.do('council.dkg', { step: 'round1', epoch: 1, attempt: state.attempt, commitment: pkg.commitment, proof: pkg.proof }, [by]))
}

describe('rules: the DKG\'s clock (§14.2)', () => {
  it('keeps the same limit for the indexer change as for a silent round-1 member', () => {
    expect(PROMOTE_AFTER).toBe(DKG_STALL_AFTER)
  })

  it('lets other collectives\' traffic pass without making a member late', async () => {
    // Mill and Bakery send their packages (steps do not move the clock); Shop still computes.
    await round1('Mill')
    await round1('Bakery')
    expect(await clock()).toBe(0)
    for (let i = 0; i < 3 * DKG_STALL_AFTER; i++) expectAccepted(await write(i % 2 ? 'Farm' : 'Dairy'))
    expect(await clock()).toBe(0)
    expect(await dkg()).toMatchObject({ attempt: 0, stage: 'round1', excluded: [] })
    // The indexer change still waits for Shop's device, on the same clock.
    expect(await council()).toMatchObject({ held: true, waiting: [h.c('Shop').deviceKey] })
    // Shop's package, however late in the log, is taken: round 2 begins with all three, and
    // the indexers are asked for in one change.
    const state = await dkg()
    const { package: pkg } = dkgRound1(state.members.findIndex((m) => m.id === h.c('Shop').id) + 1, 2, 3)
    const last = expectAccepted(await h.do('council.dkg', { step: 'round1', epoch: 1, attempt: 0, commitment: pkg.commitment, proof: pkg.proof }, ['Shop']))
    expect(last.effects).toEqual([{ kind: 'indexers', keys: (await council()).indexers }])
    expect(await dkg()).toMatchObject({ attempt: 0, stage: 'round2', excluded: [] })
  })

  it('excludes a silent member after DKG_STALL_AFTER entries of the members, ticks and ordinary ones', async () => {
    await round1('Mill')
    await round1('Bakery')
    // A tick from outside the attempt, or for another attempt, is refused and moves nothing.
    await expectRejected(h, 'DKG_NOT_MEMBER', () => tick('Farm'))
    await expectRejected(h, 'DKG_STALE_ATTEMPT', () => tick('Mill', 1))
    expect(await clock()).toBe(0)
    for (let i = 1; i < DKG_STALL_AFTER; i++) {
      // Members' entries count, whatever they are; the others' in between do not.
      const out = expectAccepted(await (i % 3 === 0 ? write('Bakery') : tick(i % 2 ? 'Mill' : 'Bakery')))
      expect(out.effects).toEqual([])
      expectAccepted(await write('Dairy'))
      expect(await clock()).toBe(i)
    }
    expect(await dkg()).toMatchObject({ attempt: 0, excluded: [] })
    expect((await council()).held).toBe(true)
    // The limit's entry excludes Shop, restarts the DKG among the two others, and asks for
    // the indexers with the devices that have written (Shop's stays pending).
    const limit = expectAccepted(await tick('Mill'))
    expect(await clock()).toBe(DKG_STALL_AFTER)
    const state = await dkg()
    expect(state).toMatchObject({ attempt: 1, stage: 'round1', stageStartedAt: DKG_STALL_AFTER })
    expect(state.members.map((m) => m.id)).toEqual(['Mill', 'Bakery'].map((n) => h.c(n).id).sort())
    expect(state.excluded).toEqual([expect.objectContaining({ id: h.c('Shop').id, code: 'DKG_SILENT', attempt: 0 })])
    expect(limit.effects).toEqual([{ kind: 'indexers', keys: (await council()).indexers }])
    expect((await council()).held).toBeUndefined()
    // A package for the attempt that excluded it is refused.
    const { package: pkg } = dkgRound1(3, 2, 3)
    await expectRejected(h, 'DKG_STALE_ATTEMPT', () => h.do('council.dkg', { step: 'round1', epoch: 1, attempt: 0, commitment: pkg.commitment, proof: pkg.proof }, ['Shop']))
  })

  it('counts the silent member\'s own ordinary entries: a node that writes but does not answer is late too', async () => {
    await round1('Mill')
    await round1('Bakery')
    for (let i = 0; i < DKG_STALL_AFTER; i++) expectAccepted(await write('Shop'))
    expect(await dkg()).toMatchObject({ attempt: 1, excluded: [expect.objectContaining({ id: h.c('Shop').id, code: 'DKG_SILENT' })] })
  })
})
