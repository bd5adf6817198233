// Paying at the shop without typing 24 words: with a scanned wallet card and its PIN, or with
// a wallet kept on the shop's device behind a PIN. A wrong PIN pays nothing and appends
// nothing; a kept wallet locks after five. Through the API, on a real node on disk.
import { afterAll, describe, expect, it } from 'vitest'
import * as q from '../../core/ledger/queries.ts'
import { createWallet } from '../../core/node/keys.ts'
import type { Intent } from '../../core/protocol/intents.ts'
import { apiHost, type ApiHost } from './api-host.ts'

const MINUTE = 60_000_000n
const hosts: ApiHost[] = []
afterAll(async () => {
  for (const api of hosts.splice(0)) await api.close()
})

async function accepted(api: ApiHost, intent: Intent): Promise<string> {
  const result = await api.call('tx.submit', { intent })
  expect(result, intent.type).toMatchObject({ status: 'accepted' })
  return result.id
}

/** A shop that baked 10 loaves with Anna's 90 minutes in April; Anna has claimed her coupons. */
async function shop() {
  const api = await apiHost()
  hosts.push(api)
  await api.call('setup.create', { name: 'Shop', roles: ['producer', 'dispatcher'] })
  const me = api.node.requireIdentity().id
  const anna = createWallet()
  const bread = await accepted(api, { type: 'product.define', body: { name: 'Bread', unit: 'piece', kind: 'consumable' } })
  const order = await accepted(api, { type: 'order.place', body: { producer: me, product: bread, quantity: '10' } })
  const estimate = await accepted(api, { type: 'estimate.publish', body: { order, minutes: String(90n * MINUTE) } })
  const production = await accepted(api, { type: 'production.start', body: { estimate } })
  await accepted(api, { type: 'production.workload', body: { production, wallet: anna.key, minutes: String(90n * MINUTE), performedAt: api.clock.now - 1000 } })
  await accepted(api, { type: 'production.output', body: { production, outputs: [{ product: bread, quantity: '10' }] } })
  api.clock.now = Date.UTC(2026, 4, 9)
  await accepted(api, { type: 'revision.final', body: { period: '2026-04' } })
  expect((await api.call('wallet.claim', { words: anna.words })).claimed).toBe(1)
  return { api, anna, bread }
}

const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: { code: string }) => error.code)

describe('paying without the words', () => {
  it('pays with a scanned card and its PIN, and with a wallet kept on the device', async () => {
    const { api, anna, bread } = await shop()
    const length = async () => (await q.digest(api.node.store())).length
    const basket = [{ product: bread, quantity: '1' }]
    // Each sale a minute later: two equal spends at one moment would be one transaction.
    const nextCustomer = () => (api.clock.now += 60_000)

    const { code } = await api.call('wallet.card', { words: anna.words, pin: '271828' })
    expect(code).not.toContain(anna.words[0]!.toUpperCase())
    expect(await api.call('wallet.key', { wallet: { card: code, pin: '271828' } })).toEqual({ key: anna.key })

    // A wrong PIN: refused before anything is signed.
    const before = await length()
    expect(await failure(api.call('shop.checkout', { lines: basket, wallet: { card: code, pin: '271829' } }))).toBe('WRONG_PIN')
    expect(await failure(api.call('shop.checkout', { lines: basket, wallet: { card: anna.words.join(' '), pin: '271828' } }))).toBe('BAD_WALLET_CARD')
    expect(await length()).toBe(before)

    expect(await api.call('shop.checkout', { lines: basket, wallet: { card: code, pin: '271828' } })).toMatchObject({ status: 'paid', amount: String(9n * MINUTE) })

    nextCustomer()
    // Kept on the shop's device, from the card, behind a short PIN.
    expect(await api.call('wallet.keep', { from: { card: code, pin: '271828' }, pin: '4711', name: 'Anna' })).toMatchObject({ key: anna.key, locked: false })
    expect(await api.call('wallet.kept', {})).toEqual([{ key: anna.key, name: 'Anna', locked: false, attemptsLeft: 5 }])
    expect(await api.call('shop.checkout', { lines: basket, wallet: { kept: anna.key, pin: '4711' } })).toMatchObject({ status: 'paid' })

    nextCustomer()
    const paid = await length()
    for (let i = 0; i < 4; i++) expect(await failure(api.call('shop.checkout', { lines: basket, wallet: { kept: anna.key, pin: '0000' } }))).toBe('WRONG_PIN')
    expect(await failure(api.call('shop.checkout', { lines: basket, wallet: { kept: anna.key, pin: '0000' } }))).toBe('WALLET_LOCKED')
    expect(await failure(api.call('shop.checkout', { lines: basket, wallet: { kept: anna.key, pin: '4711' } }))).toBe('WALLET_LOCKED')
    expect(await length()).toBe(paid)
    expect((await api.call('shop.till', {})).goods).toEqual({ [bread]: '2' })

    // Its words keep it again; forgetting removes it from the device.
    await api.call('wallet.keep', { from: { words: anna.words }, pin: '8080', name: 'Anna' })
    nextCustomer()
    expect(await api.call('shop.checkout', { lines: basket, wallet: { kept: anna.key, pin: '8080' } })).toMatchObject({ status: 'paid' })
    expect(await api.call('wallet.forget', { key: anna.key })).toEqual([])
  }, 180_000)
})
