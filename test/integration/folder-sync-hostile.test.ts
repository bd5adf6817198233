// A sync folder is hostile until checked: a stick from another office (or from anyone who had
// it) may hold links into this machine, cores of other networks, or far more than a network
// ever holds. Real disks, real cores, no swarm.
import { chmod, lstat, mkdir, readdir, rename, stat, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import Corestore from 'corestore'
import { afterAll, describe, expect, it } from 'vitest'
import { NetworkBase } from '../../core/network/base.ts'
import { folderStorePath, syncFolder } from '../../core/network/folder-sync.ts'
import { tempDirs } from './helpers.ts'
import { TestCollective, converged, ledgerApply } from './ledger-helpers.ts'

const dirs = tempDirs()
const bases: NetworkBase[] = []

afterAll(async () => {
  for (const base of bases) await base.close().catch(() => {})
  await dirs.cleanup()
})

/** A founder with one entry and a joined office that has seen nothing yet. */
async function twoOffices(): Promise<{ a: NetworkBase; b: NetworkBase }> {
  const a = await NetworkBase.open({
    dir: await dirs.make('office-a'),
    applyEntry: ledgerApply,
    create: true
  })
  const b = await NetworkBase.open({
    dir: await dirs.make('office-b'),
    applyEntry: ledgerApply,
    join: { key: a.config.key, encryptionKey: a.config.encryptionKey }
  })
  bases.push(a, b)
  const bakery = new TestCollective('Bakery')
  await a.append(bakery.register(a.writerKey))
  await a.append(bakery.acceptJoin(new TestCollective('Farm').joinPayload(bakery, b.writerKey)))
  await a.append(bakery.define('bread'))
  return { a, b }
}

async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name)
    const info = await lstat(path)
    out.push(`${path} ${info.mode.toString(8)} ${info.size}`)
  }
  return out.sort()
}

async function coreKeys(store: Corestore): Promise<string[]> {
  const keys: string[] = []
  for await (const discoveryKey of store.list()) {
    const auth = await store.getAuth(discoveryKey)
    if (auth?.key) keys.push(Buffer.from(auth.key).toString('hex'))
  }
  return keys
}

async function sizeOf(dir: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size
  }
  return total
}

describe('a hostile sync folder', () => {
  it(
    'refuses a network entry that is a symbolic link, and touches nothing it points to',
    { timeout: 30_000 },
    async () => {
      const { a } = await twoOffices()
      const stick = await dirs.make('stick')
      const victim = await dirs.make('victim')
      await writeFile(join(victim, 'letter.txt'), 'private')
      await chmod(victim, 0o755)
      await chmod(join(victim, 'letter.txt'), 0o644)
      const before = await snapshot(victim)
      const modeBefore = (await stat(victim)).mode
      const entry = folderStorePath(stick, a)
      await symlink(victim, entry)

      const error = await syncFolder(a, stick).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'FOLDER_UNSAFE' })
      expect(String((error as Error).message)).toContain(entry)
      expect((await stat(victim)).mode).toBe(modeBefore)
      expect(await snapshot(victim)).toEqual(before)
    }
  )

  it('refuses a link deeper inside the entry, naming it', { timeout: 30_000 }, async () => {
    const { a } = await twoOffices()
    const stick = await dirs.make('stick')
    await syncFolder(a, stick)
    const victim = await dirs.make('victim')
    await writeFile(join(victim, 'letter.txt'), 'private')
    const before = await snapshot(victim)
    // Swap one of the store's files for a link to a file outside.
    const entry = folderStorePath(stick, a)
    const files = (await readdir(entry, { withFileTypes: true, recursive: true })).filter((f) =>
      f.isFile()
    )
    const target = join(files[0]!.parentPath, files[0]!.name)
    await rename(target, `${target}.moved`)
    await symlink(join(victim, 'letter.txt'), target)

    const error = await syncFolder(a, stick).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'FOLDER_UNSAFE' })
    expect(String((error as Error).message)).toContain(target)
    expect(await snapshot(victim)).toEqual(before)
  })

  it(
    "imports only the network's own cores: fifty foreign ones stay on the stick",
    { timeout: 60_000 },
    async () => {
      const { a, b } = await twoOffices()
      const stick = await dirs.make('stick')
      await syncFolder(a, stick)

      // Someone filled the stick's store with cores of their own: 50 cores, 200 KB each.
      const foreign: string[] = []
      const planted = new Corestore(folderStorePath(stick, a))
      for (let i = 0; i < 50; i++) {
        const core = planted.get({ name: `junk-${i}` })
        await core.ready()
        await core.append(Array.from({ length: 20 }, () => Buffer.alloc(10_000, i)))
        foreign.push(core.key.toString('hex'))
        await core.close()
      }
      await planted.close()

      const result = await syncFolder(b, stick)
      expect(result.failed).toEqual([])
      expect(b.writable).toBe(true)
      expect(await converged([a, b], 4)).toBe(true)
      const held = await coreKeys(b.corestore)
      expect(held.filter((key) => foreign.includes(key))).toEqual([])
      // The founder's own data directory is the yardstick: the newcomer's is no larger by more
      // than slack, though the stick carried 10 MB of foreign blocks.
      const own = await sizeOf(a.dir)
      expect(await sizeOf(b.dir)).toBeLessThan(own + 2_000_000)
    }
  )

  it('stops at the bounds with a clear error, importing nothing', { timeout: 30_000 }, async () => {
    const { a, b } = await twoOffices()
    const stick = await dirs.make('stick')
    await syncFolder(a, stick)

    const blocks = await syncFolder(b, stick, { limits: { maxBlocksIn: 2 } }).catch(
      (e: unknown) => e
    )
    expect(blocks).toMatchObject({ code: 'FOLDER_LIMIT' })
    expect(String((blocks as Error).message)).toMatch(/more .* than one sync may import/)
    expect(b.writable).toBe(false)

    const files = await syncFolder(b, stick, { limits: { maxEntries: 3 } }).catch((e: unknown) => e)
    expect(files).toMatchObject({ code: 'FOLDER_LIMIT' })
    const bytes = await syncFolder(b, stick, { limits: { maxBytes: 1000 } }).catch(
      (e: unknown) => e
    )
    expect(bytes).toMatchObject({ code: 'FOLDER_LIMIT' })
    expect(b.writable).toBe(false)

    // Within the bounds the same stick syncs.
    await syncFolder(b, stick)
    expect(b.writable).toBe(true)
  })

  it('refuses an entry that is a file, and a folder that is not there', async () => {
    const { a } = await twoOffices()
    const stick = await dirs.make('stick')
    await writeFile(folderStorePath(stick, a), 'not a store')
    await expect(syncFolder(a, stick)).rejects.toMatchObject({ code: 'FOLDER_UNSAFE' })
    await expect(syncFolder(a, join(stick, 'missing'))).rejects.toMatchObject({
      code: 'FOLDER_UNSAFE'
    })
    await mkdir(join(stick, 'empty'))
    expect((await syncFolder(a, join(stick, 'empty'))).blocksOut).toBeGreaterThan(0)
  })
})
