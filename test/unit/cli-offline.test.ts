// The offline verbs of the `stachanov` command, run as a user runs them: a real process.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runStachanov } from '../helpers/cli.ts'
import { compileScenario } from '../../core/scenario/compile.ts'
import { parseScenario } from '../../core/scenario/run.ts'

const scenarios = new URL('../../assets/scenarios/', import.meta.url).pathname

const stachanov = (...args: string[]) => runStachanov(args)

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stachanov-cli-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('stachanov scenario run', () => {
  it('prints the view as JSON with the documented fields', async () => {
    const { code, stdout } = await stachanov('scenario', 'run', join(scenarios, 'bakery-month.yaml'), '--json')
    expect(code).toBe(0)
    const result = JSON.parse(stdout)
    expect(result.failures).toEqual([])
    expect(result.view.digest).toMatch(/^[0-9a-f]{64}$/)
    const april = result.view.revisions.find((r: any) => r.period === '2026-04')
    expect(april.aMinutes).toBe('3180')
    expect(result.view.wallets.map((w: any) => w.name).sort()).toEqual(['Anna', 'Ben', 'Chiara', 'Dmitri'])
    expect(result.steps.some((s: any) => s.code === 'OVERSPEND' && s.ok)).toBe(true)
  })

  it('prints tables for people', async () => {
    const { code, stdout } = await stachanov('scenario', 'run', join(scenarios, 'trust-split.yaml'))
    expect(code).toBe(0)
    expect(stdout).toContain('parity of the parts')
    expect(stdout).toContain('All expectations met.')
  })

  it('exits 1 and names the step when an expectation fails', async () => {
    const file = join(dir, 'failing.yaml')
    await writeFile(file, `title: t\nstart: "2026-01-01T00:00:00Z"\ncollectives: { A: [producer] }\nsteps:\n  - { type: product.define, by: A, expect: rejected, body: { name: X, unit: kg, kind: consumable } }\n`)
    const { code, stdout } = await stachanov('scenario', 'run', file)
    expect(code).toBe(1)
    expect(stdout).toContain('step 1: expected rejected, got accepted')
  })

  it('exits 2 with a clear message for a missing or malformed file', async () => {
    const missing = await stachanov('scenario', 'run', join(dir, 'nope.yaml'))
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('no such file')
    const bad = join(dir, 'bad.yaml')
    await writeFile(bad, 'title: t\nstart: x\ncollectives: { A: [baker] }\n')
    const invalid = await stachanov('scenario', 'run', bad)
    expect(invalid.code).toBe(2)
    expect(invalid.stderr).toMatch(/collectives\.A\.0/)
  })
})

describe('stachanov replay', () => {
  it('replays an exported log to the same digest as the scenario', async () => {
    const text = await readFile(join(scenarios, 'computer.yaml'), 'utf8')
    const compiled = compileScenario(parseScenario(text))
    const log = join(dir, 'log.json')
    await writeFile(log, JSON.stringify(compiled.steps.map((s) => ({ writer: s.writer, tx: s.tx }))))
    const replayed = JSON.parse((await stachanov('replay', log, '--json')).stdout)
    const scenario = JSON.parse((await stachanov('scenario', 'run', join(scenarios, 'computer.yaml'), '--json')).stdout)
    expect(replayed.view.digest).toBe(scenario.view.digest)
    expect(replayed.outcomes).toHaveLength(compiled.steps.length)
  })

  it('refuses a file that is not a log', async () => {
    const file = join(dir, 'notalog.json')
    await writeFile(file, '{"hello": 1}')
    const { code, stderr } = await stachanov('replay', file)
    expect(code).toBe(2)
    expect(stderr).toContain('expected an exported log (JSON lines of { writer, tx }) or a scenario')
  })
})
