// The WORKDAY_FULL sentence, in a clerk's words (issue 10, finding 5): who (that person), which
// day, how much is already recorded on it and how much more fits. Durations are written as the
// interface writes them ("20 h", "7 h 30 min", "45 min"). The interface reads the figures back
// out of the sentence (WORKDAY_PATTERN) to say it in other languages with its own date format,
// so the sentence and the pattern live here together.

const MICRO_PER_MINUTE = 1_000_000n

/** Labour time as the interface shows it: "7 h", "7 h 30 min", "45 min", "0.5 min". */
export function durationWords(micro: bigint): string {
  const minutes = (micro + MICRO_PER_MINUTE / 2n) / MICRO_PER_MINUTE
  if (micro >= 60n * MICRO_PER_MINUTE) {
    const h = minutes / 60n
    const m = minutes % 60n
    return `${h} h${m ? ` ${m} min` : ''}`
  }
  if (micro % MICRO_PER_MINUTE === 0n) return `${micro / MICRO_PER_MINUTE} min`
  // Below a minute's precision: up to six decimals, trailing zeros dropped.
  const whole = micro / MICRO_PER_MINUTE
  const fraction = String(micro % MICRO_PER_MINUTE).padStart(6, '0').replace(/0+$/, '')
  return `${whole}.${fraction} min`
}

/**
 * `day` is `YYYY-MM-DD` (UTC). `before` is what the person already has on that day, `asked`
 * what the refused workload would add, `limit` the day's cap.
 */
export function workdayFullReason(day: string, before: bigint, asked: bigint, limit: bigint): string {
  const room = limit > before ? limit - before : 0n
  const fits = room > 0n ? `at most ${durationWords(room)}${before > 0n ? ' more' : ''} fit on that day` : 'nothing more fits on that day'
  if (before === 0n) return `that person has nothing recorded on ${day} (UTC) yet; ${durationWords(asked)} would make more than 24 hours: ${fits}`
  return `that person already has ${durationWords(before)} recorded on ${day} (UTC); ${durationWords(asked)} more would make more than 24 hours: ${fits}`
}

/** Reads the figures back out of workdayFullReason's sentence: before (none: nothing), day, asked, room (none: nothing). */
export const WORKDAY_PATTERN =
  /^that person (?:already has (.+?)|has nothing) recorded on (\d{4}-\d{2}-\d{2}) \(UTC\)(?: yet)?; (.+?)(?: more)? would make more than 24 hours: (?:at most (.+?)(?: more)? fit|nothing more fits) on that day$/
