// Why a member that forks its own writer core splits the network for good, and why removing
// that member through `apply` does not bring the network together again (issue 13,
// docs/reliability.md "A fork and Autobase 7: why no network rule heals it").
//
// Three real NetworkBases (a toy ledger, test/integration/toy-ledger.ts), in-process
// replication. The forker's device key signs a second history of its writer core in a bare
// Corestore (the "twin", as test/sim/fork.ts makes it) and shows it to one member, which finds
// two signed roots for one length and freezes that core. The forker writes on; the founder
// (the only indexer) takes that entry, writes after it, and then removes the forker, as the
// proposed rule would. What this pins down:
//   1. The member's copy of the forker's core is frozen and stays at the length it had: it
//      never takes the forker's next block, though that block extends the history it holds.
//   2. The removal does not help: the founder's entries depend (Autobase heads) on the
//      forker's block the member cannot read, so the member never applies them.
//   3. Dropping the frozen copy (core/network/frozen-writers.ts, base closed) and reopening
//      lets the member fetch the forker's core again and catch up: the node does this by
//      itself (node-lifecycle.ts; test/integration/fork-testnet.test.ts). It works here
//      because the peers it meets hold one history of that core.
// If a later Autobase or Hypercore changes 1 or 2, this test fails and the question is open
// again.
import Corestore from 'corestore'
import { afterEach, describe, expect, it } from 'vitest'
import { NetworkBase } from '../../core/network/base.ts'
import { dropWriterCopy, isFrozen } from '../../core/network/frozen-writers.ts'
import { connect, tempDirs, waitFor } from './helpers.ts'
import { addWriter, put, removeWriter, toyApply } from './toy-ledger.ts'

const dirs = tempDirs()
const open: NetworkBase[] = []

afterEach(async () => {
  for (const base of open.splice(0)) await base.close().catch(() => {})
  await dirs.cleanup()
})

async function openBase(dir: string, options: { create: true } | { join: NetworkBase } | Record<string, never>): Promise<NetworkBase> {
  const joining = 'join' in options ? options.join : null
  const base = await NetworkBase.open({
    dir,
    applyEntry: toyApply,
    ackInterval: 0,
    durable: false,
    ...(joining ? { join: { key: joining.config.key, encryptionKey: joining.config.encryptionKey } } : 'create' in options ? { create: true } : {})
  })
  base.on('warning', () => {})
  open.push(base)
  return base
}

const digestOf = (base: NetworkBase) => base.reader().get('digest')

async function sameDigest(a: NetworkBase, b: NetworkBase): Promise<boolean> {
  await b.update()
  return (await digestOf(a)) === (await digestOf(b))
}

/** Shows a second, longer history of `forker`'s writer core to `peer` until it finds the fork. */
async function showTwin(forker: NetworkBase, peer: NetworkBase, twinDir: string): Promise<void> {
  const store = new Corestore(twinDir)
  const twin = store.get({ keyPair: forker.deviceKeyPair })
  await twin.ready()
  expect(twin.key.equals(forker.autobase.local.key)).toBe(true)
  for (let i = 0; i < forker.autobase.local.length + 2; i++) await twin.append(Buffer.from(`twin ${i}`))
  const watched = peer.autobase.store.get({ key: forker.autobase.local.key })
  await watched.ready()
  const found = new Promise<void>((resolve) => watched.once('conflict', () => resolve()))
  const a = store.replicate(true)
  const b = peer.replicate(false)
  for (const s of [a, b]) s.on('error', () => {})
  a.pipe(b).pipe(a)
  await found
  a.destroy()
  b.destroy()
  await watched.close().catch(() => {})
  await store.close()
}

describe('a member that forks its own writer core', () => {
  it('splits the network, and removing it in apply does not heal the split', async () => {
    const founder = await openBase(await dirs.make('fork-founder'), { create: true })
    const memberDir = await dirs.make('fork-member')
    let member = await openBase(memberDir, { join: founder })
    const forker = await openBase(await dirs.make('fork-forker'), { join: founder })
    await founder.append([addWriter(member.writerKey), addWriter(forker.writerKey)])
    const cuts = [connect(founder, member), connect(founder, forker)]
    await waitFor('both writable', () => member.writable && forker.writable)
    await forker.append(put('forker', 1))
    await waitFor('everyone agrees', async () => (await sameDigest(founder, member)) && (await sameDigest(founder, forker)))
    for (const cut of cuts) cut()

    await showTwin(forker, member, await dirs.make('fork-twin'))
    const forkedAt = forker.autobase.local.length

    // The forker writes on (its real history); the founder takes it, writes after it, and
    // removes the forker as the proposed rule would.
    await forker.append(put('forker', 2))
    const cutForker = connect(founder, forker)
    await waitFor('the founder has the forker\'s next entry', () => sameDigest(forker, founder))
    cutForker()
    await founder.append(put('founder', 1))
    await founder.append(removeWriter(forker.writerKey))
    expect((await founder.writers()).map((w) => w.key)).not.toContain(forker.writerKey)

    // 1 and 2: linked to the founder, the member stays behind.
    const cutMember = connect(founder, member)
    await new Promise((resolve) => setTimeout(resolve, 5000))
    await member.update()
    expect(await sameDigest(founder, member)).toBe(false)
    const copy = member.autobase.store.get({ key: forker.autobase.local.key, active: false })
    await copy.ready()
    expect(copy.length).toBe(forkedAt)
    expect(isFrozen(copy)).toBe(true)
    await copy.close()
    cutMember()

    // 3: drop the frozen copy and reopen.
    await member.close()
    open.splice(open.indexOf(member), 1)
    expect(await dropWriterCopy(memberDir, forker.writerKey)).toBe(true)
    member = await openBase(memberDir, {})
    connect(founder, member)
    await waitFor('the member caught up once its copy was dropped', () => sameDigest(founder, member), { timeoutMs: 30_000 })
  }, 90_000)

  it('holds back a member\'s writes while its own entries reference the copy it dropped', async () => {
    // Seed 376 --fork: the founder never saw the forker's entry, the member wrote after it,
    // dropped its copy, and reopened. Autobase then cannot order the member's own entry, and
    // an append would loop without end (base.ts `ownEntriesWaiting`); the node refuses writes
    // with REFETCHING_LOG until the copy is back.
    const founder = await openBase(await dirs.make('own-founder'), { create: true })
    const memberDir = await dirs.make('own-member')
    let member = await openBase(memberDir, { join: founder })
    const forker = await openBase(await dirs.make('own-forker'), { join: founder })
    await founder.append([addWriter(member.writerKey), addWriter(forker.writerKey)])
    const cuts = [connect(founder, member), connect(founder, forker)]
    await waitFor('both writable', () => member.writable && forker.writable)
    for (const cut of cuts) cut()

    // Only the member takes the forker's entry, and writes after it.
    const cutPair = connect(member, forker)
    await forker.append(put('forker', 1))
    await waitFor('the member has the forker\'s entry', () => sameDigest(forker, member))
    cutPair()
    await member.append(put('member', 1))
    expect(await member.ownEntriesWaiting()).toBe(false)

    await showTwin(forker, member, await dirs.make('own-twin'))
    await member.close()
    open.splice(open.indexOf(member), 1)
    expect(await dropWriterCopy(memberDir, forker.writerKey)).toBe(true)
    member = await openBase(memberDir, {})
    connect(founder, member)
    await member.update()
    expect(await member.ownEntriesWaiting()).toBe(true)

    // The forker's real history comes back; the member orders its entry and writes on.
    connect(member, forker)
    await waitFor('the member ordered its own entry again', async () => !(await member.ownEntriesWaiting()), { timeoutMs: 30_000 })
    await member.append(put('member', 2))
    connect(founder, forker)
    await waitFor('all three agree', async () => (await sameDigest(founder, member)) && (await sameDigest(founder, forker)), { timeoutMs: 30_000 })
    expect(await founder.reader().get('data/member')).toBe(2)
  }, 90_000)
})
