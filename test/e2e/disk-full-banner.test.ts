// A full disk under a running headless node, seen in a real browser: a small tmpfs holds the
// node's data (skipped, saying why, where this process may not mount one). While the disk is
// full the page shows a banner saying what happened and what to do, also after a reload (the
// node's status answers DISK_FULL); once space is freed the node reopens its storage by itself
// and the banner goes without a reload.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmdirSync, statfsSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../main/api/table.ts'
import { runHost, type RunningHost } from '../../main/server/host.ts'
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.ts'
import { hostApi, openOffice } from './host-api.ts'

/** Mounts a 12 MiB tmpfs; the reason it could not, if it could not. */
function mountSmallDisk(): { dir: string; skip: string | null } {
  const dir = mkdtempSync(join(tmpdir(), 'disk-full-ui-'))
  if (process.platform !== 'linux') return { dir, skip: 'mounting a tmpfs needs Linux' }
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=12m,mode=0700', 'tmpfs', dir], { stdio: 'pipe' })
    return { dir, skip: null }
  } catch (error) {
    return { dir, skip: `this process may not mount a tmpfs (${String((error as { stderr?: unknown }).stderr ?? error).trim()})` }
  }
}

const disk = mountSmallDisk()
let running: RunningHost | null = null
let browser: Browser | null = null
afterAll(async () => {
  await browser?.close()
  await running?.close().catch(() => {})
  if (!disk.skip) execFileSync('umount', [disk.dir])
  rmdirSync(disk.dir)
})

const free = (dir: string) => {
  const info = statfsSync(dir)
  return info.bavail * info.bsize
}
const product = (n: number) => ({ type: 'product.define' as const, body: { name: `Roll ${n} ${'x'.repeat(60)}`, unit: 'piece', kind: 'consumable' as const } })

describe.skipIf(!hasChromium || disk.skip !== null)(`a full disk, in the browser${NO_CHROMIUM}${disk.skip ? ` (skipped: ${disk.skip})` : ''}`, () => {
  it('shows a lasting banner with what to do, and drops it once space is freed', { timeout: 180_000 }, async () => {
    running = await runHost({ dataDir: join(disk.dir, 'node'), swarm: false })
    const { api } = hostApi(() => running!)
    await api('setup.create', { name: 'Bakery', roles: ['producer'] })
    browser = await launchChromium()
    const page = await openOffice(browser, running)
    const banner = page.locator('[data-fault]')
    expect(await banner.count()).toBe(0)

    // Leave the node a few hundred KiB, then write until the disk is full.
    const filler = join(disk.dir, 'filler')
    await writeFile(filler, Buffer.alloc(Math.max(0, free(disk.dir) - 300 * 1024)))
    let code: string | null = null
    for (let n = 0; n < 20_000 && !code; n++) {
      const answer = await dispatch(running.host, 'tx.submit', { intent: product(n) })
      if ('error' in answer) code = answer.error.code
    }
    expect(code).toBe('DISK_FULL')

    await banner.getByText('The disk is full.').waitFor({ timeout: 20_000 })
    expect(await banner.getAttribute('role')).toBe('alert')
    expect(await banner.textContent()).toMatch(/What to do: free some space on that disk/)
    await page.screenshot({ path: '/tmp/ui3-disk-full.png' })
    await page.reload()
    await banner.getByText('The disk is full.').waitFor({ timeout: 20_000 })
    // The banner says it, once: no second sentence about it below.
    expect(await page.getByText("The disk holding this node's data is full").count()).toBe(0)

    // Space returns: the node goes on by itself, and so does the page.
    await rm(filler)
    await banner.waitFor({ state: 'detached', timeout: 60_000 })
    await page.locator('h1#page-title').first().waitFor({ timeout: 30_000 })
    expect(await page.getByText('Bakery').count()).toBeGreaterThan(0)
  })
})
