// The node's API as the interface calls it, for browser tests that set a node up (or check
// it) beside the page: `api` throws the API's error as `CODE: message`; `accepted` submits an
// intent and wants the ledger to accept it, returning its transaction id.
import type { Args, Method } from '../../main/api/contract.ts'
import type { Results } from '../../main/api/results.ts'
import { dispatch } from '../../main/api/table.ts'
import type { Browser, Page } from 'playwright-core'
import type { RunningHost } from '../../main/server/host.ts'

export function hostApi(running: () => RunningHost) {
  const api = async <M extends Method>(method: M, args: Args<M>): Promise<Results[M]> => {
    const answer = await dispatch(running().host, method, args)
    if ('error' in answer) throw new Error(`${answer.error.code}: ${answer.error.message}`)
    return answer.result as Results[M]
  }
  const accepted = async (intent: Args<'tx.submit'>['intent']): Promise<string> => {
    const result = await api('tx.submit', { intent })
    if (result.status !== 'accepted') throw new Error(`${intent.type}: ${JSON.stringify(result)}`)
    return result.id
  }
  return { api, accepted }
}

/**
 * The bakery the clerk's browser tests start from: a collective making 100 loaves of its own
 * order (the production running), and one person of its own, `name`, whose wallet key it returns.
 */
export async function bakeryAtWork(running: RunningHost, name: string): Promise<string> {
  const { api, accepted } = hostApi(() => running)
  await api('setup.create', { name: 'Bakery', roles: ['producer', 'dispatcher'] })
  const bread = await accepted({ type: 'product.define', body: { name: 'Rye bread', unit: 'loaf', kind: 'consumable' } })
  const me = running.node.requireIdentity().id
  const order = await accepted({ type: 'order.place', body: { producer: me, product: bread, quantity: '100' } })
  const estimate = await accepted({ type: 'estimate.publish', body: { order, minutes: String(100n * 60_000_000n) } })
  await accepted({ type: 'production.start', body: { estimate } })
  const key = (await api('wallet.create', {})).key
  await api('people.save', { key, name })
  return key
}

/** A page at the node's printed address, in an English desktop window on UTC, once it shows. */
export async function openOffice(browser: Browser, running: RunningHost): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' })
  const page = await context.newPage()
  await page.goto(running.openUrl)
  await page.locator('h1#page-title').first().waitFor({ timeout: 30_000 })
  return page
}
