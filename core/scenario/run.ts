// Replays a scenario (or a log of signed transactions) on a fresh in-memory ledger.
import { parse as parseYaml } from 'yaml'
import { Ledger } from '../ledger/ledger.ts'
import { MemoryStore } from '../ledger/memory-store.ts'
import { describeIssue } from '../protocol/decode.ts'
import type { Outcome } from '../ledger/types.ts'
import { compileScenario, ScenarioError, type CompiledStep } from './compile.ts'
import { scenarioSchema, type Check, type Scenario } from './format.ts'
import { buildView, type Names, type View } from './view.ts'

export interface StepResult {
  step: number
  label?: string
  note?: string
  type: string
  id: string
  status: Outcome['status']
  code?: string
  reason?: string
  completed?: Outcome['completed']
  expected: CompiledStep['expect']
  ok: boolean
}

export interface ScenarioResult {
  title: string
  steps: StepResult[]
  view: View
  failures: string[]
  store: MemoryStore
}

/** Reads a scenario from YAML or JSON text, with the schema's own error messages. */
export function parseScenario(text: string, source = 'scenario'): Scenario {
  let raw: unknown
  try {
    raw = parseYaml(text)
  } catch (error) {
    throw new ScenarioError(`${source} is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`)
  }
  const parsed = scenarioSchema.safeParse(raw)
  if (!parsed.success) throw new ScenarioError(`${source}: ${describeIssue(parsed.error, 'scenario')}`)
  return parsed.data
}

export async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
  const compiled = compileScenario(scenario)
  const store = new MemoryStore()
  const ledger = new Ledger(store)
  const steps: StepResult[] = []
  const failures: string[] = []
  const registrations = compiled.steps.length - scenario.steps.length
  for (const step of compiled.steps) {
    const outcome = await ledger.apply({ bytes: step.bytes, writer: step.writer })
    const ok = outcome.status === step.expect.status && (!step.expect.code || outcome.code === step.expect.code)
    const number = step.index - registrations + 1
    const result: StepResult = { step: number, type: step.tx.type, id: step.id, status: outcome.status, expected: step.expect, ok }
    if (step.label) result.label = step.label
    if (step.note) result.note = step.note
    if (outcome.code) {
      result.code = outcome.code
      result.reason = outcome.reason ?? ''
    }
    if (outcome.completed) result.completed = outcome.completed
    steps.push(result)
    if (!ok) {
      const where = number > 0 ? `step ${number}${step.label ? ` (${step.label})` : ''}` : step.note ?? 'setup'
      const got = `${outcome.status}${outcome.code ? ` ${outcome.code}: ${outcome.reason}` : ''}`
      failures.push(`${where}: expected ${step.expect.status}${step.expect.code ? ` ${step.expect.code}` : ''}, got ${got}`)
    }
    if (outcome.completed && outcome.completed.status === 'rejected') {
      failures.push(`step ${number}: completed ${outcome.completed.id.slice(0, 8)}… but it was rejected: ${outcome.completed.code} ${outcome.completed.reason}`)
    }
  }
  const names: Names = {
    keys: new Map([...[...compiled.collectives.values()].map((c) => [c.id, c.name] as const), ...[...compiled.wallets.values()].map((w) => [w.key, w.name] as const)]),
    labels: new Map(compiled.steps.filter((s) => s.label).map((s) => [s.id, s.label!]))
  }
  const view = await buildView(store, names)
  for (const check of scenario.checks) failures.push(...runCheck(view, check))
  return { title: scenario.title, steps, view, failures, store }
}

/** A check finds exactly one row of a view section by `where` and compares fields. */
export function runCheck(view: View, check: Check): string[] {
  const section = (view as any)[check.in]
  const rows: any[] = Array.isArray(section) ? section : [section]
  const matches = rows.filter((row) => Object.entries(check.where ?? {}).every(([k, v]) => String(row?.[k]) === String(v)))
  const label = `check ${check.in}${check.where ? ` where ${JSON.stringify(check.where)}` : ''}`
  if (matches.length !== 1) return [`${label}: ${matches.length} rows match, expected exactly one`]
  const row = matches[0]
  return Object.entries(check.expect)
    .filter(([k, v]) => !matchesExpected(String(row[k]), String(v)))
    .map(([k, v]) => `${label}: ${k} is ${JSON.stringify(row[k])}, expected ${JSON.stringify(String(v))}`)
}

/** Exact, or "≈524.54": the actual decimal rounded half up to as many places equals it. */
export function matchesExpected(actual: string, expected: string): boolean {
  if (!expected.startsWith('≈')) return actual === expected
  const target = expected.slice(1)
  const places = target.includes('.') ? target.split('.')[1]!.length : 0
  if (!/^-?\d+(\.\d+)?$/.test(actual)) return false
  const [whole, fraction = ''] = actual.replace('-', '').split('.')
  const scaled = BigInt(whole! + fraction.padEnd(places + 1, '0').slice(0, places + 1))
  const rounded = (scaled + 5n) / 10n
  const text = rounded.toString().padStart(places + 1, '0')
  const shown = places ? `${text.slice(0, -places)}.${text.slice(-places)}` : text
  return (actual.startsWith('-') ? '-' : '') + shown === target
}
