// What a person set stays set across restarts of `stachanov serve` (a real child process),
// seen in a real browser: the same address and token (a bookmark of the address bar opens the
// node again), the language chosen (also in a browser that never saw the node), the port the
// person chose; a new token or a busy port is said, never silent. Settings says in words which
// bootstrap nodes are in use when none is set.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServe, type ServeChild } from '../integration/serve-child.ts'
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.ts'

const dir = mkdtempSync(join(tmpdir(), 'stachanov-restart-'))
const servers: ServeChild[] = []
const serve = async (...args: string[]) => {
  const server = await startServe(dir, ...args)
  servers.push(server)
  return server
}
/** The printed link, with its token. */
const printed = (server: ServeChild) => /Open (http\S+)/.exec(server.output())![1]!

describe.skipIf(!hasChromium)('settings across a restart' + NO_CHROMIUM, () => {
  let browser: Browser
  const contexts: BrowserContext[] = []
  const context = async () => {
    const made = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'en-GB'
    })
    contexts.push(made)
    return made
  }
  beforeAll(async () => {
    browser = await launchChromium()
  }, 180_000)
  afterAll(async () => {
    for (const made of contexts) await made.close()
    await browser?.close()
    for (const server of servers) await server.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps the address, the token and the language; says a new token or a busy port', async () => {
    const first = await serve()
    const office = await context()
    const page = await office.newPage()
    await page.goto(printed(first))
    await page.getByLabel('Name of your workplace').fill('Bakery')
    await page.getByRole('button', { name: 'Create the collective' }).click()
    await page.getByLabel(/I have written the words down/).check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.evaluate(() => ((globalThis as any).location.hash = '#/settings'))
    // No bootstrap node is set: Settings says what is used instead of an empty field alone.
    const inUse = page.locator('dl', { has: page.getByText('Bootstrap nodes') })
    await inUse
      .getByText('none: this node runs without the DHT (started with --no-swarm)')
      .waitFor()
    await page.getByLabel('Language').first().selectOption('de')
    await page.getByRole('heading', { name: 'Einstellungen' }).waitFor()
    const bookmark = page.url()
    expect(bookmark).not.toContain('token=')
    await first.stop()

    // Restarted: the same link is printed; the bookmark opens the node, in German.
    const second = await serve()
    expect(printed(second)).toBe(printed(first))
    expect(second.output()).not.toMatch(/busy|new access token/i)
    const again = await office.newPage()
    await again.goto(bookmark)
    await again.getByRole('heading', { name: 'Einstellungen' }).waitFor({ timeout: 30_000 })
    // A browser that never saw the node, opened with the printed link: German too.
    const other = await (await context()).newPage()
    await other.goto(printed(second))
    await other.getByText('Bakery').first().waitFor({ timeout: 30_000 })
    expect(await other.evaluate(() => (globalThis as any).document.documentElement.lang)).toBe('de')
    await second.stop()
    // A new token, asked for: said at the start, and the old bookmark says it is no longer valid.
    const third = await serve('--new-token')
    expect(third.output()).toContain(
      'A new access token: pages and bookmarks opened with the old one must be opened again'
    )
    expect(printed(third)).not.toBe(printed(second))
    expect(third.port).toBe(second.port)
    // The pages left open meet the new token first and say so; the bookmark opened after
    // them still finds the refused token kept, and says the same (not "no token").
    for (const open of [page, again])
      await open.getByText(/Das Zugangstoken dieser Seite gilt nicht mehr/).waitFor({ timeout: 30_000 })
    const stale = await office.newPage()
    await stale.goto(bookmark)
    await stale
      .getByText(/Das Zugangstoken dieser Seite gilt nicht mehr/)
      .waitFor({ timeout: 30_000 })
    await third.stop()

    // The port used last time is busy: another is used, and that is said.
    // Another program on the port; the pages still open try to reach it, and are dropped.
    const squatter = createServer((socket) => socket.destroy())
    await new Promise<void>((resolve, reject) => {
      squatter.once('error', reject)
      squatter.listen(third.port, '127.0.0.1', resolve)
    })
    try {
      const fourth = await serve()
      expect(fourth.port).not.toBe(third.port)
      expect(fourth.output()).toContain(
        `Port ${third.port}, used last time, is busy: serving on ${fourth.port} this time`
      )
      await fourth.stop()
    } finally {
      await new Promise((resolve) => squatter.close(resolve))
    }

    // Back on its own port once it is free again.
    const fifth = await serve()
    expect(fifth.port).toBe(third.port)
    await fifth.stop()
  }, 300_000)

  it('keeps a port the person chose', async () => {
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const chosen = (probe.address() as { port: number }).port
    await new Promise((resolve) => probe.close(resolve))
    const first = await serve('--port', String(chosen))
    expect(first.port).toBe(chosen)
    await first.stop()
    const second = await serve()
    expect(second.port).toBe(chosen)
    await second.stop()
  }, 120_000)
})
