// The checkpoint message (core/checkpoint/checkpoint.ts): one canonical text per state, signed
// by a FROST council and verified with one Ed25519 verification under the pinned group key.
import { describe, expect, it } from 'vitest'
import {
  checkpointNote,
  formatCheckpoint,
  parseCheckpoint,
  verifyCheckpoint,
  type Checkpoint
} from '../../core/checkpoint/checkpoint.ts'
import { groupKeyOf } from '../../core/checkpoint/frost.ts'
import { parseNote } from '../../core/checkpoint/note.ts'
import { runDkg, signWith } from './checkpoint-helpers.ts'

const h = (byte: string) => byte.repeat(32)
const sample: Checkpoint = {
  network: h('ab'),
  length: 20852,
  root: h('01'),
  epoch: 2,
  digest: h('cd'),
  view: { length: 61234, hash: h('02') },
  statements: { count: 14, root: h('03') },
  subsystems: [
    {
      id: h('10'),
      worked: '960000000000',
      outstanding: '12000000',
      period: '2026-03',
      a: '480000000000',
      taxed: '96000000000'
    },
    { id: h('20'), worked: '0', outstanding: '0', period: null, a: '0', taxed: '0' }
  ]
}

describe('checkpoint message', () => {
  const text = formatCheckpoint(sample)

  it('writes the tlog-checkpoint body with its extension lines, and reads it back', () => {
    expect(text).toBe(
      [
        `stachanov.network/${h('ab')}`,
        '20852',
        Buffer.from(h('01'), 'hex').toString('base64'),
        'epoch: 2',
        `digest: ${h('cd')}`,
        `view: 61234 ${Buffer.from(h('02'), 'hex').toString('base64')}`,
        `statements: 14 ${Buffer.from(h('03'), 'hex').toString('base64')}`,
        `subsystem: ${h('10')} worked=960000000000 outstanding=12000000 period=2026-03 a=480000000000 taxed=96000000000`,
        `subsystem: ${h('20')} worked=0 outstanding=0 period=none a=0 taxed=0`,
        ''
      ].join('\n')
    )
    expect(parseCheckpoint(text)).toEqual({ ok: true, value: sample })
    expect(parseCheckpoint(formatCheckpoint({ ...sample, subsystems: [] }))).toMatchObject({
      ok: true,
      value: { subsystems: [] }
    })
  })

  it('is signed by a 3-of-5 council; the note verifies under the group key alone', () => {
    const { keys } = runDkg(3, 5)
    const groupKey = groupKeyOf(keys[0]!)
    const signature = signWith(keys, [2, 4, 5], Buffer.from(text))
    const note = checkpointNote(sample, groupKey, signature)
    expect(parseNote(note)).toMatchObject({
      ok: true,
      value: { text, signatures: [{ name: `stachanov.network/${h('ab')}` }] }
    })
    expect(verifyCheckpoint(note, sample.network, groupKey)).toEqual({ ok: true, value: sample })
    // another key, another network, an altered text: refused
    const other = groupKeyOf(runDkg(2, 3).keys[0]!)
    expect(verifyCheckpoint(note, sample.network, other)).toMatchObject({
      ok: false,
      code: 'NOTE_UNVERIFIED'
    })
    expect(verifyCheckpoint(note, h('ac'), groupKey)).toMatchObject({
      ok: false,
      code: 'NOTE_UNVERIFIED'
    })
    expect(
      verifyCheckpoint(note.replace('20852', '20853'), sample.network, groupKey)
    ).toMatchObject({ ok: false, code: 'NOTE_BAD_SIGNATURE' })
    expect(verifyCheckpoint(note, 'ab', groupKey)).toMatchObject({
      ok: false,
      code: 'CHECKPOINT_BAD_KEY'
    })
  })

  const lines = text.slice(0, -1).split('\n')
  const swap = (i: number, j: number) => {
    const l = [...lines]
    ;[l[i], l[j]] = [l[j]!, l[i]!]
    return l.join('\n') + '\n'
  }
  const variants: Array<[string, string]> = [
    ['no final newline', text.slice(0, -1)],
    ['a blank line', text + '\n'],
    ['a leading zero in the length', text.replace('\n20852\n', '\n020852\n')],
    ['a sign on the length', text.replace('\n20852\n', '\n+20852\n')],
    ['upper-case hex', text.replace(h('cd'), h('CD'))],
    ['the digest before the epoch', swap(3, 4)],
    ['subsystems out of order', swap(7, 8)],
    ['a subsystem twice', text + lines[8] + '\n'],
    ['another origin', text.replace('stachanov.network/', 'stachanov.net/')],
    ['two spaces', text.replace('epoch: 2', 'epoch:  2')],
    ['a trailing space', text.replace('epoch: 2\n', 'epoch: 2 \n')],
    ['CRLF line ends', text.replaceAll('\n', '\r\n')],
    ['an unknown extension line', text + 'witness: x\n'],
    ['a missing line', lines.filter((_, i) => i !== 5).join('\n') + '\n'],
    [
      'base64 with stray low bits',
      text.replace(
        Buffer.from(h('01'), 'hex').toString('base64'),
        'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQF='
      )
    ],
    [
      'base64 without padding',
      text.replace(
        Buffer.from(h('01'), 'hex').toString('base64') + '\n',
        Buffer.from(h('01'), 'hex').toString('base64').slice(0, -1) + '\n'
      )
    ],
    ['a revision without a period', text.replace('period=none a=0', 'period=none a=5')],
    ['taxed above a', text.replace('taxed=96000000000', 'taxed=480000000001')],
    ['month 13', text.replace('2026-03', '2026-13')],
    ['a length beyond 2^53', text.replace('\n20852\n', '\n9007199254740993\n')]
  ]
  it.each(variants)('refuses %s', (_, variant) => {
    const parsed = parseCheckpoint(variant)
    expect(parsed).toMatchObject({ ok: false, code: 'CHECKPOINT_MALFORMED' })
    expect((parsed as { reason: string }).reason.length).toBeGreaterThan(10)
  })

  it('refuses to format values that have no canonical text', () => {
    expect(() => formatCheckpoint({ ...sample, length: -1 })).toThrow(/whole numbers/)
    expect(() =>
      formatCheckpoint({ ...sample, subsystems: [...sample.subsystems].reverse() })
    ).toThrow(/ascending/)
    expect(() => formatCheckpoint({ ...sample, digest: 'cd' })).toThrow(/32 bytes/)
  })
})
