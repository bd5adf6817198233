// Fuzzing the API's methods in process: `dispatch` (the one table every host serves) on a
// real node, with each method's valid arguments mutated (fields dropped, retyped, swapped for
// values of other calls, edge values) and now and then any JSON at all. dispatch never throws,
// every answer is a result or a coded refusal with a sentence, no handler fails (INTERNAL),
// the node keeps answering, and its view keeps PROTOCOL §9's invariants.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { methods } from '../../main/api/contract.ts'
import { dispatch } from '../../main/api/table.ts'
import { checkState } from '../unit/properties/invariants.ts'
import { admitPartner, apiHost, type ApiHost } from '../integration/api-host.ts'
import { mutateJson, Prng, randomValue } from './mutate.ts'
import { report } from './report.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'

const INPUTS = Number(process.env.FUZZ_API ?? 1500)
const SEED = 13_2027
/** Methods that reach beyond this process (pairing, folders) or swap the node for a demo. */
const LEFT_OUT = new Set(['setup.join', 'network.syncFolder', 'setup.demo'])

let api: ApiHost
beforeAll(async () => {
  api = await apiHost()
}, 60_000)
afterAll(async () => {
  await api?.close()
})

describe('the API, fuzzed in process', () => {
  it(`${INPUTS} calls with mutated arguments: no throw, no INTERNAL, the view intact`, { timeout: 900_000 }, async () => {
    await api.call('setup.create', { name: 'Bakery', roles: ['producer', 'dispatcher'] })
    await admitPartner(api, 'Mill')
    const me = api.node.requireIdentity().id
    const wallet = (await api.call('wallet.create', {})) as { key: string; words: string[] }
    const product = (await api.call('tx.submit', { intent: { type: 'product.define', body: { name: 'bread', unit: 'loaf', kind: 'consumable' } } })) as { id: string }
    const lot = (await api.call('tx.submit', { intent: { type: 'resource.collectivize', body: { product: product.id, quantity: '50' } } })) as { id: string }
    const samples: Record<string, unknown[]> = {
      'setup.create': [{ name: 'Bakery', roles: ['producer'] }],
      'view.lots': [{ owner: me }],
      'view.productions': [{ producer: me }, { producer: me, running: true }],
      'view.stock': [{ owner: me, limit: 2 }, { after: `${lot.id}:0` }],
      'view.people': [{ period: '2026-04', wallets: [wallet.key], limit: 1 }, { period: '2026-04', after: wallet.key }],
      'view.workloads': [{ wallet: wallet.key, collective: me, period: '2026-04' }],
      'view.wallet': [{ key: wallet.key }],
      'view.prices': [{ subsystem: me }],
      'view.log': [{ limit: 10, search: 'bread', status: 'accepted' }],
      'view.transaction': [{ id: product.id }],
      'view.parity': [{ split: product.id }],
      'tx.submit': [
        { intent: { type: 'resource.collectivize', body: { product: product.id, quantity: '5' } } },
        { intent: { type: 'resource.writeoff', body: { lot: `${lot.id}:0`, quantity: '1', reason: 'spoiled' } } },
        { intent: { type: 'order.place', body: { producer: me, product: product.id, quantity: '3' } } },
        { intent: { type: 'coupon.spend', body: { wallet: wallet.key, dispatcher: me, amount: '1000' } }, words: wallet.words },
        { intent: { type: 'product.define', body: { name: 'rye', unit: 'kg', kind: 'meansOfProduction', durability: '600' } }, expires: Date.UTC(2026, 5, 1) }
      ],
      'tx.cosign': [{ id: product.id }],
      'tx.decline': [{ id: product.id, reason: 'no' }],
      'people.save': [{ key: wallet.key, name: 'Anna' }],
      'people.forget': [{ key: wallet.key }],
      'wallet.fromWords': [{ words: wallet.words }],
      'wallet.claim': [{ words: wallet.words, workloads: [product.id] }],
      'wallet.spend': [{ words: wallet.words, amount: '1000' }],
      'shop.checkout': [{ lines: [{ product: product.id, quantity: '1' }], words: wallet.words }],
      'network.configure': [{ bootstrap: ['127.0.0.1:1'], directPeers: [] }]
    }
    const names = Object.keys(methods).filter((m) => !LEFT_OUT.has(m))
    const corpus = Object.values(samples).flat()
    const rng = new Prng(SEED)
    const codes: Record<string, number> = {}
    let results = 0
    let crashes = 0

    for (let i = 0; i < INPUTS; i++) {
      const method = rng.chance(3) ? rng.pick(['__proto__', 'toString', 'view', '', 'tx.submit ', 'VIEW.LOG']) : rng.pick(names)
      const valid = samples[method] ?? [{}]
      const args = rng.chance(10) ? randomValue(rng) : mutateJson(structuredClone(rng.pick(valid)) as object, rng, corpus)
      let answer
      try {
        answer = await dispatch(api.host, method, args)
      } catch (error) {
        crashes++
        throw new Error(`call ${i} ${method} threw: ${(error as Error).stack}\n${JSON.stringify(args)}`)
      }
      if ('error' in answer) {
        codes[answer.error.code] = (codes[answer.error.code] ?? 0) + 1
        expect(answer.error.code, `call ${i} ${method}(${JSON.stringify(args)?.slice(0, 300)}): ${answer.error.message}`).not.toBe('INTERNAL')
        expect(answer.error.message, `call ${i} ${method}`).toMatch(/[a-z]{3,}.{6,}/i)
      } else results++
    }

    // The node still answers, and its view is whole.
    expect(((await dispatch(api.host, 'node.status', {})) as { result: { state: string } }).result.state).toBe('ready')
    const view = new MemoryStore()
    for await (const [key, value] of api.node.store().range({})) await view.put(key, value)
    checkState(view)
    report('API methods (in-process dispatch)', { inputs: INPUTS, results, refusals: INPUTS - results, crashes, corruptions: 0, distinctCodes: Object.keys(codes).length })
  })
})
