// `npm run sim -- --seeds 200`, as CI would run it (two processes, one per core): every
// seed keeps PROTOCOL §9's invariants after every step and ends in one digest. SIM_SEEDS
// changes the count.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

const SEEDS = Number(process.env.SIM_SEEDS ?? 200)
const cli = new URL('./cli.ts', import.meta.url).pathname

it(`${SEEDS} seeds of the simulator: no violation`, { timeout: 3_600_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'stachanov-sim-'))
  const out = join(dir, 'summary.json')
  const started = Date.now()
  try {
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', cli, '--seeds', String(SEEDS), '--jobs', '2', '--json', out], { maxBuffer: 64 * 1024 * 1024 }).catch((error) => error)
    const summary = JSON.parse(await readFile(out, 'utf8'))
    console.log(`${SEEDS} seeds in ${((Date.now() - started) / 1000).toFixed(0)} s: ${summary.entries} entries, faults ${JSON.stringify(summary.faults)}, stalls healed ${summary.stalls}`)
    expect(summary.failures, String(run.stdout ?? '').split('\n').filter((l: string) => /FAILED|\[/.test(l)).join('\n')).toEqual([])
    expect(summary.seeds).toBe(SEEDS)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
