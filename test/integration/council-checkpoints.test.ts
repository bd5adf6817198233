// The council end to end on real nodes with real disks (docs/protocol.md §14): five
// collectives elect a 3-of-5 council; its members run the DKG through the log and sign
// checkpoints that verify with one Ed25519 verification under the group key. The founder's
// device is shut down for good and the network still confirms and checkpoints; with two
// members offline checkpoints still complete; a member that sends a bad share is named and
// the checkpoint completes without it; a member restarted mid-signing comes back with fresh
// nonces; a re-election rotates the key with a hand-over signed by the old key, and a member
// restarted mid-DKG is excluded while the others finish the key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyCheckpoint } from '../../core/checkpoint/checkpoint.ts'
import type { DkgState } from '../../core/checkpoint/dkg.ts'
import { groupKeyOf } from '../../core/checkpoint/frost.ts'
import { followChain, verifyCheckpointFrom } from '../../core/checkpoint/handover.ts'
import type { CheckpointRecord } from '../../core/ledger/council-signing.ts'
import * as queries from '../../core/ledger/queries.ts'
import type { SigningCouncilRecord } from '../../core/ledger/records.ts'
import { handlers, type Host } from '../../main/api/table.ts'
import { CouncilNetwork } from './fixtures/council-network.ts'

const names = ['Mill', 'Bakery', 'Shop', 'Farm', 'Dairy']
let net: CouncilNetwork
let period = 0
let network: string
let first: SigningCouncilRecord
let founder: string
beforeAll(async () => {
  net = await CouncilNetwork.start(names)
  network = net.node('Mill').requireBase().key.toString('hex')
  founder = net.id('Mill')
}, 600_000)
afterAll(async () => {
  await net?.close()
})

/** A final revision of a long-past month makes a checkpoint due at once; waits for its note. */
async function checkpointNow(by: string, others: string[] = []): Promise<CheckpointRecord> {
  period++
  const revision = await net.submit(by, 'revision.final', { period: `20${10 + Math.floor(period / 12)}-${String((period % 12) + 1).padStart(2, '0')}` })
  const record = await net.node(by).outcome(revision)
  expect(record.status).toBe('accepted')
  // The revision fixed a checkpoint of length seq + 1 (or a later one, had one been due), with
  // seq its position in each node's view now: a reorder may still move it (one run saw it move
  // from 33 to 32 after it was first applied, and the checkpoint of length 33 was the one due).
  await net.waitFor('a checkpoint that covers the revision on ' + [by, ...others].join(', '), async () => {
    for (const name of [by, ...others]) {
      const { seq } = await net.node(name).outcome(revision)
      const latest = (await net.node(name).store().get('council/latest')) as number | undefined
      if (latest === undefined || latest < seq + 1) return false
    }
    return true
  })
  const latest = (await net.node(by).store().get('council/latest')) as number
  return (await net.node(by).store().get('council/checkpoint/' + String(latest).padStart(12, '0'))) as unknown as CheckpointRecord
}

const idsOf = (...who: string[]) => who.map((n) => net.id(n)).sort()

describe('the council signs checkpoints', () => {
  it('elects 3-of-5, makes its key through the log and signs a checkpoint anyone can verify', { timeout: 900_000 }, async () => {
    await net.elect(names, 3, ['Mill', 'Bakery', 'Shop'])
    first = await net.everywhere<SigningCouncilRecord>('the council key', 'council/signing', (s) => s.epoch === 1)
    expect(first.members).toEqual(idsOf(...names))
    const checkpoint = await checkpointNow('Farm', ['Mill'])
    const verified = verifyCheckpoint(checkpoint.note, network, groupKeyOf(first.key))
    expect(verified.ok, JSON.stringify(verified)).toBe(true)
    expect(checkpoint.signers).toHaveLength(3)
    expect(checkpoint.bad).toEqual([])
    // What the Overview shows (view.council): how far the log is confirmed and checkpointed.
    const host = { node: net.node('Farm'), demo: null } as unknown as Host
    const overview = await handlers['view.council'](host, {})
    expect(overview.checkpointed).toBe(checkpoint.length)
    expect(overview.confirmed).toBeGreaterThanOrEqual(checkpoint.length)
    expect(overview.confirmed).toBeLessThanOrEqual(overview.length)
    expect(overview.length).toBeLessThanOrEqual(((await net.node('Farm').status()) as { length: number }).length)
  })

  it('confirms and checkpoints after the founder\'s device is shut down for good', { timeout: 900_000 }, async () => {
    await net.shutDown('Mill')
    const product = await net.submit('Bakery', 'product.define', { name: 'Bread', unit: 'loaf', kind: 'consumable' })
    await net.confirmed('Bakery', product)
    const checkpoint = await checkpointNow('Bakery', ['Shop'])
    expect(checkpoint.signers).not.toContain(founder)
    expect(verifyCheckpoint(checkpoint.note, network, groupKeyOf(first.key)).ok).toBe(true)
  })

  it('completes checkpoints with two members offline', { timeout: 900_000 }, async () => {
    await net.shutDown('Dairy')
    const checkpoint = await checkpointNow('Shop', ['Bakery', 'Farm'])
    expect(checkpoint.signers).toEqual(idsOf('Bakery', 'Shop', 'Farm'))
    expect(verifyCheckpoint(checkpoint.note, network, groupKeyOf(first.key)).ok).toBe(true)
  })

  it('names a member whose share is bad and completes without it; a restarted member signs with fresh nonces', { timeout: 900_000 }, async () => {
    net.node('Farm').council!.cheat(true)
    // Dairy comes back from its disk: the nonces of the commitments it had published are gone.
    await net.open('Dairy')
    const checkpoint = await checkpointNow('Bakery', ['Shop', 'Dairy']).finally(() => net.node('Farm').council!.cheat(false))
    expect(checkpoint.bad).toEqual([net.id('Farm')])
    expect(checkpoint.signers).toEqual(idsOf('Bakery', 'Shop', 'Dairy'))
    expect(verifyCheckpoint(checkpoint.note, network, groupKeyOf(first.key)).ok).toBe(true)
    const refusals = await queries.entries(net.node('Bakery').store(), { gte: 'rejection/', lt: 'rejection/\uffff' })
    expect(refusals.map(([, r]) => (r as { code: string }).code)).not.toContain('COMMITMENT_REUSED')
  })

  it('rotates the key on re-election with a hand-over signed by the old key; a member restarted mid-DKG is left out', { timeout: 1_200_000 }, async () => {
    const four = ['Bakery', 'Shop', 'Farm', 'Dairy']
    const proposal = await net.submit('Bakery', 'proposal.create', {
      kind: 'council',
      payload: { members: idsOf(...four), threshold: '3' },
      closesAt: Date.now() + 86_400_000
    })
    for (const voter of ['Bakery', 'Shop', 'Farm']) {
      await net.seen(voter, proposal)
      await net.submit(voter, 'vote.cast', { proposal, choice: 'yes' })
    }
    // Dairy restarts once its round-1 package is in the log: its polynomial is gone with it.
    await net.everywhere<DkgState>('Dairy\'s round-1 package', 'council/dkg', (d) => d.epoch === 2 && d.round1[d.members.findIndex((m) => m.id === net.id('Dairy'))] !== null, ['Dairy'])
    await net.shutDown('Dairy')
    await net.open('Dairy')
    const next = await net.everywhere<SigningCouncilRecord>('the new council signing', 'council/signing', (s) => s.epoch === 2, ['Bakery', 'Shop'])
    expect(next.members).toEqual(idsOf('Bakery', 'Shop', 'Farm'))
    const dkg = (await net.node('Bakery').store().get('council/dkg')) as unknown as DkgState
    expect(dkg.excluded.map((e) => [e.id, e.code])).toContainEqual([net.id('Dairy'), 'DKG_SILENT'])

    const handOver = (await net.node('Bakery').store().get('council/handover/000000000002')) as unknown as { note: string }
    const chain = followChain(network, { epoch: 1, key: groupKeyOf(first.key) }, [handOver.note])
    expect(chain.ok, JSON.stringify(chain)).toBe(true)
    const checkpoint = await checkpointNow('Shop', ['Bakery'])
    expect(checkpoint.epoch).toBe(2)
    const verified = verifyCheckpointFrom(checkpoint.note, network, { epoch: 1, key: groupKeyOf(first.key) }, [handOver.note])
    expect(verified.ok, JSON.stringify(verified)).toBe(true)
    expect(verifyCheckpoint(checkpoint.note, network, groupKeyOf(first.key)).ok).toBe(false)
  })
})
