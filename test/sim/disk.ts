// Full disks in the simulator. A node's storage refuses writes as RocksDB does on a full disk
// (its write batches fail with "IO error: No space left on device"), and the node reads its
// free space as zero, until the simulator frees it. Everything above RocksDB is the node's
// own: the failed write, the DISK_FULL it answers, the retries and the reopen
// (core/node/storage-fault.ts). A disk fills only at a step of the schedule, so a seed
// replays exactly, which a real small file system filling at RocksDB's pace would not.
import { createRequire } from 'node:module'
import { dirname, join, sep } from 'node:path'

const full = new Set<string>()

/** Whether `path` lies in a node directory whose disk is full now. */
function isFull(path: string): boolean {
  for (const dir of full) if (path === dir || path.startsWith(dir + sep)) return true
  return false
}

let installed = false

/** Makes RocksDB's write batches fail under full directories (once per process). */
function install(): void {
  if (installed) return
  installed = true
  const require = createRequire(import.meta.url)
  // The package exports only its index: its batch module is reached by its file name.
  const { WriteBatch } = require(
    join(dirname(require.resolve('rocksdb-native')), 'lib', 'batch.js')
  )
  const proto = WriteBatch.prototype
  const write = proto._flush
  const prepare = Object.getPrototypeOf(proto)._flush
  proto._flush = async function (this: any) {
    const path: string | undefined = this._db?._state?.path
    if (!path || !isFull(path)) return write.call(this)
    await prepare.call(this)
    if (this._destroyed) return
    const error = Object.assign(
      new Error(`IO error: No space left on device: While appending to file: ${path}`),
      { code: 'ENOSPC' }
    )
    setImmediate(() => this._onwrite(error))
  }
}

export const disks = {
  fill(dir: string): void {
    install()
    full.add(dir)
  },
  free(dir: string): void {
    full.delete(dir)
  },
  isFull(dir: string): boolean {
    return full.has(dir)
  },
  /** The node's reading of its free space (NodeOptions.freeBytes). */
  freeBytes(dir: string): number {
    return isFull(dir) ? 0 : 1024 ** 3
  }
}
