// A demo economy: a shipped scenario replayed into a throwaway in-memory ledger, so a newcomer
// can look around every screen before creating anything. It is read-only.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { KeyValueStore } from '../../core/ledger/store.ts'
import { parseScenario, runScenario } from '../../core/scenario/run.ts'

export interface Demo {
  file: string
  title: string
  store: KeyValueStore
  /** The collective the demo shows as "you": the scenario's first. */
  me: string
  /** Declared time of the scenario's last entry: the demo's "now". */
  now: number
}

export async function listScenarios(dir: string) {
  const out = []
  for (const file of (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const scenario = parseScenario(await readFile(join(dir, file), 'utf8'), file)
    out.push({ file, title: scenario.title, description: scenario.description ?? '' })
  }
  return out
}

export async function loadDemo(dir: string, file: string, progress?: (done: number, total: number) => void): Promise<Demo> {
  const scenario = parseScenario(await readFile(join(dir, file), 'utf8'), file)
  progress?.(0, 1)
  const result = await runScenario(scenario)
  progress?.(1, 1)
  const first = result.view.collectives.find((c) => c.name === Object.keys(scenario.collectives)[0])
  return { file, title: scenario.title, store: result.store, me: first?.id ?? '', now: Date.parse(scenario.start) + result.steps.length * 60_000 }
}
