// The shop's dispatch records, newest first, as far back as the log goes. The log has no index
// by type: a search reads back at most LOG_SCAN entries per call (core/node/views.ts) and says
// where it stopped. A page here keeps reading on from there until it has its rows, or has made
// `maxCalls` calls; then it says how far back it looked, and the next page goes on from there.
// No DOM here, so unit tests read it against a real ledger.
import type { Result } from '../../api-types.ts'

export type LogPage = Pick<Result<'view.log'>, 'entries' | 'next'>

/** What the shop lists: dispatch records (the log's search matches the type). */
export const DISPATCHES = 'dispatch.record'

export async function dispatchPage(
  read: (before: number | null, limit: number) => Promise<LogPage>,
  before: number | null,
  { rows = 10, maxCalls = 5 }: { rows?: number; maxCalls?: number } = {}
): Promise<LogPage> {
  const entries: LogPage['entries'] = []
  let next = before
  for (let calls = 0; calls < maxCalls; calls++) {
    const page = await read(next, rows - entries.length)
    entries.push(...page.entries)
    next = page.next
    if (entries.length >= rows || next === null) break
  }
  return { entries, next }
}
