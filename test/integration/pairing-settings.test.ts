// Invites honour the office's network settings: with an office bootstrap, pairing uses that
// bootstrap and nothing else; with direct peers only, it runs over a direct connection; with
// no network at all, invite and join refuse at once. The public DHT is unreachable from this
// machine, so every DHT node pairing makes goes through a factory that records the options it
// was given: an attempt at the public DHT would show as a node made without a bootstrap.
import HyperDHT, { type HyperDHTOptions } from 'hyperdht'
import crypto from 'hypercore-crypto'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import * as queries from '../../core/ledger/queries.ts'
import { runBootstrapNode } from '../../core/network/swarm.ts'
import { encodeInviteCode } from '../../core/network/pairing-messages.ts'
import { CollectiveNode, type NodeOptions } from '../../core/node/collective-node.ts'
import { inviteCode, splitInviteCode } from '../../core/node/pairing.ts'
import { freeUdpPort, tempDirs, waitFor } from './helpers.ts'

const dirs = tempDirs()
const nodes: CollectiveNode[] = []
const closers: (() => Promise<unknown>)[] = []
/** The options of every DHT node pairing made. */
let made: HyperDHTOptions[] = []
const makeDht = (options: HyperDHTOptions) => {
  made.push(options)
  return new HyperDHT(options)
}

beforeEach(() => {
  made = []
})
afterAll(async () => {
  for (const node of nodes) await node.close()
  for (const close of closers) await close()
  await dirs.cleanup()
})

async function open(name: string, options: Omit<NodeOptions, 'dir'>): Promise<CollectiveNode> {
  const node = await CollectiveNode.open({ dir: await dirs.make(name), ackInterval: 200, pairing: { makeDht, poll: 200 }, ...options })
  nodes.push(node)
  return node
}

async function found(node: CollectiveNode, name: string): Promise<void> {
  await node.outcome((await node.create({ name, roles: ['producer'] })).id)
}

/** The newcomer writes; the inviter applies it, and both views agree. */
async function converges(inviter: CollectiveNode, newcomer: CollectiveNode): Promise<void> {
  const defined = await newcomer.submit('product.define', { name: 'Flour', unit: 'kg', kind: 'consumable' })
  expect((await inviter.outcome(defined.id, 30_000)).status).toBe('accepted')
  await waitFor('one digest', async () => {
    const [a, b] = [await queries.digest(inviter.store()), await queries.digest(newcomer.store())]
    return a.digest === b.digest && a.length === b.length
  })
}

describe('pairing follows the network settings', () => {
  it('with an office bootstrap, invites and joining use that bootstrap and no other', { timeout: 60_000 }, async () => {
    const bootstrap = await runBootstrapNode(await freeUdpPort(), '127.0.0.1')
    closers.push(() => bootstrap.destroy())
    const office = [`127.0.0.1:${bootstrap.address().port}`]
    const swarm = () => ({ bootstrap: office, host: '127.0.0.1', lookupInterval: 500 })
    const bakery = await open('bakery', { swarm: swarm() })
    await found(bakery, 'Bakery')
    const { code } = await bakery.invite()
    expect(splitInviteCode(code).addresses).toEqual([]) // no direct listener: no address

    const mill = await open('mill', { swarm: swarm() })
    await mill.join({ code, name: 'Mill', roles: ['producer'] }, 30_000)
    await converges(bakery, mill)
    expect(made.length).toBeGreaterThanOrEqual(2) // the inviter's pairing DHT, the newcomer's
    for (const options of made) expect(options).toEqual({ bootstrap: office, host: '127.0.0.1' })
  })

  it('with direct peers only, the invite carries the address and pairing runs over TCP', { timeout: 60_000 }, async () => {
    const bakery = await open('bakery', { swarm: false, direct: { listen: { port: 0, host: '127.0.0.1' } } })
    await found(bakery, 'Bakery')
    const { code } = await bakery.invite()
    const address = `127.0.0.1:${bakery.direct!.address()!.port}`
    expect(splitInviteCode(code).addresses).toEqual([address])

    // The newcomer has no settings at all: the code says where to dial.
    const mill = await open('mill', { swarm: false })
    await mill.join({ code, name: 'Mill', roles: ['producer'] }, 30_000)
    await converges(bakery, mill)
    expect(mill.base!.config.peers).toEqual([address]) // kept in network.json for restarts
    expect(made).toEqual([]) // no DHT node of any kind
  })

  it('a stranger on the direct listener while an invite is open can ask, and gets nothing else', { timeout: 60_000 }, async () => {
    const bakery = await open('bakery', { swarm: false, direct: { listen: { port: 0, host: '127.0.0.1' } } })
    await found(bakery, 'Bakery')
    await bakery.invite()
    const address = `127.0.0.1:${bakery.direct!.address()!.port}`
    // A device that knows the network's keys (a former member, say) but is no member.
    const outsider = await open('outsider', { swarm: false, direct: { peers: [address], retryMs: 200 } })
    await outsider.prepareJoin({ config: { ...bakery.joinConfig() }, memberId: bakery.identity!.id, name: 'Outsider', roles: ['producer'] })
    const refused: string[] = []
    bakery.direct!.on('refused', (key: string) => refused.push(key))
    await new Promise((resolve) => setTimeout(resolve, 2000))
    // The bakery took its connections for pairing (it asked nothing, so nothing was answered),
    // never for replication: not one entry reached the outsider.
    expect(bakery.direct!.peers()).toEqual([])
    expect(refused).toEqual([])
    expect((await queries.digest(outsider.store())).length).toBe(0)
  })

  it('with no network at all, invite and join refuse at once, saying what works', { timeout: 10_000 }, async () => {
    const alone = await open('alone', { swarm: false })
    await found(alone, 'Alone')
    const refused = await alone.invite().catch((e: unknown) => e)
    expect(refused).toMatchObject({ code: 'PAIRING_OFFLINE' })
    expect(String((refused as Error).message)).toMatch(/--listen .*--bootstrap/)

    const dialler = await open('dialler', { swarm: false, direct: { peers: ['127.0.0.1:9'], retryMs: 60_000 } })
    await found(dialler, 'Dialler')
    await expect(dialler.invite()).rejects.toMatchObject({ code: 'PAIRING_OFFLINE', message: expect.stringMatching(/does not listen/) })

    const code = inviteCode(encodeInviteCode(crypto.randomBytes(16)), alone.identity!.id)
    const newcomer = await open('newcomer', { swarm: false })
    const declined = await newcomer.join({ code, name: 'New', roles: ['producer'] }).catch((e: unknown) => e)
    expect(declined).toMatchObject({ code: 'PAIRING_OFFLINE' })
    expect(String((declined as Error).message)).toMatch(/--peer/)
    expect(made).toEqual([])
  })
})
