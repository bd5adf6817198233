// The council end to end on real nodes with real disks (docs/protocol.md §14): five
// collectives elect a 3-of-5 council; its members run the DKG through the log and sign
// checkpoints that verify with one Ed25519 verification under the group key; the founder's
// device is shut down for good and the network still confirms and checkpoints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyCheckpoint } from '../../core/checkpoint/checkpoint.ts'
import { groupKeyOf } from '../../core/checkpoint/frost.ts'
import type { CheckpointRecord } from '../../core/ledger/council-signing.ts'
import type { SigningCouncilRecord } from '../../core/ledger/records.ts'
import { CouncilNetwork } from './fixtures/council-network.ts'

const names = ['Mill', 'Bakery', 'Shop', 'Farm', 'Dairy']
let net: CouncilNetwork
let period = 0
beforeAll(async () => {
  net = await CouncilNetwork.start(names)
}, 300_000)
afterAll(async () => {
  await net?.close()
})

/** A final revision of a long-past month makes a checkpoint due at once. */
async function checkpointNow(by: string): Promise<CheckpointRecord> {
  period++
  const revision = await net.submit(by, 'revision.final', { period: `2020-${String(period).padStart(2, '0')}` })
  const seq = (await net.node(by).outcome(revision)).seq
  return net.everywhere<CheckpointRecord>(`a checkpoint beyond ${seq}`, 'council/checkpoint/' + String(seq + 1).padStart(12, '0'), () => true, [by])
}

describe('the council signs checkpoints', () => {
  it('elects 3-of-5, makes its key through the log and signs a checkpoint', { timeout: 300_000 }, async () => {
    await net.elect(names, 3, ['Mill', 'Bakery', 'Shop'])
    const signing = await net.everywhere<SigningCouncilRecord>('the council key', 'council/signing', (s) => s.epoch === 1)
    expect(signing.members).toEqual(names.map((n) => net.id(n)).sort())
    const checkpoint = await checkpointNow('Farm')
    const network = net.node('Farm').requireBase().key.toString('hex')
    const verified = verifyCheckpoint(checkpoint.note, network, groupKeyOf(signing.key))
    expect(verified.ok, JSON.stringify(verified)).toBe(true)
    expect(checkpoint.signers).toHaveLength(3)
  })
})
