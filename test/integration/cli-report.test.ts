// The report and export commands as a user runs them against a served node (a real node on
// disk, child processes): `export log` then `replay` reaches the node's digest; `report make
// --subsystem` writes the subsystem's signed PDF, which `report verify --data` checks against
// the node's view as a replica; the refusals are sentences with their codes.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runStachanov, stachanovProcesses } from '../helpers/cli.ts'
import { tempDirs } from './helpers.ts'

const dirs = tempDirs()
const processes = stachanovProcesses()
let data: string

// Under load a command's start takes tens of seconds: give each one minutes.
const stachanov = (...args: string[]) => runStachanov(args, { timeoutMs: 280_000 })

async function api(method: string, args: unknown = {}): Promise<any> {
  const { url, token } = JSON.parse(await readFile(join(data, 'server.json'), 'utf8'))
  const response = await fetch(new URL(`api/${method}`, url), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(args) })
  const answer = (await response.json()) as { result?: unknown; error?: { message: string } }
  if (answer.error) throw new Error(answer.error.message)
  return answer.result
}

beforeAll(async () => {
  data = await dirs.make('served')
  await processes.start(['serve', '--data', data, '--no-swarm'], /Open http/)
}, 300_000)

afterAll(async () => {
  await processes.stopAll()
  await dirs.cleanup()
})

describe('report and export commands against a served node', () => {
  it('exports the log, which `stachanov replay` brings to the node\'s digest', async () => {
    await api('setup.create', { name: 'Bakery', roles: ['producer', 'dispatcher'] })
    await api('tx.submit', { intent: { type: 'product.define', body: { name: 'Bread', unit: 'loaf', kind: 'consumable' } } })
    const out = join(data, 'log.jsonl')
    expect((await stachanov('export', 'log', '--out', out, '--data', data)).code).toBe(0)
    const replayed = await stachanov('replay', out, '--json')
    expect(replayed.code, replayed.stderr).toBe(0)
    const status = await api('node.status')
    expect(JSON.parse(replayed.stdout).view.digest).toBe(status.digest)
  }, 300_000)

  it('makes the subsystem\'s report of a demo month and verifies it against the node\'s view', async () => {
    await api('setup.demo', { scenario: 'bakery-month.yaml' })
    const pdf = join(data, 'subsystem.pdf')
    const made = await stachanov('report', 'make', '--subsystem', '--period', '2026-04', '--out', pdf, '--data', data)
    expect(made, made.stderr).toMatchObject({ code: 0, stdout: `${pdf}\n` })
    expect((await readFile(pdf)).subarray(0, 5).toString('latin1')).toBe('%PDF-')
    // No council signs in the demo: not covered, so the exit status is 1; the replica matches.
    const verified = await stachanov('report', 'verify', pdf, '--data', data)
    expect(verified.code).toBe(1)
    expect(verified.stdout).toMatch(/^not-covered: no council checkpoint covers 2026-04 yet/)
    expect(verified.stdout).toMatch(/\nreport  subsystem [0-9a-f]{64}, 2026-04, \d+ collectives, made by /)
    expect(verified.stdout).toContain('\nreplica matches\n')
    const json = await stachanov('report', 'verify', pdf, '--json')
    expect(JSON.parse(json.stdout)).toMatchObject({ verdict: 'not-covered', replica: 'not-compared' })
  }, 300_000)

  it('refuses an unknown subsystem, a month not closed and a malformed id, with sentences', async () => {
    const unknown = await stachanov('report', 'make', '--subsystem', 'ab'.repeat(32), '--period', '2026-04', '--data', data)
    // A command that cannot do its work exits 2 (main/cli/index.ts); a verdict that is not valid, 1.
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/no subsystem abababab is known to this network \(UNKNOWN_SUBSYSTEM\)/)
    const open = await stachanov('report', 'make', '--subsystem', '--period', '2026-09', '--data', data)
    expect(open.code).toBe(2)
    expect(open.stderr).toMatch(/2026-09 is not closed for this collective yet.*\(NO_STATEMENT\)/)
    const bad = await stachanov('report', 'make', '--subsystem', 'mill', '--period', '2026-04', '--data', data)
    expect(bad.stderr).toMatch(/--subsystem is a subsystem's id: 64 lowercase hex digits/)
    expect(`${unknown.stderr}${open.stderr}${bad.stderr}`).not.toMatch(/\n\s+at /)
  }, 300_000)
})
