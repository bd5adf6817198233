// A data directory that lost a file, had its database emptied, or was copied file by file
// must not open as if nothing happened: a new device key cannot write to the network, and an
// empty log under the old writer key forks it once peers reconnect. Each fault is refused with
// a code and a sentence saying what to do; `stachanov serve` prints that sentence, not a
// stack trace, for these and for broken settings files.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import { tempDirs } from './helpers.ts'

const exec = promisify(execFile)
const bin = new URL('../../bin/stachanov.js', import.meta.url).pathname
const dirs = tempDirs()
afterAll(() => dirs.cleanup())

/** A founded node's data directory, closed. */
async function founded(): Promise<string> {
  const dir = await dirs.make('faults')
  const node = await CollectiveNode.open({ dir, swarm: false })
  await node.outcome((await node.create({ name: 'Bakery', roles: ['producer'] })).id)
  await node.close()
  return dir
}

const open = (dir: string) => CollectiveNode.open({ dir, swarm: false })

/** `stachanov serve` on `dir`, which must fail at once: its exit code and what it printed. */
async function serveFails(dir: string): Promise<{ code: number; stderr: string }> {
  try {
    await exec(process.execPath, [bin, 'serve', '--data', dir, '--no-swarm'], { timeout: 60_000 })
  } catch (error: any) {
    return { code: error.code, stderr: error.stderr }
  }
  throw new Error('stachanov serve started')
}

describe('a faulty data directory', () => {
  it('refuses to start without device.json, and makes no new key', { timeout: 60_000 }, async () => {
    const dir = await founded()
    await rm(join(dir, 'device.json'))
    await expect(open(dir)).rejects.toMatchObject({
      code: 'DEVICE_KEY_LOST',
      message: expect.stringMatching(/device\.json is missing.*stachanov backup/)
    })
    expect(existsSync(join(dir, 'device.json'))).toBe(false)
  })

  it('refuses to start without identity.json', { timeout: 60_000 }, async () => {
    const dir = await founded()
    await rm(join(dir, 'identity.json'))
    await expect(open(dir)).rejects.toMatchObject({ code: 'IDENTITY_LOST', message: expect.stringMatching(/identity\.json is missing/) })
  })

  it('refuses an emptied corestore/db, every time, instead of forking the log', { timeout: 60_000 }, async () => {
    const dir = await founded()
    const db = join(dir, 'corestore', 'db')
    for (const file of await readdir(db)) await rm(join(db, file), { recursive: true })
    const lost = { code: 'STORE_LOST', message: expect.stringMatching(/holds 0 of this device's entries, but the device had written 1.*fork/) }
    await expect(open(dir)).rejects.toMatchObject(lost)
    await expect(open(dir)).rejects.toMatchObject(lost)
    // A whole corestore gone is the same loss.
    await rm(join(dir, 'corestore'), { recursive: true })
    await expect(open(dir)).rejects.toMatchObject(lost)
  })

  it('refuses a copy made with cp -a and says how to back up', { timeout: 60_000 }, async () => {
    const dir = await founded()
    const copy = `${dir}-copy`
    await exec('cp', ['-a', dir, copy])
    try {
      await expect(open(copy)).rejects.toMatchObject({ code: 'DATA_DIR_COPY', message: expect.stringMatching(/file copy.*use `stachanov backup`/) })
      // The original still opens.
      await (await open(dir)).close()
    } finally {
      await rm(copy, { recursive: true, force: true })
    }
  })

  it('refuses a directory another process has open', { timeout: 60_000 }, async () => {
    const dir = await founded()
    const node = await open(dir)
    try {
      await expect(open(dir)).rejects.toMatchObject({ code: 'DATA_DIR_IN_USE' })
    } finally {
      await node.close()
    }
  })
})

describe('stachanov serve on a faulty data directory', () => {
  const cases: Array<[string, (dir: string) => Promise<unknown>, RegExp]> = [
    ['settings.json holding null', (dir) => writeFile(join(dir, 'settings.json'), 'null'), /BAD_SETTINGS\): \S*settings\.json holds null, not a JSON object/],
    ['directPeers: [123]', (dir) => writeFile(join(dir, 'settings.json'), '{"directPeers":[123]}'), /"directPeers" must be a list of "host:port" addresses, and 123 is not one/],
    ['people.json holding null', (dir) => writeFile(join(dir, 'people.json'), 'null'), /BAD_SETTINGS\): \S*people\.json holds null/],
    ['no device.json', (dir) => rm(join(dir, 'device.json')), /DEVICE_KEY_LOST\): \S*device\.json is missing/]
  ]
  for (const [fault, make, sentence] of cases) {
    it(`says why in a sentence: ${fault}`, { timeout: 90_000 }, async () => {
      const dir = await founded()
      await make(dir)
      const { code, stderr } = await serveFails(dir)
      expect(code).toBe(2)
      expect(stderr).toMatch(/^stachanov: the node in \S+ cannot start/)
      expect(stderr).toMatch(sentence)
      expect(stderr).not.toMatch(/\n\s+at /) // no stack trace
      expect(stderr.trim().split('\n')).toHaveLength(1)
    })
  }
})
