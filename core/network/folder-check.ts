// What a sync folder must look like before this device opens it. A USB stick comes from
// another office, or from anyone who had it in hand: its contents are hostile until checked.
//
//  - No links: the network's entry (`stachanov-<discovery key>`) and everything under it must
//    be plain directories and files, checked with lstat at every level. A symbolic link would
//    make this device chmod, write and rename files wherever the link points (the Corestore's
//    database moves files around as it works), so a link anywhere is refused, naming the path.
//  - Bounded: the entry may hold at most `maxEntries` files and directories and `maxBytes`
//    bytes, so a stick full of junk is refused before anything of it is read.
//
// A folder could still change between this check and the sync (another program on this
// machine, racing us); a stick carried between offices does not, and that is the case this
// guards. The folder the clerk names may itself be a link (a mount point, a shortcut): it is
// the clerk's choice; what lies inside it is not.
import { constants } from 'node:fs'
import { lstat, mkdir, open, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { NetworkError } from './errors.ts'

export interface FolderLimits {
  /** Files and directories under the network's entry (default 100,000). */
  maxEntries: number
  /** Bytes of all files under the network's entry (default 8 GiB). */
  maxBytes: number
}

export const DEFAULT_FOLDER_LIMITS: FolderLimits = {
  maxEntries: 100_000,
  maxBytes: 8 * 1024 ** 3
}

/** Directory depth past which a store of ours never goes (RocksDB keeps a flat directory). */
const MAX_DEPTH = 8

/**
 * Makes sure `entry` (inside the clerk's `folder`) is a real directory holding only real
 * directories and files within the limits; creates it (0700) when the folder has none.
 */
export async function checkSyncFolder(
  folder: string,
  entry: string,
  limits: FolderLimits = DEFAULT_FOLDER_LIMITS
): Promise<void> {
  const root = await stat(folder).catch(() => null)
  if (!root?.isDirectory()) {
    throw new NetworkError('FOLDER_UNSAFE', `${folder} is not a folder this device can open`)
  }
  const info = await lstat(entry).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null
    throw err
  })
  if (info === null) {
    await mkdir(entry, { mode: 0o700 })
  } else {
    refuseUnlessPlain(entry, info, true)
    await walk(entry, limits, { entries: 0, bytes: 0 }, 0)
  }
  await tightenDirectory(entry)
}

async function walk(
  dir: string,
  limits: FolderLimits,
  seen: { entries: number; bytes: number },
  depth: number
): Promise<void> {
  if (depth > MAX_DEPTH) {
    throw new NetworkError('FOLDER_UNSAFE', `${dir} is nested deeper than a sync folder ever is`)
  }
  for (const name of await readdir(dir)) {
    const path = join(dir, name)
    const info = await lstat(path)
    refuseUnlessPlain(path, info, false)
    seen.entries++
    if (info.isFile()) seen.bytes += info.size
    if (seen.entries > limits.maxEntries) {
      throw new NetworkError(
        'FOLDER_LIMIT',
        `${dir} holds more than ${limits.maxEntries} files: this is not a sync folder of this network`
      )
    }
    if (seen.bytes > limits.maxBytes) {
      throw new NetworkError(
        'FOLDER_LIMIT',
        `the sync folder holds more than ${formatBytes(limits.maxBytes)} for this network: refused`
      )
    }
    if (info.isDirectory()) await walk(path, limits, seen, depth + 1)
  }
}

function refuseUnlessPlain(
  path: string,
  info: { isSymbolicLink(): boolean; isDirectory(): boolean; isFile(): boolean },
  directory: boolean
): void {
  if (info.isSymbolicLink()) {
    throw new NetworkError(
      'FOLDER_UNSAFE',
      `${path} is a symbolic link: a sync folder must hold the network's data itself (remove the link)`
    )
  }
  if (directory ? !info.isDirectory() : !info.isDirectory() && !info.isFile()) {
    throw new NetworkError(
      'FOLDER_UNSAFE',
      `${path} is not a plain ${directory ? 'folder' : 'file or folder'}: refused`
    )
  }
}

/**
 * Owner-only, where the file system keeps modes (a FAT stick does not, and says so). Opened
 * with O_NOFOLLOW, so a link swapped in after the check is refused rather than followed.
 */
async function tightenDirectory(path: string): Promise<void> {
  const handle = await open(
    path,
    constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW
  ).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ELOOP' || err.code === 'ENOTDIR') {
      throw new NetworkError('FOLDER_UNSAFE', `${path} changed into a link or file: refused`)
    }
    throw err
  })
  try {
    await handle.chmod(0o700).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPERM' && err.code !== 'ENOTSUP') throw err
    })
  } finally {
    await handle.close()
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${Math.round(bytes / 1024 ** 3)} GiB`
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MiB`
  return `${bytes} bytes`
}
