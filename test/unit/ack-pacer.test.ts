// The ack pacer (core/network/ack-pacer.ts) decides when a council's indexer writes an ack.
// Driven here look by look, with explicit times, over a plain object with the shape it reads
// of Autobase (its decisions, not Autobase's consensus); the council test
// (test/integration/council-checkpoints.test.ts) and the council bench run it on real indexers.
import { describe, expect, it } from 'vitest'
import { AckPacer, type Council } from '../../core/network/ack-pacer.ts'

const KEYS = ['aa', 'bb', 'cc']

type Fake = Council & {
  viewLength: number
  signed: number
  graph: number
  sole: boolean
  indexed: number
  writes: number
  acks: number
  isIndexer: boolean
}

function council(self = 'aa'): Fake {
  const c: Fake = {
    self,
    viewLength: 10,
    signed: 4,
    graph: 30,
    sole: false,
    indexed: 7,
    writes: 0,
    acks: 0,
    isIndexer: true,
    get ackable() {
      return c.isIndexer
    },
    pending: () => c.signed < c.viewLength,
    length: () => c.viewLength,
    signedLength: () => c.signed,
    nodes: () => c.graph,
    soleHead: () => c.sole,
    indexers: () => KEYS,
    indexedLength: () => c.indexed,
    write: async () => {
      c.writes++
      c.graph++
      c.sole = true
    },
    ack: async () => {
      c.acks++
    }
  }
  return c
}

/** Another indexer's node arrives: this node's head no longer sees every head. */
function arrives(c: Fake): void {
  c.graph++
  c.sole = false
}

const QUIET = 1000

describe('ack pacer', () => {
  it('answers what arrives at once, twice per wave, and not what its own write has seen', async () => {
    const c = council()
    const pacer = new AckPacer(c, { quietMs: QUIET })
    expect(await pacer.check(0)).toBe('respond') // the first look: others' heads unseen
    expect(await pacer.check(10)).toBe(null) // its own ack: it is the sole head now
    arrives(c)
    expect(await pacer.check(20)).toBe('respond')
    arrives(c)
    expect(await pacer.check(30)).toBe(null) // two answers per wave
    arrives(c)
    expect(await pacer.check(40)).toBe(null)
    expect(c.writes).toBe(2)
    expect(pacer.engaged).toBe(true)
  })

  it('after a quiet time, only the indexer whose turn it is leads; the next quiet time names the next', async () => {
    const leaders: string[] = []
    for (const self of KEYS) {
      const c = council(self)
      c.sole = true
      const pacer = new AckPacer(c, { quietMs: QUIET })
      await pacer.check(0) // learns the graph; nothing to answer
      if ((await pacer.check(QUIET)) === 'lead') leaders.push(`${self}@1`)
      if ((await pacer.check(2 * QUIET)) === 'lead') leaders.push(`${self}@2`)
    }
    // 30 indexer nodes in the graph: slot 1 names KEYS[31 % 3], slot 2 KEYS[32 % 3].
    expect(leaders).toEqual(['bb@1', 'cc@2'])
  })

  it('a lead is followed by one more answer (the confirmation), then the wave ends', async () => {
    const c = council('bb')
    c.sole = true
    const pacer = new AckPacer(c, { quietMs: QUIET })
    await pacer.check(0)
    expect(await pacer.check(QUIET)).toBe('lead')
    expect(await pacer.check(QUIET + 10)).toBe(null) // its own lead arrives
    arrives(c) // an ack of the lead
    expect(await pacer.check(QUIET + 20)).toBe('respond')
    arrives(c)
    expect(await pacer.check(QUIET + 30)).toBe(null)
    expect(c.writes).toBe(2)
  })

  it('doubles the wait before a lead after each wave that confirmed nothing, and starts over when the confirmed part moves', async () => {
    const c = council('bb')
    c.sole = true
    const pacer = new AckPacer(c, { quietMs: QUIET })
    const leadAfter: number[] = []
    let now = 0
    for (let wave = 0; wave < 4; wave++) {
      const start = now
      while ((await pacer.check(now)) !== 'lead') now += 100
      leadAfter.push(now - start)
      // The others ack the lead; this node confirms their acks.
      c.graph += 2
      c.sole = false
      now += 10
      expect(await pacer.check(now)).toBe('respond')
      // More of the wave arrives; 300, 303, … indexer nodes make slot 1 the turn of 'bb' again.
      c.graph = 300 + 3 * wave
      now += 10
      expect(await pacer.check(now)).toBe(null)
    }
    // Quiet times since the last node before each lead (the first look is a wave too).
    expect(leadAfter).toEqual([1000, 2000, 4000, 8000])
    c.signed = 8
    const start = now
    while ((await pacer.check(now)) !== 'lead') now += 100
    expect(now - start).toBe(1000)
  })

  it('asks Autobase for its ack (the checkpoint signature) as soon as the indexed length moves', async () => {
    const c = council()
    c.sole = true
    const pacer = new AckPacer(c, { quietMs: QUIET })
    await pacer.check(0)
    c.indexed = 9
    expect(await pacer.check(10)).toBe('sign')
    expect(c.acks).toBe(1)
  })

  it('writes nothing when all is confirmed, on a device that is not an indexer, or with one indexer', async () => {
    const confirmed = council('bb')
    confirmed.signed = confirmed.viewLength
    const a = new AckPacer(confirmed, { quietMs: QUIET })
    const reader = council('bb')
    reader.isIndexer = false
    const b = new AckPacer(reader, { quietMs: QUIET })
    const alone = council('aa')
    alone.indexers = () => ['aa']
    const d = new AckPacer(alone, { quietMs: QUIET })
    for (const [pacer, c] of [[a, confirmed], [b, reader], [d, alone]] as const) {
      for (let t = 0; t < 10 * QUIET; t += 100) {
        if (t % 1000 === 0) arrives(c)
        expect(await pacer.check(t)).toBe(null)
      }
      expect(c.writes).toBe(0)
      expect(pacer.engaged).toBe(false)
    }
  })

  it('reports a write that fails and goes on', async () => {
    const c = council()
    const errors: unknown[] = []
    c.write = async () => {
      throw new Error('Autobase is closing')
    }
    const pacer = new AckPacer(c, { quietMs: QUIET, onError: (e) => errors.push(e) })
    expect(await pacer.check(0)).toBe(null)
    expect(errors.map(String)).toEqual(['Error: Autobase is closing'])
  })

  it('staggered: only the writer of a value and the majority - 1 indexers it names answer it, each once to ack and once to confirm', async () => {
    // Five indexers (majority 3); a value node of 'aa' at length 1 names the others rotated by
    // 1, the first two of them: 'cc' and 'dd'.
    const five = ['aa', 'bb', 'cc', 'dd', 'ee']
    const target = { writer: 'aa', length: 1, seenBy: 1 }
    const run = async (self: string) => {
      const c = council(self)
      c.indexers = () => five
      c.target = () => ({ ...target })
      const pacer = new AckPacer(c, { quietMs: QUIET, stagger: true })
      const said: Array<string | null> = []
      said.push(await pacer.check(0)) // the value arrives
      target.seenBy = 2
      arrives(c)
      said.push(await pacer.check(10)) // an ack arrives: not yet a majority
      target.seenBy = 3
      arrives(c)
      said.push(await pacer.check(20)) // a majority has acked: confirm
      arrives(c)
      said.push(await pacer.check(30))
      target.seenBy = 1
      return said
    }
    expect(await run('cc')).toEqual(['respond', null, 'respond', null])
    expect(await run('dd')).toEqual(['respond', null, 'respond', null])
    expect(await run('aa')).toEqual([null, null, 'respond', null]) // its writer only confirms
    expect(await run('bb')).toEqual([null, null, null, null])
    expect(await run('ee')).toEqual([null, null, null, null])
  })

  it('staggered: with nothing named (only acks unconfirmed) nobody answers, and a lead still comes after the quiet time', async () => {
    const c = council('bb')
    c.target = () => null
    const pacer = new AckPacer(c, { quietMs: QUIET, stagger: true })
    expect(await pacer.check(0)).toBe(null)
    arrives(c)
    expect(await pacer.check(10)).toBe(null)
    let now = 10
    while ((await pacer.check(now)) !== 'lead' && now < 10 * QUIET) now += 100
    expect(c.writes).toBe(1)
  })

  it('staggered: a value a named indexer left unanswered (the wave ended unconfirmed) is answered by every indexer after the lead', async () => {
    const five = ['aa', 'bb', 'cc', 'dd', 'ee']
    const c = council('bb') // not named for 'aa'/1 ('cc' and 'dd' are)
    c.indexers = () => five
    c.target = () => ({ writer: 'aa', length: 1, seenBy: 2 })
    const pacer = new AckPacer(c, { quietMs: QUIET, stagger: true })
    expect(await pacer.check(0)).toBe(null)
    arrives(c)
    expect(await pacer.check(10)).toBe(null)
    // The quiet time passes without a confirmation (a named one is offline): the wave ends; the
    // next node to arrive (someone's lead) is answered by this one too.
    expect(await pacer.check(10 + QUIET)).not.toBe('respond')
    arrives(c)
    expect(await pacer.check(20 + QUIET)).toBe('respond')
  })
})
