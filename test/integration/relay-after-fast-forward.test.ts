// A device that fast-forwarded must still pass the log on. Found by the simulator (seeds 105
// and 162, docs/reliability.md): the founder (the only indexer) wrote on while two members
// were cut off; one member met the founder and fast-forwarded to its signed state, which
// fetches the system and view cores but only the last block of the founder's writer core;
// then the founder went away and the other member met only the first. It needed the
// founder's entries in between, which nobody it could reach held, and stayed behind for good
// (its own fast-forward asked for a block whose proof the first member could not give, and
// Autobase waits 5 minutes before trying again). Every device now keeps a full copy of every
// writer's core (core/network/writer-copies.ts), so any member can bring any other up to date.
import { afterEach, describe, expect, it } from 'vitest'
import { NetworkBase } from '../../core/network/base.ts'
import { connect, tempDirs, waitFor } from './helpers.ts'
import { addWriter, put, toyApply } from './toy-ledger.ts'

const dirs = tempDirs()
const open: NetworkBase[] = []

afterEach(async () => {
  for (const base of open.splice(0)) await base.close().catch(() => {})
  await dirs.cleanup()
})

async function openBase(options: { create: true } | { join: NetworkBase }): Promise<NetworkBase> {
  const joining = 'join' in options ? options.join : null
  const base = await NetworkBase.open({
    dir: await dirs.make('relay'),
    applyEntry: toyApply,
    ackInterval: 0,
    durable: false,
    ...(joining
      ? { join: { key: joining.config.key, encryptionKey: joining.config.encryptionKey } }
      : { create: true })
  })
  open.push(base)
  return base
}

const digestOf = (base: NetworkBase) => base.reader().get('digest')

async function sameDigest(a: NetworkBase, b: NetworkBase): Promise<boolean> {
  await b.update()
  return (await digestOf(a)) === (await digestOf(b))
}

describe('a member that fast-forwarded', () => {
  it('brings another member up to date after the indexer left', async () => {
    const founder = await openBase({ create: true })
    const first = await openBase({ join: founder })
    const second = await openBase({ join: founder })
    await founder.append([addWriter(first.writerKey), addWriter(second.writerKey)])
    const cuts = [connect(founder, first), connect(founder, second)]
    await waitFor('both members writable', () => first.writable && second.writable)
    await first.append(put('first', 1))
    await second.append(put('second', 1))
    await waitFor(
      'everyone agrees',
      async () => (await sameDigest(founder, first)) && (await sameDigest(founder, second))
    )
    // The second member sees one entry more of the founder's than the first.
    cuts[0]!()
    await founder.append(put('seen-by-second', 1))
    await waitFor('the second member has it', () => sameDigest(founder, second))
    cuts[1]!()

    // The founder writes on alone, far past the fast-forward threshold (16 system blocks),
    // and acks, so that what it wrote is signed.
    for (let i = 0; i < 40; i++) await founder.append(put(`alone-${i}`, i))
    await founder.autobase.ack()
    const founderLength = founder.autobase.local.length

    // The first member meets the founder and fast-forwards to its signed state, while the
    // second, which meets only the first, asks it for what it lacks.
    const cutFirst = connect(founder, first)
    connect(first, second)
    await waitFor('the first member caught up', () => sameDigest(founder, first))
    // Fast-forwarding fetched the signed state, not the founder's entries; the full copy does.
    const copy = first.autobase.store.get({ key: founder.autobase.local.key, active: false })
    await copy.ready()
    await waitFor(
      'the first member holds all the founder wrote',
      () => copy.contiguousLength === founderLength
    )
    await copy.close()
    // The founder leaves: what the second member lacks, only the first can give.
    cutFirst()
    await waitFor(
      'the second member caught up through the first',
      () => sameDigest(founder, second),
      { timeoutMs: 30_000 }
    )
    const founderCore = second.autobase.store.get({
      key: founder.autobase.local.key,
      active: false
    })
    await founderCore.ready()
    expect(founderCore.length).toBe(founderLength)
    await founderCore.close()
  }, 90_000)
})
