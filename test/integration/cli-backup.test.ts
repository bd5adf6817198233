// `stachanov backup` and `stachanov restore` as a clerk runs them, on real files: a node's
// data directory goes into one encrypted file and comes back in a new directory with the same
// digest; a wrong passphrase or a file cut short is said in one line, exit status 2, and
// nothing is written.
import { execFile } from 'node:child_process'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import * as queries from '../../core/ledger/queries.ts'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import { tempDirs } from './helpers.ts'

const bin = new URL('../../bin/stachanov.js', import.meta.url).pathname
const run = promisify(execFile)
const dirs = tempDirs()
afterAll(() => dirs.cleanup())

async function stachanov(passphrase: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { timeout: 120_000, env: { ...process.env, STACHANOV_PASSPHRASE: passphrase } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

const missing = async (path: string) => (await stat(path).catch(() => null)) === null

describe('stachanov backup and restore', () => {
  it('backs up a node that is not running and restores it with the same digest', async () => {
    const data = await dirs.make('office')
    const node = await CollectiveNode.open({ dir: data, swarm: false })
    await node.create({ name: 'Bakery', roles: ['producer'] })
    await node.submit('product.define', { name: 'Bread', unit: 'kg', kind: 'consumable' })
    const before = await queries.digest(node.store())
    await node.close()

    const file = join(await dirs.make('stick'), 'bakery.backup')
    const backup = await stachanov('flour and water', 'backup', file, '--data', data)
    expect(backup.stderr).toBe('')
    // What was written, where, as of when, and what it holds.
    expect(backup.stdout).toMatch(new RegExp(`^Wrote ${file}: a backup of Bakery as of \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC, ${before.length} entries \\(digest ${before.digest}\\), \\d+ files, \\d+ KiB\\.\n`))

    // The same file again: refused before any passphrase is asked for, and the file stays.
    const written = await readFile(file)
    const twice = await stachanov('another passphrase', 'backup', file, '--data', data)
    expect(twice).toMatchObject({ code: 2, stdout: '' })
    expect(twice.stderr).toBe(`stachanov: ${file} already exists: nothing was written. Give another file name, or add --force to replace it\n`)
    expect((await readFile(file)).equals(written)).toBe(true)
    // With --force it is replaced, and the output says so.
    const forced = await stachanov('flour and water', 'backup', file, '--data', data, '--force')
    expect(forced.stdout).toMatch(new RegExp(`^Replaced ${file}: a backup of Bakery`))
    expect((await readFile(file)).equals(written)).toBe(false)
    // A folder that is not there (a USB stick not plugged in): one line, nothing written.
    const unplugged = await stachanov('flour and water', 'backup', join(data, 'no-stick', 'b.backup'), '--data', data)
    expect(unplugged.code).toBe(2)
    expect(unplugged.stderr).toBe(`stachanov: the folder ${join(data, 'no-stick')} does not exist (is the drive plugged in?): nothing was written (CANNOT_WRITE)\n`)

    const fresh = join(await dirs.make('new-machine'), 'data')
    const restored = await stachanov('flour and water', 'restore', file, '--data', fresh, '--json')
    // The network's only device comes back as itself: nobody else could bind a new one.
    expect(JSON.parse(restored.stdout)).toMatchObject({ collective: { name: 'Bakery' }, ...before, sole: true })
    const again = await CollectiveNode.open({ dir: fresh, swarm: false })
    try {
      expect(await queries.digest(again.store())).toEqual(before)
      expect((await again.submit('product.define', { name: 'Rolls', unit: 'kg', kind: 'consumable' })).status).toBe('accepted')
    } finally {
      await again.close()
    }

    // A wrong passphrase: one line, status 2, nothing written.
    const wrong = join(await dirs.make('wrong'), 'data')
    const refused = await stachanov('flour and wine', 'restore', file, '--data', wrong)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/^stachanov: the passphrase does not open this backup.*\(WRONG_PASSPHRASE\)\n$/)
    expect(await missing(wrong)).toBe(true)

    // A file cut short.
    const short = join(await dirs.make('short'), 'bakery.backup')
    const bytes = await readFile(file)
    await writeFile(short, bytes.subarray(0, bytes.length - 100))
    const cut = await stachanov('flour and water', 'restore', short, '--data', wrong)
    expect(cut.code).toBe(2)
    expect(cut.stderr).toMatch(/cut short.*\(BAD_BACKUP\)\n$/)
    expect(cut.stderr).not.toMatch(/\n\s+at /)
    expect(await missing(wrong)).toBe(true)

    // A short passphrase is refused before anything is written.
    const weak = await stachanov('short', 'backup', join(await dirs.make('weak'), 'b'), '--data', data)
    expect(weak.code).toBe(2)
    expect(weak.stderr).toContain('at least 8 characters')
  }, 120_000)
})
