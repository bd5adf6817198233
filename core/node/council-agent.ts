// A council member's agent (docs/protocol.md §14.2, §14.3): watches the view and writes the
// member's council entries. It runs FROST's DKG with the log as the channel, keeps the
// signing share on disk (0600, like the identity), publishes nonce commitments ahead and signs
// checkpoints and hand-overs.
//
// Secrets that must never be reused stay in memory only: the DKG polynomial (a member that
// restarts mid-DKG falls silent and is excluded from that epoch's council) and the signing
// nonces (each deleted before its share is sent; after a restart the commitments published
// before are never answered, so their rounds stall and the session goes on with others).
// A checkpoint's round is signed as soon as the node's view has it, but only a message fixed by
// the confirmed (signed) part of the view (`messageHolds`); each nonce is deleted before its
// share is sent. So a reorder can never make a member sign two histories or use one nonce for
// two messages; it can only make a share answer a round that changed, which `apply` refuses
// as stale by the round digest the share names.
import { join } from 'node:path'
import { boxFor, contextOf, indexOf, type DkgState } from '../checkpoint/dkg.ts'
import {
  commit,
  dkgFinish,
  dkgRound1,
  dkgRound2,
  groupKeyOf,
  signShare,
  type DkgSecret,
  type KeyShare,
  type Nonces,
  type Round2Share
} from '../checkpoint/frost.ts'
import { formatCheckpoint, parseCheckpoint } from '../checkpoint/checkpoint.ts'
import { openShare, sealShare } from '../checkpoint/seal.ts'
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
import { readSecretJson, writeSecretJson } from '../network/keys.ts'
import type { Body } from '../protocol/types.ts'
import type { CollectiveNode } from './collective-node.ts'

export interface CouncilAgentOptions {
  /** Wait this long without progress before writing a tick, so the silent time out (ms). */
  tickAfterMs?: number
  /** How often to look at the view even without an update (ms). */
  pollMs?: number
  /** Commitments to keep published ahead. */
  ahead?: number
  /** After the due length is confirmed, each next member in turn waits this much longer before opening (ms). */
  openStaggerMs?: number
  /** Test hook: send signature shares that do not verify. */
  badShares?: boolean
}

interface DkgMemory {
  secret: DkgSecret
  sent: Round2Share[]
  complained: Set<string>
  confirmed: boolean
}

const shareFile = (dir: string, epoch: number) => join(dir, `council-share-${epoch}.json`)

export class CouncilAgent {
  private readonly dkg = new Map<string, DkgMemory>()
  private readonly shares = new Map<number, KeyShare>()
  /** Nonces by the hiding commitment's hex: in memory only, deleted when used. */
  private readonly nonces = new Map<string, Nonces>()
  /** Rounds (epoch/session/round) this memory answered or gave up on: each is looked at once. */
  private readonly answered = new Set<string>()
  private readonly warned = new Set<string>()
  /** The due checkpoint (epoch/length) and when this node first saw its length confirmed. */
  private dueSeen = { key: '', at: 0 }
  private running = false
  private again = false
  private closed = false
  private timer: NodeJS.Timeout | null = null
  private lastProgress = { key: '', at: Date.now() }
  private readonly onUpdate = () => void this.kick()

  constructor(
    private readonly node: CollectiveNode,
    private readonly options: CouncilAgentOptions = {}
  ) {}

  start(): void {
    this.node.on('update', this.onUpdate)
    this.timer = setInterval(() => void this.kick(), this.options.pollMs ?? 1000)
    void this.kick()
  }

  /** Test hook: from now on send shares that do not verify (or stop doing so). */
  cheat(on: boolean): void {
    this.options.badShares = on
  }

  async close(): Promise<void> {
    this.closed = true
    this.node.off('update', this.onUpdate)
    if (this.timer) clearInterval(this.timer)
    while (this.running) await new Promise((resolve) => setTimeout(resolve, 20))
  }

  /** One pass at a time; an update during a pass asks for another. */
  private async kick(): Promise<void> {
    if (this.closed || !this.node.ready) return
    if (this.running) {
      this.again = true
      return
    }
    this.running = true
    try {
      do {
        this.again = false
        await this.pass()
      } while (this.again && !this.closed)
    } catch (error) {
      this.node.emit('warning', error)
    } finally {
      this.running = false
    }
  }

  private get id(): string {
    return this.node.requireIdentity().id
  }

  private async pass(): Promise<void> {
    const store = this.node.store()
    const dkg = (await store.get(keys.councilDkg)) as DkgState | undefined
    if (dkg && dkg.stage !== 'done' && dkg.stage !== 'failed' && indexOf(dkg, this.id) > 0)
      await this.dkgStep(dkg)
    const signing = (await store.get(keys.councilSigning)) as SigningCouncilRecord | undefined
    if (signing && signing.members.includes(this.id)) await this.signingStep(store, signing)
    const next = (await store.get(keys.councilNext)) as SigningCouncilRecord | undefined
    if (next) await this.loadShare(next.epoch)
  }

  private async submit<T extends 'council.dkg' | 'council.sign'>(
    type: T,
    body: Body<T>
  ): Promise<boolean> {
    if (this.closed) return false
    const result = await this.node.submit(type, body)
    if (result.status === 'refused')
      this.node.emit('warning', new Error(`${type} ${body.step}: ${result.code} ${result.reason}`))
    return result.status !== 'refused'
  }

  /** A tick when nothing has moved for a while: the silent time out, measured in entries. */
  private async tickIfStuck(key: string, tick: () => Promise<boolean>): Promise<void> {
    const now = Date.now()
    if (key !== this.lastProgress.key) {
      this.lastProgress = { key, at: now }
      return
    }
    if (now - this.lastProgress.at < (this.options.tickAfterMs ?? 5000)) return
    this.lastProgress = { key, at: now }
    await tick()
  }

  // --- key generation ---

  private async dkgStep(state: DkgState): Promise<void> {
    const me = indexOf(state, this.id)
    const header = { epoch: state.epoch, attempt: state.attempt }
    const slot = `${state.epoch}/${state.attempt}`
    let memory = this.dkg.get(slot)
    const identity = this.node.requireIdentity()
    if (state.stage === 'round1' && !state.round1[me - 1] && !memory) {
      // A package in the log that this memory did not make (a restart) is never finished.
      const { package: pkg, secret } = dkgRound1(me, state.threshold, state.members.length)
      memory = { secret, sent: [], complained: new Set(), confirmed: false }
      this.dkg.set(slot, memory)
      await this.submit('council.dkg', {
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
      await this.submit('council.dkg', { step: 'round2', ...header, boxes })
      return
    }
    if (state.stage === 'confirm') {
      for (const complaint of state.complaints) {
        if (complaint.accused !== me || complaint.settledAt !== null) continue
        const share = memory.sent.find((s) => s.to === complaint.accuser)
        if (share)
          await this.submit('council.dkg', {
            step: 'justification',
            ...header,
            to: state.members[complaint.accuser - 1]!.id,
            share: share.share
          })
      }
      if (!state.confirmed[me - 1] && !memory.confirmed)
        await this.finishDkg(state, me, memory, header)
    }
    await this.tickIfStuck(
      `dkg/${slot}/${state.stage}/${state.confirmed.filter(Boolean).length}/${state.complaints.length}`,
      () => this.submit('council.dkg', { step: 'tick', ...header })
    )
  }

  private async finishDkg(
    state: DkgState,
    me: number,
    memory: DkgMemory,
    header: { epoch: number; attempt: number }
  ): Promise<void> {
    const identity = this.node.requireIdentity()
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
    await writeSecretJson(shareFile(this.node.options.dir, state.epoch), {
      version: 1,
      epoch: state.epoch,
      attempt: state.attempt,
      share: key
    })
    this.shares.set(state.epoch, key)
    memory.confirmed = true
    await this.submit('council.dkg', { step: 'confirm', ...header, key: groupKeyOf(key) })
  }

  private async complain(
    memory: DkgMemory,
    header: { epoch: number; attempt: number },
    against: string
  ): Promise<void> {
    if (memory.complained.has(against)) return
    memory.complained.add(against)
    await this.submit('council.dkg', { step: 'complaint', ...header, against })
  }

  // --- signing ---

  private async loadShare(epoch: number): Promise<KeyShare | null> {
    const known = this.shares.get(epoch)
    if (known) return known
    const stored = (await readSecretJson(shareFile(this.node.options.dir, epoch))) as {
      share?: KeyShare
    } | null
    if (!stored?.share) return null
    this.shares.set(epoch, stored.share)
    return stored.share
  }

  private async signingStep(store: KeyValueStore, signing: SigningCouncilRecord): Promise<void> {
    const share = await this.loadShare(signing.epoch)
    // A share from another attempt of this epoch (we were excluded after confirming) is not ours.
    if (!share || groupKeyOf(share) !== groupKeyOf(signing.key)) return
    const me = signing.members.indexOf(this.id) + 1
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
    const signed = this.node.requireBase().signedReader()
    let confirmedState: SigningState | undefined
    try {
      const confirmed = ((await signed.store.get(keys.seq)) as number | undefined) ?? 0
      const due = (await store.get(councilKeys.due)) as DueCheckpoint | undefined
      const open = state?.session && state.session.signature === null
      if (due && !open && confirmed >= due.length && signed.length > 0) {
        if (!this.turnToOpen(`${signing.epoch}/${due.length}`, state, me, signing.members.length))
          return false
        const hash = (await this.node.requireBase().view.core.treeHash(signed.length)).toString(
          'hex'
        )
        await this.submit('council.sign', {
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
          const answer = this.options.badShares
            ? badShare()
            : signShare(share, nonces, task.commitments, Buffer.from(task.message, 'utf8'))
          await this.submit('council.sign', {
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
          this.node.emit(
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
      await this.tickIfStuck(
        `sign/${signing.epoch}/${session.number}/${session.rounds}/${session.round?.shares.length ?? -1}`,
        () => this.submit('council.sign', { step: 'tick', epoch: signing.epoch })
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
    return now - this.dueSeen.at >= rank * (this.options.openStaggerMs ?? 1500)
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
    const base = this.node.requireBase()
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
    const ahead = this.options.ahead ?? 4
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
    await this.submit('council.sign', {
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
