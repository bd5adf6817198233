// An invite code people can pass on, in a real browser against a real node that listens for
// direct peers (so it can invite without a DHT): the code can be copied, scanned as a QR code
// and saved as a file, it is shown in groups that wrap, and the page never grows wider than
// the window (it used to widen to 1,585 px). The Settings show the neighbours panel.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { encodeInviteCode, INVITE_SECRET_BYTES } from '../../core/network/pairing-messages.ts'
import { inviteCode } from '../../core/node/pairing.ts'
import { runHost, type RunningHost } from '../../main/server/host.ts'
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.ts'


const go = async (page: Page, path: string) => {
  await page.evaluate((h) => ((globalThis as any).location.hash = h), `#${path}`)
  await page.locator('#page-title').first().waitFor()
}

const overflow = (page: Page) =>
  page.evaluate(() => {
    const element = (globalThis as any).document.documentElement
    return { scroll: element.scrollWidth as number, client: element.clientWidth as number }
  })

describe.skipIf(!hasChromium)('passing on an invite' + NO_CHROMIUM, () => {
  let running: RunningHost
  let browser: Browser
  let page: Page
  let data: string

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'stachanov-invite-'))
    running = await runHost({ dataDir: data, swarm: false, direct: { listen: { port: 0, host: '127.0.0.1' }, peers: [] } })
    const created = await fetch(new URL('api/setup.create', running.server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${running.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bakery', roles: ['producer'] })
    })
    expect(created.status).toBe(200)
    browser = await launchChromium()
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', acceptDownloads: true })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(running.server.url).origin })
    page = await context.newPage()
    await page.goto(running.openUrl)
  }, 240_000)

  afterAll(async () => {
    await browser?.close()
    await running?.close()
    if (data) rmSync(data, { recursive: true, force: true })
  })

  it('offers copy, QR code and file, and the code wraps inside the window', async () => {
    await go(page, '/trust')
    await page.getByRole('button', { name: 'Create an invite code' }).click()
    const panel = page.getByTestId('invite')
    await panel.waitFor({ timeout: 30_000 })

    await panel.getByRole('button', { name: 'Copy code' }).click()
    await panel.getByRole('button', { name: 'Copied' }).waitFor()
    const copied = await page.evaluate(() => (globalThis as any).navigator.clipboard.readText() as Promise<string>)
    expect(copied).toMatch(/^[a-z0-9]+\.[a-z0-9]+(\.[a-z0-9]+)?$/)

    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('link', { name: 'Save as file' }).click()])
    expect(download.suggestedFilename()).toBe('stachanov-invite.txt')
    expect(readFileSync((await download.path())!, 'utf8').trim()).toBe(copied)

    const qr = panel.getByRole('img', { name: 'QR code of the invite code' })
    await qr.waitFor()
    expect(await qr.evaluate((img) => (img as any).naturalWidth as number)).toBeGreaterThan(100)

    // Shown in groups of four for reading out; without the spaces it is the code.
    const shown = await panel.getByLabel('The invite code in groups of four').innerText()
    expect(shown.replace(/\s+/g, '')).toBe(copied)

    const wide = await overflow(page)
    expect(wide.scroll).toBeLessThanOrEqual(wide.client)
    // A smaller window: the code wraps again (the trust graph's canvas follows a moment later).
    await page.setViewportSize({ width: 1024, height: 800 })
    await page.waitForFunction(() => {
      const element = (globalThis as any).document.documentElement
      return element.scrollWidth <= element.clientWidth
    }, undefined, { timeout: 10_000 })
    await page.setViewportSize({ width: 1280, height: 900 })
  }, 120_000)

  it('gives up on a well-formed code no device answers, and says what to check', async () => {
    // A newcomer's node whose wait for an answer is 3 s (90 s in the app); the code is in the
    // right form with the right check characters, but carries an address where nobody listens.
    const fresh = mkdtempSync(join(tmpdir(), 'stachanov-invite-newcomer-'))
    const newcomer = await runHost({ dataDir: fresh, swarm: false, pairing: { answerMs: 3000 } })
    try {
      const code = inviteCode(encodeInviteCode(randomBytes(INVITE_SECRET_BYTES)), running.node.identity!.id, ['127.0.0.1:9'])
      const other = await page.context().newPage()
      await other.goto(newcomer.openUrl)
      await other.getByRole('tab', { name: 'Join with an invite code' }).click()
      await other.getByLabel('Invite code', { exact: true }).fill(code)
      await other.getByLabel('Name of your workplace').fill('Mill')
      await other.getByRole('button', { name: 'Join', exact: true }).click()
      const alert = other.getByRole('alert').filter({ hasText: 'No device answered this invite code within 3 seconds' })
      await alert.waitFor({ timeout: 30_000 })
      expect(await alert.innerText()).toMatch(/running and online now .* newest code .* same network settings/)
      // The form is there again to try once more.
      expect(await other.getByRole('button', { name: 'Join', exact: true }).isEnabled()).toBe(true)
      await other.close()
    } finally {
      await newcomer.close()
      rmSync(fresh, { recursive: true, force: true })
    }
  }, 120_000)

  it('shows the neighbours panel in the settings', async () => {
    await go(page, '/settings')
    const panel = page.getByTestId('sync-status')
    await panel.getByText('No other device belongs to the network yet.').waitFor()
    // Alone on the network, its own entries have reached nobody yet, and it says so.
    expect(await panel.getByRole('status').innerText()).toMatch(/^\d+ of our entries ha(s|ve) not reached any neighbour yet\.$/)
  }, 60_000)
})
