// A node started while its disk is full, and the disk freed later: it must open answering
// DISK_FULL and then go on by itself. Found by the simulator (seed 12, a full disk while a node
// opens): Autobase's first write at open failed, Corestore's close then failed on the same
// write and left RocksDB open, so its lock stayed held and every reopen after space was freed
// failed with "open in another process" -- the node answered DISK_FULL for good.
// The full disk is the simulator's (test/sim/disk.ts: RocksDB's write batches fail as on a full
// disk, the free space reads 0), so the write that fails at open is the same every run.
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import { disks } from '../sim/disk.ts'

const root = await mkdtemp(join('/dev/shm', 'disk-full-open-'))
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const open = (dir: string) =>
  CollectiveNode.open({ dir, swarm: false, ackInterval: 0, durable: false, storageRetryMs: 20, freeBytes: disks.freeBytes, council: false })

/** 'ok', or the fault the node's status reports or answers with. */
const statusCode = (node: CollectiveNode) =>
  node.status().then(
    (status) => (status.state === 'ready' && status.fault ? status.fault.code : 'ok'),
    (error: { code?: string }) => error.code ?? String(error)
  )

describe('a node started on a full disk', () => {
  it('answers DISK_FULL, then reopens its storage once space is freed', { timeout: 120_000 }, async () => {
    const dir = join(root, 'node')
    const first = await open(dir)
    await first.create({ name: 'Bakery', roles: ['producer'] })
    await first.close()

    disks.fill(dir)
    const node = await open(dir)
    try {
      // Opening may have written nothing yet: then the node's first write meets the full disk.
      if ((await statusCode(node)) === 'ok') await node.submit('product.define', { name: 'Rolls', unit: 'piece', kind: 'consumable' }).catch(() => {})
      expect(await statusCode(node)).toBe('DISK_FULL')
      disks.free(dir)
      let answer = ''
      for (let poll = 0; poll < 1000 && answer !== 'ok'; poll++) {
        answer = await statusCode(node)
        if (answer !== 'ok') await new Promise((resolve) => setTimeout(resolve, 20))
      }
      expect(answer).toBe('ok')
    } finally {
      disks.free(dir)
      await node.close()
    }
  })
})
