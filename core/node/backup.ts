// What a backup holds, and putting it back. A backup is the device's whole data directory --
// keys (identity, device, network), settings, the address book, the till, and the Corestore
// with the log and the view -- so an office without a network starts again from it alone.
// It is taken while the node's storage is closed (CollectiveNode.backup), so the copy is
// consistent; it is encrypted with a passphrase (backup-file.ts).
//
// Restoring never writes on with the backed-up device's writer core: the old machine may
// still run, or have written after the backup, and two machines appending to one core fork
// it beyond repair. So the restored directory gets a new device key (a new writer core), a
// note of the device it replaces (restored.json), and no copy of the log: the backed-up
// Corestore holds that device's core with its signing key, and nothing of it may be opened
// as this device's. Keys, settings, people, the till and kept wallets come back; the log
// comes from the network once a neighbour's invite code has bound the new device with a
// `device.bind` that replaces the old one, unbinding it in the same step (node-recovery.ts).
// The one exception is a
// backup of the network's only device: nobody could bind a new one, and nobody else holds
// that core's entries, so it comes back as the same device (`sole` in the manifest).
import { createReadStream } from 'node:fs'
import { mkdir, open, readdir, rename, rm, rmdir, lstat, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { BackupWriter, readBackup } from './backup-file.ts'
import { checkBackupTarget, writeFailure } from './backup-target.ts'
import { NodeError } from './errors.ts'
import { IDENTITY_FILE } from './keys.ts'
import { CORESTORE_DIR, DEVICE_FILE, loadOrCreateDeviceKey, NETWORK_FILE, readSecretJson, secureDir, writeSecretJson } from '../network/keys.ts'
import { WRITER_FILE } from '../network/writer-record.ts'
import { randomBytes } from '../protocol/crypto.ts'

export const MANIFEST = 'manifest.json'

/** What the backup says about itself (inside the encryption). */
export interface BackupManifest {
  format: 1
  /** When it was taken (ms, this machine's clock). */
  taken: number
  collective: { id: string; name: string | null }
  network: string
  device: string
  digest: string
  length: number
  /** The backed-up device was the only device of the network when the backup was taken. */
  sole?: boolean
}

/** In a restored data directory until the new device is bound: the device it replaces. */
export const RESTORED_FILE = 'restored.json'

export interface RestoredNote {
  /** The backed-up device's writer key: the new device's `device.bind` replaces it. */
  replaces: string
  collective: string
  taken: number
}

export async function readRestoredNote(dir: string): Promise<RestoredNote | null> {
  const note = (await readSecretJson(join(dir, RESTORED_FILE))) as Partial<RestoredNote> | null
  return typeof note?.replaces === 'string' && typeof note.collective === 'string' ? (note as RestoredNote) : null
}

/**
 * Left out: the running server's address and token (server.json, and access.json that keeps
 * them across restarts: a restored machine makes its own), half-written temp files, locks;
 * and the Corestore's device file (`corestore/CORESTORE`), which ties the storage to this
 * disk's inode so that a copy is not opened by mistake. A restore is a deliberate copy: the
 * restored storage makes its own device file when it is first opened.
 */
const leftOut = (name: string) =>
  name === 'corestore/CORESTORE' ||
  (!name.includes('/') && (name === 'server.json' || name === 'access.json' || name.endsWith('.tmp') || name.endsWith('.lock') || name === MANIFEST))

/** Every regular file under `dir`, as relative `/` paths (links and odd files are refused). */
async function filesOf(dir: string, prefix = ''): Promise<Array<{ name: string; path: string; size: number }>> {
  const out: Array<{ name: string; path: string; size: number }> = []
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name)
    const name = prefix ? `${prefix}/${entry.name}` : entry.name
    if (leftOut(name)) continue
    if (entry.isDirectory()) out.push(...(await filesOf(path, name)))
    else if (entry.isFile()) out.push({ name, path, size: (await lstat(path)).size })
    else throw new NodeError('BAD_BACKUP', `${path} is not a plain file or folder: a data directory holds none`)
  }
  return out
}

/**
 * Writes the backup of `dir` to `file` (whole or not at all: a temp file renamed at the end),
 * replacing a file already there only with `overwrite` (backup-target.ts). The node's storage
 * must be closed meanwhile.
 */
export async function writeBackup(
  dir: string,
  file: string,
  passphrase: string,
  manifest: BackupManifest,
  params?: { ops: number; mem: number },
  overwrite = false
): Promise<{ files: number; bytes: number }> {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`)
  const writer = await BackupWriter.create(temp, passphrase, params).catch((error: unknown) => {
    throw writeFailure(error, file)
  })
  let bytes = 0
  try {
    const files = await filesOf(dir)
    const about = Buffer.from(JSON.stringify(manifest))
    await writer.add(MANIFEST, about.length, about)
    for (const { name, path, size } of files) {
      await writer.add(name, size, createReadStream(path) as AsyncIterable<Buffer>)
      bytes += size
    }
    await writer.finish()
    // Checked again at the end: a file may have come there while the backup was written.
    await checkBackupTarget(file, overwrite)
    await rename(temp, file)
    return { files: files.length, bytes }
  } catch (error) {
    await writer.abort()
    await rm(temp, { force: true })
    throw writeFailure(error, file)
  }
}

/** What makes a data directory a node's: restoring over it would lose that node. */
const NODE_FILES = [IDENTITY_FILE, NETWORK_FILE, CORESTORE_DIR]

/**
 * Restores the backup in `file` into `dir`, which must not hold a node (it may not exist, or
 * hold only settings or a running server's address). Everything is decrypted and checked
 * into a temp folder beside it first; only a whole, verified backup is moved into `dir`, so a
 * wrong passphrase or a damaged file leaves nothing behind.
 */
export async function restoreBackup(file: string, dir: string, passphrase: string): Promise<BackupManifest> {
  const existing = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null
    if (error.code === 'ENOTDIR') throw new NodeError('NOT_EMPTY', `${dir} is a file, not a data directory`)
    throw error
  })
  if (existing?.some((name) => NODE_FILES.includes(name))) {
    throw new NodeError('NOT_EMPTY', `${dir} already holds a node: restore into a new, empty data directory`)
  }
  await mkdir(dirname(dir), { recursive: true })
  const temp = join(dirname(dir), `.${basename(dir)}.restoring-${randomBytes(4).toString('hex')}`)
  await secureDir(temp)
  try {
    const manifest = await extract(file, temp, passphrase)
    if (!manifest.sole) await asNewDevice(temp, manifest)
    if (existing === null) {
      await rename(temp, dir)
    } else {
      // The backup's files replace what a fresh directory may hold (settings, a failed pairing's device key).
      await secureDir(dir)
      for (const name of await readdir(temp)) await rename(join(temp, name), join(dir, name))
      await rmdir(temp)
    }
    return manifest
  } catch (error) {
    await rm(temp, { recursive: true, force: true })
    throw error
  }
}

/**
 * Gives the restored directory a device key of its own (a new writer core) and notes the
 * device it replaces; the old device's Corestore and writer record go (see the top).
 */
async function asNewDevice(temp: string, manifest: BackupManifest): Promise<void> {
  await rm(join(temp, DEVICE_FILE))
  await rm(join(temp, WRITER_FILE), { force: true })
  await rm(join(temp, CORESTORE_DIR), { recursive: true, force: true })
  await loadOrCreateDeviceKey(temp)
  // A backup of a restored device not bound yet still replaces the device before it.
  const earlier = await readRestoredNote(temp)
  const note: RestoredNote = { replaces: earlier?.replaces ?? manifest.device, collective: manifest.collective.id, taken: manifest.taken }
  await writeSecretJson(join(temp, RESTORED_FILE), { version: 1, ...note })
}

/** Decrypts every file of the backup into `temp`; returns its manifest once all is checked. */
async function extract(file: string, temp: string, passphrase: string): Promise<BackupManifest> {
  let manifest: BackupManifest | null = null
  let chunks: Buffer[] | null = null
  let handle: FileHandle | null = null
  const finish = async () => {
    if (handle) {
      await handle.sync()
      await handle.close()
    }
    if (chunks) manifest = parseManifest(Buffer.concat(chunks), file)
    handle = null
    chunks = null
  }
  try {
    for await (const item of readBackup(file, passphrase)) {
      if (Buffer.isBuffer(item)) {
        if (chunks) chunks.push(Buffer.from(item))
        else await handle!.write(item)
        continue
      }
      await finish()
      if (item.name === MANIFEST) {
        if (item.size > 64 * 1024) throw new NodeError('BAD_BACKUP', `${file} holds a damaged description of itself`)
        chunks = []
        continue
      }
      const path = join(temp, ...item.name.split('/'))
      await mkdir(dirname(path), { recursive: true, mode: 0o700 })
      handle = await open(path, 'wx', 0o600)
    }
    await finish()
  } finally {
    await (handle as FileHandle | null)?.close().catch(() => {})
  }
  for (const needed of [IDENTITY_FILE, DEVICE_FILE, NETWORK_FILE]) {
    if (!(await lstat(join(temp, needed)).catch(() => null))) throw new NodeError('BAD_BACKUP', `${file} holds no ${needed}: it is not a node's backup`)
  }
  if (!manifest) throw new NodeError('BAD_BACKUP', `${file} says nothing about itself: it is not a node's backup`)
  return manifest
}

function parseManifest(bytes: Buffer, file: string): BackupManifest {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as BackupManifest
    if (value.format === 1 && typeof value.collective?.id === 'string' && typeof value.digest === 'string') return value
  } catch {
    // falls through
  }
  throw new NodeError('BAD_BACKUP', `${file} holds a damaged description of itself`)
}
