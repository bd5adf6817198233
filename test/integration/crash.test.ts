// Crash safety: a node in a child process writes workloads in a loop and prints every id its
// `submit` acknowledged; we kill it with SIGKILL in mid-write, twice (restarting it the first
// time in a new child that goes on writing, the second time in this process). Every
// acknowledged transaction must be in its view after the restart, and it must converge with
// its peer on one digest. This is the promise behind NetworkBase's flush before `append`
// resolves: what the user was told is saved, is.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import * as queries from '../../core/ledger/queries.ts'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import { tempDirs, waitFor } from './helpers.ts'

const WRITER = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url))
const ACKS_BEFORE_KILL = 40
const PATIENCE = { timeoutMs: 60_000, intervalMs: 100 }

const dirs = tempDirs()
const nodes: CollectiveNode[] = []
const children: ChildProcess[] = []
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  for (const node of nodes) await node.close()
  await dirs.cleanup()
})

/**
 * Runs the writer until it has acknowledged `count` more transactions, then kills it with
 * SIGKILL. Resolves with every id it acknowledged (including any printed after `count`).
 */
async function writeAndKill(
  dir: string,
  peer: string,
  production: string,
  first: number,
  count: number
): Promise<string[]> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', WRITER, dir, peer, production, String(first)],
    {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  children.push(child)
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal }))
  )
  const acked: string[] = []
  const lines = createInterface({ input: child.stdout! })
  const drained = new Promise<void>((resolve) => lines.once('close', resolve))
  const enough = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith('ack ')) acked.push(line.slice(4))
      if (acked.length === count) resolve()
    })
    void exited.then(({ code, signal }) =>
      reject(
        new Error(
          `the writer exited early (${code ?? signal}) after ${acked.length} acks: ${stderr}`
        )
      )
    )
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000)
  try {
    await enough
  } finally {
    clearTimeout(timer)
  }
  // In mid-write: the next submit is already on its way.
  child.kill('SIGKILL')
  const { signal } = await exited
  expect(signal).toBe('SIGKILL')
  // Pipe reads are asynchronous: take every line the writer got out before it died.
  await drained
  return acked
}

async function sameDigest(a: CollectiveNode, b: CollectiveNode) {
  return waitFor(
    'the peer and the restarted node to reach one digest',
    async () => {
      const [x, y] = [await queries.digest(a.store()), await queries.digest(b.store())]
      return x.digest === y.digest && x.length === y.length ? x : null
    },
    PATIENCE
  )
}

describe('a node killed in mid-write', () => {
  it(
    'keeps every acknowledged transaction and converges after a restart',
    { timeout: 120_000 },
    async () => {
      // The peer founds the network and listens; the crashing collective joins it.
      const peer = await CollectiveNode.open({
        dir: await dirs.make('peer'),
        swarm: false,
        direct: { listen: { port: 0, host: '127.0.0.1' } },
        ackInterval: 200
      })
      nodes.push(peer)
      await peer.outcome(
        (await peer.create({ name: 'Depot', roles: ['producer', 'dispatcher'] })).id
      )
      const address = `127.0.0.1:${peer.direct!.address()!.port}`

      const dir = await dirs.make('crashing')
      let writer = await CollectiveNode.open({
        dir,
        swarm: false,
        direct: { peers: [address], retryMs: 200 }
      })
      const admitted = await peer.admit(
        await writer.prepareJoin({
          config: peer.joinConfig(),
          memberId: peer.identity!.id,
          name: 'Night bakery',
          roles: ['producer']
        })
      )
      await peer.outcome(admitted.ids[1]!)
      await writer.base!.waitForWritable(30_000)
      const writerId = writer.identity!.id
      // A running production for the workloads.
      const product = await writer.submit('product.define', {
        name: 'Rolls',
        unit: 'piece',
        kind: 'consumable'
      })
      const order = await writer.submit('order.place', {
        producer: writerId,
        product: product.id,
        quantity: '1000'
      })
      await writer.outcome(order.id)
      const estimate = await writer.submit('estimate.publish', {
        order: order.id,
        minutes: '1000000000'
      })
      const production = await writer.submit('production.start', { estimate: estimate.id })
      expect((await writer.outcome(production.id)).status).toBe('accepted')
      await writer.close()

      // First crash; the restart goes on writing in a new child, which crashes too.
      const acked = await writeAndKill(dir, address, production.id, 0, ACKS_BEFORE_KILL)
      acked.push(...(await writeAndKill(dir, address, production.id, 100_000, ACKS_BEFORE_KILL)))
      expect(acked.length).toBeGreaterThanOrEqual(2 * ACKS_BEFORE_KILL)
      expect(new Set(acked).size).toBe(acked.length)

      // Restart in this process: every acknowledged workload is there, applied and accepted.
      writer = await CollectiveNode.open({
        dir,
        swarm: false,
        direct: { peers: [address], retryMs: 200 }
      })
      nodes.push(writer)
      for (const id of acked) {
        const record = await waitFor(
          `acknowledged ${id.slice(0, 8)}… in the restarted view`,
          () => queries.transaction(writer.store(), id),
          PATIENCE
        )
        expect(record.status).toBe('accepted')
      }

      // It writes again, and it and its peer agree on everything, including what was written
      // but not acknowledged before each kill (at most one entry per crash).
      const after = await writer.submit('production.workload', {
        production: production.id,
        wallet: writerId,
        minutes: '1000000',
        performedAt: Date.now() - 1000
      })
      await peer.outcome(after.id, 60_000)
      const { length } = await sameDigest(peer, writer)
      const workloads = await queries.workloads(peer.store(), { collective: writerId })
      const ids = new Set(workloads.map((w) => w.id))
      for (const id of [...acked, after.id]) expect(ids.has(id), id).toBe(true)
      expect(workloads.length - acked.length - 1).toBeLessThanOrEqual(2)
      expect(await queries.rejections(peer.store())).toEqual([])
      const [running] = await queries.productions(peer.store(), writerId)
      expect(running!.workloads).toBe(String(workloads.reduce((s, w) => s + BigInt(w.minutes), 0n)))
      // Founding (1) + joining (2) + the production's four entries + the workloads.
      expect(length).toBe(7 + workloads.length)
    }
  )
})
