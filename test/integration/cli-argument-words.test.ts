// Every verb given a wrong argument, against a running node, the way a clerk mistypes: the
// answer is one sentence that names the argument in the command line's own words (--reason,
// the invite code, the file's "type"), never the API's path (`tx.cosign.id: …`) or zod's
// phrases ("Too big: expected string to have <=500 characters"). Each command is its own Node
// process (seconds each on a busy machine), hence the long limits.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runStachanov, stachanovProcesses } from '../helpers/cli.ts'
import { tempDirs } from './helpers.ts'

const dirs = tempDirs()
const processes = stachanovProcesses()
let data: string

afterAll(async () => {
  await processes.stopAll()
  await dirs.cleanup()
})

beforeAll(async () => {
  data = await dirs.make('office')
  await processes.start(['serve', '--data', data, '--no-swarm', '--listen', '0'], /Open http/)
}, 120_000)

/** Runs a command that must fail and returns its one line on stderr. */
async function refused(...args: string[]): Promise<string> {
  const { code, stderr } = await runStachanov([...args, '--data', data])
  expect(code, `stachanov ${args.join(' ')}`).toBe(2)
  const line = stderr.trim()
  expect(line.split('\n')).toHaveLength(1)
  // No API path (setup.join.code, tx.decline.reason), no zod phrase, no error code to look up.
  expect(line).not.toMatch(/\b[a-z]+\.[a-zA-Z]+\.[a-zA-Z.0-9]+\b/)
  expect(line).not.toMatch(
    /Too (big|small)|expected (string|one of|number)|Invalid (input|option)|INVALID_ARGUMENTS|UNKNOWN_METHOD|API/
  )
  return line.replace(/^stachanov: /, '')
}

const HEX = 'a'.repeat(64)

describe('wrong arguments at the command line, said for a clerk', () => {
  it('before the collective exists: join and init', async () => {
    expect(await refused('join', 'hello', '--name', 'Mill')).toMatch(
      /^"hello" is not an invite code: an invite code is 82 letters and digits .*stachanov invite/
    )
    expect(await refused('join', ' ', '--name', 'Mill')).toBe(
      'the invite code: the invite code is empty: paste the code the inviting office gave you'
    )
    expect(await refused('init', '--name', '')).toBe(
      "--name (the collective's name): it may not be empty"
    )
    expect(await refused('init', '--name', 'x'.repeat(101))).toBe(
      "--name (the collective's name): at most 100 characters"
    )
    expect(await refused('init', '--name', 'Bakery', '--roles', 'baker')).toBe(
      '--roles: one of producer, dispatcher'
    )
  }, 180_000)

  it('after: cosign, decline, submit, query, report, bind', async () => {
    expect((await runStachanov(['init', '--name', 'Bakery', '--data', data])).code).toBe(0)
    expect(await refused('cosign', 'abc')).toBe(
      'the id of the transaction to co-sign: a key or id is 64 lowercase hex digits'
    )
    expect(await refused('decline', 'xyz')).toBe(
      'the id of the transaction to decline: a key or id is 64 lowercase hex digits'
    )
    expect(await refused('decline', HEX, '--reason', 'r'.repeat(501))).toBe(
      '--reason: at most 500 characters'
    )
    const draft = join(data, 'draft.yaml')
    await writeFile(draft, 'nonsense: 1\n')
    expect(await refused('submit', draft)).toBe(
      `${draft} has no "type": it names the transaction, such as product.define or resource.transfer`
    )
    await writeFile(draft, 'type: resource.writeof\nbody: {}\n')
    expect(await refused('submit', draft)).toMatch(
      /^"resource.writeof" in .* is not a transaction type: did you mean resource.collectivize or resource.transfer or resource.writeoff\?$/
    )
    await writeFile(draft, 'type: product.define\nbody: { name: [1] }\n')
    expect(await refused('submit', draft)).toMatch(/^the file's "body", at name: /)
    expect(await refused('query', 'lotz')).toMatch(
      /^query shows one of overview, .*lots.*; "lotz" is none of them$/
    )
    expect(await refused('report', 'make', '--period', '2026-13')).toBe(
      '--period: a month, YYYY-MM'
    )
    expect(await refused('bind', 'hello')).toMatch(/^this device was not restored from a backup/)
  }, 240_000)
})
