// The DKG state machine (core/checkpoint/dkg.ts) driven like `apply` drives it, with members'
// nodes around it doing real FROST and sealing real shares to their identity keys.
import { describe, expect, it } from 'vitest'
import {
  advanceDkg,
  boxFor,
  contextOf,
  indexOf,
  startDkg,
  submitComplaint,
  submitConfirmation,
  submitJustification,
  submitRound1,
  submitRound2,
  type DkgOutcome,
  type DkgState
} from '../../core/checkpoint/dkg.ts'
import {
  dkgFinish,
  dkgRound1,
  dkgRound2,
  groupKeyOf,
  type DkgSecret,
  type KeyShare,
  type Round2Share
} from '../../core/checkpoint/frost.ts'
import { openShare, sealShare } from '../../core/checkpoint/seal.ts'
import { keyPairFromSeed, type KeyPair } from '../../core/protocol/crypto.ts'
import { signWith } from './checkpoint-helpers.ts'

const network = 'ab'.repeat(32)
const options = { stallAfter: 12 }

type Behaviour =
  | 'honest'
  | 'silent'
  | 'bad-proof'
  | 'bad-share-then-fix'
  | 'bad-share-then-lie'
  | 'bad-share-then-silent'

interface Member {
  id: string
  keys: KeyPair
  behaviour: Behaviour
  secret?: DkgSecret
  sent: Round2Share[]
  done: boolean
  key?: KeyShare
}

/** The log and the members' nodes: every node acts on what the view shows it. */
class DkgLog {
  state: DkgState
  position = 0
  members: Member[]
  outcomes: DkgOutcome[] = []

  constructor(threshold: number, behaviours: Behaviour[]) {
    this.members = behaviours.map((behaviour, i) => ({
      id: String(i + 1)
        .padStart(2, '0')
        .repeat(32),
      keys: keyPairFromSeed(Buffer.alloc(32, i + 1)),
      behaviour,
      sent: [],
      done: false
    }))
    const started = startDkg(
      network,
      2,
      threshold,
      this.members.map((m) => ({ id: m.id, key: m.keys.publicKey.toString('hex') })),
      0
    )
    if (!started.ok) throw new Error(started.reason)
    this.state = started.value
  }

  private apply(
    step:
      | { ok: true; value: { state: DkgState; outcome: DkgOutcome } }
      | { ok: false; code: string; reason: string }
  ) {
    if (!step.ok) throw new Error(`${step.code}: ${step.reason}`)
    this.record(step.value)
  }

  private record(r: { state: DkgState; outcome: DkgOutcome }) {
    this.state = r.state
    if (r.outcome.kind !== 'recorded') this.outcomes.push(r.outcome)
    const after = advanceDkg(this.state, this.position, options)
    this.state = after.state
    if (after.outcome.kind !== 'recorded') this.outcomes.push(after.outcome)
    this.position++
  }

  /** One pass over the members in council order: each does what its stage asks of it. */
  pass() {
    const attempt = this.state.attempt
    for (const m of this.members) {
      const s = this.state
      if (s.attempt !== attempt || s.stage === 'done' || s.stage === 'failed') return
      const index = indexOf(s, m.id)
      if (index === 0 || m.behaviour === 'silent') continue
      const header = { epoch: s.epoch, attempt: s.attempt }
      const n = s.members.length
      if (s.stage === 'round1' && !s.round1[index - 1]) {
        const r = dkgRound1(index, s.threshold, n)
        m.secret = r.secret
        m.done = false
        const proof =
          m.behaviour === 'bad-proof'
            ? r.package.proof.replace(/^../, (x) => (x === '00' ? '01' : '00'))
            : r.package.proof
        this.apply(
          submitRound1(
            s,
            m.id,
            { ...header, commitment: r.package.commitment, proof },
            this.position
          )
        )
      } else if (s.stage === 'round2' && !s.round2[index - 1]) {
        m.sent = dkgRound2(m.secret!, s.round1 as never)
        const boxes = m.sent.map((share) => {
          // a cheating sender seals member 1 (or 2) a share that is not f(1)
          const lie = m.behaviour.startsWith('bad-share') && share.to === (index === 1 ? 2 : 1)
          const value = lie ? m.sent.find((x) => x !== share)!.share : share.share
          return sealShare(
            contextOf(s),
            value,
            m.keys.publicKey,
            Buffer.from(s.members[share.to - 1]!.key, 'hex')
          )
        })
        this.apply(submitRound2(s, m.id, { ...header, boxes }, this.position))
      } else if (s.stage === 'confirm') {
        this.confirmStep(m, index)
      }
    }
  }

  private confirmStep(m: Member, index: number) {
    const s = this.state
    const header = { epoch: s.epoch, attempt: s.attempt }
    // answer complaints against us
    for (const c of s.complaints.filter((c) => c.accused === index && c.settledAt === null)) {
      if (m.behaviour === 'bad-share-then-silent') continue
      const honest = m.sent.find((x) => x.to === c.accuser)!.share
      const share =
        m.behaviour === 'bad-share-then-lie'
          ? m.sent.find((x) => x.to !== c.accuser)!.share
          : honest
      this.apply(
        submitJustification(
          this.state,
          m.id,
          { ...header, to: s.members[c.accuser - 1]!.id, share },
          this.position
        )
      )
      if (this.state.attempt !== header.attempt) return
    }
    if (
      m.done ||
      this.state.confirmed[index - 1] ||
      this.state.complaints.some((c) => c.accuser === index && c.settledAt === null)
    )
      return
    const received: Round2Share[] = []
    for (let from = 1; from <= s.members.length; from++) {
      if (from === index) continue
      const revealed = this.state.revealed.find((r) => r.from === from && r.to === index)
      const opened = revealed
        ? { ok: true as const, value: revealed.share }
        : openShare(
            contextOf(s),
            boxFor(s, from, index)!,
            Buffer.from(s.members[from - 1]!.key, 'hex'),
            m.keys
          )
      if (opened.ok) received.push({ from, to: index, share: opened.value })
    }
    try {
      const key = dkgFinish(m.secret!, s.round1 as never, received)
      m.done = true
      m.key = key
      this.apply(
        submitConfirmation(this.state, m.id, { ...header, key: groupKeyOf(key) }, this.position)
      )
    } catch (error) {
      const against = Number(/member (\d+)/.exec((error as Error).message)![1])
      this.apply(
        submitComplaint(
          this.state,
          m.id,
          { ...header, against: s.members[against - 1]!.id },
          this.position
        )
      )
    }
  }

  idle(entries: number) {
    for (let i = 0; i < entries; i++)
      this.record({ state: this.state, outcome: { kind: 'recorded' } })
  }

  run(passes = 12) {
    for (
      let i = 0;
      i < passes && this.state.stage !== 'done' && this.state.stage !== 'failed';
      i++
    ) {
      this.pass()
      this.idle(1)
    }
  }

  /** The excluded members as [their place in the elected council, code]. */
  excludedCodes = () =>
    this.state.excluded.map((e) => [this.members.findIndex((m) => m.id === e.id) + 1, e.code])
}

/** The members who finished hold shares of the completed key: any t of them sign. */
function signsWithFinalKey(log: DkgLog): boolean {
  const keys = log.members.filter((m) => m.key && indexOf(log.state, m.id)).map((m) => m.key!)
  const set = keys.slice(0, log.state.threshold).map((k) => k.index)
  const message = Buffer.from('hand-over\n')
  return /^[0-9a-f]{128}$/.test(signWith(keys, set, message))
}

describe('DKG through the log', () => {
  it.each([
    [2, 3],
    [3, 5]
  ])('a %i-of-%i council completes with sealed shares, and the key signs', (t, n) => {
    const log = new DkgLog(t, Array(n).fill('honest'))
    log.run()
    expect(log.state.stage).toBe('done')
    expect(log.outcomes).toEqual([{ kind: 'complete', key: log.state.key }])
    for (const m of log.members) expect(groupKeyOf(m.key!)).toBe(groupKeyOf(log.state.key!))
    expect(signsWithFinalKey(log)).toBe(true)
  })

  it('names a member whose proof of knowledge fails, and completes without it', () => {
    const log = new DkgLog(2, ['honest', 'bad-proof', 'honest', 'honest'])
    log.run()
    expect(log.excludedCodes()).toEqual([[2, 'DKG_BAD_PROOF']])
    expect(log.state).toMatchObject({ stage: 'done', attempt: 1 })
    expect(log.state.members).toHaveLength(3)
    expect(signsWithFinalKey(log)).toBe(true)
  })

  it('settles a complaint by a revealed share that checks out', () => {
    const log = new DkgLog(2, ['honest', 'bad-share-then-fix', 'honest'])
    log.run()
    expect(log.state.complaints).toMatchObject([{ accuser: 1, accused: 2 }])
    expect(log.state.revealed).toHaveLength(1)
    expect(log.state).toMatchObject({ stage: 'done', attempt: 0, excluded: [] })
    expect(signsWithFinalKey(log)).toBe(true)
  })

  it('excludes a member whose revealed share is wrong, or who does not answer', () => {
    const liar = new DkgLog(2, ['honest', 'bad-share-then-lie', 'honest', 'honest'])
    liar.run()
    expect(liar.excludedCodes()).toEqual([[2, 'DKG_BAD_SHARE']])
    expect(liar.state).toMatchObject({ stage: 'done', attempt: 1 })
    const mute = new DkgLog(2, ['honest', 'bad-share-then-silent', 'honest', 'honest'])
    mute.run(40)
    expect(mute.excludedCodes()).toEqual([[2, 'DKG_UNANSWERED']])
    expect(mute.state.stage).toBe('done')
    expect(signsWithFinalKey(mute)).toBe(true)
  })

  it('restarts without silent members, and fails when fewer than t remain', () => {
    const log = new DkgLog(2, ['honest', 'silent', 'honest'])
    log.run(40)
    expect(log.excludedCodes()).toEqual([[2, 'DKG_SILENT']])
    expect(log.state).toMatchObject({ stage: 'done', attempt: 1 })
    const doomed = new DkgLog(3, ['honest', 'silent', 'silent'])
    doomed.run(40)
    expect(doomed.state.stage).toBe('failed')
    expect(doomed.state.failure).toMatch(/only 1 members remain for a threshold of 3/)
  })

  it('refuses entries that do not fit, changing nothing', () => {
    const log = new DkgLog(2, ['honest', 'honest', 'honest'])
    const s = log.state
    const before = JSON.stringify(s)
    const r1 = dkgRound1(1, 2, 3).package
    const body = { epoch: 2, attempt: 0, commitment: r1.commitment, proof: r1.proof }
    const id = log.members[0]!.id
    expect(submitRound1(s, id, { ...body, epoch: 3 }, 1)).toMatchObject({ code: 'DKG_WRONG_EPOCH' })
    expect(submitRound1(s, id, { ...body, attempt: 1 }, 1)).toMatchObject({
      code: 'DKG_STALE_ATTEMPT'
    })
    expect(submitRound1(s, 'ff'.repeat(32), body, 1)).toMatchObject({ code: 'DKG_NOT_MEMBER' })
    expect(submitRound1(s, id, { ...body, commitment: r1.commitment.slice(1) }, 1)).toMatchObject({
      code: 'DKG_MALFORMED'
    })
    expect(submitRound2(s, id, { epoch: 2, attempt: 0, boxes: [] }, 1)).toMatchObject({
      code: 'DKG_WRONG_STAGE'
    })
    expect(
      submitConfirmation(s, id, { epoch: 2, attempt: 0, key: r1.commitment[0]! }, 1)
    ).toMatchObject({ code: 'DKG_WRONG_STAGE' })
    const once = submitRound1(s, id, body, 1)
    expect(once.ok).toBe(true)
    expect(
      submitRound1((once as { value: { state: DkgState } }).value.state, id, body, 2)
    ).toMatchObject({ code: 'DKG_DUPLICATE' })
    expect(JSON.stringify(s)).toBe(before)
    expect(startDkg(network, 1, 4, [{ id, key: id }], 0)).toMatchObject({
      code: 'DKG_COUNCIL_SHAPE'
    })
    expect(
      startDkg(
        network,
        1,
        2,
        [
          { id, key: id },
          { id, key: id }
        ],
        0
      )
    ).toMatchObject({ code: 'DKG_COUNCIL_SHAPE' })
  })

  it('refuses a confirmation of another key and a justification without a complaint', () => {
    const log = new DkgLog(2, ['honest', 'honest', 'honest'])
    for (let i = 0; i < 2; i++) {
      log.pass()
      log.idle(1)
    }
    expect(log.state.stage).toBe('confirm')
    const header = { epoch: 2, attempt: 0 }
    const id = log.members[0]!.id
    const wrong = log.state.round1[1]!.commitment[0]!
    expect(submitConfirmation(log.state, id, { ...header, key: wrong }, 9)).toMatchObject({
      code: 'DKG_WRONG_KEY'
    })
    expect(
      submitJustification(
        log.state,
        id,
        { ...header, to: log.members[1]!.id, share: '00'.repeat(32) },
        9
      )
    ).toMatchObject({ code: 'DKG_NO_COMPLAINT' })
    expect(submitComplaint(log.state, id, { ...header, against: id }, 9)).toMatchObject({
      code: 'DKG_NOT_MEMBER'
    })
  })
})
