// docs/protocol.md §14.2 and §14.3 in the ledger alone: members (played here with real FROST
// and real sealed shares) make the council's key through council.dkg entries, publish nonce
// commitments, and sign a checkpoint that a final revision made due; a bad share names its
// member and the checkpoint completes without it; a silent member is replaced in the round,
// and left out of a DKG; a re-election's key takes over through a hand-over signed by the old.
import { beforeEach, describe, expect, it } from 'vitest'
import { verifyCheckpoint } from '../../core/checkpoint/checkpoint.ts'
import { boxFor, contextOf, type DkgState } from '../../core/checkpoint/dkg.ts'
import { commit, dkgFinish, dkgRound1, dkgRound2, groupKeyOf, signShare, type DkgSecret, type KeyShare, type Nonces } from '../../core/checkpoint/frost.ts'
import { followChain, verifyCheckpointFrom } from '../../core/checkpoint/handover.ts'
import { openShare, sealShare } from '../../core/checkpoint/seal.ts'
import { taskOf, type SigningState } from '../../core/checkpoint/session.ts'
import type { CheckpointRecord } from '../../core/ledger/council-signing.ts'
import type { SigningCouncilRecord } from '../../core/ledger/records.ts'
import type { Body } from '../../core/protocol/types.ts'
import { DAY } from '../helpers/economy.ts'
import { expectAccepted, Harness } from '../helpers/harness.ts'
import { expectRejected, view } from '../helpers/rules.ts'

const names = ['Mill', 'Bakery', 'Shop', 'Farm', 'Dairy']
let h: Harness
let network: string
beforeEach(async () => {
  h = new Harness()
  await h.network(names.map((name) => [name, ['producer']]))
  network = h.c('Mill').deviceKey
})

const byId = (id: string) => names.find((n) => h.c(n).id === id)!
const dkg = async () => (await view(h, 'council/dkg')) as DkgState
const signing = async () => (await view(h, 'council/signing')) as SigningCouncilRecord

async function elect(members: string[], threshold: number, voters = members): Promise<void> {
  const proposal = expectAccepted(
    await h.do('proposal.create', { kind: 'council', payload: { members: members.map((m) => h.c(m).id), threshold: String(threshold) }, closesAt: h.time + DAY } as Body<'proposal.create'>, [voters[0]!])
  ).id!
  for (const voter of voters) {
    if (((await view(h, `proposal/${proposal}`)) as { status: string }).status !== 'open') break
    expectAccepted(await h.do('vote.cast', { proposal, choice: 'yes' }, [voter]))
  }
}

/** Each member that takes part runs its three rounds; returns the members' key shares by name. */
async function makeKey(silent: string[] = []): Promise<Map<string, KeyShare>> {
  const secrets = new Map<string, DkgSecret>()
  let state = await dkg()
  const header = { epoch: state.epoch, attempt: state.attempt }
  for (const [i, member] of state.members.entries()) {
    const name = byId(member.id)
    if (silent.includes(name)) continue
    const { package: pkg, secret } = dkgRound1(i + 1, state.threshold, state.members.length)
    secrets.set(name, secret)
    expectAccepted(await h.do('council.dkg', { step: 'round1', ...header, commitment: pkg.commitment, proof: pkg.proof }, [name]))
  }
  state = await dkg()
  if (state.stage !== 'round2') return new Map()
  for (const [name, secret] of secrets) {
    const boxes = dkgRound2(secret, state.round1.map((p) => p!)).map((s) =>
      sealShare(contextOf(state), s.share, h.c(name).identity.publicKey, Buffer.from(state.members[s.to - 1]!.key, 'hex'))
    )
    expectAccepted(await h.do('council.dkg', { step: 'round2', ...header, boxes }, [name]))
  }
  state = await dkg()
  const shares = new Map<string, KeyShare>()
  for (const [name, secret] of secrets) {
    const me = secret.index
    const received = state.members
      .map((m, i) => ({ from: i + 1, sender: m }))
      .filter(({ from }) => from !== me)
      .map(({ from, sender }) => {
        const opened = openShare(contextOf(state), boxFor(state, from, me)!, Buffer.from(sender.key, 'hex'), h.c(name).identity)
        if (!opened.ok) throw new Error(opened.reason)
        return { from, to: me, share: opened.value }
      })
    const share = dkgFinish(secret, state.round1.map((p) => p!), received)
    shares.set(name, share)
    expectAccepted(await h.do('council.dkg', { step: 'confirm', ...header, key: groupKeyOf(share) }, [name]))
  }
  return shares
}

/** Nonces in this test's memory, by the hiding commitment. */
const nonces = new Map<string, Nonces>()
async function publish(shares: Map<string, KeyShare>, epoch: number, count = 2): Promise<void> {
  for (const [name, share] of shares) {
    const made = Array.from({ length: count }, () => commit(share))
    for (const m of made) nonces.set(m.commitment.hiding, m.nonces)
    expectAccepted(await h.do('council.sign', { step: 'commitments', epoch, commitments: made.map((m) => ({ hiding: m.commitment.hiding, binding: m.commitment.binding })) }, [name]))
  }
}

/** Members in the current round answer (`bad` with a share that does not verify); `silent` do not. */
async function answer(shares: Map<string, KeyShare>, epoch: number, options: { bad?: string[]; silent?: string[] } = {}): Promise<string[]> {
  const record = await signing()
  const answered: string[] = []
  for (const [i, id] of record.members.entries()) {
    const name = byId(id)
    const task = taskOf((await view(h, 'council/sessions')) as SigningState, i + 1)
    if (!task || options.silent?.includes(name)) continue
    const mine = nonces.get(task.mine.hiding)!
    nonces.delete(task.mine.hiding)
    const bad = options.bad?.includes(name)
    const share = bad ? '01' + '00'.repeat(31) : signShare(shares.get(name)!, mine, task.commitments, Buffer.from(task.message))
    expectAccepted(await h.do('council.sign', { step: 'share', epoch, session: task.session, round: task.round, share }, [name]))
    // A bad share ends the round: the next one is the caller's to answer.
    if (bad) return answered
    answered.push(name)
  }
  return answered
}

let month = 0
async function due(): Promise<number> {
  month++
  const outcome = expectAccepted(await h.do('revision.final', { period: `2020-${String(month).padStart(2, '0')}` }, [], { writer: 'Mill' }))
  return outcome.seq + 1
}

const open = (by: string, epoch: number) => h.do('council.sign', { step: 'open', epoch, view: { length: 40, hash: 'ab'.repeat(32) } }, [by])
const checkpointAt = async (length: number) => (await view(h, `council/checkpoint/${String(length).padStart(12, '0')}`)) as CheckpointRecord | undefined

describe('rules: the council\'s key and checkpoints (§14.2, §14.3)', () => {
  it('makes the key through the log and signs a checkpoint that verifies under it', async () => {
    await elect(names, 3)
    expect((await dkg()).stage).toBe('round1')
    const shares = await makeKey()
    const key = await signing()
    expect(key).toMatchObject({ epoch: 1, threshold: 3, members: names.map((n) => h.c(n).id).sort() })
    expect((await view(h, 'council/current')).dkg).toBe('done')
    await publish(shares, 1)
    await expectRejected(h, 'SIGNING_WRONG_SESSION', () => open('Shop', 1))
    const length = await due()
    expect((await view(h, 'council/due')).length).toBe(length)
    expectAccepted(await open('Shop', 1))
    // The next one falls due while this one is signed: it waits.
    await due()
    await expectRejected(h, 'SESSION_BUSY', () => open('Farm', 1))
    const signers = await answer(shares, 1)
    expect(signers).toHaveLength(3)
    const checkpoint = (await checkpointAt(length))!
    expect(checkpoint.signers).toEqual(signers.map((n) => h.c(n).id).sort())
    const verified = verifyCheckpoint(checkpoint.note, network, groupKeyOf(key.key))
    expect(verified.ok, JSON.stringify(verified)).toBe(true)
    expect(verified.ok && verified.value).toMatchObject({ length, epoch: 1, digest: expect.any(String), view: { length: 40 } })
  })

  it('fixes its own checkpoint for a final revision that came while another waited for its open', async () => {
    await elect(names, 3)
    const shares = await makeKey()
    await publish(shares, 1, 3)
    const first = await due()
    // A refused revision owes nothing.
    await expectRejected(h, 'ALREADY_FINAL', () => h.do('revision.final', { period: `2020-${String(month).padStart(2, '0')}` }, [], { writer: 'Mill' }))
    expect(await view(h, 'council/owed')).toBeUndefined()
    // Two more revisions before anyone opens the first: the waiting one stays as it was.
    await due()
    const revision = await due()
    expect((await view(h, 'council/due')).length).toBe(first)
    const opened = expectAccepted(await open('Shop', 1))
    // The owed one is fixed by the open itself, covering both later revisions.
    const owed = (await view(h, 'council/due')) as { length: number; statements: { count: number } }
    expect(owed.length).toBe(opened.seq + 1)
    expect(owed.length).toBeGreaterThan(revision)
    expect(await view(h, 'council/owed')).toBeUndefined()
    // One session at a time: the owed one is opened once the first is signed, and only once.
    await expectRejected(h, 'SESSION_BUSY', () => open('Farm', 1))
    await answer(shares, 1)
    const signed = (await checkpointAt(first))!
    expectAccepted(await open('Farm', 1))
    await expectRejected(h, 'SIGNING_WRONG_SESSION', () => open('Mill', 1))
    await answer(shares, 1)
    const later = (await checkpointAt(owed.length))!
    const key = groupKeyOf((await signing()).key)
    const [a, b] = [verifyCheckpoint(signed.note, network, key), verifyCheckpoint(later.note, network, key)]
    expect(a.ok && b.ok).toBe(true)
    if (!a.ok || !b.ok) return
    // The later one speaks of the two later revisions' statements too.
    expect(b.value).toMatchObject({ length: owed.length, statements: owed.statements })
    expect(b.value.statements.count).toBeGreaterThan(a.value.statements.count)
    // Nothing is owed any more: the next entries fix nothing until the next revision.
    expectAccepted(await h.do('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' }, ['Mill']))
    expect(await view(h, 'council/due')).toBeUndefined()
    await expectRejected(h, 'SIGNING_WRONG_SESSION', () => open('Mill', 1))
  })

  it('names a member whose share is bad and completes with the others; a silent member\'s round is replaced', async () => {
    await elect(names, 3)
    const shares = await makeKey()
    await publish(shares, 1, 3)
    const length = await due()
    expectAccepted(await open('Mill', 1))
    const council = await signing()
    const first = ((await view(h, 'council/sessions')) as SigningState).session!.round!.commitments.map((c) => byId(council.members[c.index - 1]!))
    const cheat = first[0]!
    await answer(shares, 1, { bad: [cheat] })
    expect(await checkpointAt(length)).toBeUndefined()
    // A member of the next round stays silent: after 48 entries of ticks the round is replaced.
    const second = ((await view(h, 'council/sessions')) as SigningState).session!.round!
    const quiet = byId(council.members[second.commitments[0]!.index - 1]!)
    await answer(shares, 1, { silent: [quiet] })
    let ticks = 0
    while (((await view(h, 'council/sessions')) as SigningState).session!.round!.number === second.number) {
      expectAccepted(await h.do('council.sign', { step: 'tick', epoch: 1 }, ['Mill']))
      ticks++
    }
    expect(ticks).toBeLessThanOrEqual(48)
    const third = ((await view(h, 'council/sessions')) as SigningState).session!.round!
    expect(third.number).toBe(second.number + 1)
    await answer(shares, 1)
    const checkpoint = (await checkpointAt(length))!
    expect(checkpoint.bad).toEqual([h.c(cheat).id])
    expect(checkpoint.signers).not.toContain(h.c(cheat).id)
    expect(checkpoint.signers).not.toContain(h.c(quiet).id)
    expect(verifyCheckpoint(checkpoint.note, network, groupKeyOf((await signing()).key)).ok).toBe(true)
  })

  it('leaves a silent member out of the DKG and makes the key among the others', async () => {
    await elect(names, 3)
    await makeKey(['Dairy'])
    while ((await dkg()).attempt === 0) expectAccepted(await h.do('council.dkg', { step: 'tick', epoch: 1, attempt: 0 }, ['Mill']))
    const state = await dkg()
    expect(state.attempt).toBe(1)
    expect(state.excluded).toEqual([expect.objectContaining({ id: h.c('Dairy').id, code: 'DKG_SILENT' })])
    await makeKey()
    expect((await signing()).members).toEqual(['Mill', 'Bakery', 'Shop', 'Farm'].map((n) => h.c(n).id).sort())
  })

  it('hands over to a re-elected council with a statement the old key signs', async () => {
    await elect(names, 3)
    const old = await makeKey()
    const first = await signing()
    await publish(old, 1)
    await elect(['Bakery', 'Shop', 'Farm'], 2, ['Bakery', 'Shop', 'Farm'])
    const fresh = await makeKey()
    expect((await view(h, 'council/next')).epoch).toBe(2)
    expect((await signing()).epoch).toBe(1)
    await answer(old, 1)
    const next = await signing()
    expect(next).toMatchObject({ epoch: 2, threshold: 2 })
    const handOver = (await view(h, 'council/handover/000000000002')) as { note: string }
    expect(followChain(network, { epoch: 1, key: groupKeyOf(first.key) }, [handOver.note]).ok).toBe(true)
    await publish(fresh, 2)
    const length = await due()
    expectAccepted(await open('Farm', 2))
    await answer(fresh, 2)
    const checkpoint = (await checkpointAt(length))!
    expect(checkpoint.epoch).toBe(2)
    expect(verifyCheckpointFrom(checkpoint.note, network, { epoch: 1, key: groupKeyOf(first.key) }, [handOver.note]).ok).toBe(true)
    expect(verifyCheckpoint(checkpoint.note, network, groupKeyOf(first.key)).ok).toBe(false)
  })
})
