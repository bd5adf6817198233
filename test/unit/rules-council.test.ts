// docs/protocol.md §14.1: the whole network elects its council by vote; a passed election
// names the indexers (the members' first devices), a failed one changes nothing, and a member
// that leaves the network leaves the council.
import { beforeEach, describe, expect, it } from 'vitest'
import type { Body } from '../../core/protocol/types.ts'
import { expectAccepted, Harness } from '../helpers/harness.ts'
import { DAY } from '../helpers/economy.ts'
import { expectRejected, view } from '../helpers/rules.ts'
import { PROMOTE_AFTER } from '../../core/ledger/council.ts'

let h: Harness
const names = ['Mill', 'Bakery', 'Shop', 'Farm', 'Dairy']
beforeEach(async () => {
  h = new Harness()
  await h.network(names.map((name) => [name, ['producer']]))
})

const ids = (...who: string[]) => who.map((name) => h.c(name).id)
const elect = (by: string, members: string[], threshold: number) =>
  h.do('proposal.create', { kind: 'council', payload: { members: ids(...members), threshold: String(threshold) }, closesAt: h.time + DAY } as Body<'proposal.create'>, [by])
const vote = (proposal: string, by: string, choice: 'yes' | 'no' = 'yes') => h.do('vote.cast', { proposal, choice }, [by])
const council = () => view(h, 'council/current')
let defined = 0
/** Any accepted entry written by this collective's device. */
const write = (by: string) => h.do('product.define', { name: `Good ${defined++}`, unit: 'kg', kind: 'consumable' }, [by])

describe('rules: electing the council (§14.1)', () => {
  it('refuses a council that cannot be (COUNCIL_THRESHOLD, INVALID_BODY, UNKNOWN_COLLECTIVE, NOT_MEMBER, NO_CHANGE)', async () => {
    await expectRejected(h, 'COUNCIL_THRESHOLD', () => elect('Mill', ['Mill', 'Bakery', 'Shop', 'Farm'], 2))
    await expectRejected(h, 'COUNCIL_THRESHOLD', () => elect('Mill', ['Mill', 'Bakery', 'Shop'], 4))
    await expectRejected(h, 'INVALID_BODY', () => elect('Mill', ['Mill', 'Mill', 'Shop'], 2))
    await expectRejected(h, 'INVALID_BODY', () => elect('Mill', ['Mill'], 1))
    await expectRejected(h, 'UNKNOWN_COLLECTIVE', () => elect('Mill', ['Mill', 'Stranger'], 2))
    expectAccepted(await h.do('collective.register', { name: 'Guest', roles: ['producer'], devices: [h.c('Guest').deviceKey] }, ['Guest'], { writer: 'Mill' }))
    await expectRejected(h, 'NOT_MEMBER', () => elect('Mill', ['Mill', 'Guest'], 2))
    const first = expectAccepted(await elect('Mill', ['Mill', 'Bakery', 'Shop'], 2)).id!
    for (const name of ['Mill', 'Bakery', 'Shop']) expectAccepted(await vote(first, name))
    await expectRejected(h, 'NO_CHANGE', () => elect('Farm', ['Shop', 'Bakery', 'Mill'], 2))
    expectAccepted(await elect('Farm', ['Shop', 'Bakery', 'Mill'], 3))
  })

  it('passes with yes from more than half of all the network\'s members and names the indexers', async () => {
    const id = expectAccepted(await elect('Bakery', ['Mill', 'Bakery', 'Shop', 'Farm', 'Dairy'], 3)).id!
    expect(await view(h, `proposal/${id}`)).toMatchObject({ kind: 'council', status: 'open', payload: { threshold: '3', members: ids(...names).sort().join(',') } })
    expect(await view(h, 'council/current')).toBeUndefined()
    expectAccepted(await vote(id, 'Mill'))
    expectAccepted(await vote(id, 'Bakery', 'no'))
    expectAccepted(await vote(id, 'Shop'))
    expect((await view(h, `proposal/${id}`)).status).toBe('open')
    const passing = expectAccepted(await vote(id, 'Farm'))
    expect((await view(h, `proposal/${id}`)).status).toBe('passed')
    const devices = names.map((name) => h.c(name).deviceKey)
    // The indexer change is held until every named device has written since (below).
    expect(passing.effects).toEqual([])
    expect(await council()).toMatchObject({ epoch: 1, threshold: 3, members: ids(...names).sort(), proposal: id, left: [], held: true })
    expect((await council()).indexers).toHaveLength(5)
    expect((await council()).indexers).toEqual(expect.arrayContaining(devices))
    expect(await view(h, 'council/epoch/000000000001')).toEqual(await council())
    await expectRejected(h, 'PROPOSAL_CLOSED', () => vote(id, 'Dairy'))
  })

  it('fails once more than half can no longer say yes, and leaves the council as it was', async () => {
    const first = expectAccepted(await elect('Mill', ['Mill', 'Bakery', 'Shop'], 2)).id!
    for (const name of ['Mill', 'Bakery', 'Shop']) expectAccepted(await vote(first, name))
    const before = await council()
    const id = expectAccepted(await elect('Farm', ['Farm', 'Dairy', 'Shop'], 2)).id!
    expectAccepted(await vote(id, 'Mill', 'no'))
    expectAccepted(await vote(id, 'Bakery', 'no'))
    expect((await view(h, `proposal/${id}`)).status).toBe('open')
    const failing = expectAccepted(await vote(id, 'Shop', 'no'))
    expect((await view(h, `proposal/${id}`)).status).toBe('failed')
    expect(failing.effects).toEqual([])
    const { epoch, members, threshold, proposal, indexers } = before
    expect(await council()).toMatchObject({ epoch, members, threshold, proposal, indexers })
  })

  it('is voted by the whole network across a trust split, and a re-election is the next epoch', async () => {
    // Cancelling Shop–Farm splits {Mill, Bakery, Shop} from {Farm, Dairy}: both parts vote.
    expectAccepted(await h.do('trust.cancel', { peer: h.c('Farm').id, reason: 'a quarrel' }, ['Shop']))
    const id = expectAccepted(await elect('Dairy', ['Mill', 'Farm', 'Dairy'], 2)).id!
    expectAccepted(await vote(id, 'Dairy'))
    expectAccepted(await vote(id, 'Farm'))
    expect((await view(h, `proposal/${id}`)).status).toBe('open')
    expectAccepted(await vote(id, 'Mill'))
    expect(await council()).toMatchObject({ epoch: 1, threshold: 2 })
    const again = expectAccepted(await elect('Mill', ['Mill', 'Bakery', 'Shop', 'Farm'], 3)).id!
    for (const name of ['Mill', 'Bakery', 'Shop']) expectAccepted(await vote(again, name))
    expect(await council()).toMatchObject({ epoch: 2, threshold: 3, members: ids('Mill', 'Bakery', 'Shop', 'Farm').sort() })
    expect((await view(h, 'council/epoch/000000000001')).threshold).toBe(2)
  })

  it('loses a member that leaves the network; its device stops indexing', async () => {
    const id = expectAccepted(await elect('Mill', names, 3)).id!
    for (const name of ['Mill', 'Bakery', 'Shop']) expectAccepted(await vote(id, name))
    // Dairy's only trust is with Farm: cancelling it takes Dairy out of the network.
    const out = expectAccepted(await h.do('trust.cancel', { peer: h.c('Dairy').id, reason: 'closing down' }, ['Farm']))
    expect(await council()).toMatchObject({ left: ids('Dairy') })
    expect((await council()).indexers).not.toContain(h.c('Dairy').deviceKey)
    expect((await council()).waiting).not.toContain(h.c('Dairy').deviceKey)
    expect(out.effects).toContainEqual({ kind: 'writer.remove', key: h.c('Dairy').deviceKey })
    // Mill and Bakery have not written since the election: the change is still held.
    expect(out.effects.filter((e) => e.kind === 'indexers')).toEqual([])
    expectAccepted(await write('Mill'))
    const last = expectAccepted(await write('Bakery'))
    expect(last.effects).toEqual([{ kind: 'indexers', keys: expect.not.arrayContaining([h.c('Dairy').deviceKey]) }])
    expect((await council()).held).toBeUndefined()
    // Once the change is made, a member leaving asks for the indexers at once.
    const gone = expectAccepted(await h.do('trust.cancel', { peer: h.c('Farm').id, reason: 'moving away' }, ['Shop']))
    expect(gone.effects).toContainEqual({ kind: 'indexers', keys: expect.not.arrayContaining([h.c('Farm').deviceKey]) })
  })

  it('asks for all the indexers in one change once every named device has written', async () => {
    const id = expectAccepted(await elect('Mill', names, 3)).id!
    for (const name of ['Mill', 'Bakery', 'Shop']) expectAccepted(await vote(id, name))
    // Shop's device wrote the ballot that elected it: it is not waiting.
    expect((await council()).waiting).toHaveLength(4)
    expect((await council()).waiting).not.toContain(h.c('Shop').deviceKey)
    const first = expectAccepted(await elect('Farm', names, 4))
    expect(first.effects).toEqual([])
    expect(expectAccepted(await vote(first.id!, 'Farm')).effects).toEqual([])
    expect((await council()).waiting).toHaveLength(3)
    // A refused entry changes nothing, this included.
    await expectRejected(h, 'UNKNOWN_PROPOSAL', () => vote('ab'.repeat(32), 'Dairy'))
    expect((await council()).waiting).toHaveLength(3)
    expect(expectAccepted(await write('Mill')).effects).toEqual([])
    expect(expectAccepted(await write('Bakery')).effects).toEqual([])
    const last = expectAccepted(await write('Dairy'))
    expect(last.effects).toEqual([{ kind: 'indexers', keys: (await council()).indexers }])
    expect(await council()).toMatchObject({ waiting: [] })
    expect((await council()).held).toBeUndefined()
    // Nothing more to ask for.
    expect(expectAccepted(await write('Dairy')).effects).toEqual([])
  })

  it('asks with whoever has written once PROMOTE_AFTER entries have passed', async () => {
    const id = expectAccepted(await elect('Mill', names, 3)).id!
    for (const name of ['Mill', 'Bakery', 'Shop']) expectAccepted(await vote(id, name))
    const since = (await council()).since as number
    // Shop alone writes on; the others stay silent.
    let outcome = expectAccepted(await write('Shop'))
    while (outcome.seq - since < PROMOTE_AFTER) {
      expect(outcome.effects).toEqual([])
      outcome = expectAccepted(await write('Shop'))
    }
    expect(outcome.effects).toEqual([{ kind: 'indexers', keys: (await council()).indexers }])
    expect((await council()).held).toBeUndefined()
    // From then on a device's first entry asks again (Autobase could only make it pending).
    expect((await council()).waiting).toContain(h.c('Farm').deviceKey)
    expect(expectAccepted(await write('Farm')).effects).toEqual([{ kind: 'indexers', keys: (await council()).indexers }])
  })
})
