// Hand-overs (core/checkpoint/handover.ts): councils of three epochs, each key handed over by
// the one before; a verifier who pinned the first key checks a checkpoint of the last.
import { describe, expect, it } from 'vitest'
import {
  checkpointNote,
  formatCheckpoint,
  type Checkpoint
} from '../../core/checkpoint/checkpoint.ts'
import { groupKeyOf, type KeyShare } from '../../core/checkpoint/frost.ts'
import {
  followChain,
  formatHandOver,
  handOverNote,
  parseHandOver,
  verifyCheckpointFrom,
  type HandOver
} from '../../core/checkpoint/handover.ts'
import { runDkg, signWith } from './checkpoint-helpers.ts'

const network = 'ab'.repeat(32)
const ids = (n: number, from: number) =>
  Array.from({ length: n }, (_, i) => (from + i).toString(16).padStart(2, '0').repeat(32))

describe('hand-overs', () => {
  // Epoch 1 (2-of-3) hands over to epoch 2 (3-of-4), which hands over to epoch 3 (2-of-3).
  const councils = [runDkg(2, 3).keys, runDkg(3, 4).keys, runDkg(2, 3).keys]
  const key = (k: KeyShare[]) => groupKeyOf(k[0]!)
  const handOver = (epoch: number, length: number): HandOver => {
    const next = councils[epoch - 1]!
    return {
      network,
      epoch,
      length,
      threshold: next[0]!.threshold,
      key: key(next),
      members: ids(next.length, 16 * epoch)
    }
  }
  const sign = (h: HandOver, by: KeyShare[]) => {
    const set = Array.from({ length: by[0]!.threshold }, (_, i) => i + 1)
    return handOverNote(h, key(by), signWith(by, set, Buffer.from(formatHandOver(h))))
  }
  const notes = [sign(handOver(2, 1000), councils[0]!), sign(handOver(3, 5000), councils[1]!)]
  const pinned = { epoch: 1, key: key(councils[0]!) }

  it('writes and reads a hand-over', () => {
    const h = handOver(2, 1000)
    const text = formatHandOver(h)
    expect(text.split('\n').slice(0, 5)).toEqual([
      `stachanov.network/${network}`,
      'council hand-over',
      'epoch: 2',
      'length: 1000',
      'threshold: 3'
    ])
    expect(parseHandOver(text)).toEqual({ ok: true, value: h })
    for (const variant of [
      text.replace('epoch: 2', 'epoch: 02'),
      text.replace('threshold: 3', 'threshold: 5'),
      text.replace('threshold: 3', 'threshold: 1'),
      text + `member: ${'00'.repeat(32)}\n`,
      text.slice(0, -1),
      text.replace('council hand-over', 'council handover'),
      text.replace(/key: .*\n/, `key: ${Buffer.alloc(32).toString('base64')}\n`)
    ]) {
      expect(parseHandOver(variant), variant).toMatchObject({
        ok: false,
        code: 'HANDOVER_MALFORMED'
      })
    }
  })

  it('follows the chain from the pinned key to the current one', () => {
    const chain = followChain(network, pinned, notes)
    expect(chain.ok && chain.value.map((c) => [c.epoch, c.key, c.length])).toEqual([
      [1, key(councils[0]!), 0],
      [2, key(councils[1]!), 1000],
      [3, key(councils[2]!), 5000]
    ])
  })

  it('refuses a broken chain, saying where and why', () => {
    const cases: Array<[Array<string>, string, RegExp]> = [
      [[notes[1]!], 'HANDOVER_NOT_SIGNED', /hand-over 1 is not signed by the key of epoch 1/],
      [[notes[0]!, notes[0]!], 'HANDOVER_NOT_SIGNED', /hand-over 2/],
      [
        [notes[0]!, notes[1]!.replace('length: 5000', 'length: 5001')],
        'HANDOVER_NOT_SIGNED',
        /hand-over 2/
      ],
      [
        [sign(handOver(3, 1000), councils[0]!)],
        'HANDOVER_WRONG_EPOCH',
        /names epoch 3; the next is 2/
      ],
      [
        [notes[0]!, sign(handOver(3, 999), councils[1]!)],
        'HANDOVER_WRONG_LENGTH',
        /before epoch 2 began/
      ],
      [
        [notes[0]!, sign({ ...handOver(3, 5000), key: key(councils[0]!) }, councils[1]!)],
        'HANDOVER_KEY_REUSED',
        /used before/
      ]
    ]
    for (const [chain, code, reason] of cases) {
      expect(followChain(network, pinned, chain)).toMatchObject({
        ok: false,
        code,
        reason: expect.stringMatching(reason)
      })
    }
    expect(followChain(network, { epoch: 1, key: key(councils[1]!) }, notes)).toMatchObject({
      ok: false,
      code: 'HANDOVER_NOT_SIGNED'
    })
  })

  it('verifies a checkpoint of a later epoch from the pinned first key', () => {
    const checkpoint = (epoch: number, length: number): Checkpoint => ({
      network,
      length,
      root: '01'.repeat(32),
      epoch,
      digest: '02'.repeat(32),
      view: { length: 3 * length, hash: '03'.repeat(32) },
      statements: { count: 0, root: '04'.repeat(32) },
      subsystems: []
    })
    const signed = (c: Checkpoint, by: KeyShare[]) =>
      checkpointNote(
        c,
        key(by),
        signWith(by, [1, 2, 3].slice(0, by[0]!.threshold), Buffer.from(formatCheckpoint(c)))
      )
    const late = signed(checkpoint(3, 7000), councils[2]!)
    expect(verifyCheckpointFrom(late, network, pinned, notes)).toMatchObject({
      ok: true,
      value: { epoch: 3, length: 7000 }
    })
    const middle = signed(checkpoint(2, 4000), councils[1]!)
    expect(verifyCheckpointFrom(middle, network, pinned, notes)).toMatchObject({
      ok: true,
      value: { epoch: 2 }
    })
    // outside its council's term, claiming another epoch, or without the hand-overs: refused
    expect(
      verifyCheckpointFrom(signed(checkpoint(2, 6000), councils[1]!), network, pinned, notes)
    ).toMatchObject({ code: 'CHECKPOINT_WRONG_EPOCH' })
    expect(
      verifyCheckpointFrom(signed(checkpoint(2, 7000), councils[2]!), network, pinned, notes)
    ).toMatchObject({ code: 'CHECKPOINT_WRONG_EPOCH' })
    expect(
      verifyCheckpointFrom(signed(checkpoint(3, 4000), councils[1]!), network, pinned, notes)
    ).toMatchObject({ code: 'CHECKPOINT_WRONG_EPOCH' })
    expect(
      verifyCheckpointFrom(signed(checkpoint(3, 7000), councils[1]!), network, pinned, notes)
    ).toMatchObject({ code: 'NOTE_UNVERIFIED' })
    expect(verifyCheckpointFrom(late, network, pinned, notes.slice(0, 1))).toMatchObject({
      code: 'CHECKPOINT_WRONG_EPOCH'
    })
  })
})
