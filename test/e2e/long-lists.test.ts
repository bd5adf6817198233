// Lists that reach past their first page, in a real browser on a real headless node: the
// people of a month say how many of how many are shown; the forms that book work list the
// people of any month with workloads, not only this month's and last month's; the shop's
// dispatch records older than the newest thousand log entries are reachable.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runHost, type RunningHost } from '../../main/server/host.ts'
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.ts'
import { bakeryAtWork, hostApi, openOffice } from './host-api.ts'

const WORKERS = 55
const OLD_WORKERS = 3
const DISPATCHES = 12
const FILLER = 1010

const period = new Date().toISOString().slice(0, 7)
/** Six months back (YYYY-MM) and noon of its 15th: neither this month nor the last. */
const oldDate = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 6, 15, 12))
const oldMonthWords = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(oldDate)

describe.skipIf(!hasChromium)('lists past their first page' + NO_CHROMIUM, () => {
  let running: RunningHost
  let browser: Browser
  let page: Page
  let data = ''
  let oldWallets: string[] = []

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'stachanov-long-lists-'))
    running = await runHost({ dataDir: data, swarm: false })
    const { api, accepted } = hostApi(() => running)
    await bakeryAtWork(running, 'Anna')
    const production = (await api('view.productions', { running: true }))[0]!.id
    const bread = (await api('view.products', {}))[0]!.id
    // The oldest entries: the shop's dispatches, one loaf at a time.
    const lot = `${await accepted({ type: 'resource.collectivize', body: { product: bread, quantity: '50' } })}:0`
    for (let i = 0; i < DISPATCHES; i++) await accepted({ type: 'dispatch.record', body: { lot, quantity: '1' } })
    const wallets = async (n: number) => Promise.all(Array.from({ length: n }, async () => (await api('wallet.create', {})).key))
    const work = (wallet: string, at: number) =>
      accepted({ type: 'production.workload', body: { production, wallet, minutes: String(60_000_000n), performedAt: at } })
    // People who worked six months ago only, and many who worked this month (none named here).
    oldWallets = await wallets(OLD_WORKERS)
    for (const wallet of oldWallets) await work(wallet, oldDate.getTime())
    await Promise.all((await wallets(WORKERS)).map((wallet) => work(wallet, Date.now() - 60_000)))
    // Then more than a thousand entries, so the dispatches are not among the newest thousand.
    for (let i = 0; i < FILLER; i += 100)
      await Promise.all(
        Array.from({ length: Math.min(100, FILLER - i) }, (_, j) =>
          accepted({ type: 'product.define', body: { name: `Filler ${i + j}`, unit: 'kg', kind: 'consumable' } })
        )
      )
    browser = await launchChromium()
    page = await openOffice(browser, running)
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await running?.close()
    if (data) rmSync(data, { recursive: true, force: true })
  })

  it('"Show more" on the people says how many of how many are shown', async () => {
    await page.goto(new URL('/#/people', running.openUrl).href)
    const list = page.locator('section[aria-labelledby="people-title"]')
    const shown = list.getByText(`50 of ${WORKERS} people who worked in ${period} shown`)
    await shown.waitFor({ timeout: 30_000 })
    await page.screenshot({ path: '/tmp/ui3-people.png', fullPage: true })
    await list.getByRole('button', { name: 'Show more people who worked this month' }).click()
    await list.getByRole('button', { name: 'Show more people who worked this month' }).waitFor({ state: 'detached', timeout: 20_000 })
    expect(await shown.count()).toBe(0)
    // Anna (named here, no work this month) and every worker of the month.
    expect(await list.locator('tbody tr').count()).toBe(WORKERS + 1)
  })

  it('the form that books work lists the people of an earlier month once it is chosen', async () => {
    await page.goto(new URL('/#/orders', running.openUrl).href)
    await page.getByRole('button', { name: 'Work on it' }).click()
    const form = page.locator('form', { hasText: 'Record work' })
    const who = form.getByLabel('Who worked')
    const old = who.locator('option', { hasText: oldWallets[0]!.slice(0, 8) })
    await who.locator('option', { hasText: 'Anna' }).waitFor({ state: 'attached', timeout: 20_000 })
    expect(await old.count()).toBe(0)
    const month = form.getByLabel('Also list people from an earlier month')
    // Only months with work besides this one and the last: the old one.
    expect(await month.locator('option').allTextContents()).toEqual(['(only this month and last month)', oldMonthWords])
    await month.selectOption({ label: oldMonthWords })
    await form.getByText(`The ${OLD_WORKERS} people who worked in ${oldMonthWords} are listed too.`).waitFor({ timeout: 20_000 })
    await old.waitFor({ state: 'attached', timeout: 20_000 })
    await form.screenshot({ path: '/tmp/ui3-work-month.png' })
    // Chosen, then the month put back: the chosen person stays chosen, the others go.
    await who.selectOption({ value: oldWallets[0]! })
    await month.selectOption({ label: '(only this month and last month)' })
    await page.waitForTimeout(500)
    expect(await who.inputValue()).toBe(oldWallets[0])
    expect(await who.locator('option', { hasText: oldWallets[1]!.slice(0, 8) }).count()).toBe(0)
  })

  it("the shop's dispatch records older than the newest thousand entries are reachable", async () => {
    await page.goto(new URL('/#/shop', running.openUrl).href)
    const recent = page.locator('section[aria-labelledby="recent-title"]')
    await recent.locator('li').first().waitFor({ timeout: 30_000 })
    expect(await recent.getByText('Nothing handed out yet.').count()).toBe(0)
    expect(await recent.locator('li').count()).toBe(10)
    await recent.getByText(/Older dispatches, before entry #\d+, are not shown yet\./).waitFor()
    await recent.getByRole('button', { name: 'Show older dispatches' }).click()
    await recent.getByRole('button', { name: 'Show older dispatches' }).waitFor({ state: 'detached', timeout: 20_000 })
    expect(await recent.locator('li').count()).toBe(DISPATCHES)
    const items = await recent.locator('li').allTextContents()
    expect(items.every((text) => /Dispatch/i.test(text))).toBe(true)
    await page.screenshot({ path: '/tmp/ui3-shop-dispatches.png', fullPage: true })
  })
})
