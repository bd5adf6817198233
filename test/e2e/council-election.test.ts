// The council election on the Council screen (clerk finding #27), against a real node and
// Debian's Chromium: a proposal the ledger refuses shows the ledger's sentence, and nothing
// opens; the screen explains the threshold.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { runHost, type RunningHost } from '../../main/server/host.ts'
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.ts'

const go = async (page: Page, path: string) => {
  await page.evaluate((h) => ((globalThis as any).location.hash = h), `#${path}`)
  await page.locator('#page-title').first().waitFor()
}

describe.skipIf(!hasChromium)('electing a council in the browser' + NO_CHROMIUM, () => {
  let running: RunningHost
  let browser: Browser
  let page: Page
  let data: string

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'stachanov-e2e-council-'))
    running = await runHost({ dataDir: data, swarm: false })
    browser = await launchChromium()
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'en-GB'
    })
    page = await context.newPage()
    await page.goto(running.openUrl)
    await page.getByLabel('Name of your workplace').fill('Valley Mill')
    await page.getByRole('button', { name: 'Create the collective' }).click()
    await page.getByLabel(/I have written the words down/).check({ timeout: 30_000 })
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('heading', { name: 'Overview' }).waitFor()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await running?.close()
    if (data) rmSync(data, { recursive: true, force: true })
  })

  it('shows the ledger\'s refusal of a council of one collective (the schema asks for at least two members), and opens no election', async () => {
    await go(page, '/council')
    const election = page.getByTestId('council-election')
    await election.getByText('more than half of the members (t > n/2)', { exact: false }).waitFor()
    await election.getByText('No election is open.').waitFor()
    await election.getByLabel('Valley Mill').check()
    await election.getByLabel('Threshold (signatures needed)').fill('2')
    await election.getByRole('button', { name: 'Propose this council' }).click()
    await page.getByText('At least 2 items.').first().waitFor({ timeout: 20_000 })
    await election.getByText('No election is open.').waitFor()
  }, 120_000)
})
