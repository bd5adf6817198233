// SIGKILL at random moments during writes, a few times (test/storage/kills.ts; the 100-kill
// run and its figures are in docs/reliability.md): every acknowledged transaction survives,
// the data directory reopens, and the view is what its log makes and keeps §9's invariants.
import { describe, expect, it } from 'vitest'
import { runKills } from './kills.ts'

describe('a node killed with SIGKILL at random moments', () => {
  it(
    'loses no acknowledged transaction and keeps a consistent view',
    { timeout: 300_000 },
    async () => {
      const figures = await runKills({ kills: 5, seed: 13, log: (line) => console.log(line) })
      expect(figures.violations).toEqual([])
      expect(figures.kills).toBe(5)
      expect(figures.duringOpen).toBeGreaterThanOrEqual(1)
      expect(figures.acknowledged).toBeGreaterThan(0)
      expect(figures.lost).toBe(0)
    }
  )
})
