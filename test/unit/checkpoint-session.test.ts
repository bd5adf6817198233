// The signing session (core/checkpoint/session.ts) driven like `apply` drives it: members
// publish commitments, the view opens a session, shares arrive in log order, the log position
// is the clock. Real FROST throughout (a 3-of-5 council from a real DKG).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  commit,
  groupKeyOf,
  signShare,
  verifySignature,
  type KeyShare,
  type Nonces
} from '../../core/checkpoint/frost.ts'
import {
  advance,
  emptySigning,
  openSession,
  publishCommitments,
  roundConfirmed,
  roundDigest,
  submitShare,
  taskOf,
  type Council,
  type ShareOutcome,
  type SigningState
} from '../../core/checkpoint/session.ts'
import { runDkg } from './checkpoint-helpers.ts'

const { keys } = runDkg(3, 5)
const council: Council = {
  epoch: 1,
  members: keys.map((_, i) =>
    String(i + 1)
      .padStart(2, '0')
      .repeat(32)
  ),
  key: {
    threshold: 3,
    size: 5,
    commitment: keys[0]!.commitment,
    verifyingShares: keys[0]!.verifyingShares
  }
}
const options = { stallAfter: 4 }
const MESSAGE = 'stachanov.network/abab\n100\nAAAA\n'

/** The log as apply sees it, with the members' nodes around it (their nonces in memory). */
class Log {
  state: SigningState = emptySigning(1, 5)
  position = 0
  nonces = new Map<string, Nonces>()
  /** Every round ever started: its number and its commitments' hiding points. */
  rounds: Array<{ number: number; members: number[]; hidings: string[] }> = []
  /** The round in which each member was named bad. */
  namedIn = new Map<number, number>()

  private step(next: SigningState) {
    // apply runs `advance` after each entry, at that entry's position
    this.state = advance(next, council, this.position, options)
    this.position++
    const round = this.state.session?.round
    if (round && !this.rounds.some((r) => r.number === round.number)) {
      this.rounds.push({
        number: round.number,
        members: round.commitments.map((c) => c.index),
        hidings: round.commitments.map((c) => c.hiding)
      })
    }
  }

  publish(member: number, count = 2, replace = false) {
    const made = Array.from({ length: count }, () => commit(keys[member - 1]!))
    for (const m of made) this.nonces.set(m.commitment.hiding, m.nonces)
    const r = publishCommitments(
      this.state,
      council,
      { member, commitments: made.map((m) => m.commitment), ...(replace ? { replace } : {}) },
      this.position,
      options
    )
    if (!r.ok) throw new Error(r.reason)
    this.step(r.value)
  }

  open(message = MESSAGE) {
    const r = openSession(this.state, council, message, this.position, options)
    if (!r.ok) throw new Error(r.reason)
    this.step(r.value)
  }

  /** The member's node signs its task, honestly or with another member's key. */
  answer(member: number, honest = true): ShareOutcome | null {
    const task = taskOf(this.state, member)
    if (!task) return null
    const nonces = this.nonces.get(task.mine.hiding)!
    this.nonces.delete(task.mine.hiding) // never on disk, never twice
    const signer: KeyShare = honest ? keys[member - 1]! : { ...keys[member % 5]!, index: member }
    const share = signShare(signer, nonces, task.commitments, Buffer.from(task.message))
    const r = submitShare(
      this.state,
      council,
      { member, session: task.session, round: task.round, share },
      this.position,
      options
    )
    if (!r.ok) throw new Error(`${r.code}: ${r.reason}`)
    this.step(r.value.state)
    if (r.value.outcome.kind === 'bad') this.namedIn.set(member, task.round)
    return r.value.outcome
  }

  idle(entries: number) {
    for (let i = 0; i < entries; i++) this.step(this.state)
  }

  members = () => this.state.session?.round?.commitments.map((c) => c.index) ?? []
}

const verifies = (log: Log) =>
  verifySignature(
    groupKeyOf(keys[0]!),
    Buffer.from(log.state.session!.message),
    log.state.session!.signature!
  )

describe('signing session', () => {
  it('t good shares aggregate into a signature that verifies under the group key', () => {
    const log = new Log()
    for (const m of [1, 2, 3, 4, 5]) log.publish(m)
    log.open()
    expect(log.members()).toEqual([1, 2, 3])
    expect(log.answer(2)).toEqual({ kind: 'accepted' })
    expect(log.answer(1)).toEqual({ kind: 'accepted' })
    expect(log.answer(3)).toMatchObject({ kind: 'signed' })
    expect(verifies(log)).toBe(true)
    // the three used commitments are gone; members 4 and 5 keep theirs
    expect(log.state.pool.map((p) => p.length)).toEqual([1, 1, 1, 2, 2])
    expect(taskOf(log.state, 4)).toBeNull()
  })

  it('waits for commitments, then starts', () => {
    const log = new Log()
    log.publish(4)
    log.open()
    expect(log.state.session!.round).toBeNull()
    log.publish(2)
    log.idle(10)
    expect(log.state.session!.round).toBeNull()
    log.publish(5)
    expect(log.members()).toEqual([2, 4, 5])
  })

  it('names a bad share, and a new round completes without that member', () => {
    const log = new Log()
    for (const m of [1, 2, 3, 4, 5]) log.publish(m)
    log.open()
    log.answer(1)
    expect(log.answer(2, false)).toMatchObject({
      kind: 'bad',
      member: 2,
      code: 'SIGNING_BAD_SHARE'
    })
    expect(log.state.session!.bad).toEqual([2])
    expect(log.state.session!.round!.number).toBe(2)
    expect(log.members()).not.toContain(2)
    for (const m of log.members()) log.answer(m)
    expect(log.state.session!.signature).not.toBeNull()
    expect(verifies(log)).toBe(true)
  })

  it('restarts without two members that never answer, and completes', () => {
    const log = new Log()
    for (const m of [1, 2, 3, 4, 5]) log.publish(m)
    log.open()
    expect(log.members()).toEqual([1, 2, 3])
    log.answer(1) // 2 and 3 are offline
    log.idle(options.stallAfter - 2)
    expect(log.state.session!.round!.number).toBe(1)
    log.idle(1)
    expect(log.state.session!.round!.number).toBe(2)
    expect(log.state.session!.silence).toEqual([0, 1, 1, 0, 0])
    expect(log.members()).toEqual([1, 4, 5])
    for (const m of [5, 4, 1]) log.answer(m)
    expect(verifies(log)).toBe(true)
  })

  it('asks a member silent in the last session last in the next one, until it answers again', () => {
    const log = new Log()
    for (const m of [1, 2, 3, 4, 5]) log.publish(m, 6)
    log.open()
    log.answer(1) // 2 and 3 are offline
    log.idle(options.stallAfter - 1)
    expect(log.members()).toEqual([1, 4, 5])
    for (const m of [1, 4, 5]) log.answer(m)
    expect(log.state.session!.signature).not.toBeNull()
    // The next checkpoint: 2 and 3 still have the oldest commitments, but were silent.
    log.open('the next checkpoint\n')
    expect(log.members()).toEqual([1, 4, 5])
    for (const m of [1, 4, 5]) log.answer(m)
    // Member 4 goes silent, 2 is back: it is asked, answers, and counts as any other again.
    log.open('a third checkpoint\n')
    expect(log.members()).toEqual([1, 4, 5])
    log.answer(1)
    log.answer(5)
    log.idle(options.stallAfter - 2)
    expect(log.members()).toEqual([1, 2, 5])
    for (const m of [1, 2, 5]) expect(log.answer(m)).not.toBeNull()
    expect(verifies(log)).toBe(true)
    expect(log.state.session!.silence).toEqual([0, 0, 1, 1, 0])
  })

  it('replaces the unused commitments of a member that lost their nonces; they are never used', () => {
    const log = new Log()
    for (const [m, count] of [
      [1, 3],
      [2, 2],
      [3, 1],
      [4, 1],
      [5, 1]
    ] as const)
      log.publish(m, count)
    const lost = log.state.pool[0]!.map((c) => c.hiding)
    // Member 1 restarts: its nonces are gone; it publishes two new commitments in their place.
    log.publish(1, 2, true)
    expect(log.state.pool.map((p) => p.length)).toEqual([2, 2, 1, 1, 1])
    expect(log.state.pool[0]!.some((c) => lost.includes(c.hiding))).toBe(false)
    expect(log.state.seen).toEqual(expect.arrayContaining(lost))
    // Two checkpoints: member 1 signs the second with a new commitment, never with a lost one.
    const used: string[] = []
    for (const [n, members] of [
      [1, [2, 3, 4]],
      [2, [1, 2, 5]]
    ] as const) {
      log.open(`checkpoint ${n}\n`)
      expect(log.members()).toEqual(members)
      used.push(...log.state.session!.round!.commitments.map((c) => c.hiding))
      for (const m of members) log.answer(m)
      expect(verifies(log)).toBe(true)
    }
    expect(used.some((h) => lost.includes(h))).toBe(false)
    const again = publishCommitments(
      log.state,
      council,
      { member: 1, commitments: [{ hiding: lost[0]!, binding: lost[1]! }], replace: true },
      99,
      options
    )
    expect(again).toMatchObject({ code: 'COMMITMENT_REUSED' })
  })

  it('refuses what does not belong in the session, changing nothing', () => {
    const log = new Log()
    for (const m of [1, 2, 3, 4, 5]) log.publish(m)
    log.open()
    const at = log.state
    const before = JSON.stringify(at)
    const share = '00'.repeat(32)
    const submit = (entry: { member: number; session: number; round: number; share: string }) =>
      submitShare(at, council, entry, 99, options)
    expect(submit({ member: 1, session: 2, round: 1, share })).toMatchObject({
      code: 'SIGNING_WRONG_SESSION'
    })
    expect(submit({ member: 1, session: 1, round: 2, share })).toMatchObject({
      code: 'SIGNING_STALE_ROUND'
    })
    expect(submit({ member: 4, session: 1, round: 1, share })).toMatchObject({
      code: 'SIGNING_NOT_IN_ROUND'
    })
    expect(submit({ member: 1, session: 1, round: 1, share: 'xyz' })).toMatchObject({
      code: 'SHARE_MALFORMED'
    })
    expect(openSession(at, council, 'another\n', 99, options)).toMatchObject({
      code: 'SESSION_BUSY'
    })
    log.answer(1)
    expect(
      submitShare(log.state, council, { member: 1, session: 1, round: 1, share }, 99, options)
    ).toMatchObject({ code: 'SIGNING_DUPLICATE' })
    const used = at.pool[0]![0]!
    const publish = (member: number, commitments: Array<{ hiding: string; binding: string }>) =>
      publishCommitments(at, council, { member, commitments }, 99, options)
    const fresh = commit(keys[0]!).commitment
    expect(publish(1, [{ hiding: used.hiding, binding: fresh.binding }])).toMatchObject({
      code: 'COMMITMENT_REUSED'
    })
    expect(publish(1, [fresh, fresh])).toMatchObject({ code: 'COMMITMENT_REUSED' })
    expect(publish(6, [fresh])).toMatchObject({ code: 'SIGNING_NOT_MEMBER' })
    expect(publish(1, [])).toMatchObject({ code: 'COMMITMENT_MALFORMED' })
    expect(publish(1, [null as never])).toMatchObject({ code: 'COMMITMENT_MALFORMED' })
    expect(publish(1, [{ hiding: fresh.hiding, binding: 'ff'.repeat(32) }])).toMatchObject({
      code: 'COMMITMENT_MALFORMED'
    })
    // the refused calls changed nothing (the state is plain data: compare it whole)
    expect(JSON.stringify(at)).toBe(before)
  })

  it('never uses a commitment twice and never lets a bad member back in, whatever the arrival order', () => {
    // Each step: a member publishes, answers (honestly or not), or nothing happens for a while.
    const step = fc.oneof(
      fc.record({ kind: fc.constant('publish' as const), member: fc.integer({ min: 1, max: 5 }) }),
      fc.record({
        kind: fc.constant('answer' as const),
        member: fc.integer({ min: 1, max: 5 }),
        honest: fc.boolean()
      }),
      fc.record({ kind: fc.constant('idle' as const), entries: fc.integer({ min: 1, max: 5 }) })
    )
    fc.assert(
      fc.property(fc.array(step, { minLength: 5, maxLength: 25 }), (steps) => {
        const log = new Log()
        for (const m of [1, 2, 3, 4, 5]) log.publish(m, 1)
        log.open()
        for (const s of steps) {
          if (log.state.session!.signature) break
          if (s.kind === 'publish' && log.state.pool[s.member - 1]!.length < 4)
            log.publish(s.member, 1)
          if (s.kind === 'answer') log.answer(s.member, s.honest)
          if (s.kind === 'idle') log.idle(s.entries)
        }
        const hidings = log.rounds.flatMap((r) => r.hidings)
        expect(new Set(hidings).size).toBe(hidings.length)
        expect([...log.namedIn.keys()].sort()).toEqual(log.state.session!.bad)
        for (const r of log.rounds) {
          expect(r.members).toHaveLength(3)
          for (const m of r.members) expect(r.number <= (log.namedIn.get(m) ?? Infinity)).toBe(true)
        }
        if (log.state.session!.signature) expect(verifies(log)).toBe(true)
      }),
      { numRuns: 12 }
    )
  })
})

describe('a share for a round that a reorder changed', () => {
  // A member's node signs a round as soon as its view has it. Two concurrent `open`s with
  // different view lines: the member's node saw A's first, the log settles on B's.
  const OTHER = 'stachanov.network/abab\n100\nBBBB\n'
  const twoOrders = () => {
    const seenFirst = new Log()
    const settled = new Log()
    for (const m of [1, 2, 3, 4, 5]) seenFirst.publish(m)
    settled.state = seenFirst.state
    settled.position = seenFirst.position
    settled.nonces = seenFirst.nonces // one member's memory, whichever order its node saw
    seenFirst.open(MESSAGE)
    settled.open(OTHER)
    const task = taskOf(seenFirst.state, 1)!
    const nonces = seenFirst.nonces.get(task.mine.hiding)!
    seenFirst.nonces.delete(task.mine.hiding)
    const share = signShare(keys[0]!, nonces, task.commitments, Buffer.from(task.message))
    return { settled, task, share }
  }

  it('is refused as stale, and the member is not named', () => {
    const { settled, task, share } = twoOrders()
    const before = settled.state
    const r = submitShare(
      settled.state,
      council,
      {
        member: 1,
        session: 1,
        round: 1,
        share,
        answers: roundDigest(task.message, task.commitments)
      },
      settled.position,
      options
    )
    expect(r).toMatchObject({ ok: false, code: 'SIGNING_STALE_ROUND' })
    expect(settled.state).toBe(before)
    expect(settled.state.session!.bad).toEqual([])
    // The member's nonce is spent: the round stalls, a new one completes without it.
    settled.answer(2)
    settled.answer(3)
    while (settled.state.session!.rounds === 1) settled.idle(1)
    expect(settled.members()).not.toContain(1)
    for (const m of settled.members()) settled.answer(m)
    expect(verifies(settled)).toBe(true)
    expect(settled.namedIn.size).toBe(0)
  })

  it('without the round it answers, the same honest share would be named bad', () => {
    const { settled, share } = twoOrders()
    const r = submitShare(
      settled.state,
      council,
      { member: 1, session: 1, round: 1, share },
      settled.position,
      options
    )
    expect(r).toMatchObject({ ok: true, value: { outcome: { kind: 'bad', member: 1 } } })
  })

  it('names the round it answers: the settled round accepts a share that names it', () => {
    const log = new Log()
    for (const m of [1, 2, 3, 4, 5]) log.publish(m)
    log.open()
    const task = taskOf(log.state, 2)!
    const nonces = log.nonces.get(task.mine.hiding)!
    const share = signShare(keys[1]!, nonces, task.commitments, Buffer.from(task.message))
    const r = submitShare(
      log.state,
      council,
      {
        member: 2,
        session: 1,
        round: 1,
        share,
        answers: roundDigest(task.message, task.commitments)
      },
      log.position,
      options
    )
    expect(r).toMatchObject({ ok: true, value: { outcome: { kind: 'accepted' } } })
  })
})

describe('ticks and confirmation', () => {
  /**
   * Five members on a log whose entries reach the members' confirmed part `lag` time steps
   * late. Each step, members whose confirmed part shows their round answer it; then each
   * member ticks, always (the old agent) or only once the round is confirmed on its node.
   */
  const run = (tickWhileWaiting: boolean) => {
    const log = new Log()
    for (const m of [1, 2, 3, 4, 5]) log.publish(m, 4)
    log.open()
    const history: SigningState[] = []
    const lag = 3
    for (let time = 0; time < 40 && !log.state.session!.signature; time++) {
      history.push(log.state)
      const confirmed = history[time - lag]
      const current = log.state.session!.round
      for (const m of [1, 2, 3, 4, 5]) {
        const task = confirmed ? taskOf(confirmed, m) : null
        if (task && current && task.round === current.number && !log.state.session!.signature)
          log.answer(m)
      }
      // Each of the five members' nodes, one tick each at most.
      for (let tick = 0; tick < 5; tick++) {
        if (log.state.session!.signature) break
        if (tickWhileWaiting || roundConfirmed(log.state, confirmed)) log.idle(1)
      }
    }
    return log
  }

  it('a round whose start is slow to confirm completes when members tick only once it is confirmed', () => {
    const patient = run(false)
    expect(patient.state.session!.signature).not.toBeNull()
    expect(verifies(patient)).toBe(true)
    expect(patient.rounds).toHaveLength(1)
    // Ticking while waiting: every round stalls before any member could answer it.
    const eager = run(true)
    expect(eager.state.session!.signature).toBeNull()
    expect(eager.rounds.length).toBeGreaterThan(3)
  })
})
