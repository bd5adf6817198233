// A council played through the ledger, for tests that need checkpoints in the view as the
// network makes them: elected by vote, its key made by real FROST DKG rounds (shares sealed
// to the members' identities), nonces published, and every checkpoint that falls due opened
// and signed by its members' shares (docs/protocol.md §14.2, §14.3).
import { boxFor, contextOf, type DkgState } from '../../core/checkpoint/dkg.ts'
import { commit, dkgFinish, dkgRound1, dkgRound2, groupKeyOf, signShare, type DkgSecret, type KeyShare, type Nonces } from '../../core/checkpoint/frost.ts'
import { openShare, sealShare } from '../../core/checkpoint/seal.ts'
import { taskOf, type SigningState } from '../../core/checkpoint/session.ts'
import type { SigningCouncilRecord } from '../../core/ledger/records.ts'
import type { Body } from '../../core/protocol/types.ts'
import { DAY } from './economy.ts'
import { expectAccepted, type Harness } from './harness.ts'

export interface PlayedCouncil {
  epoch: number
  groupKey: string
  /** Signs the checkpoint that is due, if one is: opens the session and answers it. */
  signDue(): Promise<boolean>
}

const get = async <T>(h: Harness, key: string): Promise<T> => (await h.store.get(key)) as T

/** Elects `members` with `threshold`, makes the key and publishes nonces: the council then signs what falls due. */
export async function playCouncil(h: Harness, members: string[], threshold: number): Promise<PlayedCouncil> {
  const proposal = expectAccepted(
    await h.do('proposal.create', { kind: 'council', payload: { members: members.map((m) => h.c(m).id), threshold: String(threshold) }, closesAt: h.time + DAY } as Body<'proposal.create'>, [members[0]!])
  ).id!
  for (const voter of members) {
    if ((await get<{ status: string }>(h, `proposal/${proposal}`)).status !== 'open') break
    expectAccepted(await h.do('vote.cast', { proposal, choice: 'yes' }, [voter]))
  }
  const byId = (id: string) => members.find((n) => h.c(n).id === id)!
  let state = await get<DkgState>(h, 'council/dkg')
  const header = { epoch: state.epoch, attempt: state.attempt }
  const secrets = new Map<string, DkgSecret>()
  for (const [i, member] of state.members.entries()) {
    const { package: pkg, secret } = dkgRound1(i + 1, state.threshold, state.members.length)
    secrets.set(byId(member.id), secret)
    expectAccepted(await h.do('council.dkg', { step: 'round1', ...header, commitment: pkg.commitment, proof: pkg.proof }, [byId(member.id)]))
  }
  state = await get<DkgState>(h, 'council/dkg')
  for (const [name, secret] of secrets) {
    const boxes = dkgRound2(secret, state.round1.map((p) => p!)).map((s) =>
      sealShare(contextOf(state), s.share, h.c(name).identity.publicKey, Buffer.from(state.members[s.to - 1]!.key, 'hex'))
    )
    expectAccepted(await h.do('council.dkg', { step: 'round2', ...header, boxes }, [name]))
  }
  state = await get<DkgState>(h, 'council/dkg')
  const shares = new Map<string, KeyShare>()
  for (const [name, secret] of secrets) {
    const me = secret.index
    const received = state.members
      .map((sender, i) => ({ from: i + 1, sender }))
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
  const signing = await get<SigningCouncilRecord>(h, 'council/signing')
  const epoch = signing.epoch
  const nonces = new Map<string, Nonces>()
  const publish = async () => {
    for (const [name, share] of shares) {
      const made = Array.from({ length: 2 }, () => commit(share))
      for (const m of made) nonces.set(m.commitment.hiding, m.nonces)
      expectAccepted(await h.do('council.sign', { step: 'commitments', epoch, commitments: made.map((m) => ({ hiding: m.commitment.hiding, binding: m.commitment.binding })) }, [name]))
    }
  }
  await publish()
  return {
    epoch,
    groupKey: groupKeyOf(signing.key),
    async signDue() {
      if ((await h.store.get('council/due')) === undefined) return false
      expectAccepted(await h.do('council.sign', { step: 'open', epoch, view: { length: 1, hash: 'ab'.repeat(32) } }, [members[0]!]))
      for (const [i, id] of signing.members.entries()) {
        const task = taskOf(await get<SigningState>(h, 'council/sessions'), i + 1)
        if (!task) continue
        const mine = nonces.get(task.mine.hiding)!
        nonces.delete(task.mine.hiding)
        const share = signShare(shares.get(byId(id))!, mine, task.commitments, Buffer.from(task.message))
        expectAccepted(await h.do('council.sign', { step: 'share', epoch, session: task.session, round: task.round, share }, [byId(id)]))
      }
      await publish()
      return true
    }
  }
}
