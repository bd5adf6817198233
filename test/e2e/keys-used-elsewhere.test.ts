// In a real browser on a real headless node: another device signs with this collective's keys,
// provoked for real as test/integration/fork-own-core.test.ts does it. A twin of this device's
// writer core (the same key pair, another history) reaches a second device, which passes it on
// to this node; Hypercore freezes the node's own core and the node refuses every write
// (KEYS_USED_ELSEWHERE). The clerk must see it at once, without having tried to write, in a
// banner saying what happened and what to do, and still see it after a reload (the node's
// status says so) and in German; a restart of the node ends it (the node forgets the freeze).
import Corestore from 'corestore'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runHost, type RunningHost } from '../../main/server/host.ts'
import { waitFor } from '../integration/helpers.ts'
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.ts'
import { hostApi, openOffice } from './host-api.ts'

const TITLE = "Another device signs with this collective's keys."

/** A second history of `running`'s own writer core, passed to it by a device that took it whole. */
async function passTwinTo(running: RunningHost, dirs: string): Promise<void> {
  const base = running.node.base!
  const own = base.autobase.local
  const twinStore = new Corestore(join(dirs, 'twin'))
  const twin = twinStore.get({ keyPair: base.deviceKeyPair })
  await twin.ready()
  for (let i = 0; i < own.length + 2; i++) await twin.append(Buffer.from(`another history ${i}`))
  const otherStore = new Corestore(join(dirs, 'other'))
  const other = otherStore.get({ key: own.key })
  await other.ready()
  const a = twinStore.replicate(true)
  const b = otherStore.replicate(false)
  for (const s of [a, b]) s.on('error', () => {})
  a.pipe(b).pipe(a)
  await other.download({ start: 0, end: twin.length }).done()
  a.destroy()
  b.destroy()
  await twinStore.close()
  // The device holding the twin meets this node.
  const c = otherStore.replicate(true)
  const d = base.replicate(false)
  for (const s of [c, d]) s.on('error', () => {})
  c.pipe(d).pipe(c)
  await waitFor('the node refuses to write', () => running.node.keysUsedElsewhere, { timeoutMs: 60_000, intervalMs: 100 })
  c.destroy()
  d.destroy()
  await otherStore.close()
  await running.node.frozenDropped()
}

describe.skipIf(!hasChromium)("another device signs with this collective's keys" + NO_CHROMIUM, () => {
  let running: RunningHost | null = null
  let browser: Browser
  let page: Page
  let data = ''
  let dirs = ''

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'stachanov-keys-elsewhere-'))
    dirs = mkdtempSync(join(tmpdir(), 'stachanov-keys-twin-'))
    running = await runHost({ dataDir: data, swarm: false })
    const { api, accepted } = hostApi(() => running!)
    await api('setup.create', { name: 'Bakery', roles: ['producer', 'dispatcher'] })
    await accepted({ type: 'product.define', body: { name: 'Rye bread', unit: 'loaf', kind: 'consumable' } })
    browser = await launchChromium()
    page = await openOffice(browser, running)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await running?.close()
    for (const dir of [data, dirs]) if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('shows a lasting banner saying what happened and what to do, until the node restarts', { timeout: 180_000 }, async () => {
    const banner = page.locator('[data-fault]')
    expect(await banner.count()).toBe(0)

    await passTwinTo(running!, dirs)
    // Shown at once, on the open page (the pushed event), with what to do.
    await banner.getByText(TITLE).waitFor({ timeout: 20_000 })
    expect(await banner.getAttribute('role')).toBe('alert')
    expect(await banner.textContent()).toMatch(/What to do: find the other device .* and stop it for good\. Then restart this node/)
    await page.screenshot({ path: '/tmp/ui3-keys-used-elsewhere.png' })

    // A write is refused with the same code, and changes nothing.
    const { api } = hostApi(() => running!)
    await expect(api('tx.submit', { intent: { type: 'product.define', body: { name: 'Cream', unit: 'l', kind: 'consumable' } } })).rejects.toThrow(/^KEYS_USED_ELSEWHERE/)

    // A reload, and a page opened later: the node's status says so.
    await page.reload()
    await page.locator('h1#page-title').first().waitFor({ timeout: 30_000 })
    await banner.getByText(TITLE).waitFor({ timeout: 20_000 })
    expect(await banner.count()).toBe(1)

    // In German too (a window whose browser speaks German; no language saved with the node).
    const german = await browser.newContext({ locale: 'de-DE', timezoneId: 'UTC' })
    const dePage = await german.newPage()
    await dePage.goto(running!.openUrl)
    await dePage
      .locator('[data-fault]')
      .getByText('Ein anderes Gerät signiert mit den Schlüsseln dieses Kollektivs.')
      .waitFor({ timeout: 30_000 })
    expect(await dePage.locator('[data-fault]').textContent()).toMatch(/Was zu tun ist: das andere Gerät finden/)
    await german.close()

    // The node restarts (same port and token): it forgets the freeze, and the banner goes.
    await running!.close()
    running = await runHost({ dataDir: data, swarm: false })
    await waitFor('the banner is gone', async () => (await banner.count()) === 0, { timeoutMs: 40_000, intervalMs: 250 })
    await page.reload()
    await page.locator('h1#page-title').first().waitFor({ timeout: 30_000 })
    expect(await banner.count()).toBe(0)
  })
})
