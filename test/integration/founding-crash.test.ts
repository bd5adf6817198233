// Founding is several writes (identity, device key, network config, Corestore, the
// registration in the log); a kill between any two used to leave a node with a network but no
// collective, which refused to be set up again. Here a child process founds a network and is
// killed with SIGKILL at each named step (core/node/founding.ts) and at random moments; the
// node reopened in this process must be fully set up, or new and able to set up again -- and
// then usable, with exactly one registration in its log.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import * as queries from '../../core/ledger/queries.ts'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import { FOUNDING_FILE } from '../../core/node/founding.ts'
import { NETWORK_FILE } from '../../core/network/keys.ts'
import { tempDirs, waitFor } from './helpers.ts'

const CHILD = fileURLToPath(new URL('./fixtures/founding-child.ts', import.meta.url))
const STEPS = ['founding:begun', 'founding:identity', 'founding:network', 'founding:registered']
const dirs = tempDirs()
afterAll(() => dirs.cleanup())

/** Runs the founding child; kills it `killAfterMs` after it began, unless a crash step ends it first. */
async function foundAndDie(dir: string, options: { step?: string; killAfterMs?: number }) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...(options.step ? { STACHANOV_CRASH_AT: options.step } : {}) }
  })
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const lines: string[] = []
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line)
    if (line === 'founding' && options.killAfterMs !== undefined)
      setTimeout(() => child.kill('SIGKILL'), options.killAfterMs)
  })
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000)
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (c, s) => resolve([c, s]))
  )
  clearTimeout(guard)
  return { code, signal, lines, stderr }
}

/** Reopens `dir`: a founded node, or a new one that founds now; either way usable. */
async function reopenAndUse(dir: string): Promise<'finished' | 'founded again'> {
  const node = await CollectiveNode.open({ dir, swarm: false })
  try {
    let outcome: 'finished' | 'founded again' = 'finished'
    if (!node.ready) {
      expect(existsSync(join(dir, NETWORK_FILE))).toBe(false)
      await node.outcome((await node.create({ name: 'Night bakery', roles: ['producer'] })).id)
      outcome = 'founded again'
    }
    expect(existsSync(join(dir, FOUNDING_FILE))).toBe(false)
    const id = node.identity!.id
    const collective = await waitFor('the registration in the view', () =>
      queries.collective(node.store(), id)
    )
    expect(collective).toMatchObject({ name: 'Night bakery', roles: ['producer'] })
    const product = await node.submit('product.define', { name: 'Rolls', unit: 'piece', kind: 'consumable' })
    expect(product.status).toBe('accepted')
    const log = await queries.log(node.store())
    expect(log.filter((entry) => entry.type === 'collective.register')).toHaveLength(1)
    return outcome
  } finally {
    await node.close()
  }
}

describe('a node killed while founding', () => {
  for (const step of STEPS) {
    it(`ends set up or new, killed at ${step}`, { timeout: 120_000 }, async () => {
      const dir = await dirs.make('founding')
      const run = await foundAndDie(dir, { step })
      expect(run.signal, run.stderr).toBe('SIGKILL')
      expect(run.lines).not.toContainEqual(expect.stringMatching(/^founded/))
      // Killed before the identity was saved, there is nothing to finish; afterwards, there is.
      expect(await reopenAndUse(dir)).toBe(step === 'founding:begun' ? 'founded again' : 'finished')
    })
  }

  it('ends set up or new, killed at random moments', { timeout: 300_000 }, async () => {
    for (const killAfterMs of [5, 40, 120, 250]) {
      const dir = await dirs.make('founding')
      const run = await foundAndDie(dir, { killAfterMs })
      expect(run.code === 0 || run.signal === 'SIGKILL', run.stderr).toBe(true)
      await reopenAndUse(dir)
    }
  })

  it('refuses a name the ledger would refuse before writing anything', async () => {
    const dir = await dirs.make('founding')
    const node = await CollectiveNode.open({ dir, swarm: false })
    await expect(node.create({ name: '', roles: ['producer'] })).rejects.toMatchObject({ code: expect.any(String) })
    await node.close()
    expect(existsSync(join(dir, NETWORK_FILE))).toBe(false)
    expect(existsSync(join(dir, FOUNDING_FILE))).toBe(false)
    expect(await reopenAndUse(dir)).toBe('founded again')
  })
})
