// Clerk finding 11, in a real browser on a real node: while the node cannot be reached, the
// forms that book people say so and offer to try again; they never ask to add people. Once the
// node is back, the people are there. ("Who worked" here; the time sheet and the people list
// show the same PeopleState, but their screen's code is not loaded without the node.) The node is stopped under an open page and started again on the same
// data directory (same port and token, as a restarted `stachanov serve`).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runHost, type RunningHost } from '../../main/server/host.ts'
import { bakeryAtWork, openOffice } from './host-api.ts'
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.ts'

const UNREACHABLE = 'The node cannot be reached, so the people of this workplace cannot be shown.'

describe.skipIf(!hasChromium)('while the node cannot be reached' + NO_CHROMIUM, () => {
  let running: RunningHost | null = null
  let browser: Browser
  let page: Page
  let data = ''


  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'stachanov-unreachable-'))
    running = await runHost({ dataDir: data, swarm: false })
    await bakeryAtWork(running, 'Anna')
    browser = await launchChromium()
    page = await openOffice(browser, running)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await running?.close()
    if (data) rmSync(data, { recursive: true, force: true })
  })

  it('"Who worked" says the node is unreachable, offers to try again, and lists the people once it is back', async () => {
    // The page opened straight at the orders (the token is kept for this origin): the production
    // is on screen, and the list of people has not been read yet (the Overview reads it).
    await page.goto(new URL('/#/orders', running!.openUrl).href)
    await page.reload()
    await page
      .locator('h1#page-title', { hasText: 'Orders and production' })
      .waitFor({ timeout: 30_000 })
    const work = page.getByRole('button', { name: 'Work on it' })
    await work.waitFor({ timeout: 20_000 })
    await running!.close()
    running = null
    await page.getByText('Lost the connection to the node').waitFor({ timeout: 20_000 })

    await work.click()
    const form = page.locator('form', { hasText: 'Record work' })
    await form.getByText(UNREACHABLE).waitFor({ timeout: 20_000 })
    expect(await form.getByText('Add people and their wallets').count()).toBe(0)
    expect(await form.getByRole('button', { name: 'Try again' }).count()).toBe(1)

    // Trying again while it is still away says the same, and waits for it.
    await form.getByRole('button', { name: 'Try again' }).click()
    await page.waitForTimeout(1000)
    expect(await form.getByText(UNREACHABLE).count()).toBe(1)
    // The node is back (same port and token): the people are there, without a reload.
    running = await runHost({ dataDir: data, swarm: false })
    await form
      .getByLabel('Who worked')
      .locator('option', { hasText: 'Anna' })
      .waitFor({ state: 'attached', timeout: 30_000 })
    expect(await page.getByText(UNREACHABLE).count()).toBe(0)
  }, 120_000)
})
