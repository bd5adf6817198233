// A small real file system for the full-disk tests: a 12 MiB tmpfs mounted for one test file
// (skipped, saying why, where this process may not mount one).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmdirSync, statfsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface SmallDisk {
  dir: string
  /** Why no tmpfs could be mounted, or null when it is. */
  skip: string | null
}

/** Mounts a 12 MiB tmpfs in a new directory named after `prefix`. */
export function mountSmallDisk(prefix: string): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  if (process.platform !== 'linux') return { dir, skip: 'mounting a tmpfs needs Linux' }
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=12m,mode=0700', 'tmpfs', dir], { stdio: 'pipe' })
    return { dir, skip: null }
  } catch (error) {
    return { dir, skip: `this process may not mount a tmpfs (${String((error as { stderr?: unknown }).stderr ?? error).trim()})` }
  }
}

/** Unmounts the disk and removes its directory. */
export function releaseSmallDisk(disk: SmallDisk): void {
  if (!disk.skip) execFileSync('umount', [disk.dir])
  rmdirSync(disk.dir)
}

/** Bytes an unprivileged process may still write on the file system holding `dir`. */
export function free(dir: string): number {
  const info = statfsSync(dir)
  return info.bavail * info.bsize
}
