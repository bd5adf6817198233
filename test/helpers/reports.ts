// A month to report on, and a council that checkpoints it: for the report tests and the bench.
import { formatCheckpoint, checkpointNote, type Checkpoint } from '../../core/checkpoint/checkpoint.ts'
import { groupKeyOf } from '../../core/checkpoint/frost.ts'
import { frontierRoot } from '../../core/checkpoint/merkle.ts'
import { keys } from '../../core/ledger/keys.ts'
import type { KeyValueStore } from '../../core/ledger/store.ts'
import { runDkg, signWith } from '../unit/checkpoint-helpers.ts'
import { define, finalize, produce, transfer } from './economy.ts'
import { expectAccepted, Harness } from './harness.ts'

/**
 * April of a mill and a bakery: flour made by two wallets, part of it moved and written off,
 * bread baked in an oven and partly sold, then April's final revision. Deterministic: two
 * runs give the same log, so a second run is a replica of the first.
 */
export async function bakeryApril(options: { anna?: bigint } = {}): Promise<Harness> {
  const h = new Harness()
  await h.network([['Mill', ['producer']], ['Bakery', ['producer', 'dispatcher']], ['Shop', ['dispatcher']]])
  const flour = await define(h, 'Mill', 'Flour')
  const bread = await define(h, 'Bakery', 'Bread')
  const oven = await define(h, 'Bakery', 'Oven', 'meansOfProduction', 100_000)
  const flourRun = await produce(h, 'Mill', flour, { micro: [options.anna ?? 30_000_001n, 10_000_000n], wallet: 'Anna', quantity: 10 })
  await produce(h, 'Mill', flour, { micro: [12_500_000n], wallet: 'Carla', quantity: 2 })
  const moved = await transfer(h, flourRun.lots[0]!, 6, 'Mill', 'Bakery')
  expectAccepted(await h.do('resource.writeoff', { lot: flourRun.lots[0]!, quantity: '1', reason: 'damp in the store' }, ['Mill']))
  const ovenRun = await produce(h, 'Bakery', oven, { micro: [6_000_000n], wallet: 'Ben' })
  const breadRun = await produce(h, 'Bakery', bread, { micro: [20_000_000n], wallet: 'Ben', quantity: 4, consume: [{ lot: moved, quantity: 6 }], machines: [{ lot: ovenRun.lots[0]!, minutesUsed: 60 }] })
  expectAccepted(await h.do('dispatch.record', { lot: breadRun.lots[0]!, quantity: '1' }, ['Bakery']))
  await finalize(h, '2026-04')
  return h
}

export const NETWORK = 'ab'.repeat(32)

/** A 2-of-3 council (a real FROST DKG) and a checkpoint of the view's statements, signed by it. */
export async function checkpointOf(store: KeyValueStore, council = runDkg(2, 3), epoch = 1): Promise<{ note: string; councilKey: string }> {
  const tree = (await store.get(keys.statementsTree)) as any
  const digest = (await store.get(keys.digest)) as string
  const length = (await store.get(keys.seq)) as number
  const c: Checkpoint = {
    network: NETWORK,
    length,
    root: '01'.repeat(32),
    epoch,
    digest,
    view: { length: 0, hash: '02'.repeat(32) },
    statements: { count: tree.size, root: frontierRoot(tree) },
    subsystems: []
  }
  const groupKey = groupKeyOf(council.keys[0]!)
  const signature = signWith(council.keys, [1, 3], Buffer.from(formatCheckpoint(c), 'utf8'))
  return { note: checkpointNote(c, groupKey, signature), councilKey: groupKey }
}
