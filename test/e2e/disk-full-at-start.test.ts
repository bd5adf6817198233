// A node started while its disk is full, seen in a real browser (a small tmpfs holds its data;
// skipped, saying why, where this process may not mount one). Its storage cannot even open, so
// there is nothing to read: the page shows the banner and says why the screens are missing,
// not a blank page; once space is freed the node opens by itself and the screens come.
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { runHost, type RunningHost } from '../../main/server/host.ts'
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.ts'
import { hostApi } from './host-api.ts'
import { free, mountSmallDisk, releaseSmallDisk } from '../helpers/small-disk.ts'

const disk = mountSmallDisk('disk-full-start-')
let running: RunningHost | null = null
let browser: Browser | null = null
afterAll(async () => {
  await browser?.close()
  await running?.close().catch(() => {})
  releaseSmallDisk(disk)
})

describe.skipIf(!hasChromium || disk.skip !== null)(`a node started on a full disk, in the browser${NO_CHROMIUM}${disk.skip ? ` (skipped: ${disk.skip})` : ''}`, () => {
  it('says why nothing can be shown, and shows it once space is freed', { timeout: 180_000 }, async () => {
    const dataDir = join(disk.dir, 'node')
    running = await runHost({ dataDir, swarm: false })
    await hostApi(() => running!).api('setup.create', { name: 'Bakery', roles: ['producer'] })
    await running.close()

    const filler = join(disk.dir, 'filler')
    await writeFile(filler, Buffer.alloc(free(disk.dir))).catch(() => {}) // whatever fits
    running = await runHost({ dataDir, swarm: false })
    browser = await launchChromium()
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' })
    const page = await context.newPage()
    await page.goto(running.openUrl)
    const banner = page.locator('[data-fault="DISK_FULL"]')
    await banner.waitFor({ timeout: 30_000 })
    await page.getByText('This cannot be shown while the disk is full').waitFor({ timeout: 10_000 })
    expect(await page.locator('h1#page-title').count()).toBe(0)
    await page.screenshot({ path: '/tmp/ui4-disk-full-at-start.png' })

    await rm(filler)
    await banner.waitFor({ state: 'detached', timeout: 60_000 })
    await page.locator('h1#page-title').first().waitFor({ timeout: 30_000 })
    expect(await page.getByText('Bakery').count()).toBeGreaterThan(0)
  })
})
