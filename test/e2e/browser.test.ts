// The browser interface against a real node: `stachanov serve`'s host with a fresh data
// directory, the built renderer, and Debian's Chromium driven by playwright-core. A clerk's
// first day: create the collective, back up the words, define products, collectivize, make
// bread from an order to ourselves, and look at every screen (axe-core: no serious or critical
// violations, in both themes; no Content-Security-Policy violations).
// With STACHANOV_SCREENSHOTS=1 it also writes a picture of every screen to docs/screenshots/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runHost, type RunningHost } from '../../main/server/host.ts'
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.ts'

const root = new URL('../../', import.meta.url).pathname
const SCREENS = [
  '/',
  '/trust',
  '/products',
  '/stock',
  '/orders',
  '/people',
  '/revisions',
  '/shop',
  '/log',
  '/settings'
] as const
const shots = process.env.STACHANOV_SCREENSHOTS === '1' ? join(root, 'docs', 'screenshots') : null

const go = async (page: Page, path: string) => {
  await page.evaluate((h) => ((globalThis as any).location.hash = h), `#${path}`)
  await page.locator('#page-title').first().waitFor()
}

/** Waits for the toast that reports what the ledger made of the last transaction. */
const outcome = (page: Page, what: string) =>
  page
    .locator('.toast', { hasText: new RegExp(`^${what}(: accepted| was rejected|: recorded)`) })
    .last()
    .innerText({ timeout: 20_000 })

describe.skipIf(!hasChromium)('browser interface on a real node' + NO_CHROMIUM, () => {
  let running: RunningHost
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let data: string
  const cspErrors: string[] = []

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'stachanov-e2e-'))
    running = await runHost({ dataDir: data, swarm: false })
    browser = await launchChromium()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })
    page = await context.newPage()
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text())
    })
    await page.goto(running.openUrl)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await running?.close()
    if (data) rmSync(data, { recursive: true, force: true })
  })

  it('takes the token out of the address and creates a collective with its recovery words', async () => {
    await page.getByRole('heading', { name: 'Welcome to Stachanov' }).waitFor()
    expect(page.url()).not.toContain('token=')
    if (shots) {
      mkdirSync(shots, { recursive: true })
      await page.screenshot({ path: join(shots, 'first-run.png'), fullPage: true })
    }
    await page.getByRole('button', { name: 'Create the collective' }).click()
    await expect(
      page.getByText('Please give your workplace a name.').innerText()
    ).resolves.toBeTruthy()
    await page.getByLabel('Name of your workplace').fill('Corner Bakery')
    await page.getByLabel('Dispatcher (shop)').check()
    await page.getByRole('button', { name: 'Create the collective' }).click()
    await page
      .getByRole('heading', { name: 'Write down your recovery words' })
      .waitFor({ timeout: 30_000 })
    expect(await page.locator('ol.words li').count()).toBe(24)
    await page.getByLabel(/I have written the words down/).check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('heading', { name: 'Overview' }).waitFor()
    await expect(page.locator('.topbar').innerText()).resolves.toContain('Corner Bakery')
  }, 60_000)

  it('defines product types and collectivizes goods', async () => {
    await go(page, '/products')
    for (const [name, unit, durability] of [
      ['Flour', 'kg'],
      ['Bread', 'loaf'],
      ['Oven', 'piece', '10']
    ] as const) {
      await page.getByLabel('Name', { exact: true }).fill(name)
      await page.getByLabel('Unit', { exact: true }).fill(unit)
      if (durability) {
        await page.getByLabel('Kind', { exact: true }).selectOption('meansOfProduction')
        await page.getByLabel('Durability', { exact: true }).fill(durability)
      }
      await page.getByRole('button', { name: 'Define', exact: true }).click()
      expect(await outcome(page, 'New product type')).toContain('accepted')
      await page.getByRole('link', { name }).waitFor()
    }
    await go(page, '/stock')
    // The oven with an impatient double click: the form sends one transaction, not two.
    for (const [label, quantity] of [
      ['Oven (piece)', '1'],
      ['Flour (kg)', '100']
    ] as const) {
      await page.getByLabel('Product', { exact: true }).selectOption({ label })
      await page.getByLabel(/^Quantity/).fill(quantity)
      const button = page.getByRole('button', { name: 'Collectivize' })
      await (label.startsWith('Oven') ? button.dblclick() : button.click())
      expect(await outcome(page, 'Collectivization')).toContain('accepted')
    }
    await page.getByRole('cell', { name: '100 kg' }).waitFor()
    // The flour was appended after anything the double click sent, so all of it shows by now.
    expect(await page.getByRole('cell', { name: '1 piece' }).count()).toBe(1)
  }, 90_000)

  it('makes bread: order, estimate, start, wallet card, workload, input, machine, output with the value balance', async () => {
    await go(page, '/orders')
    await page.getByLabel('From', { exact: true }).selectOption({ label: 'Ourselves' })
    await page.getByLabel('Product', { exact: true }).selectOption({ label: 'Bread (loaf)' })
    await page.getByLabel('Quantity', { exact: true }).fill('20')
    await page.getByRole('button', { name: 'Place order' }).click()
    expect(await outcome(page, 'Order')).toContain('accepted')
    await page.getByLabel('Estimate (hours)').fill('8')
    await page.getByRole('button', { name: 'Send estimate' }).click()
    expect(await outcome(page, 'Estimate')).toContain('accepted')
    await page.getByRole('button', { name: 'Start production' }).click()
    expect(await outcome(page, 'Production started')).toContain('accepted')

    await go(page, '/people')
    await page
      .locator('section', { has: page.locator('#wallet-title') })
      .getByLabel('Name', { exact: true })
      .fill('Anna')
    await page.getByLabel('PIN for the card').fill('271828')
    await page.getByRole('button', { name: 'Create wallet' }).click()
    await page.locator('.wallet-card img').waitFor()
    expect(await page.locator('.wallet-card ol.words li').count()).toBe(24)
    await page.getByRole('button', { name: /Done/ }).click()

    await go(page, '/orders')
    await page.getByRole('button', { name: 'Work on it' }).click()
    await page.getByLabel('Who worked').selectOption({ label: 'Anna' })
    await page.getByLabel('Hours', { exact: true }).fill('7,5')
    await page.getByRole('button', { name: 'Record', exact: true }).click()
    expect(await outcome(page, 'Workload')).toContain('accepted')
    const flour = await page
      .getByLabel('From lot')
      .locator('option', { hasText: 'Flour' })
      .getAttribute('value')
    await page.getByLabel('From lot').selectOption(flour!)
    await page
      .locator('form', { hasText: 'Use up an input' })
      .getByLabel('Quantity', { exact: true })
      .fill('10')
    await page.getByRole('button', { name: 'Consume' }).click()
    expect(await outcome(page, 'Input consumed')).toContain('accepted')
    await page.getByLabel('Machine', { exact: true }).selectOption({ index: 1 })
    await page.getByRole('button', { name: 'Allocate' }).click()
    expect(await outcome(page, 'Machine allocated')).toContain('accepted')
    // The production's view refreshes just after the outcome shows: wait for the button to
    // turn disabled (while a machine is allocated) rather than look once.
    await page.getByRole('button', { name: 'Deliver the output', disabled: true }).waitFor()
    await page.getByLabel('Time used').fill('8')
    await page.getByRole('button', { name: 'Release' }).click()
    expect(await outcome(page, 'Machine released')).toContain('accepted')

    const output = page.locator('form', { hasText: 'Value balance' })
    await output.getByLabel('Quantity', { exact: true }).fill('20')
    await expect(
      output.locator('tr', { hasText: 'Everything that went in' }).innerText()
    ).resolves.toContain('7 h 30 min')
    await expect(output.locator('tr', { hasText: 'Difference' }).innerText()).resolves.toContain(
      '0 min'
    )
    await expect(output.locator('tr', { hasText: 'Out:' }).innerText()).resolves.toContain(
      '22.5 min each'
    )
    await output.getByRole('button', { name: 'Deliver the output' }).click()
    expect(await outcome(page, 'Production output')).toContain('accepted')

    await go(page, '/')
    // The overview may show its cached numbers for a moment while it refreshes.
    await page
      .locator('.stat', { hasText: 'Work this month' })
      .filter({ hasText: '7 h 30 min' })
      .waitFor({ timeout: 10_000 })
    await go(page, '/log')
    await page.getByRole('cell', { name: 'Production output' }).waitFor()
  }, 180_000)

  it('explains mistakes in forms before sending anything', async () => {
    await go(page, '/stock')
    await page.getByLabel('Product', { exact: true }).selectOption({ label: 'Flour (kg)' })
    await page.getByLabel(/^Quantity/).fill('2.5')
    await page.getByRole('button', { name: 'Collectivize' }).click()
    await expect(
      page.getByText('Only whole units: no decimal places.').innerText({ timeout: 5000 })
    ).resolves.toBeTruthy()
  })

  it('shows a ledger refusal next to its field before anything is appended', async () => {
    // The name is taken (the ledger compares names without case): the dry run refuses, the
    // form shows the ledger's own sentence by the Name field, and the log does not grow.
    const { digest } = await import('../../core/ledger/queries.ts')
    const before = (await digest(running.node.store())).length
    await go(page, '/products')
    await page.getByLabel('Name', { exact: true }).fill('flour')
    await page.getByLabel('Unit', { exact: true }).fill('kg')
    await page.getByRole('button', { name: 'Define', exact: true }).click()
    const name = page.getByLabel('Name', { exact: true })
    await page
      .getByRole('alert')
      .filter({ hasText: /already exists/ })
      .waitFor({ timeout: 20_000 })
    const described = (await name.getAttribute('aria-describedby')) ?? ''
    const errorId = described.split(' ').find((id) => id.endsWith('-error'))
    expect(errorId, 'the Name field has an error').toBeTruthy()
    expect(await page.locator(`[id="${errorId}"]`).innerText()).toMatch(/already exists/)
    expect((await digest(running.node.store())).length).toBe(before)
    await name.fill('')
  })

  it('switches to German and to the dark theme', async () => {
    await go(page, '/settings')
    await page.getByLabel('Language', { exact: true }).first().selectOption('de')
    await page.getByRole('link', { name: 'Aufträge und Produktion' }).waitFor()
    await page.getByLabel('Design', { exact: true }).selectOption('dark')
    expect(
      await page.evaluate(() => (globalThis as any).document.documentElement.dataset.theme)
    ).toBe('dark')
    await page.getByLabel('Sprache', { exact: true }).first().selectOption('en')
    await page.getByLabel('Theme', { exact: true }).selectOption('light')
  })

  it('passes axe-core on every screen in both themes, without CSP violations', async () => {
    const axe = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8')
    // The page's CSP forbids injected scripts, axe included: a second window bypasses it.
    const checker = await browser.newContext({
      bypassCSP: true,
      viewport: { width: 1280, height: 900 }
    })
    const serious: string[] = []
    try {
      for (const theme of ['light', 'dark']) {
        const p = await checker.newPage()
        await p.addInitScript(
          (t) => (globalThis as any).localStorage.setItem('stachanov.theme', t),
          theme
        )
        await p.goto(running.openUrl)
        for (const screen of SCREENS) {
          await go(p, screen)
          await p.waitForTimeout(400)
          await p.evaluate(axe)
          const result = await p.evaluate(() =>
            (globalThis as any).axe.run((globalThis as any).document, {
              resultTypes: ['violations']
            })
          )
          for (const v of result.violations as Array<{
            id: string
            impact: string
            nodes: Array<{ target: string[] }>
          }>) {
            if (v.impact === 'serious' || v.impact === 'critical')
              serious.push(
                `${theme} ${screen}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
              )
          }
        }
        await p.close()
      }
    } finally {
      await checker.close()
    }
    expect(serious).toEqual([])
    expect(cspErrors).toEqual([])
  }, 120_000)

  it('opens a demo economy and shows the proposal computer as the value-tree table', async () => {
    // Open the demo through the API (the first-run list is only shown before setup).
    const demo = async (scenario: string) => {
      const answer = await fetch(`${running.server.url}api/setup.demo`, {
        method: 'POST',
        headers: { authorization: `Bearer ${running.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ scenario })
      })
      expect(answer.status).toBe(200)
      await page.reload()
    }
    if (shots) {
      // Pictures of every screen, in the bakery's demo month: more to see than a first day.
      mkdirSync(shots, { recursive: true })
      await demo('bakery-month.yaml')
      for (const screen of SCREENS) {
        await go(page, screen)
        await page.waitForTimeout(800)
        await page.screenshot({
          path: join(shots, `${screen === '/' ? 'overview' : screen.slice(1)}.png`),
          fullPage: true
        })
      }
    }
    await demo('computer.yaml')
    await page.getByText(/You are looking at a demo economy/).waitFor()
    await go(page, '/products')
    await page.getByRole('link', { name: 'Computer', exact: true }).click()
    const table = page.locator('table', { hasText: 'v*(t)' }).first()
    await expect(
      table.locator('tr', { hasText: 'Computer' }).first().innerText()
    ).resolves.toContain('4,468 min')
    await expect(page.locator('output').first().innerText()).resolves.toMatch(
      /Transfers 8 h 4\d min in total/
    )
    if (shots) await page.screenshot({ path: join(shots, 'products-computer.png'), fullPage: true })
    await page.getByRole('button', { name: 'Leave the demo' }).click()
    await page.getByText(/You are looking at a demo economy/).waitFor({ state: 'detached' })
  }, 60_000)

  it('runs through an Electron-style preload bridge and keeps 200 collectives readable', async () => {
    // window.stachanov answers like the desktop host ({ result } or { error }); the page then
    // never opens a WebSocket. The trust view is made up: five subsystems, 200 collectives.
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    await desktop.addInitScript(() => {
      const hex = (n: number) => n.toString(16).padStart(64, '0')
      const collectives: any[] = []
      const edges: any[] = []
      const subsystems: any[] = []
      let id = 1
      for (const [s, size] of [90, 50, 30, 20, 10].entries()) {
        const members: string[] = []
        for (let i = 0; i < size; i++) {
          const c = hex(id++)
          members.push(c)
          collectives.push({
            id: c,
            name: `Collective ${id - 1}`,
            roles: ['producer'],
            member: true,
            subsystem: hex(1000 + s)
          })
          if (i > 0) edges.push({ a: members[(i * 7) % i]!, b: c, since: '' })
        }
        subsystems.push({ id: hex(1000 + s), size, members, commons: [], params: {}, debt: '0' })
      }
      const results: Record<string, unknown> = {
        'node.status': { state: 'ready', collective: collectives[0], peers: [], demo: null },
        'view.trust': { collectives, edges, subsystems, splits: [], requests: [] },
        'view.collectives': collectives
      }
      ;(globalThis as any).stachanov = {
        call: async (method: string) =>
          method === 'network.invite'
            ? { error: { code: 'NOT_AVAILABLE', message: 'no invitations here' } }
            : { result: results[method] ?? [] },
        on: () => () => {}
      }
    })
    const p = await desktop.newPage()
    const sockets: string[] = []
    p.on('websocket', (ws) => sockets.push(ws.url()))
    try {
      await p.goto(`${running.server.url}#/trust`)
      await p.locator('.graph canvas').first().waitFor({ timeout: 20_000 })
      expect(await p.locator('.legend > span').count()).toBe(5)
      await expect(p.locator('.legend').innerText()).resolves.toContain('90 collectives')
      await p.getByRole('button', { name: 'Create an invite code' }).click()
      await p.getByText('no invitations here').waitFor()
      expect(sockets).toEqual([])
    } finally {
      await desktop.close()
    }
  }, 60_000)
})
