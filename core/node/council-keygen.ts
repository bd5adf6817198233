// The key-generation half of a council member's agent (docs/protocol.md §14.2): runs FROST's DKG
// with the log as the channel and keeps the resulting signing share on disk (0600, like the
// identity). The DKG polynomial stays in memory only: a member that restarts mid-DKG falls
// silent and is excluded from that epoch's council.
import { join } from 'node:path'
import { boxFor, contextOf, indexOf, type DkgState } from '../checkpoint/dkg.ts'
import {
  dkgFinish,
  dkgRound1,
  dkgRound2,
  groupKeyOf,
  type DkgSecret,
  type KeyShare,
  type Round2Share
} from '../checkpoint/frost.ts'
import { openShare, sealShare } from '../checkpoint/seal.ts'
import { readSecretJson, writeSecretJson } from '../network/keys.ts'
import type { AgentCore } from './council-agent.ts'

interface DkgMemory {
  secret: DkgSecret
  sent: Round2Share[]
  complained: Set<string>
  confirmed: boolean
}

const shareFile = (dir: string, epoch: number) => join(dir, `council-share-${epoch}.json`)

export class CouncilKeyGen {
  private readonly dkg = new Map<string, DkgMemory>()
  private readonly shares = new Map<number, KeyShare>()

  constructor(private readonly agent: AgentCore) {}

  /** Whether this member takes part in the DKG the view shows: one under way that names it. */
  static takesPart(state: DkgState | undefined, id: string): state is DkgState {
    return !!state && state.stage !== 'done' && state.stage !== 'failed' && indexOf(state, id) > 0
  }

  async step(state: DkgState): Promise<void> {
    const me = indexOf(state, this.agent.id)
    const header = { epoch: state.epoch, attempt: state.attempt }
    const slot = `${state.epoch}/${state.attempt}`
    let memory = this.dkg.get(slot)
    const identity = this.agent.node.requireIdentity()
    if (state.stage === 'round1' && !state.round1[me - 1] && !memory) {
      // A package in the log that this memory did not make (a restart) is never finished.
      const { package: pkg, secret } = dkgRound1(me, state.threshold, state.members.length)
      memory = { secret, sent: [], complained: new Set(), confirmed: false }
      this.dkg.set(slot, memory)
      await this.agent.submit('council.dkg', {
        step: 'round1',
        ...header,
        commitment: pkg.commitment,
        proof: pkg.proof
      })
      return
    }
    if (!memory) return
    if (state.stage === 'round2' && !state.round2[me - 1]) {
      const shares = dkgRound2(
        memory.secret,
        state.round1.map((p) => p!)
      )
      memory.sent = shares
      const context = contextOf(state)
      const boxes = shares.map((s) =>
        sealShare(
          context,
          s.share,
          identity.keyPair.publicKey,
          Buffer.from(state.members[s.to - 1]!.key, 'hex')
        )
      )
      await this.agent.submit('council.dkg', { step: 'round2', ...header, boxes })
      return
    }
    if (state.stage === 'confirm') {
      for (const complaint of state.complaints) {
        if (complaint.accused !== me || complaint.settledAt !== null) continue
        const share = memory.sent.find((s) => s.to === complaint.accuser)
        if (share)
          await this.agent.submit('council.dkg', {
            step: 'justification',
            ...header,
            to: state.members[complaint.accuser - 1]!.id,
            share: share.share
          })
      }
      if (!state.confirmed[me - 1] && !memory.confirmed)
        await this.finishDkg(state, me, memory, header)
    }
    await this.agent.tickIfStuck(
      `dkg/${slot}/${state.stage}/${state.confirmed.filter(Boolean).length}/${state.complaints.length}`,
      () => this.agent.submit('council.dkg', { step: 'tick', ...header })
    )
  }

  private async finishDkg(
    state: DkgState,
    me: number,
    memory: DkgMemory,
    header: { epoch: number; attempt: number }
  ): Promise<void> {
    const identity = this.agent.node.requireIdentity()
    const context = contextOf(state)
    const received: Round2Share[] = []
    for (let from = 1; from <= state.members.length; from++) {
      if (from === me) continue
      const revealed = state.revealed.find((r) => r.from === from && r.to === me)
      if (revealed) {
        received.push({ from, to: me, share: revealed.share })
        continue
      }
      const sender = state.members[from - 1]!
      const opened = openShare(
        context,
        boxFor(state, from, me)!,
        Buffer.from(sender.key, 'hex'),
        identity.keyPair
      )
      if (!opened.ok) return this.complain(memory, header, sender.id)
      received.push({ from, to: me, share: opened.value })
    }
    // Waiting for an answer to one of our complaints.
    if (state.complaints.some((c) => c.accuser === me && c.settledAt === null)) return
    let key: KeyShare
    try {
      key = dkgFinish(
        memory.secret,
        state.round1.map((p) => p!),
        received
      )
    } catch (error) {
      const bad = /member (\d+)/.exec((error as Error).message)
      if (bad) return this.complain(memory, header, state.members[Number(bad[1]) - 1]!.id)
      throw error
    }
    await writeSecretJson(shareFile(this.agent.node.options.dir, state.epoch), {
      version: 1,
      epoch: state.epoch,
      attempt: state.attempt,
      share: key
    })
    this.shares.set(state.epoch, key)
    memory.confirmed = true
    await this.agent.submit('council.dkg', { step: 'confirm', ...header, key: groupKeyOf(key) })
  }

  private async complain(
    memory: DkgMemory,
    header: { epoch: number; attempt: number },
    against: string
  ): Promise<void> {
    if (memory.complained.has(against)) return
    memory.complained.add(against)
    await this.agent.submit('council.dkg', { step: 'complaint', ...header, against })
  }

  /** The signing share of an epoch this member holds (memory, else its file), or null. */
  async loadShare(epoch: number): Promise<KeyShare | null> {
    const known = this.shares.get(epoch)
    if (known) return known
    const stored = (await readSecretJson(shareFile(this.agent.node.options.dir, epoch))) as {
      share?: KeyShare
    } | null
    if (!stored?.share) return null
    this.shares.set(epoch, stored.share)
    return stored.share
  }
}
