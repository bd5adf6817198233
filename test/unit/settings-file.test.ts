// The office's small files (settings, address book): whole writes, changes one at a time, and
// a clear error for a file that is not JSON.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { jsonFile } from '../../main/server/settings.ts'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stachanov-settings-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('jsonFile', () => {
  it('reads nothing as empty, and keeps every one of many changes made at once', async () => {
    const book = jsonFile(dir, 'people.json')
    expect(await book.read()).toEqual({})
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        book.update((names) => ({ ...names, [`k${i}`]: `name ${i}` }))
      )
    )
    const names = await book.read()
    expect(Object.keys(names)).toHaveLength(20)
    expect(names.k7).toBe('name 7')
    // Owner-only, as the keys beside it, and whole JSON on disk.
    expect((await stat(join(dir, 'people.json'))).mode & 0o777).toBe(0o600)
    expect(JSON.parse(await readFile(join(dir, 'people.json'), 'utf8'))).toEqual(names)
  })

  it('ignores a temp file left by a crash, and a failed change leaves the file as it was', async () => {
    const book = jsonFile(dir, 'people.json')
    await book.update(() => ({ a: 'Anna' }))
    await writeFile(join(dir, 'people.json.tmp'), '{"a": "half')
    expect(await book.read()).toEqual({ a: 'Anna' })
    await expect(
      book.update(() => {
        throw new Error('no')
      })
    ).rejects.toThrow('no')
    await book.update((names) => ({ ...names, b: 'Ben' }))
    expect(await book.read()).toEqual({ a: 'Anna', b: 'Ben' })
  })

  it('names a file that is not JSON', async () => {
    await writeFile(join(dir, 'settings.json'), '{ not json')
    await expect(jsonFile(dir, 'settings.json').read()).rejects.toThrow(
      /settings\.json is not valid JSON/
    )
  })
})
