// Claiming coupons at the office without the 24 words (issue 10): the worker brings the wallet
// the way they pay at the shop -- the wallet card, which a USB scanner types into the card
// field, and its PIN; or a wallet kept on the office's device (kept there from the card, in
// the Shop's form) and its PIN. A wrong PIN opens nothing and claims nothing. In a real
// browser on a real node; the month's work and its closing are set up through the node's API.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as q from '../../core/ledger/queries.ts'
import { runHost, type RunningHost } from '../../main/server/host.ts'
import { formatTime } from '../../renderer/src/format.ts'
import { hostApi } from './host-api.ts'
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.ts'

const root = new URL('../../', import.meta.url).pathname
const H = 60_000_000n
const PIN = '271828'
// Work done two months ago: that month and its grace time are over, so it can be closed.
const today = new Date()
const workDay = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 2, 15, 12)
const period = new Date(workDay).toISOString().slice(0, 7)
const WORK = { Anna: 3n * H, Ben: 5n * H }

describe.skipIf(!hasChromium)('coupons claimed at the office without the words' + NO_CHROMIUM, () => {
  let running: RunningHost
  let browser: Browser
  let page: Page
  const dirs: string[] = []

  const { api, accepted } = hostApi(() => running)

  beforeAll(async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'stachanov-claims-ui-'))
    const dataDir = mkdtempSync(join(tmpdir(), 'stachanov-claims-'))
    dirs.push(staticDir, dataDir)
    execFileSync('npm', ['run', '--silent', 'build:renderer', '--', '--outDir', staticDir, '--emptyOutDir'], { cwd: root, stdio: 'ignore' })
    running = await runHost({ dataDir, swarm: false, staticDir })
    browser = await launchChromium()
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' })
    page = await context.newPage()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await running?.close()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('claims with a scanned card and PIN, and with a wallet kept on the device; a wrong PIN claims nothing', async () => {
    await api('setup.create', { name: 'Mill', roles: ['producer', 'dispatcher'] })
    const me = running.node.requireIdentity().id
    const flour = await accepted({ type: 'product.define', body: { name: 'Flour', unit: 'kg', kind: 'consumable' } })
    const order = await accepted({ type: 'order.place', body: { producer: me, product: flour, quantity: '10' } })
    const estimate = await accepted({ type: 'estimate.publish', body: { order, minutes: String(8n * H) } })
    const production = await accepted({ type: 'production.start', body: { estimate } })
    const wallets: Record<string, { key: string; words: string[] }> = {}
    for (const name of ['Anna', 'Ben'] as const) {
      wallets[name] = await api('wallet.create', {})
      await api('people.save', { key: wallets[name].key, name })
      await accepted({ type: 'production.workload', body: { production, wallet: wallets[name].key, minutes: String(WORK[name]), performedAt: workDay } })
    }
    await accepted({ type: 'revision.final', body: { period } })
    // Anna and Ben each got a wallet card when their wallets were made.
    const card = (await api('wallet.card', { words: wallets.Anna!.words, pin: PIN })).code
    const benCard = (await api('wallet.card', { words: wallets.Ben!.words, pin: '314159' })).code

    await page.goto(running.openUrl)
    // Ben would rather not carry his card: it is kept on the office's device, from the card and
    // its PIN, behind a PIN he chooses (the same PIN fields as everywhere a wallet is opened).
    await page.evaluate(() => ((globalThis as any).location.hash = '#/shop'))
    const keep = page.locator('section', { has: page.locator('#kept-title') })
    await keep.getByLabel('Card code', { exact: true }).fill(benCard)
    await keep.getByLabel("The card's PIN").fill('314159')
    await keep.getByLabel('Name', { exact: true }).fill('Ben')
    await keep.getByLabel('PIN for this device').fill('12')
    await keep.getByRole('button', { name: 'Keep the wallet' }).click()
    await keep.getByText('A PIN has at least 4 characters.').waitFor()
    await keep.getByLabel('PIN for this device').fill(PIN)
    await keep.getByRole('button', { name: 'Keep the wallet' }).click()
    await keep.locator('li', { hasText: 'Ben' }).waitFor({ timeout: 30_000 })
    expect((await api('wallet.kept', {})).map((w) => w.key)).toEqual([wallets.Ben!.key])

    await page.evaluate(() => ((globalThis as any).location.hash = '#/revisions'))
    const claim = page.locator('section', { has: page.locator('#claim-title') })
    await claim.waitFor()
    // Nothing here asks for the 24 words.
    expect(await claim.getByLabel('Recovery words of the wallet').count()).toBe(0)
    expect(await claim.locator('textarea').count()).toBe(0)

    // Anna's card, as a USB scanner types it, with a wrong PIN: nothing opens.
    const length = async () => (await q.digest(running.node.store())).length
    const before = await length()
    await claim.getByLabel('Card code', { exact: true }).fill(card)
    await claim.getByLabel('PIN', { exact: true }).fill('000000')
    await claim.getByRole('button', { name: 'Open the wallet' }).click()
    await claim.getByText(/PIN does not open this wallet card|PIN is wrong/).waitFor()
    expect(await claim.getByRole('button', { name: 'Claim now' }).count()).toBe(0)

    // The right PIN: her closed month's work is claimable, and claimed.
    await claim.getByLabel('PIN', { exact: true }).fill(PIN)
    await claim.getByRole('button', { name: 'Open the wallet' }).click()
    await claim.getByText(`1 workload (${formatTime(WORK.Anna)}) can be claimed.`).waitFor()
    expect(await length()).toBe(before)
    await claim.getByRole('button', { name: 'Claim now' }).click()
    await claim.locator('li', { hasText: `Usable at Mill: ${formatTime(WORK.Anna)}` }).waitFor({ timeout: 30_000 })
    await claim.getByText('0 workloads (0 min) can be claimed.').waitFor()
    await claim.getByRole('button', { name: 'Done: forget the wallet' }).click()

    // Ben's wallet kept on this device: chosen from the list, opened with his PIN.
    await claim.getByLabel('Kept on this device').check()
    await claim.getByLabel('Wallet kept on this device').selectOption({ label: 'Ben' })
    await claim.getByLabel('PIN', { exact: true }).fill('000000')
    await claim.getByRole('button', { name: 'Open the wallet' }).click()
    await claim.getByText(/wrong PIN: 4 attempts left/i).waitFor()
    await claim.getByLabel('PIN', { exact: true }).fill(PIN)
    await claim.getByRole('button', { name: 'Open the wallet' }).click()
    await claim.getByText(`1 workload (${formatTime(WORK.Ben)}) can be claimed.`).waitFor()
    await claim.getByRole('button', { name: 'Claim now' }).click()
    await claim.locator('li', { hasText: `Usable at Mill: ${formatTime(WORK.Ben)}` }).waitFor({ timeout: 30_000 })

    // Two claims, each signed by its wallet, and nothing else was appended.
    expect(await length()).toBe(before + 2)
    for (const name of ['Anna', 'Ben'] as const) {
      const view = await api('view.wallet', { key: wallets[name]!.key })
      expect(view.workloads.every((w) => w.claimedBy)).toBe(true)
    }
  }, 180_000)
})
