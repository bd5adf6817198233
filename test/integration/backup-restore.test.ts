// A node's backup, taken while it runs, restored on a fresh data directory: offline it shows
// the collective's keys on a new device that holds no log and writes nothing yet; a
// neighbour's invite code binds it in place of the backed-up device, and it catches up with
// the network to the network's digest and signs accepted entries again. On a local DHT, on
// real disks.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as queries from '../../core/ledger/queries.ts'
import { restoreBackup } from '../../core/node/backup.ts'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import { waitFor } from './helpers.ts'
import { sameDigest, useTestnetNodes } from './testnet-nodes.ts'

const LIGHT = { ops: 1, mem: 8 * 1024 * 1024 }
const { dirs, openIn: open } = useTestnetNodes()
const digestOf = (node: CollectiveNode) => queries.digest(node.store())

describe('backup and restore of a node', () => {
  it('restores on a fresh directory to the same digest as the network, and writes again', async () => {
    const bakery = await open(await dirs.make('bakery'))
    await bakery.outcome((await bakery.create({ name: 'Bakery', roles: ['producer', 'dispatcher'] })).id)
    const mill = await open(await dirs.make('mill'))
    await mill.join({ code: (await bakery.invite()).code, name: 'Mill', roles: ['producer'] }, 60_000)
    expect((await mill.submit('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' })).status).toBe('accepted')
    await waitFor('one digest', () => sameDigest(bakery, mill), { timeoutMs: 30_000 })

    const file = join(await dirs.make('stick'), 'mill.stachanov-backup')
    const taken = await mill.backup(file, 'rye and wheat', { params: LIGHT })
    expect(taken).toMatchObject({ collective: { id: mill.identity!.id, name: 'Mill' }, ...(await digestOf(bakery)) })

    // The node runs on after its backup: it reconnects and receives what the bakery writes.
    expect((await bakery.submit('product.define', { name: 'Bread', unit: 'kg', kind: 'consumable' })).status).toBe('accepted')
    await waitFor('the mill back online after its backup', () => sameDigest(bakery, mill), { timeoutMs: 30_000 })
    await mill.close() // the mill's machine is gone

    const fresh = join(await dirs.make('new-machine'), 'data')
    const { path: _, files: __, bytes: ___, ...manifest } = taken
    expect(await restoreBackup(file, fresh, 'rye and wheat')).toEqual(manifest)

    // Offline: the collective's keys are back, on a new device that holds no copy of the
    // backed-up device's log (nor its writer core) and writes nothing until it is bound.
    const offline = await open(fresh, { online: false })
    expect(offline.identity!.id).toBe(taken.collective.id)
    expect(offline.requireBase().writerKey).not.toBe(taken.device)
    expect(offline.awaitingBind).toMatchObject({ replaces: taken.device, collective: taken.collective.id })
    await expect(offline.submit('product.define', { name: 'Spelt', unit: 'kg', kind: 'consumable' })).rejects.toMatchObject({ code: 'NOT_BOUND_YET' })
    expect((await digestOf(offline)).length).toBe(0)
    await offline.close()

    // Online: a neighbour's invite code binds it in place of the old device; it catches up
    // with the network and signs for the mill again.
    const restored = await open(fresh)
    await restored.bindRestored({ code: (await bakery.invite()).code }, 60_000)
    expect(restored.awaitingBind).toBeNull()
    await waitFor('the restored mill in sync', () => sameDigest(bakery, restored), { timeoutMs: 60_000 })
    expect((await queries.collective(bakery.store(), taken.collective.id))?.devices).toEqual([restored.requireBase().writerKey])
    const rye = await restored.submit('product.define', { name: 'Rye', unit: 'kg', kind: 'consumable' })
    expect(rye.status).toBe('accepted')
    expect((await bakery.outcome(rye.id, 30_000)).status).toBe('accepted')
    await waitFor('one digest again', () => sameDigest(bakery, restored), { timeoutMs: 30_000 })
  }, 240_000)

  it('never forks: the backed-up device writes on after the backup and after the restore, and is refused by name', async () => {
    const bakery = await open(await dirs.make('bakery-2'))
    await bakery.outcome((await bakery.create({ name: 'Bakery', roles: ['producer', 'dispatcher'] })).id)
    const mill = await open(await dirs.make('mill-2'))
    await mill.join({ code: (await bakery.invite()).code, name: 'Mill', roles: ['producer'] }, 60_000)
    const file = join(await dirs.make('stick-2'), 'mill.stachanov-backup')
    const taken = await mill.backup(file, 'rye and wheat', { params: LIGHT })

    // The old machine runs on and writes after the backup: its core grows past the copy.
    const after = await mill.submit('product.define', { name: 'Oats', unit: 'kg', kind: 'consumable' })
    expect(after.status).toBe('accepted')

    // The backup is restored elsewhere and bound in place of the old machine, which still runs.
    const fresh = join(await dirs.make('new-machine-2'), 'data')
    await restoreBackup(file, fresh, 'rye and wheat')
    const restored = await open(fresh)
    await restored.bindRestored({ code: (await bakery.invite()).code }, 60_000)
    await waitFor('the restored mill has the whole log', () => sameDigest(bakery, restored), { timeoutMs: 60_000 })
    // What the old machine wrote after the backup is there, decided once: no second history.
    expect((await restored.outcome(after.id, 30_000)).status).toBe('accepted')
    const devices = (await queries.collective(bakery.store(), taken.collective.id))?.devices
    expect(devices).toEqual([restored.requireBase().writerKey])
    expect((await bakery.requireBase().writers()).map((w) => w.key)).not.toContain(taken.device)

    // The old machine tries to write again: once it has the binding it is refused by name
    // and appends nothing; the network's digest does not move.
    await waitFor('the old machine learns it was replaced', async () => (await queries.collective(mill.store(), taken.collective.id))?.devices[0] === restored.requireBase().writerKey, { timeoutMs: 30_000 })
    const before = await digestOf(bakery)
    const late = await mill.submit('product.define', { name: 'Barley', unit: 'kg', kind: 'consumable' })
    expect(late).toMatchObject({ status: 'refused', code: 'DEVICE_UNBOUND' })
    expect(mill.requireBase().writable).toBe(false)

    // The restored device writes for the mill; both sides agree on one digest.
    const rye = await restored.submit('product.define', { name: 'Rye', unit: 'kg', kind: 'consumable' })
    expect(rye.status).toBe('accepted')
    await waitFor('one digest', () => sameDigest(bakery, restored), { timeoutMs: 30_000 })
    expect((await digestOf(bakery)).length).toBe(before.length + 1)
  }, 240_000)
})
