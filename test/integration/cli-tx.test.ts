// The command line as a clerk uses it to write: `submit` waits for the ledger's outcome and
// exits non-zero with the refusal's code and reason, a transfer waits for the receiver's
// co-signature by name, `cosign` completes it and `decline` refuses one for good; `replay`
// reads an exported log (JSON lines) and says why it cannot read a file; a busy port and a
// bootstrap's --host are sentences and facts, not stack traces. Real child processes, a real
// DHT bootstrap on loopback, two real nodes.
import { readFile, writeFile } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { compileScenario } from '../../core/scenario/compile.ts'
import { parseScenario, runScenario } from '../../core/scenario/run.ts'
import { runStachanov, stachanovProcesses } from '../helpers/cli.ts'
import { freeUdpPort, tempDirs, waitFor } from './helpers.ts'

const scenarioFile = new URL('../../assets/scenarios/bakery-month.yaml', import.meta.url).pathname
const dirs = tempDirs()
const processes = stachanovProcesses()
const start = processes.start
const stachanov = (...args: string[]) => runStachanov(args)

afterAll(async () => {
  await processes.stopAll()
  await dirs.cleanup()
})

const STACK = /\n\s+at /

/** The node's API directly, for setting up and waiting (a CLI start costs seconds under load). */
async function api(dir: string, method: string, args: unknown = {}): Promise<any> {
  const { url, token } = JSON.parse(await readFile(join(dir, 'server.json'), 'utf8'))
  const response = await fetch(new URL(`api/${method}`, url), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(args) })
  const answer = (await response.json()) as { result?: unknown; error?: { message: string } }
  if (answer.error) throw new Error(answer.error.message)
  return answer.result
}

async function pendingAt(dir: string, id: string): Promise<true | null> {
  const pending = (await api(dir, 'view.pending')) as Array<{ id: string }>
  return pending.some((p) => p.id === id) || null
}

describe('replay on the command line', () => {
  it('says why it cannot read a file, without a stack trace', async () => {
    const dir = await dirs.make('unreadable')
    const binary = join(dir, 'photo.jpg')
    await writeFile(binary, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]))
    const cases: Array<[string, RegExp]> = [
      [join(dir, 'missing.jsonl'), /cannot read .*missing\.jsonl: no such file/],
      [dir, /cannot read .*: it is a directory/],
      [binary, /cannot read .*photo\.jpg: it is not a text file/]
    ]
    for (const [file, why] of cases) {
      const result = await stachanov('replay', file)
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(why)
      expect(result.stderr).not.toMatch(STACK)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
    }
    const broken = join(dir, 'broken.jsonl')
    await writeFile(broken, '{"writer":"' + 'a'.repeat(64) + '","tx":{}}\nnot json\n')
    const result = await stachanov('replay', broken)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/line 2 is not JSON/)
  }, 180_000)

  it('reads an exported log as JSON lines and a scenario, to the same digest', async () => {
    const text = await readFile(scenarioFile, 'utf8')
    const compiled = compileScenario(parseScenario(text))
    const expected = (await runScenario(parseScenario(text))).view.digest
    const log = join(await dirs.make('export'), 'log.jsonl')
    await writeFile(log, compiled.steps.map((s) => JSON.stringify({ seq: s.index, writer: s.writer, tx: s.tx })).join('\n') + '\n')
    const fromLog = JSON.parse((await stachanov('replay', log, '--json')).stdout)
    expect(fromLog.view.digest).toBe(expected)
    expect(fromLog.outcomes).toHaveLength(compiled.steps.length)
    const fromScenario = await stachanov('replay', scenarioFile)
    expect(fromScenario.code).toBe(0)
    expect(fromScenario.stdout).toContain(expected)
  }, 180_000)
})

describe('a node on a busy port', () => {
  it('says so in a sentence and exits, without a stack trace', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const { port } = taken.address() as AddressInfo
    try {
      const clash = await stachanov('serve', '--data', await dirs.make('clash'), '--no-swarm', '--port', String(port))
      expect(clash.code).toBe(2)
      expect(clash.stderr).toBe(`stachanov: 127.0.0.1:${port} is already in use: another program (or another stachanov) listens there; stop it or choose another port\n`)
    } finally {
      taken.close()
    }
  }, 180_000)
})

describe('writing through a running node from the command line', () => {
  it('reports refusals, waits for co-signatures by name, cosigns and declines', async () => {
    const port = await freeUdpPort()
    await start(['bootstrap', '--port', String(port), '--host', '127.0.0.1'], /DHT bootstrap node/)
    // --host is honoured: the socket is bound to loopback only, not to every address.
    const udp = await readFile('/proc/net/udp', 'utf8')
    expect(udp).toContain(`0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`)

    const network = ['--bootstrap', `127.0.0.1:${port}`, '--dht-host', '127.0.0.1']
    const [a, b] = [await dirs.make('bakery'), await dirs.make('mill')]
    await start(['serve', '--data', a, ...network], /Open http/)
    await start(['serve', '--data', b, ...network], /Open http/)

    await api(a, 'setup.create', { name: 'Bakery', roles: ['producer'] })
    const { code } = await api(a, 'network.invite')
    expect((await api(b, 'setup.join', { code, name: 'Mill', roles: ['producer'] })).state).toBe('ready')
    const mill = (await api(b, 'node.status')).collective.id as string

    const draft = async (name: string, yaml: string) => {
      const file = join(a, name)
      await writeFile(file, yaml)
      return file
    }
    const flour = await draft('flour.yaml', 'type: product.define\nbody: { name: Flour, unit: kg, kind: consumable }\n')
    const product = (await api(a, 'tx.submit', { intent: { type: 'product.define', body: { name: 'Flour', unit: 'kg', kind: 'consumable' } } })).id as string

    // The same name again: the ledger refuses, and the command says so and fails.
    const again = await stachanov('submit', flour, '--data', a)
    expect(again.code).toBe(1)
    expect(again.stdout).toBe('')
    expect(again.stderr).toMatch(/^stachanov: refused \(PRODUCT_NAME_TAKEN\): a product type called "Flour" already exists\n$/)
    const collected = await api(a, 'tx.submit', { intent: { type: 'resource.collectivize', body: { product, quantity: '10' } } })
    const lot = `${collected.id}:0`
    const transfer = (quantity: string) => draft(`transfer-${quantity}.yaml`, `type: resource.transfer\nbody: { lot: "${lot}", quantity: "${quantity}", to: "${mill}" }\n`)

    const offered = await stachanov('submit', await transfer('4'), '--data', a)
    expect(offered.code).toBe(0)
    const [, pendingId] = offered.stdout.match(/^pending ([0-9a-f]{64}): waiting for co-signature by Mill\n$/)!
    await waitFor('the Mill sees the transfer waiting', () => pendingAt(b, pendingId!), { timeoutMs: 60_000, intervalMs: 300 })

    const cosigned = await stachanov('cosign', pendingId!, '--data', b)
    expect(cosigned.stderr).toBe('')
    expect(cosigned.code).toBe(0)
    expect(cosigned.stdout).toMatch(new RegExp(`^accepted [0-9a-f]{64}: completed ${pendingId}\\n$`))
    const lots = (await api(b, 'view.lots')) as Array<{ ownerName: string; quantity: string }>
    expect(lots.find((l) => l.ownerName === 'Mill')?.quantity).toBe('4')

    // The rest is offered too, and declined by the Mill: refused for good, on both sides.
    const rest = await stachanov('submit', await transfer('6'), '--data', a)
    const [, restId] = rest.stdout.match(/^pending ([0-9a-f]{64})/)!
    await waitFor('the Mill sees the second transfer', () => pendingAt(b, restId!), { timeoutMs: 60_000, intervalMs: 300 })
    const declined = await stachanov('decline', restId!, '--data', b, '--reason', 'no room in the store')
    expect(declined.code).toBe(0)
    // Said as what became of the transfer, not "accepted" (that read as the transfer accepted).
    expect(declined.stdout).toMatch(new RegExp(`^declined ${restId}: it will never take effect \\(the decline is entry [0-9a-f]{64}\\)\\n$`))
    await waitFor('the Bakery sees the decline', async () => ((await api(a, 'view.transaction', { id: restId })).record?.status === 'rejected' ? true : null), { timeoutMs: 60_000, intervalMs: 300 })
    // The log as JSON on the command line, with the completed and the declined transfer.
    const log = JSON.parse((await stachanov('query', 'log', '--json', '--data', a)).stdout) as { entries: Array<{ id: string; type: string }> }
    expect(log.entries.filter((e) => e.type === 'resource.transfer').map((e) => e.id).sort()).toEqual([pendingId, restId].sort())
    // Each with its outcome now, as the Log screen shows it, not the "pending" they entered as.
    const entry = (id: string) => log.entries.find((e) => e.id === id)
    expect(entry(pendingId!)).toMatchObject({ status: 'accepted', enteredAs: 'pending', settledLater: true })
    expect(entry(restId!)).toMatchObject({ status: 'rejected', code: 'DECLINED', settledLater: true })
    expect((entry(restId!) as { reason?: string }).reason).toBe('declined by Mill: no room in the store')
    expect((await api(a, 'view.transaction', { id: pendingId })).record.status).toBe('accepted')
  }, 900_000)
})
