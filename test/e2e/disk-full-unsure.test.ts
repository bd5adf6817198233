// A write that meets a full disk, from the form in a real browser: the node cannot know at
// once whether it landed, so the form says it may not be saved and will be checked once space
// is freed (not "refused", which a retry would contradict with PRODUCT_NAME_TAKEN). Once space
// is freed, the node checks it against its log (appending it again only if missing) and the
// notice at the top of the page (shown since, also after a reload), says without a reload that
// it was saved; the product is there once. A small tmpfs holds the node's data (skipped,
// saying why, where this process may not mount one).
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { runHost, type RunningHost } from '../../main/server/host.ts'
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.ts'
import { hostApi, openOffice } from './host-api.ts'
import { free, mountSmallDisk, releaseSmallDisk } from '../helpers/small-disk.ts'

const disk = mountSmallDisk('disk-unsure-ui-')
let running: RunningHost | null = null
let browser: Browser | null = null
afterAll(async () => {
  await browser?.close()
  await running?.close().catch(() => {})
  releaseSmallDisk(disk)
})

describe.skipIf(!hasChromium || disk.skip !== null)(`a write that meets a full disk, in the browser${NO_CHROMIUM}${disk.skip ? ` (skipped: ${disk.skip})` : ''}`, () => {
  it('is answered "may not be saved", and once space is freed the page says it was saved', { timeout: 240_000 }, async () => {
    running = await runHost({ dataDir: join(disk.dir, 'node'), swarm: false })
    const { api } = hostApi(() => running!)
    await api('setup.create', { name: 'Bakery', roles: ['producer'] })
    browser = await launchChromium()
    const page = await openOffice(browser, running)
    await page.getByRole('navigation').getByRole('link', { name: 'Products', exact: true }).click()
    const define = page.locator('form[aria-labelledby="define-title"]')
    await define.getByLabel('Name').waitFor({ timeout: 20_000 })

    // The disk fills up while the node is idle (another program's files); the clerk's next
    // writes go on until one meets it.
    const filler = join(disk.dir, 'filler')
    await writeFile(filler, Buffer.alloc(Math.max(0, free(disk.dir) - 64 * 1024)))
    const answer = define.locator('[data-unsure-answer]')
    let name = ''
    let saved = 0
    for (let n = 0; n < 400; n++) {
      name = `Bread ${n} ${'x'.repeat(60)}`
      await define.getByLabel('Name').fill(name)
      await define.getByLabel('Unit').fill('loaf')
      await define.getByRole('button', { name: 'Define' }).click()
      const cleared = define.getByLabel('Name').and(page.locator('[value=""]'))
      await cleared.or(define.getByRole('alert')).first().waitFor({ timeout: 30_000 })
      if ((await define.getByRole('alert').count()) > 0) break
      saved++
    }
    // The answer is the honest one, not a refusal: it may not be saved, and will be checked.
    expect(await answer.textContent()).toMatch(/^Transaction [0-9a-f]{8}… may not be saved: the disk became full while it was written\. .*Do not enter it again/)
    await page.getByText('The disk is full.').waitFor({ timeout: 20_000 })
    const listed = (await api('node.status', {})).unsure as Array<{ id: string }>
    expect(listed).toHaveLength(1)
    const short = listed[0]!.id.slice(0, 8)
    expect(await answer.textContent()).toContain(short)
    // Typing does not put the answer aside: it is about what was handed over, not the form.
    await define.getByLabel('Unit').fill('loaves')
    expect(await answer.count()).toBe(1)
    // The top of the screen says it too, and keeps saying it across a reload.
    const notice = page.locator('[data-unsure]')
    await notice.and(page.locator('[data-unsure="waiting"]')).waitFor({ timeout: 20_000 })
    expect(await notice.textContent()).toContain(`Transaction ${short}… may not be saved`)
    await page.screenshot({ path: '/tmp/diskack-unsure.png' })
    await page.reload()
    await page.locator('[data-unsure="waiting"]').waitFor({ timeout: 20_000 })
    // In German too, in the form and at the top.
    await page.locator('#top-language').selectOption('de')
    await page.getByText(`Transaktion ${short}… ist vielleicht nicht gespeichert`).waitFor({ timeout: 20_000 })
    await page.locator('#top-language').selectOption('en')
    await page.getByText(`Transaction ${short}… may not be saved`).waitFor({ timeout: 20_000 })

    // Space returns: without a reload, the notice says what became of it.
    await rm(filler)
    await page.locator('[data-unsure="accepted"]').waitFor({ timeout: 60_000 })
    expect(await notice.textContent()).toMatch(new RegExp(`^Checked after the full disk: transaction ${short}… was saved and accepted`))
    await page.screenshot({ path: '/tmp/diskack-checked.png' })
    const products = (await api('view.products', {})) as Array<{ name: string }>
    expect(products.filter((p) => p.name === name)).toHaveLength(1)
    expect(products.length).toBe(saved + 1)
    expect((await api('node.status', {})).unsure).toEqual([])
    // Put aside, it stays aside (also after a reload).
    await notice.getByRole('button', { name: 'OK' }).click()
    expect(await notice.count()).toBe(0)
    await page.reload()
    await page.getByRole('navigation').waitFor({ timeout: 20_000 })
    expect(await notice.count()).toBe(0)
    const record = (await api('view.transaction', { id: listed[0]!.id })).record as { status: string }
    expect(record.status).toBe('accepted')
  })
})
