// The Reports screen in the browser against a real node showing a demo economy: a month's
// report made and saved as PDF and JSON, then verified by choosing the file and by dropping
// it on the screen; a changed figure says whose signature fails; the subsystem's report made
// and verified, and one collective's figure changed by its maker names the figure; a list
// screen exports CSV; axe-core finds no serious violation and the CSP none. STACHANOV_SCREENSHOTS=1 writes
// docs/screenshots/verify.png.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runHost, type RunningHost } from '../../main/server/host.ts'
import { collectiveActor } from '../../core/scenario/actors.ts'
import { encodeReport } from '../../core/reports/sign.ts'
import { signSubsystemReport } from '../../core/reports/subsystem-sign.ts'
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.ts'

const root = new URL('../../', import.meta.url).pathname
const shots = process.env.STACHANOV_SCREENSHOTS === '1' ? join(root, 'docs', 'screenshots') : null

describe.skipIf(!hasChromium)('the Reports screen' + NO_CHROMIUM, () => {
  let running: RunningHost
  let browser: Browser
  let page: Page
  let data: string
  let dir: string
  const cspErrors: string[] = []

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'stachanov-e2e-reports-'))
    dir = mkdtempSync(join(tmpdir(), 'stachanov-e2e-files-'))
    running = await runHost({ dataDir: data, swarm: false })
    const answer = await fetch(`${running.server.url}api/setup.demo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'bakery-month.yaml' })
    })
    expect(answer.status).toBe(200)
    browser = await launchChromium()
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', acceptDownloads: true })
    page = await context.newPage()
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text())
    })
    await page.goto(running.openUrl)
    await page.evaluate(() => ((globalThis as any).location.hash = '#/reports'))
    await page.getByRole('heading', { name: 'Reports and exports', level: 1 }).waitFor({ timeout: 30_000 })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await running?.close()
    for (const d of [data, dir]) if (d) rmSync(d, { recursive: true, force: true })
  })

  const save = async (button: string): Promise<string> => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()])
    const path = join(dir, download.suggestedFilename())
    await download.saveAs(path)
    return path
  }
  const verdict = () => page.locator('.verdict').first()

  it('makes a month\'s report as PDF and JSON, and verifies the file chosen', async () => {
    const pdf = await save('Report for people (PDF)')
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const json = await save('Signed report (JSON)')
    expect(JSON.parse(readFileSync(json, 'utf8')).report.format).toBe('stachanov-report/1')

    await page.locator('input[type=file]').setInputFiles(pdf)
    await expect(verdict().getAttribute('data-verdict', { timeout: 30_000 })).resolves.toBe('not-covered')
    const text = await verdict().innerText()
    expect(text).toContain('Not covered by a checkpoint')
    expect(text).toContain('the report matches it')
    if (shots) await page.screenshot({ path: join(shots, 'verify.png'), fullPage: true })
  }, 120_000)

  it('verifies a dropped file, and names whose signature fails when a figure changed', async () => {
    const json = readFileSync(await save('Signed report (JSON)'), 'utf8')
    const forged = json.replace(/"stockEnd":"(\d+)"/, (_, n) => `"stockEnd":"${BigInt(n) + 1n}"`)
    expect(forged).not.toBe(json)
    const drop = async (content: string) => {
      const transfer = await page.evaluateHandle((text) => {
        const dt = new (globalThis as any).DataTransfer()
        dt.items.add(new (globalThis as any).File([text], 'report.json', { type: 'application/json' }))
        return dt
      }, content)
      await page.dispatchEvent('[data-testid=report-drop]', 'drop', { dataTransfer: transfer })
    }
    await drop(forged)
    await expect(verdict().getAttribute('data-verdict', { timeout: 30_000 })).resolves.toBe('signature-invalid')
    const invalid = await verdict().innerText()
    expect(invalid).toContain('Whose signature')
    // The copy is not compared with a forged report, and the line says why (not "unknown collective").
    expect(invalid).toContain('not compared (the signature is invalid)')
    expect(invalid).not.toContain('does not know the collective')
    // A file that is no report at all: the verdict alone, no line about the copy.
    await drop('{"hello": "world"}')
    await expect(verdict().getAttribute('data-verdict', { timeout: 30_000 })).resolves.toBe('malformed')
    const malformed = await verdict().innerText()
    expect(malformed).toContain('Not a report')
    expect(malformed).not.toContain('Your copy of the network')
    await drop(json)
    await expect(verdict().getAttribute('data-verdict', { timeout: 30_000 })).resolves.toBe('not-covered')
  }, 120_000)

  it('makes the subsystem\'s report, verifies it, and names the figure of one collective that does not add up', async () => {
    await page.getByLabel('Report of').selectOption('subsystem')
    const pdf = await save('Report for people (PDF)')
    expect(pdf).toMatch(/report-subsystem-.*-2026-04\.pdf$/)
    await page.locator('input[type=file]').setInputFiles(pdf)
    await expect(verdict().getAttribute('data-verdict', { timeout: 30_000 })).resolves.toBe('not-covered')
    const text = await verdict().innerText()
    expect(text).toContain('Made and signed by')
    expect(text).toContain('Coupons outstanding / exclusive goods')
    expect(text).toContain('the report matches it')

    // The maker signs a report in which one collective's work is a minute more than the log's.
    const path = await save('Signed report (JSON)')
    const signed = JSON.parse(readFileSync(path, 'utf8'))
    expect(signed.report.format).toBe('stachanov-subsystem-report/1')
    expect(signed.report.collectives.length).toBeGreaterThan(1)
    signed.report.collectives[1].a = String(BigInt(signed.report.collectives[1].a) + 60_000_000n)
    const forged = encodeReport(signSubsystemReport(signed.report, collectiveActor(signed.report.maker.name).identity, signed.proof))
    const file = join(dir, 'forged-subsystem.json')
    writeFileSync(file, forged)
    await page.locator('input[type=file]').setInputFiles(file)
    await expect(verdict().getAttribute('data-verdict', { timeout: 30_000 })).resolves.toBe('details-mismatch')
    expect(await verdict().innerText()).toMatch(/Figure\s+statement\.a/)
    await page.getByLabel('Report of').selectOption('collective')
  }, 120_000)

  it('exports a list screen as CSV', async () => {
    await page.evaluate(() => ((globalThis as any).location.hash = '#/revisions'))
    await page.getByRole('heading', { name: 'Revisions and coupons', level: 1 }).waitFor()
    const csv = readFileSync(await save('Export CSV'), 'utf8').split('\n')
    expect(csv[0]).toMatch(/^Month|^Period/)
    expect(csv.some((line) => line.startsWith('2026-04,'))).toBe(true)
  }, 60_000)

  it('passes axe-core without CSP violations', async () => {
    const axe = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8')
    const checker = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } })
    const p = await checker.newPage()
    await p.goto(running.openUrl)
    await p.evaluate(() => ((globalThis as any).location.hash = '#/reports'))
    await p.getByRole('heading', { name: 'Reports and exports', level: 1 }).waitFor()
    await p.evaluate(axe)
    const result = await p.evaluate(() => (globalThis as any).axe.run((globalThis as any).document, { resultTypes: ['violations'] }))
    const serious = (result.violations as Array<{ id: string; impact: string }>).filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)
    await checker.close()
    expect(serious).toEqual([])
    expect(cspErrors).toEqual([])
  }, 60_000)
})
