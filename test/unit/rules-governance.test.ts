// PROTOCOL §10 (votes, as implemented) and §6 (the production vote): one collective one vote
// within the subsystem; a proposal passes when more than the quorum share voted yes.
import { beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_PARAMS } from '../../core/ledger/records.ts'
import { periodEnd } from '../../core/ledger/period.ts'
import type { Body } from '../../core/protocol/types.ts'
import { expectAccepted, Harness } from '../helpers/harness.ts'
import { DAY, define, finalize, pass, produce } from '../helpers/economy.ts'
import { expectRejected, view } from '../helpers/rules.ts'

let h: Harness
let sub: string
let bread: string
beforeEach(async () => {
  h = new Harness()
  await h.network([['Mill', ['producer']], ['Bakery', ['producer', 'dispatcher']], ['Shop', ['dispatcher']]])
  sub = (await view(h, `collective/${h.c('Mill').id}`)).subsystem
  bread = await define(h, 'Bakery', 'Bread')
})
const propose = (by: string, proposal: Omit<Body<'proposal.create'>, 'closesAt'>, closesAt = h.time + DAY) =>
  h.do('proposal.create', { ...proposal, closesAt } as Body<'proposal.create'>, [by])
const vote = (proposal: string, by: string, choice: 'yes' | 'no' = 'yes', time?: number) => h.do('vote.cast', { proposal, choice }, [by], time ? { time } : {})
const status = async (id: string) => (await view(h, `proposal/${id}`)).status
const params = async () => ({ ...DEFAULT_PARAMS, ...((await view(h, `params/${sub}`)) ?? {}) })

describe('rules: proposals and ballots', () => {
  it('opens proposals that change something, closing in the future (CLOSES_IN_PAST, NO_CHANGE, UNKNOWN_PRODUCT, UNKNOWN_ESTIMATE, NOT_MEMBER)', async () => {
    const open = expectAccepted(await propose('Mill', { kind: 'commons.add', payload: { product: bread } })).id!
    expect(await view(h, `proposal/${open}`)).toMatchObject({ subsystem: sub, proposer: h.c('Mill').id, yes: 0, no: 0, status: 'open' })
    await expectRejected(h, 'CLOSES_IN_PAST', () => propose('Mill', { kind: 'commons.add', payload: { product: bread } }, h.time))
    await expectRejected(h, 'NO_CHANGE', () => propose('Mill', { kind: 'commons.remove', payload: { product: bread } }))
    await expectRejected(h, 'UNKNOWN_PRODUCT', () => propose('Mill', { kind: 'commons.add', payload: { product: 'ab'.repeat(32) } }))
    await expectRejected(h, 'UNKNOWN_ESTIMATE', () => propose('Mill', { kind: 'production', payload: { estimate: 'ab'.repeat(32) } }))
    await expectRejected(h, 'INVALID_BODY', () => propose('Mill', { kind: 'parameter', payload: { name: 'writeoffLimit', value: '1/0' } } as any))
    expectAccepted(await h.do('collective.register', { name: 'Farm', roles: ['producer'], devices: [h.c('Farm').deviceKey] }, ['Farm'], { writer: 'Mill' }))
    await expectRejected(h, 'NOT_MEMBER', () => h.do('proposal.create', { kind: 'commons.add', payload: { product: bread }, closesAt: h.time + DAY }, ['Farm'], { writer: 'Mill' }))
    await pass(h, { kind: 'commons.add', payload: { product: bread } }, ['Mill', 'Bakery'])
    await expectRejected(h, 'NO_CHANGE', () => propose('Mill', { kind: 'commons.add', payload: { product: bread } }))
  })

  it('counts one vote per collective of the subsystem, until the vote closes (ALREADY_VOTED, VOTE_CLOSED, NOT_IN_SUBSYSTEM, PROPOSAL_CLOSED, UNKNOWN_PROPOSAL)', async () => {
    const id = expectAccepted(await propose('Mill', { kind: 'commons.add', payload: { product: bread } })).id!
    const closesAt = (await view(h, `proposal/${id}`)).closesAt
    expectAccepted(await vote(id, 'Mill'))
    expect(await status(id)).toBe('open')
    await expectRejected(h, 'ALREADY_VOTED', () => vote(id, 'Mill', 'no'))
    await expectRejected(h, 'VOTE_CLOSED', () => vote(id, 'Bakery', 'yes', closesAt + 1))
    await expectRejected(h, 'UNKNOWN_PROPOSAL', () => vote('ab'.repeat(32), 'Bakery'))
    expectAccepted(await h.do('collective.register', { name: 'Farm', roles: ['producer'], devices: [h.c('Farm').deviceKey] }, ['Farm'], { writer: 'Mill' }))
    expectAccepted(await h.do('trust.establish', { a: h.c('Farm').id, b: h.c('Shop').id }, ['Farm', 'Shop'], { writer: 'Shop' }))
    expectAccepted(await h.do('trust.cancel', { peer: h.c('Shop').id, reason: 'leaving' }, ['Bakery']))
    // Shop and Farm now form their own subsystem; Mill and Bakery keep the old one
    expect((await view(h, `collective/${h.c('Shop').id}`)).subsystem).not.toBe(sub)
    await expectRejected(h, 'NOT_IN_SUBSYSTEM', () => vote(id, 'Shop'))
    expectAccepted(await vote(id, 'Bakery', 'yes', closesAt))
    expect(await status(id)).toBe('passed')
    await expectRejected(h, 'PROPOSAL_CLOSED', () => vote(id, 'Mill'))
  })

  it('passes with more than the quorum share of yes votes and fails once that cannot happen', async () => {
    const yes = expectAccepted(await propose('Mill', { kind: 'commons.add', payload: { product: bread } })).id!
    expectAccepted(await vote(yes, 'Mill'))
    expectAccepted(await vote(yes, 'Bakery', 'no'))
    expect(await status(yes)).toBe('open')
    expectAccepted(await vote(yes, 'Shop'))
    expect(await status(yes)).toBe('passed')
    expect(await view(h, `commons/${sub}/${bread}`)).toBe(yes)
    const no = expectAccepted(await propose('Mill', { kind: 'commons.remove', payload: { product: bread } })).id!
    expectAccepted(await vote(no, 'Mill', 'no'))
    expectAccepted(await vote(no, 'Bakery', 'no'))
    expect(await status(no)).toBe('failed')
    expect(await view(h, `commons/${sub}/${bread}`)).toBe(yes)
  })
})

describe('rules: parameter votes', () => {
  it('sets the grace time and the write-off limit of the subsystem', async () => {
    await pass(h, { kind: 'parameter', payload: { name: 'graceMinutes', value: '0' } }, ['Mill', 'Bakery'])
    await pass(h, { kind: 'parameter', payload: { name: 'writeoffLimit', value: '1/4' } }, ['Mill', 'Bakery'])
    expect(await params()).toMatchObject({ graceMinutes: '0', writeoffLimit: '1/4' })
    const cycle = await produce(h, 'Bakery', bread, { micro: [1000n], quantity: 2 })
    expectAccepted(await h.do('resource.writeoff', { lot: cycle.lots[0]!, quantity: '2', reason: 'burnt' }, ['Bakery']))
    await expectRejected(h, 'EARLY_REVISION', () => h.do('revision.final', { period: '2026-04' }, [], { time: periodEnd('2026-04') - 1, writer: 'Mill' }))
    const april = await finalize(h, '2026-04', periodEnd('2026-04'))
    expect(await view(h, `revision/${april}/${sub}`)).toMatchObject({ a: '1000', w: String(1000n / 4n), debtOut: String(1000n - 1000n / 4n) })
  })

  it('with a quorum of 100% needs every collective\'s yes, and one no fails it', async () => {
    await pass(h, { kind: 'parameter', payload: { name: 'quorumPercent', value: '100' } }, ['Mill', 'Bakery'])
    const all = expectAccepted(await propose('Mill', { kind: 'commons.add', payload: { product: bread } })).id!
    for (const name of ['Mill', 'Bakery']) expectAccepted(await vote(all, name))
    expect(await status(all)).toBe('open')
    expectAccepted(await vote(all, 'Shop'))
    expect(await status(all)).toBe('passed')
    const one = expectAccepted(await propose('Mill', { kind: 'commons.remove', payload: { product: bread } })).id!
    expectAccepted(await vote(one, 'Mill'))
    expectAccepted(await vote(one, 'Bakery', 'no'))
    expect(await status(one)).toBe('failed')
  })
})

describe('rules: the production vote (§5)', () => {
  const estimateOf = async (producer: string, minutes: bigint) => {
    const order = expectAccepted(await h.do('order.place', { producer: h.c(producer).id, product: bread, quantity: '1' }, [producer])).id!
    return expectAccepted(await h.do('estimate.publish', { order, minutes: String(minutes) }, [producer])).id!
  }

  it('requires a passed production vote before starting above the threshold (VOTE_REQUIRED)', async () => {
    const threshold = BigInt(DEFAULT_PARAMS.voteThreshold)
    const atThreshold = await estimateOf('Bakery', threshold)
    expectAccepted(await h.do('production.start', { estimate: atThreshold }, ['Bakery']))
    const above = await estimateOf('Bakery', threshold + 1n)
    await expectRejected(h, 'VOTE_REQUIRED', () => h.do('production.start', { estimate: above }, ['Bakery']))
    const proposal = await pass(h, { kind: 'production', payload: { estimate: above } }, ['Mill', 'Shop'])
    expect(await view(h, `passedProduction/${above}`)).toBe(proposal)
    expectAccepted(await h.do('production.start', { estimate: above }, ['Bakery']))
  })

  it('follows a threshold lowered by vote', async () => {
    await pass(h, { kind: 'parameter', payload: { name: 'voteThreshold', value: '1000' } }, ['Mill', 'Bakery'])
    const small = await estimateOf('Bakery', 1001n)
    await expectRejected(h, 'VOTE_REQUIRED', () => h.do('production.start', { estimate: small }, ['Bakery']))
  })

  it('voids the open proposals of a subsystem that merged into another; the other\'s go on (PROPOSAL_VOID)', async () => {
    // Farm joins through Shop; cancelling Bakery–Shop splits {Mill, Bakery} from {Shop, Farm}.
    expectAccepted(await h.do('collective.register', { name: 'Farm', roles: ['producer'], devices: [h.c('Farm').deviceKey] }, ['Farm'], { writer: 'Mill' }))
    expectAccepted(await h.do('trust.establish', { a: h.c('Farm').id, b: h.c('Shop').id }, ['Farm', 'Shop'], { writer: 'Shop' }))
    expectAccepted(await h.do('trust.cancel', { peer: h.c('Shop').id, reason: 'a quarrel' }, ['Bakery']))
    const west = expectAccepted(await propose('Mill', { kind: 'parameter', payload: { name: 'graceMinutes', value: '0' } })).id!
    const east = expectAccepted(await propose('Farm', { kind: 'parameter', payload: { name: 'graceMinutes', value: '60' } })).id!
    const subsystemOf = async (id: string) => (await view(h, `proposal/${id}`)).subsystem as string
    expect(await subsystemOf(west)).not.toBe(await subsystemOf(east))
    // They make up: the two parts merge, and one subsystem's id lives on.
    expectAccepted(await h.do('trust.establish', { a: h.c('Bakery').id, b: h.c('Shop').id }, ['Bakery', 'Shop'], { writer: 'Bakery' }))
    const survivor = (await view(h, `collective/${h.c('Mill').id}`)).subsystem as string
    const [kept, gone] = (await subsystemOf(west)) === survivor ? [west, east] : [east, west]
    await expectRejected(h, 'PROPOSAL_VOID', () => vote(gone, 'Mill'))
    expectAccepted(await vote(kept, 'Mill'))
  })

  it('counts a production vote only in the producer\'s subsystem (NOT_IN_SUBSYSTEM)', async () => {
    const above = await estimateOf('Bakery', BigInt(DEFAULT_PARAMS.voteThreshold) + 1n)
    // Shop leaves with a new partner and the two of them try to approve Bakery's project
    expectAccepted(await h.do('collective.register', { name: 'Farm', roles: ['producer'], devices: [h.c('Farm').deviceKey] }, ['Farm'], { writer: 'Mill' }))
    expectAccepted(await h.do('trust.establish', { a: h.c('Farm').id, b: h.c('Shop').id }, ['Farm', 'Shop'], { writer: 'Shop' }))
    expectAccepted(await h.do('trust.cancel', { peer: h.c('Shop').id, reason: 'leaving' }, ['Bakery']))
    await expectRejected(h, 'NOT_IN_SUBSYSTEM', () => propose('Shop', { kind: 'production', payload: { estimate: above } }))
    await expectRejected(h, 'VOTE_REQUIRED', () => h.do('production.start', { estimate: above }, ['Bakery']))
  })
})
