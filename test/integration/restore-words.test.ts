// A collective that lost its device comes back on a new one from its 24 recovery words: a
// neighbour makes an invite code, the new device (a fresh data directory) asks with the words
// and the code, is bound by a `device.bind` signed with the restored key, syncs, and signs
// accepted entries again; the lost device is then unbound. On a local DHT, on real disks.
import { describe, expect, it } from 'vitest'
import * as queries from '../../core/ledger/queries.ts'
import { createWallet } from '../../core/node/keys.ts'
import { waitFor } from './helpers.ts'
import { sameDigest, useTestnetNodes } from './testnet-nodes.ts'

const { open } = useTestnetNodes()

describe('restoring a collective from its recovery words', () => {
  it('binds a new device, which syncs, signs accepted entries and unbinds the lost one', async () => {
    const bakery = await open('bakery')
    await bakery.outcome((await bakery.create({ name: 'Bakery', roles: ['producer'] })).id)
    const mill = await open('mill')
    await mill.join({ code: (await bakery.invite()).code, name: 'Mill', roles: ['producer'] }, 60_000)
    const flour = await mill.submit('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' })
    expect(flour.status).toBe('accepted')
    const words = mill.backupWords()
    const millId = mill.identity!.id
    const lostDevice = mill.requireBase().writerKey
    await waitFor('the bakery sees the flour', () => sameDigest(bakery, mill), { timeoutMs: 30_000 })
    await mill.close() // the mill's machine is gone

    const again = await open('mill-again')
    await again.restore({ code: (await bakery.invite()).code, words }, 60_000)
    expect(again.identity!.id).toBe(millId)
    expect(again.requireBase().writerKey).not.toBe(lostDevice)
    await waitFor('the new device has the whole log', () => sameDigest(bakery, again), { timeoutMs: 60_000 })
    expect((await again.devices()).map((d) => d.key).sort()).toEqual([lostDevice, again.requireBase().writerKey].sort())

    // It signs for the mill again, and the bakery accepts what it signs.
    const bread = await again.submit('product.define', { name: 'Rye flour', unit: 'kg', kind: 'consumable' })
    expect(bread.status).toBe('accepted')
    expect((await bakery.outcome(bread.id, 30_000)).status).toBe('accepted')

    // The lost device may no longer write.
    const unbound = await again.unbindDevice(lostDevice, 'the old machine was lost')
    expect(unbound.status).toBe('accepted')
    await waitFor('the bakery has the unbinding', () => sameDigest(bakery, again), { timeoutMs: 30_000 })
    expect((await queries.collective(bakery.store(), millId))?.devices).toEqual([again.requireBase().writerKey])
    expect((await bakery.requireBase().writers()).map((w) => w.key)).not.toContain(lostDevice)
  }, 180_000)

  it('refuses words that are not a recovery phrase, before asking anyone', async () => {
    const stranger = await open('stranger')
    const words = Array.from({ length: 24 }, () => 'bread')
    await expect(stranger.restore({ code: 'x.y', words })).rejects.toMatchObject({ code: 'BAD_WORDS' })
    expect(stranger.ready).toBe(false)
  })

  it('binds nothing for words of a collective the network does not know', async () => {
    const clinic = await open('clinic')
    await clinic.outcome((await clinic.create({ name: 'Clinic', roles: ['dispatcher'] })).id)
    const nobody = await open('nobody')
    const { words } = createWallet() // 24 valid words, but no collective's
    await expect(nobody.restore({ code: (await clinic.invite()).code, words }, 20_000)).rejects.toMatchObject({ code: 'PAIRING_REJECTED' })
    expect(nobody.ready).toBe(false)
  }, 60_000)
})
