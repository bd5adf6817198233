// A backup file written from Settings and restored on a new machine's first run, in a real
// browser against real nodes: a wrong passphrase is said in the form and restores nothing; the
// right one typed next restores, and the restored node shows the same digest.
import { mkdtempSync, rmSync } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runHost, type RunningHost } from '../../main/server/host.ts'
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.ts'

const dirs: string[] = []
const temp = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `stachanov-${name}-`))
  dirs.push(dir)
  return dir
}

describe.skipIf(!hasChromium)('backup file in the interface' + NO_CHROMIUM, () => {
  let browser: Browser
  const hosts: RunningHost[] = []
  const open = async (url: string): Promise<Page> => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'en-GB'
    })
    const page = await context.newPage()
    await page.goto(url)
    return page
  }
  const status = async (host: RunningHost): Promise<any> =>
    (
      (await (
        await fetch(`${host.server.url}api/node.status`, {
          method: 'POST',
          headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
          body: '{}'
        })
      ).json()) as { result: unknown }
    ).result

  beforeAll(async () => {
    browser = await launchChromium()
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    for (const host of hosts) await host.close()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('writes a backup in Settings and restores it on a new machine with the same digest', async () => {
    const office = await runHost({ dataDir: temp('office'), swarm: false })
    hosts.push(office)
    const page = await open(office.openUrl)
    await page.getByLabel('Name of your workplace').fill('Bakery')
    await page.getByRole('button', { name: 'Create the collective' }).click()
    await page.getByLabel(/I have written the words down/).check()
    await page.getByRole('button', { name: 'Continue' }).click()

    const file = join(temp('stick'), 'bakery.stachanov-backup')
    await page.evaluate(() => ((globalThis as any).location.hash = '#/settings'))
    const section = page.locator('section', { has: page.locator('#backup-file-title') })
    await section.getByLabel('File to write').fill(file)
    await section.getByLabel('Passphrase', { exact: true }).fill('rye and wheat')
    await section.getByLabel('The same passphrase again').fill('rye and whet')
    await section.getByRole('button', { name: 'Write the backup' }).click()
    await section.getByText('The two passphrases differ.').waitFor()
    await section.getByLabel('The same passphrase again').fill('rye and wheat')
    await section.getByRole('button', { name: 'Write the backup' }).click()
    await page
      .locator('.toast', { hasText: `Backup written to ${file}` })
      .waitFor({ timeout: 90_000 })
    expect((await stat(file)).size).toBeGreaterThan(1000)
    const before = await status(office)
    // Said under the form, not only in a passing toast: where, of what, as of when, how much.
    await section
      .getByRole('status')
      .filter({ hasText: `Backup written to ${file}.` })
      .waitFor()
    await section
      .getByText(new RegExp(`^It holds Bakery as of .+: ${before.length} entries, \\d+ KiB\\.`))
      .waitFor()

    // The same file again: the app asks before replacing it; "Keep it" writes nothing.
    const written = await readFile(file)
    await section.getByLabel('Passphrase', { exact: true }).fill('rye and wheat')
    await section.getByLabel('The same passphrase again').fill('rye and wheat')
    await section.getByRole('button', { name: 'Write the backup' }).dblclick()
    const ask = section
      .getByRole('alert')
      .filter({ hasText: `There is already a file at ${file}.` })
    await ask.waitFor({ timeout: 90_000 })
    // Enter in a field never replaces it: there is no submit button while the question stands.
    await section.getByLabel('The same passphrase again').press('Enter')
    await section.getByRole('button', { name: 'Keep it' }).click()
    await ask.waitFor({ state: 'detached' })
    expect((await readFile(file)).equals(written)).toBe(true)
    // Asked again, and this time replaced.
    await section.getByRole('button', { name: 'Write the backup' }).click()
    await ask.waitFor({ timeout: 90_000 })
    await section.getByRole('button', { name: 'Replace the file' }).click()
    await section
      .getByRole('status')
      .filter({ hasText: `${file} was replaced with the new backup.` })
      .waitFor({ timeout: 90_000 })
    expect((await readFile(file)).equals(written)).toBe(false)

    const machineDir = temp('new-machine')
    const machine = await runHost({ dataDir: machineDir, swarm: false })
    hosts.push(machine)
    const fresh = await open(machine.openUrl)
    await fresh.getByRole('tab', { name: 'Restore a collective' }).click()
    await fresh.getByLabel('Backup file').fill(file)
    const passphrase = fresh.getByLabel('Passphrase of the backup')
    await passphrase.fill('rye and whet')
    await fresh.getByRole('button', { name: 'Restore the backup' }).click()
    const refusal = fresh.getByText(
      'The passphrase does not open this backup (check it; if it is right, the file is damaged)'
    )
    await refusal.waitFor({ timeout: 90_000 })
    // Refused, and nothing changed: the node is still new and its folder holds no keys.
    expect((await status(machine)).state).toBe('new')
    expect(
      await readdir(machineDir).then((names) =>
        names.filter((name) => ['identity.json', 'network.json', 'corestore'].includes(name))
      )
    ).toEqual([])

    // The passphrase typed after the refusal is the one sent (the first change after a
    // verdict used to be swallowed, so the wrong one went again), and the verdict goes.
    await passphrase.fill('rye and wheat')
    await refusal.waitFor({ state: 'detached' })
    expect(await passphrase.inputValue()).toBe('rye and wheat')
    await fresh.getByRole('button', { name: 'Restore the backup' }).dblclick()
    await fresh
      .locator('#page-title', { hasText: /Overview|Bakery/ })
      .first()
      .waitFor({ timeout: 90_000 })
    await fresh.getByText('Bakery').first().waitFor()
    const after = await status(machine)
    expect(after).toMatchObject({
      state: 'ready',
      digest: before.digest,
      length: before.length,
      collective: { name: 'Bakery' }
    })
  }, 300_000)
})
