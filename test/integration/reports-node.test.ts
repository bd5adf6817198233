// Reports and exports from a real node on disk (Autobase, Hyperbee view) through the API:
// a report made, checked against this node's view as the replica, and the log exported and
// replayed to the network's digest.
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import type { Intent } from '../../core/protocol/intents.ts'
import { createWallet } from '../../core/node/keys.ts'
import { readReplayInput } from '../../main/cli/replay-input.ts'
import { apiHost, type ApiHost } from './api-host.ts'

describe('reports and exports on a real node', () => {
  let api: ApiHost
  const accepted = async (intent: Intent): Promise<string> => {
    const result = await api.call('tx.submit', { intent })
    if (result.status !== 'accepted') throw new Error(`${intent.type}: ${JSON.stringify(result)}`)
    return result.id
  }

  beforeAll(async () => {
    api = await apiHost()
    await api.call('setup.create', { name: 'Bakery', roles: ['producer', 'dispatcher'] })
    const me = api.node.requireIdentity().id
    const bread = await accepted({ type: 'product.define', body: { name: 'Bread', unit: 'loaf', kind: 'consumable' } })
    const order = await accepted({ type: 'order.place', body: { producer: me, product: bread, quantity: '4' } })
    const estimate = await accepted({ type: 'estimate.publish', body: { order, minutes: '120000000' } })
    const production = await accepted({ type: 'production.start', body: { estimate } })
    for (const minutes of ['60000000', '45000001']) {
      await accepted({ type: 'production.workload', body: { production, wallet: createWallet().key, minutes, performedAt: api.clock.now - 60_000 } })
    }
    const output = await accepted({ type: 'production.output', body: { production, outputs: [{ product: bread, quantity: '4' }] } })
    await accepted({ type: 'dispatch.record', body: { lot: `${output}:0`, quantity: '1' } })
    api.clock.now = Date.UTC(2026, 4, 10)
    await accepted({ type: 'revision.final', body: { period: '2026-04' } })
  }, 120_000)
  afterAll(() => api.close())

  it('makes a signed report that verifies against this node\'s view, as JSON and as PDF', async () => {
    const json = await api.call('report.make', { period: '2026-04' })
    expect(json.fileName).toBe('report-Bakery-2026-04.json')
    const verdict = await api.call('report.verify', { text: json.text! })
    expect(verdict).toMatchObject({ verdict: 'not-covered', replica: 'matches' })
    expect(verdict.report!.statement).toMatchObject({ a: '105000001', workloads: 2 })

    const pdf = await api.call('report.make', { period: '2026-04', format: 'pdf' })
    expect(Buffer.from(pdf.base64!, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(await api.call('report.verify', { base64: pdf.base64! })).toMatchObject({ verdict: 'not-covered', replica: 'matches' })

    const csv = await api.call('report.make', { period: '2026-04', format: 'csv' })
    expect(csv.text!.split('\n')[0]).toBe('section,item,name,kind,quantity,micro_minutes,minutes,note')
    await expect(api.call('report.make', { period: '2026-05' })).rejects.toMatchObject({ code: 'NO_STATEMENT' })
  }, 60_000)

  it('makes its subsystem\'s signed report, which verifies against this node\'s view, as JSON, PDF and CSV', async () => {
    const json = await api.call('report.subsystem', { period: '2026-04' })
    expect(json.fileName).toBe('report-subsystem-Bakery-2026-04.json')
    // No council checkpoints this network: the report says so, and matches the replica.
    const verdict = await api.call('report.verify', { text: json.text! })
    expect(verdict).toMatchObject({ verdict: 'not-covered', replica: 'matches' })
    const me = api.node.requireIdentity().id
    expect(verdict.subsystemReport!).toMatchObject({ maker: { id: me, name: 'Bakery' }, statement: { a: '105000001', members: [me] } })
    expect(verdict.subsystemReport!.statement.prices).toHaveLength(1)
    expect(verdict.subsystemReport!.statement.parity).toMatchObject({ coupons: '0', commonsGoods: '0' })

    const pdf = await api.call('report.subsystem', { period: '2026-04', format: 'pdf', subsystem: verdict.subsystemReport!.subsystem })
    expect(await api.call('report.verify', { base64: pdf.base64! })).toMatchObject({ verdict: 'not-covered', replica: 'matches' })
    const csv = await api.call('report.subsystem', { period: '2026-04', format: 'csv' })
    expect(csv.text!.split('\n').some((line) => line.startsWith(`collective,${me},Bakery,workloads,2`))).toBe(true)

    await expect(api.call('report.subsystem', { period: '2026-05' })).rejects.toMatchObject({ code: 'NO_STATEMENT' })
    await expect(api.call('report.subsystem', { period: '2026-04', subsystem: 'cd'.repeat(32) })).rejects.toMatchObject({ code: 'UNKNOWN_SUBSYSTEM' })
  }, 60_000)

  it('verifies on an app that is not set up (an auditor\'s), without a replica', async () => {
    const json = await api.call('report.make', { period: '2026-04' })
    const auditor = await apiHost()
    try {
      expect(await auditor.call('report.verify', { text: json.text! })).toMatchObject({ verdict: 'not-covered', replica: 'not-compared' })
    } finally {
      await auditor.close()
    }
  }, 60_000)

  it('exports the log, which replays to the network\'s digest', async () => {
    const file = await api.call('export.log', {})
    const store = new MemoryStore()
    const ledger = new Ledger(store)
    for (const entry of (await readReplayInput(await textFile(file.text!))).entries) await ledger.apply(entry)
    const status = await api.call('node.status', {})
    expect(await ledger.digest()).toBe(status.digest)
    expect(await ledger.length()).toBe(status.length)
    const vf = JSON.parse((await api.call('export.valueflows', {})).text!)
    expect(vf['@graph'].some((n: any) => n['@type'] === 'vf:Organization' && n['vf:name'] === 'Bakery')).toBe(true)
  }, 60_000)
})

/** The exported text as a file on disk, as `stachanov replay` reads it. */
async function textFile(text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'stachanov-log-')), 'log.jsonl')
  await writeFile(path, text)
  return path
}
