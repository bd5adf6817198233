// Pairing a new device with an invite code, on a loopback testnet: the member's ledger side
// sees the candidate's opaque payload and accepts or declines; an accepted device gets the
// keys, syncs through the inviting member and becomes a writer.
import createTestnet, { type Testnet } from 'hyperdht/testnet.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NetworkBase } from '../../core/network/base.ts'
import { Membership } from '../../core/network/membership.ts'
import { PairingHost, type PairingRequest } from '../../core/network/pairing-host.ts'
import { deviceIdentity, requestPairing } from '../../core/network/pairing-join.ts'
import { decodeInviteCode } from '../../core/network/pairing-messages.ts'
import { NetworkSwarm } from '../../core/network/swarm.ts'
import { tempDirs, waitFor } from './helpers.ts'
import { makeNode, type TestNode } from './network-helpers.ts'
import { TestCollective, ledgerApply } from './ledger-helpers.ts'

const dirs = tempDirs()
let testnet: Testnet
let member: TestNode
let host: PairingHost
const requests: PairingRequest[] = []
let decline = false
const closers: (() => Promise<void>)[] = []
const bakery = new TestCollective('Bakery')
const mill = new TestCollective('Mill')

beforeAll(async () => {
  testnet = await createTestnet(3)
  member = await makeNode('member', testnet, await dirs.make('member'), ledgerApply, {
    create: true
  })
  await member.base.append(bakery.register(member.base.writerKey))
  await member.online()
  host = new PairingHost(member.base, member.membership, {
    dht: { makeDht: () => testnet.createNode() },
    poll: 1000,
    onrequest: async (request) => {
      requests.push(request)
      if (decline) return false
      // The ledger's side: check the newcomer's registration and half-signed trust, sign the
      // trust and append both; the trust's effect makes the device a writer.
      await member.base.append(bakery.acceptJoin(request.payload))
      return true
    }
  })
})

afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => {})
  await host.close()
  await member.close()
  await testnet.destroy()
  await dirs.cleanup()
})

describe('pairing', () => {
  it(
    'pairs a device with an invite code; it syncs and becomes a writer',
    { timeout: 60_000 },
    async () => {
      const { code, id } = await host.createInvite()
      expect(code).toMatch(/^[ybndrfg8ejkmcpqxot1uwisza345h769]+$/)
      expect(code.length).toBe(28)
      expect(decodeInviteCode(code).id).toBe(id)

      const dir = await dirs.make('candidate')
      const device = await deviceIdentity(dir)
      const started = Date.now()
      const network = await requestPairing({
        code: code.toUpperCase().replace(/(.{6})/g, '$1 '), // as a person might type it
        device: device.keyPair,
        payload: mill.joinPayload(bakery, device.writerKey),
        dht: { makeDht: () => testnet.createNode() },
        poll: 1000,
        timeoutMs: 30_000
      })
      expect(Date.now() - started).toBeLessThan(30_000) // ~70 ms here over a direct connection
      expect(network.key).toBe(member.base.config.key)
      expect(network.encryptionKey).toBe(member.base.config.encryptionKey)
      expect(network.introducers).toEqual([member.base.deviceKeyPair.publicKey.toString('hex')])
      expect(requests[0]).toMatchObject({ inviteId: id, writerKey: device.writerKey })
      expect(JSON.parse(requests[0]!.payload.toString()).registration.body.name).toBe('Mill')

      const base = await NetworkBase.open({ dir, applyEntry: ledgerApply, join: network })
      const membership = new Membership(base)
      const swarm = new NetworkSwarm(base, membership, {
        dht: testnet.createNode(),
        lookupInterval: 1000
      })
      closers.push(async () => {
        await swarm.destroy()
        membership.close()
        await base.close()
      })
      await swarm.start()
      await base.waitForWritable(30_000)
      expect(base.writerKey).toBe(device.writerKey)
      await base.append(mill.define('hello from the new device'))
      await waitFor('the member to apply the new device’s entry', async () =>
        Boolean(await member.base.reader().get('productName/mill hello from the new device'))
      )
    }
  )

  it(
    'tells the candidate when the member declines, or the invite was used',
    { timeout: 60_000 },
    async () => {
      decline = true
      const declined = await host.createInvite()
      const device = await deviceIdentity(await dirs.make('declined'))
      await expect(
        requestPairing({
          code: declined.code,
          device: device.keyPair,
          payload: Buffer.from('no thanks'),
          dht: { makeDht: () => testnet.createNode() },
          poll: 1000,
          timeoutMs: 30_000
        })
      ).rejects.toMatchObject({ code: 'PAIRING_REJECTED' })

      decline = false
      const once = await host.createInvite()
      const first = await deviceIdentity(await dirs.make('first'))
      const second = await deviceIdentity(await dirs.make('second'))
      const farm = new TestCollective('Farm')
      const ask = (device: typeof first) =>
        requestPairing({
          code: once.code,
          device: device.keyPair,
          payload: farm.joinPayload(bakery, device.writerKey),
          dht: { makeDht: () => testnet.createNode() },
          poll: 1000,
          timeoutMs: 30_000
        })
      await ask(first)
      await expect(ask(second)).rejects.toMatchObject({ code: 'PAIRING_REJECTED' })
      // The same device asking again (its reply got lost) is answered again.
      await expect(ask(first)).resolves.toMatchObject({ key: member.base.config.key })
    }
  )

  it('refuses malformed invite codes before contacting anyone, and an expired one as the member says', async () => {
    const device = await deviceIdentity(await dirs.make('bad'))
    const attempt = (code: string) =>
      requestPairing({ code, device: device.keyPair, payload: Buffer.alloc(0), timeoutMs: 30_000, dht: { makeDht: () => testnet.createNode() }, poll: 200 })
    await expect(attempt('not an invite!')).rejects.toMatchObject({ code: 'BAD_INVITE' })
    await expect(attempt('ybndrfg8')).rejects.toMatchObject({ code: 'BAD_INVITE' })
    const expired = await host.createInvite({ expiresInMs: -60_000 })
    await expect(attempt(expired.code)).rejects.toMatchObject({ code: 'INVITE_EXPIRED' })
  })
})
