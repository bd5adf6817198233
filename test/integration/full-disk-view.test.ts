// Reading a node's data on a disk with no space left at all (a real 12 MiB tmpfs, skipped,
// saying why, where this process may not mount one): the view opened read-only
// (core/node/full-disk-view.ts) answers what the node held -- the same digest, the same
// records -- and writes nothing while it opens and reads. This is the path reads take once
// Autobase has closed itself over a failed write; whether it closes at that write varies, so it
// is tested here directly rather than left to chance in disk-full.test.ts.
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as queries from '../../core/ledger/queries.ts'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import { openReadOnlyView } from '../../core/node/full-disk-view.ts'
import { free, mountSmallDisk, releaseSmallDisk } from '../helpers/small-disk.ts'

const disk = mountSmallDisk('full-disk-view-')
afterAll(() => {
  releaseSmallDisk(disk)
})

describe.skipIf(disk.skip !== null)(`the read-only view on a full disk${disk.skip ? ` (skipped: ${disk.skip})` : ''}`, () => {
  it('reads what the node held, and writes nothing', { timeout: 120_000 }, async () => {
    const dir = join(disk.dir, 'node')
    const node = await CollectiveNode.open({ dir, swarm: false })
    const founded = await node.create({ name: 'Bakery', roles: ['producer'] })
    await node.outcome(founded.id)
    const bread = await node.submit('product.define', { name: 'Rye bread', unit: 'loaf', kind: 'consumable' })
    expect(bread.status).toBe('accepted')
    const held = await queries.digest(node.store())
    const core = node.requireBase().view.core
    const ref = { key: core.key, encryption: (core as unknown as { encryption: unknown }).encryption }
    await node.close()

    // Not a byte left.
    const filler = join(disk.dir, 'filler')
    await writeFile(filler, Buffer.alloc(free(disk.dir))).catch(() => {})
    expect(free(disk.dir)).toBe(0)

    const view = openReadOnlyView(dir, ref, () => new Error('cannot read on the full disk'))
    try {
      expect(await queries.digest(view.store)).toEqual(held)
      expect((await queries.transaction(view.store, bread.id))?.status).toBe('accepted')
      expect((await queries.collective(view.store, node.requireIdentity().id))?.name).toBe('Bakery')
      // It writes nothing: a write is refused with the full disk's sentence.
      await expect(view.store.put('x', 1)).rejects.toThrow('cannot read on the full disk')
      expect(free(disk.dir)).toBe(0)
    } finally {
      await view.close()
      await rm(filler)
    }
  })
})
