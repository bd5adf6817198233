// A full disk under a running node, on a real file system: a small tmpfs mounted for the test
// (skipped, saying why, where this process may not mount one). The node writes until the disk
// is full; then every write answers DISK_FULL with a sentence, the status reports it, a 'fault'
// event tells it (the host logs it), and reads go on (they need no space); once space is freed
// the node reopens its storage by itself and writes again. No transaction it acknowledged is lost, neither then nor after a restart.
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as queries from '../../core/ledger/queries.ts'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import { dispatch } from '../../main/api/table.ts'
import { setUpHost } from '../../main/host/setup.ts'
import { SCENARIOS_DIR } from '../../main/server/host.ts'
import { waitFor } from './helpers.ts'
import { free, mountSmallDisk, releaseSmallDisk } from '../helpers/small-disk.ts'

const disk = mountSmallDisk('disk-full-')
const nodes: CollectiveNode[] = []
afterAll(async () => {
  for (const node of nodes) await node.close().catch(() => {})
  releaseSmallDisk(disk)
})

const product = (n: number) => ({ type: 'product.define' as const, body: { name: `Roll ${n} ${'x'.repeat(60)}`, unit: 'piece', kind: 'consumable' as const } })

describe.skipIf(disk.skip !== null)(`a full disk${disk.skip ? ` (skipped: ${disk.skip})` : ''}`, () => {
  it('is reported, refuses writes while full, recovers by itself and loses nothing acknowledged', { timeout: 180_000 }, async () => {
    const dataDir = join(disk.dir, 'node')
    const events: unknown[] = []
    const { node, host } = await setUpHost({ dataDir, scenariosDir: SCENARIOS_DIR, swarm: false, emit: (event, data) => event === 'fault' && events.push(data) })
    nodes.push(node)
    await node.outcome((await node.create({ name: 'Bakery', roles: ['producer'] })).id)

    // Leave the node a few hundred KiB, then write until the disk is full.
    const filler = join(disk.dir, 'filler')
    await writeFile(filler, Buffer.alloc(Math.max(0, free(disk.dir) - 300 * 1024)))
    const acked: string[] = []
    let failure: { code?: string; message?: string } | null = null
    for (let n = 0; n < 20_000 && !failure; n++) {
      try {
        const result = await node.submitIntent(product(n))
        expect(result.status).toBe('accepted')
        acked.push(result.id)
      } catch (error) {
        failure = error as { code?: string; message?: string }
      }
    }
    expect(acked.length).toBeGreaterThan(0)
    // The write that met the full disk is not refused: it may have landed, so the node says
    // it does not know yet, and lists it as unsure until space returns.
    expect(failure).toMatchObject({ code: 'WRITE_UNSURE', message: expect.stringMatching(/^transaction [0-9a-f]{8}… may not be saved: the disk became full while it was written\. .*Do not enter it again/) })
    const fullStatus = await node.status()
    const unsure = fullStatus.state === 'ready' ? fullStatus.unsure : []
    expect(unsure).toEqual([{ id: expect.stringMatching(/^[0-9a-f]{64}$/), type: 'product.define' }])
    const unsureId = unsure[0]!.id
    expect(failure?.message?.slice(12, 20)).toBe(unsureId.slice(0, 8))
    // Every write after it is refused before anything is written, with the disk's sentence.
    await expect(node.submitIntent(product(-3))).rejects.toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/^the disk holding \S+ is full .*Free some space/) })

    // Writes say so, through the API too, and nothing is written; the status reports the
    // fault, and what was acknowledged can still be read.
    expect(await dispatch(host, 'tx.submit', { intent: product(-1) })).toMatchObject({ error: { code: 'DISK_FULL', message: expect.stringContaining('is full') } })
    expect(await dispatch(host, 'node.status', {})).toMatchObject({ result: { state: 'ready', writable: false, collective: { name: 'Bakery' }, fault: { code: 'DISK_FULL' } } })
    const listed = await dispatch(host, 'view.products', {})
    if (!('result' in listed)) throw new Error(`view.products while full: ${JSON.stringify(listed.error)}`)
    // At least those acknowledged: the append that met the full disk may have landed too.
    expect((listed.result as unknown[]).length).toBeGreaterThanOrEqual(acked.length)
    for (const id of acked) expect((await queries.transaction(node.store(), id))?.status, id).toBe('accepted')
    expect(events).toEqual([expect.objectContaining({ code: 'DISK_FULL' })])

    // Space returns: the node goes on by itself.
    await rm(filler)
    await waitFor('the node to reopen its storage', async () => ((await node.status()).state === 'ready' && (await node.status()).fault === null) || null, { timeoutMs: 60_000, intervalMs: 200 })
    expect(events.at(-1)).toBeNull()
    // The unsure write was settled before writes went on: in the log once, whether it had
    // landed on the full disk or was appended again; listed as unsure no more.
    const settledStatus = await node.status()
    expect(settledStatus).toMatchObject({ state: 'ready', unsure: [] })
    expect((await queries.transaction(node.store(), unsureId))?.status).toBe('accepted')
    const products = (await dispatch(host, 'view.products', {})) as { result: { name: string }[] }
    expect(products.result.length).toBe(acked.length + 1)
    acked.push(unsureId)
    const after = await node.submitIntent(product(-2))
    expect(after.status).toBe('accepted')
    acked.push(after.id)
    for (const id of acked) expect((await queries.transaction(node.store(), id))?.status, id).toBe('accepted')
    const { digest } = await queries.digest(node.store())

    // And after a restart.
    await node.close()
    const restarted = await CollectiveNode.open({ dir: dataDir, swarm: false })
    nodes.push(restarted)
    for (const id of acked) expect((await queries.transaction(restarted.store(), id))?.status, id).toBe('accepted')
    expect((await queries.digest(restarted.store())).digest).toBe(digest)
    await restarted.close()
  })

  it('starts on a full disk with DISK_FULL, and goes on once space is freed', { timeout: 180_000 }, async () => {
    const dir = join(disk.dir, 'starting')
    const node = await CollectiveNode.open({ dir, swarm: false })
    nodes.push(node)
    const founded = await node.create({ name: 'Mill', roles: ['producer'] })
    await node.outcome(founded.id)
    await node.close()

    const filler = join(disk.dir, 'filler')
    await writeFile(filler, Buffer.alloc(free(disk.dir))).catch(() => {}) // fills it, whatever fits
    const starting = await CollectiveNode.open({ dir, swarm: false, storageRetryMs: 200 })
    nodes.push(starting)
    await expect(starting.status()).rejects.toMatchObject({ code: 'DISK_FULL' })
    // Not mistaken for a new device: no second collective can be founded over it.
    await expect(starting.create({ name: 'Other', roles: ['producer'] })).rejects.toMatchObject({ code: 'DISK_FULL' })

    await rm(filler)
    const status = await waitFor('the node to open its storage', () => starting.status().catch(() => null), { timeoutMs: 60_000, intervalMs: 200 })
    expect(status).toMatchObject({ state: 'ready', collective: { name: 'Mill' } })
    expect((await queries.transaction(starting.store(), founded.id))?.status).toBe('accepted')
    expect((await starting.submitIntent(product(0))).status).toBe('accepted')
  })
})
