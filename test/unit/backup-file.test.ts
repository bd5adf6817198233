// The backup file on real disks with real crypto: what goes in comes out, and a wrong
// passphrase, a file cut short, a damaged byte, garbage or an occupied target each say so
// and leave nothing behind.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { restoreBackup, writeBackup, type BackupManifest } from '../../core/node/backup.ts'
import { safeName } from '../../core/node/backup-file.ts'
import { checkBackupTarget } from '../../core/node/backup-target.ts'

// The least work Argon2id may be asked for: the scheme is the same, the test stays light.
const LIGHT = { ops: 1, mem: 8 * 1024 * 1024 }
// The network's only device: it comes back as itself, log and all (a backup of one device
// among others comes back as a new device: see the last test).
const manifest: BackupManifest = { format: 1, taken: 1, collective: { id: 'ab'.repeat(32), name: 'Bakery' }, network: 'cd'.repeat(32), device: 'ef'.repeat(32), digest: '12'.repeat(32), length: 7, sole: true }
let root: string
let source: string
let file: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'backup-file-'))
  source = join(root, 'node')
  await mkdir(join(source, 'corestore', 'db'), { recursive: true })
  await writeFile(join(source, 'identity.json'), '{"seed":"x"}')
  await writeFile(join(source, 'device.json'), '{"publicKey":"y"}')
  await writeFile(join(source, 'network.json'), '{"key":"z"}')
  await writeFile(join(source, 'people.json'), '{"aa":"Ada"}')
  await writeFile(join(source, 'server.json'), '{"token":"secret of the running server"}')
  // Larger than several chunks, and not a multiple of one.
  await writeFile(join(source, 'corestore', 'db', '000007.sst'), Buffer.alloc(300_001, 7))
  file = join(root, 'office.stachanov-backup')
  await writeBackup(source, file, 'correct horse battery', manifest, LIGHT)
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const nothingAt = async (path: string) => expect(await stat(path).catch(() => null)).toBeNull()
const leftovers = async () => (await readdir(root)).filter((name) => name.includes('restoring'))

describe('a backup file', () => {
  it('restores every file of the data directory but the running server\'s, and its manifest', async () => {
    const target = join(root, 'restored')
    expect(await restoreBackup(file, target, 'correct horse battery')).toEqual(manifest)
    expect(await readFile(join(target, 'people.json'), 'utf8')).toBe('{"aa":"Ada"}')
    expect((await readFile(join(target, 'corestore', 'db', '000007.sst'))).equals(Buffer.alloc(300_001, 7))).toBe(true)
    await nothingAt(join(target, 'server.json'))
    expect((await stat(join(target, 'identity.json'))).mode & 0o077).toBe(0)
    expect((await stat(target)).mode & 0o077).toBe(0)
  })

  it('brings a device that was one of several back as a new device, without the old core', async () => {
    const shared = join(root, 'shared.stachanov-backup')
    await writeBackup(source, shared, 'correct horse battery', { ...manifest, sole: false }, LIGHT)
    const target = join(root, 'restored-new-device')
    await restoreBackup(shared, target, 'correct horse battery')
    expect(await readFile(join(target, 'people.json'), 'utf8')).toBe('{"aa":"Ada"}')
    await nothingAt(join(target, 'corestore'))
    expect(await readFile(join(target, 'device.json'), 'utf8')).not.toBe('{"publicKey":"y"}')
  })

  it('keeps nothing readable: the passphrase, names and contents are not in the file', async () => {
    const bytes = await readFile(file)
    expect(bytes.subarray(0, 16).toString()).toBe('STACHANOV-BACKUP')
    for (const text of ['identity.json', 'Ada', 'correct horse', 'Bakery']) expect(bytes.includes(Buffer.from(text))).toBe(false)
  })

  it('refuses a wrong passphrase and writes nothing', async () => {
    const target = join(root, 'wrong')
    await expect(restoreBackup(file, target, 'correct horse batterY')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' })
    await nothingAt(target)
    expect(await leftovers()).toEqual([])
  })

  it('says a file cut short was cut short, and writes nothing', async () => {
    const short = join(root, 'short.stachanov-backup')
    await writeFile(short, await readFile(file))
    await truncate(short, (await stat(file)).size - 40)
    const target = join(root, 'short')
    await expect(restoreBackup(short, target, 'correct horse battery')).rejects.toMatchObject({ code: 'BAD_BACKUP', message: expect.stringContaining('cut short') })
    await nothingAt(target)
    expect(await leftovers()).toEqual([])
  })

  it('says a file with a damaged byte is damaged, and writes nothing', async () => {
    const bytes = await readFile(file)
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01
    const damaged = join(root, 'damaged.stachanov-backup')
    await writeFile(damaged, bytes)
    const target = join(root, 'damaged')
    await expect(restoreBackup(damaged, target, 'correct horse battery')).rejects.toMatchObject({ code: 'BAD_BACKUP', message: expect.stringContaining('damaged') })
    await nothingAt(target)
  })

  it('says garbage and missing files are not backups', async () => {
    const garbage = join(root, 'garbage.bin')
    await writeFile(garbage, Buffer.from('this is a shopping list, not a backup'))
    await expect(restoreBackup(garbage, join(root, 'g'), 'x')).rejects.toMatchObject({ code: 'BAD_BACKUP', message: expect.stringContaining('not a Stachanov backup') })
    await expect(restoreBackup(join(root, 'nowhere'), join(root, 'n'), 'x')).rejects.toMatchObject({ code: 'BAD_BACKUP', message: expect.stringContaining('no such file') })
    await nothingAt(join(root, 'g'))
  })

  it('restores into a fresh app\'s directory, which holds only settings', async () => {
    const fresh = join(root, 'fresh-app')
    await mkdir(fresh)
    await writeFile(join(fresh, 'settings.json'), '{"bootstrap":[]}')
    await writeFile(join(fresh, 'server.json'), '{"token":"this run"}')
    await restoreBackup(file, fresh, 'correct horse battery')
    expect(await readFile(join(fresh, 'server.json'), 'utf8')).toBe('{"token":"this run"}')
    expect(await readFile(join(fresh, 'people.json'), 'utf8')).toBe('{"aa":"Ada"}')
    expect(await leftovers()).toEqual([])
  })

  it('does not restore over a data directory that holds a node', async () => {
    const occupied = join(root, 'occupied')
    await mkdir(occupied)
    await writeFile(join(occupied, 'identity.json'), 'another node')
    await expect(restoreBackup(file, occupied, 'correct horse battery')).rejects.toMatchObject({ code: 'NOT_EMPTY' })
    expect(await readFile(join(occupied, 'identity.json'), 'utf8')).toBe('another node')
  })

  it('refuses to back up a data directory holding a link', async () => {
    const linked = join(root, 'linked')
    await mkdir(linked)
    await symlink('/etc/passwd', join(linked, 'people.json'))
    await expect(writeBackup(linked, join(root, 'linked.bak'), 'x', manifest, LIGHT)).rejects.toMatchObject({ code: 'BAD_BACKUP' })
    await nothingAt(join(root, 'linked.bak'))
  })

  it('never replaces a file already there without leave, and replaces it with leave', async () => {
    const kept = join(root, 'kept.stachanov-backup')
    await writeFile(kept, 'the only other copy')
    await expect(checkBackupTarget(kept, false)).rejects.toMatchObject({ code: 'FILE_EXISTS', message: `${kept} already exists: nothing was written (choose another name, or replace it)` })
    await expect(writeBackup(source, kept, 'correct horse battery', manifest, LIGHT)).rejects.toMatchObject({ code: 'FILE_EXISTS' })
    expect(await readFile(kept, 'utf8')).toBe('the only other copy')
    expect((await readdir(root)).filter((name) => name.endsWith('.tmp'))).toEqual([])

    await checkBackupTarget(kept, true)
    await writeBackup(source, kept, 'correct horse battery', manifest, LIGHT, true)
    expect(await restoreBackup(kept, join(root, 'from-replaced'), 'correct horse battery')).toEqual(manifest)
  })

  it('says in words where a backup cannot go: a folder, a missing folder', async () => {
    await expect(checkBackupTarget(root, false)).rejects.toMatchObject({ code: 'CANNOT_WRITE', message: `${root} is a folder: give the name of the file to write in it` })
    const stick = join(root, 'stick-not-plugged-in')
    await expect(checkBackupTarget(join(stick, 'b.stachanov-backup'), false)).rejects.toMatchObject({
      code: 'CANNOT_WRITE',
      message: `the folder ${stick} does not exist (is the drive plugged in?): nothing was written`
    })
    await expect(writeBackup(source, join(stick, 'b.stachanov-backup'), 'x', manifest, LIGHT)).rejects.toMatchObject({ code: 'CANNOT_WRITE' })
    await nothingAt(stick)
  })

  it('holds only relative names', () => {
    expect(safeName('corestore/db/000007.sst')).toBe(true)
    for (const bad of ['', '/etc/passwd', '../x', 'a/../b', 'a//b', 'a\\b', 'a/./b']) expect(safeName(bad)).toBe(false)
  })
})
