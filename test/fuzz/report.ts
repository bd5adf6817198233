// Fuzzing figures: printed, and appended as JSON lines to $FUZZ_REPORT when set (the numbers
// in docs/reliability.md come from there).
import { appendFileSync } from 'node:fs'

export function report(kind: string, figures: Record<string, number>): void {
  const line = JSON.stringify({ kind, ...figures })
  console.log(`fuzz ${line}`)
  if (process.env.FUZZ_REPORT) appendFileSync(process.env.FUZZ_REPORT, line + '\n')
}
