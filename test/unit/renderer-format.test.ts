// The interface's exact parsers and its one formatter for labour time (renderer/src/format.ts):
// what people type becomes µmin in BigInt, never through floating point.
import { describe, expect, it } from 'vitest'
import {
  formatDuration,
  formatMinutes,
  formatPercent,
  formatTime,
  parseHours,
  parseMinutes,
  parseQuantity,
  performedAt,
  isFutureDay,
  setFormatLocale
} from '../../renderer/src/format.ts'

/** µmin in an hour. */
const H = 60_000_000n

describe('parsing what people type', () => {
  it('reads hours as a time sheet writes them, exactly', () => {
    expect(parseHours('7.5')).toEqual({ ok: true, value: 7n * H + H / 2n })
    expect(parseHours('7,5')).toEqual({ ok: true, value: 7n * H + H / 2n })
    expect(parseHours('7:30')).toEqual({ ok: true, value: 7n * H + 30n * 1_000_000n })
    expect(parseHours('7h30')).toEqual({ ok: true, value: 7n * H + 30n * 1_000_000n })
    expect(parseHours('0.1')).toEqual({ ok: true, value: 6_000_000n })
    expect(parseHours('0.0000001')).toEqual({ ok: true, value: 6n })
    expect(parseHours('0.00000001')).toEqual({ ok: false, error: 'precision' })
    expect(parseHours('7:75')).toEqual({ ok: false, error: 'minutes' })
    expect(parseHours('-1')).toEqual({ ok: false, error: 'negative' })
    expect(parseHours(' ')).toEqual({ ok: false, error: 'empty' })
    expect(parseHours('seven')).toEqual({ ok: false, error: 'format' })
  })

  it('reads minutes to six places and whole quantities', () => {
    expect(parseMinutes('524.5')).toEqual({ ok: true, value: 524_500_000n })
    expect(parseMinutes('0.000001')).toEqual({ ok: true, value: 1n })
    expect(parseMinutes('0.0000001')).toEqual({ ok: false, error: 'precision' })
    expect(parseQuantity('1 200')).toEqual({ ok: true, value: 1200n })
    expect(parseQuantity('2.5')).toEqual({ ok: false, error: 'whole' })
    // A negative number is a number: the sentence says what is wrong with it.
    expect(parseQuantity('-3')).toEqual({ ok: false, error: 'negative' })
    expect(parseHours('-2')).toEqual({ ok: false, error: 'negative' })
    expect(parseQuantity('12345678901234567890123')).toEqual({
      ok: true,
      value: 12345678901234567890123n
    })
  })

  it('never declares work in the future, and never moves a day still to come to today', () => {
    const now = Date.parse('2026-04-01T08:00:00Z')
    expect(performedAt('2026-04-01', now)).toBe(now)
    expect(performedAt('2026-03-31', now)).toBe(Date.parse('2026-03-31T12:00:00Z'))
    expect(performedAt('2026-04-02', now)).toBe(Date.parse('2026-04-02T12:00:00Z'))
    expect(isFutureDay('2026-04-02', now)).toBe(true)
    expect(isFutureDay('2026-04-01', now)).toBe(false)
  })
})

describe('showing labour time', () => {
  it('uses hours and minutes, or minutes with decimals below an hour', () => {
    setFormatLocale('en')
    expect(formatTime('450000000')).toBe('7 h 30 min')
    expect(formatTime(60n * H)).toBe('60 h')
    expect(formatTime('45500000')).toBe('45.5 min')
    expect(formatTime('1050')).toBe('0.00105 min')
    expect(formatTime('0')).toBe('0 min')
    expect(formatTime(1000n * H)).toBe('1,000 h')
    expect(formatMinutes(4468n * 1_000_000n)).toBe('4,468 min')
    expect(formatDuration(12n * 356n * 24n * 60n)).toBe('12 Y')
    expect(formatPercent('0.138300')).toBe('13.83 %')
    expect(formatPercent({ num: '1', den: '8' })).toBe('12.5 %')
    setFormatLocale('de')
    expect(formatTime(1000n * H + H / 2n)).toBe('1.000 h 30 min')
    expect(formatTime('45500000')).toBe('45,5 min')
    setFormatLocale('en')
  })
})
