// The signing half of a council member's agent (docs/protocol.md §14.3): publishes nonce
// commitments ahead, opens the due checkpoint in turn and answers rounds of checkpoints and
// hand-overs.
//
// The signing nonces stay in memory only, each deleted before its share is sent; after a
// restart the commitments published before are never answered, so their rounds stall and the
// session goes on with others. A checkpoint's round is signed as soon as the node's view has
// it, but only a message fixed by the confirmed (signed) part of the view (`messageHolds`). So
// a reorder can never make a member sign two histories or use one nonce for two messages; it
// can only make a share answer a round that changed, which `apply` refuses as stale by the
// round digest the share names.
import { commit, groupKeyOf, signShare, type KeyShare, type Nonces } from '../checkpoint/frost.ts'
import { formatCheckpoint, parseCheckpoint } from '../checkpoint/checkpoint.ts'
import {
  MAX_POOL,
  roundConfirmed,
  roundDigest,
  taskOf,
  type SigningState
} from '../checkpoint/session.ts'
import { councilKeys, type DueCheckpoint } from '../ledger/council-signing.ts'
import { keys } from '../ledger/keys.ts'
import type { SigningCouncilRecord } from '../ledger/records.ts'
import type { KeyValueStore } from '../ledger/store.ts'
import type { AgentCore } from './council-agent.ts'
import type { CouncilKeyGen } from './council-keygen.ts'

export class CouncilSigner {
  /** Nonces by the hiding commitment's hex: in memory only, deleted when used. */
  private readonly nonces = new Map<string, Nonces>()
  /** Rounds (epoch/session/round) this memory answered or gave up on: each is looked at once. */
  private readonly answered = new Set<string>()
  private readonly warned = new Set<string>()
  /** The due checkpoint (epoch/length) and when this node first saw its length confirmed. */
  private dueSeen = { key: '', at: 0 }

  constructor(
    private readonly agent: AgentCore,
    private readonly keyGen: CouncilKeyGen
  ) {}

  async step(store: KeyValueStore, signing: SigningCouncilRecord): Promise<void> {
    const share = await this.keyGen.loadShare(signing.epoch)
    // A share from another attempt of this epoch (we were excluded after confirming) is not ours.
    if (!share || groupKeyOf(share) !== groupKeyOf(signing.key)) return
    const me = signing.members.indexOf(this.agent.id) + 1
    const state = (await store.get(councilKeys.signing)) as SigningState | undefined
    // An `open` or a share first, new commitments after (the next pass): each entry waits for
    // its outcome, and a share waiting behind a commitments entry delays the checkpoint.
    if (await this.openOrAnswer(store, share, signing, state, me)) return
    await this.publishAhead(share, signing, state, me)
  }

  /** Opens the due checkpoint or answers a round; true if it wrote one of them. */
  private async openOrAnswer(
    store: KeyValueStore,
    share: KeyShare,
    signing: SigningCouncilRecord,
    state: SigningState | undefined,
    me: number
  ): Promise<boolean> {
    const signed = this.agent.node.requireBase().signedReader()
    let confirmedState: SigningState | undefined
    try {
      const confirmed = ((await signed.store.get(keys.seq)) as number | undefined) ?? 0
      const due = (await store.get(councilKeys.due)) as DueCheckpoint | undefined
      const open = state?.session && state.session.signature === null
      if (due && !open && confirmed >= due.length && signed.length > 0) {
        if (!this.turnToOpen(`${signing.epoch}/${due.length}`, state, me, signing.members.length))
          return false
        const hash = (
          await this.agent.node.requireBase().view.core.treeHash(signed.length)
        ).toString('hex')
        await this.agent.submit('council.sign', {
          step: 'open',
          epoch: signing.epoch,
          view: { length: signed.length, hash }
        })
        return true
      }
      confirmedState = (await signed.store.get(councilKeys.signing)) as SigningState | undefined
      // A checkpoint's round is answered as soon as this node's view has it: its message is
      // checked against the confirmed part (`messageHolds`), and a share names the round it
      // answers, so a reorder can neither make this member sign another history nor get it
      // named for a share of a round that changed (docs/protocol.md §14.3). A hand-over's round
      // (its message is the view's, not checked here) waits until its start is confirmed.
      const seen = state && state.epoch === signing.epoch ? taskOf(state, me) : null
      const settled =
        confirmedState && confirmedState.epoch === signing.epoch ? taskOf(confirmedState, me) : null
      const task =
        seen && parseCheckpoint(seen.message).ok
          ? seen
          : settled && confirmedState!.session!.round!.startedAt < confirmed
            ? settled
            : null
      // Each commitment of this member is looked at once per round it is asked in.
      const round = task ? `${signing.epoch}/${task.session}/${task.round}/${task.mine.hiding}` : ''
      if (task && !this.answered.has(round)) {
        const nonces = this.nonces.get(task.mine.hiding)
        const holds = nonces
          ? await this.messageHolds(task.message, signing.epoch, signed)
          : 'no nonces for this commitment'
        if (holds === 'yes' && nonces) {
          this.answered.add(round)
          this.nonces.delete(task.mine.hiding)
          const answer = this.agent.options.badShares
            ? badShare()
            : signShare(share, nonces, task.commitments, Buffer.from(task.message, 'utf8'))
          await this.agent.submit('council.sign', {
            step: 'share',
            epoch: signing.epoch,
            session: task.session,
            round: task.round,
            share: answer,
            answers: roundDigest(task.message, task.commitments)
          })
          return true
        }
        // Without nonces this round can never be answered; a view that is behind may catch up.
        if (!nonces) this.answered.add(round)
        if (holds !== 'not confirmed here yet' && !this.warned.has(round)) {
          this.warned.add(round)
          this.agent.node.emit(
            'warning',
            new Error(
              `council: round ${task.round} of session ${task.session} not signed (${holds})`
            )
          )
        }
      }
    } finally {
      await signed.close()
    }
    const session = state?.session
    if (session && session.signature === null && state && roundConfirmed(state, confirmedState)) {
      await this.agent.tickIfStuck(
        `sign/${signing.epoch}/${session.number}/${session.rounds}/${session.round?.shares.length ?? -1}`,
        () => this.agent.submit('council.sign', { step: 'tick', epoch: signing.epoch })
      )
    }
    return false
  }

  /**
   * Whether this member opens the due checkpoint now. Every member whose node has confirmed the
   * due length could; if several do at once, the log keeps one `open` and nodes may see
   * another one first until it is confirmed. So one member opens at once (the least silent,
   * turning with the session number) and each next one only `openStaggerMs` later: a quiet
   * first member delays the session, it never blocks it.
   */
  private turnToOpen(
    due: string,
    state: SigningState | undefined,
    me: number,
    size: number
  ): boolean {
    const now = Date.now()
    if (this.dueSeen.key !== due) this.dueSeen = { key: due, at: now }
    const silence = state?.session?.silence ?? []
    const turn = state?.sessions ?? 0
    const order = Array.from({ length: size }, (_, i) => i + 1).sort(
      (a, b) =>
        (silence[a - 1] ?? 0) - (silence[b - 1] ?? 0) ||
        ((a - 1 - turn + size * 64) % size) - ((b - 1 - turn + size * 64) % size)
    )
    const rank = order.indexOf(me)
    return now - this.dueSeen.at >= rank * (this.agent.options.openStaggerMs ?? 1500)
  }

  /**
   * Whether a checkpoint's message is one this member may sign: the view line lies in this
   * node's confirmed part and is its own view there, and the rest is exactly the checkpoint the
   * view had fixed as due at that length. Everything it says is then fixed by the confirmed
   * (final) history, whichever order the log settles on for the entries after it.
   */
  private async messageHolds(
    message: string,
    epoch: number,
    signed: { length: number }
  ): Promise<'yes' | 'not confirmed here yet' | string> {
    const parsed = parseCheckpoint(message)
    // A hand-over's message is the view's own, and its round is answered only once confirmed.
    if (!parsed.ok) return 'yes'
    const c = parsed.value
    if (c.epoch !== epoch) return 'another epoch'
    if (c.view.length > signed.length) return 'not confirmed here yet'
    const base = this.agent.node.requireBase()
    if ((await base.view.core.treeHash(c.view.length)).toString('hex') !== c.view.hash)
      return "the view line is not this node's view"
    const there = base.readerAt(c.view.length)
    try {
      const due = (await there.store.get(councilKeys.due)) as DueCheckpoint | undefined
      const first = (await there.store.get(keys.log(0))) as { writer?: string } | undefined
      if (!due || first?.writer !== c.network) return 'no such checkpoint was due at the view line'
      let expected = ''
      try {
        expected = formatCheckpoint({ network: c.network, epoch, view: c.view, ...due })
      } catch {
        return 'no such checkpoint was due at the view line'
      }
      return expected === message
        ? 'yes'
        : 'the checkpoint differs from the one due at the view line'
    } finally {
      await there.close()
    }
  }

  /** Keeps `ahead` commitments whose nonces this memory holds in the pool. */
  private async publishAhead(
    share: KeyShare,
    signing: SigningCouncilRecord,
    state: SigningState | undefined,
    me: number
  ): Promise<void> {
    const pool = state && state.epoch === signing.epoch ? state.pool[me - 1]! : []
    const held = pool.filter((c) => this.nonces.has(c.hiding)).length
    const ahead = this.agent.options.ahead ?? 4
    const room = MAX_POOL - pool.length
    const count = Math.min(ahead - held, room, 16)
    if (count <= 0 && held === pool.length) return
    // Unused commitments whose nonces this memory does not hold (a restart lost them) are
    // replaced, so that no round waits for an answer that cannot come.
    const replace = held < pool.length
    if (replace) for (const c of pool) this.nonces.delete(c.hiding)
    const made = Array.from({ length: replace ? Math.min(ahead, 16) : count }, () => commit(share))
    for (const m of made) this.nonces.set(m.commitment.hiding, m.nonces)
    const commitments = made.map((m) => ({
      hiding: m.commitment.hiding,
      binding: m.commitment.binding
    }))
    await this.agent.submit('council.sign', {
      step: 'commitments',
      epoch: signing.epoch,
      commitments,
      ...(replace ? { replace: true as const } : {})
    })
  }
}

/** A well-formed share that does not verify (tests of a member that cheats). */
function badShare(): string {
  return '01' + '00'.repeat(31)
}
