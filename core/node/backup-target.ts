// Where a backup is written: checked before the node pauses its network for the copy, so a
// file already there, a missing folder (a USB stick not plugged in) or a folder that cannot be
// written is said at once, in words, and nothing is paused or written for nothing.
import { constants } from 'node:fs'
import { access, lstat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { NodeError } from './errors.ts'

const exists = (path: string) =>
  lstat(path).then(
    (s) => s,
    () => null
  )

/**
 * Refuses a target that cannot take the backup: FILE_EXISTS for a file already there unless
 * `overwrite` (a backup never replaces a file without leave: it may be the only other copy),
 * CANNOT_WRITE for a folder given as the file, a missing folder or one not writable.
 */
export async function checkBackupTarget(file: string, overwrite: boolean): Promise<void> {
  const there = await exists(file)
  if (there?.isDirectory()) {
    throw new NodeError(
      'CANNOT_WRITE',
      `${file} is a folder: give the name of the file to write in it`
    )
  }
  if (there && !overwrite) {
    throw new NodeError(
      'FILE_EXISTS',
      `${file} already exists: nothing was written (choose another name, or replace it)`
    )
  }
  const folder = dirname(file)
  const parent = await exists(folder)
  if (!parent)
    throw new NodeError(
      'CANNOT_WRITE',
      `the folder ${folder} does not exist (is the drive plugged in?): nothing was written`
    )
  if (!parent.isDirectory())
    throw new NodeError('CANNOT_WRITE', `${folder} is not a folder: nothing was written`)
  try {
    await access(folder, constants.W_OK)
  } catch {
    throw new NodeError(
      'CANNOT_WRITE',
      `this computer may not write into ${folder}: nothing was written`
    )
  }
}

/** A failure while writing the backup, in words: the disk full, or the drive gone or read-only. */
export function writeFailure(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code
  if (code === 'ENOSPC')
    return new NodeError('CANNOT_WRITE', `the drive of ${file} is full: nothing was written`)
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new NodeError('CANNOT_WRITE', `this computer may not write ${file}: nothing was written`)
  }
  if (code === 'ENOENT' || code === 'EIO' || code === 'ENODEV') {
    return new NodeError(
      'CANNOT_WRITE',
      `the drive of ${file} went away while writing: nothing was written`
    )
  }
  return error
}
