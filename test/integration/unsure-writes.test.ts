// Settling writes that met a full disk (core/node/unsure-writes.ts), against a real node: one
// that never landed is appended again and recorded once; one that landed is left as it is
// (nothing appended twice); one whose append fails again is kept for the next reopen; and the
// node does so itself when its base reopens, before writes go on (also after a restart). The
// failure itself, on a real full disk, is test/integration/disk-full.test.ts (where the write
// that met the full disk had landed every time).
import { afterAll, describe, expect, it } from 'vitest'
import * as queries from '../../core/ledger/queries.ts'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import { NodeError } from '../../core/node/errors.ts'
import { UnsureWrites, type Settling } from '../../core/node/unsure-writes.ts'
import { transactionId } from '../../core/protocol/encoding.ts'
import { createTransaction, signTransaction } from '../../core/protocol/sign.ts'
import { tempDirs } from './helpers.ts'

const dirs = tempDirs()
afterAll(() => dirs.cleanup())

const full = new NodeError('DISK_FULL', 'the disk holding /x is full')

describe('writes that may not have landed', () => {
  it('are appended again only when not in the log, and recorded once', { timeout: 60_000 }, async () => {
    const node = await CollectiveNode.open({ dir: await dirs.make(), swarm: false })
    await node.outcome((await node.create({ name: 'Bakery', roles: ['producer'] })).id)
    const identity = node.requireIdentity()
    const define = (name: string) =>
      signTransaction(createTransaction({ type: 'product.define', body: { name, unit: 'loaf', kind: 'consumable' }, time: node.now, signers: [identity.id] }), identity.keyPair)
    const appended: string[] = []
    const base: Settling = {
      landed: async (id) => (await queries.transaction(node.store(), id)) !== undefined,
      append: async (tx) => {
        appended.push(transactionId(tx))
        await node.outcome((await node.append(tx)).id)
      }
    }

    const lost = define('Rye bread')
    const landed = define('Oat bread')
    await node.outcome((await node.append(landed)).id)
    const unsure = new UnsureWrites()
    const answer = unsure.add(lost, full)
    unsure.add(landed, full)
    expect(answer).toMatchObject({ code: 'WRITE_UNSURE', message: expect.stringMatching(/^transaction [0-9a-f]{8}… may not be saved: the disk became full while it was written\. /) })
    expect(unsure.list()).toEqual([
      { id: transactionId(lost), type: 'product.define' },
      { id: transactionId(landed), type: 'product.define' }
    ])
    const before = (await queries.digest(node.store())).length

    await unsure.settle(base)
    expect(appended).toEqual([transactionId(lost)])
    expect(unsure.list()).toEqual([])
    expect((await queries.transaction(node.store(), transactionId(lost)))?.status).toBe('accepted')
    expect((await queries.transaction(node.store(), transactionId(landed)))?.status).toBe('accepted')
    const names = (await queries.log(node.store())).flatMap((entry) => ((entry as { type?: string }).type === 'product.define' ? [entry] : []))
    expect(names).toHaveLength(2)
    expect((await queries.digest(node.store())).length).toBe(before + 1)

    // An append that fails again (here: the node has closed) keeps the write for next time.
    const again = define('Spelt bread')
    unsure.add(again, full)
    await node.close()
    await expect(unsure.settle({ landed: async () => false, append: async (tx) => void (await node.append(tx)) })).rejects.toThrow()
    expect(unsure.list()).toEqual([{ id: transactionId(again), type: 'product.define' }])
  })

  it('are settled by the node when its base reopens, before writes go on', { timeout: 60_000 }, async () => {
    const node = await CollectiveNode.open({ dir: await dirs.make(), swarm: false })
    await node.outcome((await node.create({ name: 'Mill', roles: ['producer'] })).id)
    const identity = node.requireIdentity()
    const define = (name: string) =>
      signTransaction(createTransaction({ type: 'product.define', body: { name, unit: 'sack', kind: 'consumable' }, time: node.now, signers: [identity.id] }), identity.keyPair)
    // The node's own list and reopen (what a full disk leads to), reached past `private`.
    const unsure = node['unsure'] as UnsureWrites
    const reopen = () => node['reopenBase']() as Promise<void>
    const lost = define('Flour')
    const landed = define('Bran')
    await node.outcome((await node.append(landed)).id)
    unsure.add(lost, full)
    unsure.add(landed, full)
    expect((await node.status()) as { unsure?: unknown }).toMatchObject({ unsure: [{ id: transactionId(lost) }, { id: transactionId(landed) }] })
    const before = (await queries.digest(node.store())).length

    await reopen()
    expect((await node.status()) as { unsure?: unknown }).toMatchObject({ unsure: [] })
    expect((await queries.transaction(node.store(), transactionId(lost)))?.status).toBe('accepted')
    expect((await queries.transaction(node.store(), transactionId(landed)))?.status).toBe('accepted')
    expect((await queries.digest(node.store())).length).toBe(before + 1)
    // And after a restart: there once, nothing to settle.
    await node.close()
    const again = await CollectiveNode.open({ dir: node['options'].dir as string, swarm: false })
    expect((await queries.transaction(again.store(), transactionId(lost)))?.status).toBe('accepted')
    expect((await queries.digest(again.store())).length).toBe(before + 1)
    await again.close()
  })
})
