// The confirmation watch (core/network/confirm-watch.ts) decides, from the view's length and
// its confirmed length, when an indexer writes an ack. Driven here step by step over a plain
// object with Autobase's shape (the watch's decisions, not Autobase's); the five-node council
// test (test/integration/council-checkpoints.test.ts) runs it on real Autobase indexers.
import { describe, expect, it } from 'vitest'
import { ConfirmWatch, type Ackable } from '../../core/network/confirm-watch.ts'

function base(length: number, signedLength: number, ackable = true) {
  const acks: number[] = []
  const b: Ackable & { acks: number[] } = {
    ackable,
    acks,
    view: { core: { length, signedLength } },
    append: async () => {
      acks.push(b.view.core.length)
    }
  }
  return b
}

/** Runs `n` checks, returning after which of them (1-based) an ack was written. */
async function checks(watch: ConfirmWatch, n: number): Promise<number[]> {
  const at: number[] = []
  for (let i = 1; i <= n; i++) if (await watch.check()) at.push(i)
  return at
}

describe('confirmation watch', () => {
  it('writes an ack when unconfirmed entries stand still for the stall time, then waits twice as long', async () => {
    const b = base(10, 4)
    const watch = new ConfirmWatch(b, { stallMs: 1000, random: () => 0 })
    // The first look only learns the lengths; four still quarters make the stall time.
    expect(await checks(watch, 5)).toEqual([5])
    // Nothing moved after that ack: the next comes after eight quarters, then sixteen.
    expect(await checks(watch, 8)).toEqual([8])
    expect(await checks(watch, 16)).toEqual([16])
    expect(b.acks).toHaveLength(3)
  })

  it('starts again from the stall time once the confirmed part moves', async () => {
    const b = base(10, 4)
    const watch = new ConfirmWatch(b, { stallMs: 1000, random: () => 0 })
    expect(await checks(watch, 13)).toEqual([5, 13])
    b.view.core.signedLength = 6
    expect(await checks(watch, 5)).toEqual([5])
  })

  it('spreads the acks of the indexers over one more stall time', async () => {
    const watch = new ConfirmWatch(base(10, 4), { stallMs: 1000, random: () => 0.99 })
    expect(await checks(watch, 8)).toEqual([8])
  })

  it('writes nothing while entries come in, when all is confirmed, or on a device that is not an indexer', async () => {
    const moving = base(10, 4)
    const watch = new ConfirmWatch(moving, { stallMs: 1000, random: () => 0 })
    for (let i = 0; i < 20; i++) {
      moving.view.core.length++
      expect(await watch.check()).toBe(false)
    }
    const confirmed = new ConfirmWatch(base(10, 10), { stallMs: 1000, random: () => 0 })
    expect(await checks(confirmed, 20)).toEqual([])
    const reader = new ConfirmWatch(base(10, 4, false), { stallMs: 1000, random: () => 0 })
    expect(await checks(reader, 20)).toEqual([])
  })

  it('reports an ack that fails and goes on', async () => {
    const b = base(10, 4)
    const errors: unknown[] = []
    b.append = async () => {
      throw new Error('Autobase is closing')
    }
    const watch = new ConfirmWatch(b, { stallMs: 1000, random: () => 0, onError: (e) => errors.push(e) })
    expect(await checks(watch, 5)).toEqual([])
    expect(errors.map(String)).toEqual(['Error: Autobase is closing'])
  })
})
