// What an office clerk found trying the app (a hands-on trial of 2026-12-02, findings numbered), in a real browser
// on a real node. A Bakery keeps its books; what the clerk does not type here (a production,
// people, a second collective) is set up through the node's API.
//
//   3  an oven lasting 10^23 years and an order of 10^20 loaves are refused before sending;
//   4  a refused name's sentence (capitalised) leaves the Name field once the name changes;
//   6  a request for strong trust shows as waiting on the partner's row, and is not offered twice;
//   8  accepted CSV rows leave the box; the same rows again are marked and must be confirmed;
//   9  a second wallet with a name already used is refused; a shared name in a CSV is ambiguous;
//   10 the CSV button counts what it would send; -3, 25:99 and a future day say what is wrong;
//   15 a double click on Co-sign sends one co-signature and says it took effect;
//   16 a day before the production started (a mistyped month) is marked before sending;
//   20 a negative quantity in the shop's basket is marked at once, never "Hand out (free)".
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { identityFromSeed, newSeed } from '../../core/node/keys.ts'
import { createTransaction, signTransaction } from '../../core/protocol/sign.ts'
import { runHost, type RunningHost } from '../../main/server/host.ts'
import { bakeryAtWork, hostApi, openOffice } from './host-api.ts'
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.ts'

const H = 60_000_000n
const DAY = 86_400_000
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10)

const go = async (page: Page, path: string, title: string) => {
  await page.evaluate((h) => ((globalThis as any).location.hash = h), `#${path}`)
  await page.locator('h1#page-title', { hasText: new RegExp(`^${title}$`) }).waitFor()
}

describe.skipIf(!hasChromium)('what the clerk found' + NO_CHROMIUM, () => {
  let running: RunningHost
  let browser: Browser
  let page: Page
  let data = ''
  let ben = ''

  const { api } = hostApi(() => running)
  const entries = async () => ((await api('node.status', {})) as { length: number }).length

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'stachanov-clerk-'))
    running = await runHost({ dataDir: data, swarm: false })
    ben = await bakeryAtWork(running, 'Ben')
    browser = await launchChromium()
    page = await openOffice(browser, running)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await running?.close()
    if (data) rmSync(data, { recursive: true, force: true })
  })

  it('4: a refused name says so with a capital, and the sentence leaves once the name changes', async () => {
    await go(page, '/products', 'Products')
    const form = page.locator('form', { has: page.locator('#define-title') })
    const name = form.getByLabel('Name', { exact: true })
    await name.fill('rye bread')
    await form.getByLabel('Unit', { exact: true }).fill('loaf')
    await form.getByRole('button', { name: 'Define', exact: true }).click()
    const error = form.locator('.field .error', { hasText: 'already exists' })
    expect(await error.innerText({ timeout: 20_000 })).toMatch(
      /^A product type called "rye bread" already exists/
    )
    await name.fill('Oven')
    await error.waitFor({ state: 'detached', timeout: 5000 })
    expect(await name.getAttribute('aria-invalid')).toBeNull()
  }, 60_000)

  it('3: an oven of 10^23 years and an order of 10^20 loaves are refused before sending', async () => {
    const before = await entries()
    const form = page.locator('form', { has: page.locator('#define-title') })
    await form.getByLabel('Name', { exact: true }).fill('Oven')
    await form.getByLabel('Unit', { exact: true }).fill('piece')
    await form.getByLabel('Kind', { exact: true }).selectOption('meansOfProduction')
    await form.getByLabel('Durability', { exact: true }).fill('99999999999999999999999')
    await form.getByRole('button', { name: 'Define', exact: true }).click()
    await form.getByText('At most 100 years (52,704,000 minutes)').waitFor({ timeout: 5000 })

    await go(page, '/orders', 'Orders and production')
    const order = page.locator('form', { has: page.locator('#place-title') })
    await order.getByLabel('From', { exact: true }).selectOption({ label: 'Ourselves' })
    await order.getByLabel('Product', { exact: true }).selectOption({ label: 'Rye bread (loaf)' })
    await order.getByLabel('Quantity', { exact: true }).fill('99999999999999999999')
    await order.getByRole('button', { name: 'Place order' }).click()
    await order
      .getByText(/^At most 1,000,000,000,000,000 \(10\^15\) units/)
      .waitFor({ timeout: 5000 })
    expect(await entries()).toBe(before)
  }, 60_000)

  it('9: a second wallet called like a first one is refused with a sentence', async () => {
    await go(page, '/people', 'People and work')
    const wallet = page.locator('section', { has: page.locator('#wallet-title') })
    await wallet.getByLabel('Name', { exact: true }).fill('ben')
    await wallet.getByLabel('PIN for the card').fill('654321')
    await wallet.getByRole('button', { name: 'Create wallet' }).click()
    await wallet.getByText('Someone here is already called ben').waitFor({ timeout: 5000 })
    expect(await wallet.locator('.wallet-card').count()).toBe(0)
    expect(
      (await api('people.list', {})).filter((p: { name: string }) => /^ben$/i.test(p.name))
    ).toHaveLength(1)
  }, 60_000)

  it('10 and 9: the CSV check names each mistake, an ambiguous name, and counts only what it sends', async () => {
    // Two people called Anna, as an address book from before the check above may hold.
    for (const _ of [1, 2])
      await api('people.save', { key: (await api('wallet.create', {})).key, name: 'Anna' })
    await page.reload()
    await go(page, '/people', 'People and work')
    // The production started today: yesterday is before it (finding 16, a month mistyped).
    const today = dayText(Date.now())
    const yesterday = dayText(Date.now() - DAY)
    const csv = page.locator('section', { has: page.locator('#csv-title') })
    await csv.getByLabel('Production', { exact: true }).selectOption({ index: 1 })
    await csv
      .getByLabel('…or paste the rows here')
      .fill(
        [
          'name,date,hours',
          `Ben,${today},4`,
          `Anna,${today},3`,
          `Ben,${today},-3`,
          `Ben,${today},25:99`,
          `Ben,${dayText(Date.now() + 3 * DAY)},2`,
          `Ben,${yesterday},2`
        ].join('\n')
      )
    const check = (line: number) =>
      csv
        .locator('tbody tr', { has: page.getByRole('cell', { name: String(line), exact: true }) })
        .locator('td')
        .last()
    expect(await check(2).innerText()).toBe('✓')
    await expect
      .poll(() => check(3).innerText(), { timeout: 10_000 })
      .toContain('2 people are called "Anna"')
    expect(await check(4).innerText()).toBe('This cannot be negative.')
    expect(await check(5).innerText()).toContain('Minutes go from 0 to 59')
    expect(await check(6).innerText()).toContain('This day has not come yet')
    expect(await check(7).innerText()).toBe(
      `This production started on ${today}: work before that day is not its work (check the month).`
    )
    const button = csv.getByRole('button', { name: /Correct the 5 rows with mistakes first/ })
    expect(await button.isDisabled()).toBe(true)
  }, 60_000)

  it('8: accepted rows leave the box, and the same rows again must be confirmed', async () => {
    const today = dayText(Date.now())
    const csv = page.locator('section', { has: page.locator('#csv-title') })
    const box = csv.getByLabel('…or paste the rows here')
    const rows = `name,date,hours\nBen,${today},4\n`
    await box.fill(rows)
    await csv.getByRole('button', { name: 'Record 1 workload' }).click()
    await csv
      .getByRole('list', { name: 'What the ledger made of the entries' })
      .getByText('accepted')
      .waitFor({ timeout: 30_000 })
    // Nothing left to press twice.
    await expect.poll(() => box.inputValue(), { timeout: 10_000 }).toBe('')
    expect(await csv.getByRole('button', { name: /^Record/ }).isDisabled()).toBe(true)

    // The same file imported again: marked, and sent only when the clerk says so.
    await box.fill(rows)
    await csv
      .getByText('Already recorded: the same person, day, production and hours')
      .waitFor({ timeout: 10_000 })
    const record = csv.getByRole('button', { name: 'Record 1 workload' })
    expect(await record.isDisabled()).toBe(true)
    await csv.getByLabel('1 row is already recorded: record it again anyway').check()
    expect(await record.isDisabled()).toBe(false)
    const booked = (await api('view.workloads', { wallet: ben })) as Array<{ minutes: string }>
    expect(booked.map((w) => w.minutes)).toEqual([String(4n * H)])
  }, 90_000)

  it("6: a request for strong trust waits on the partner's row and is not offered twice", async () => {
    // A Shop registered in the network (its key held here), not yet trusted by anyone.
    const shop = identityFromSeed(newSeed())
    const register = signTransaction(
      createTransaction({
        type: 'collective.register',
        body: { name: 'Corner Shop', roles: ['dispatcher'], devices: ['cd'.repeat(32)] },
        time: running.node.now,
        signers: [shop.id]
      }),
      shop.keyPair
    )
    const { id } = await running.node.append(register)
    expect((await running.node.outcome(id)).status).toBe('accepted')

    await go(page, '/trust', 'Trust network')
    const row = page.locator('tr', { hasText: 'Corner Shop' })
    await row.getByRole('button', { name: 'Ask for strong trust' }).click()
    await row
      .getByText('Asked: waiting for the signature of Corner Shop')
      .waitFor({ timeout: 20_000 })
    expect(await row.getByRole('button', { name: 'Ask for strong trust' }).count()).toBe(0)
    await page.reload()
    await row
      .getByText('Asked: waiting for the signature of Corner Shop')
      .waitFor({ timeout: 20_000 })
    // And the ledger refuses a second request, before anything is appended.
    const me = running.node.requireIdentity().id
    const again = await api('tx.submit', {
      intent: { type: 'trust.establish', body: { a: me, b: shop.id } }
    })
    expect(again).toMatchObject({
      status: 'refused',
      code: 'TRUST_REQUEST_PENDING',
      appended: false
    })
  }, 60_000)

  it('15: a double click on Co-sign signs once and says it took effect', async () => {
    // A Farm asks us for strong trust: the request waits for our co-signature.
    const farm = identityFromSeed(newSeed())
    const me = running.node.requireIdentity().id
    const signed = (
      type: 'collective.register' | 'trust.establish',
      body: any,
      signers: string[]
    ) =>
      signTransaction(
        createTransaction({ type, body, time: running.node.now, signers }),
        farm.keyPair
      )
    await running.node.append(
      signed(
        'collective.register',
        { name: 'Farm', roles: ['producer'], devices: ['ef'.repeat(32)] },
        [farm.id]
      )
    )
    const { id } = await running.node.append(
      signed('trust.establish', { a: farm.id, b: me }, [farm.id, me])
    )
    expect((await running.node.outcome(id)).status).toBe('pending')

    await go(page, '/stock', 'Stock')
    const item = page.locator('#pending li', { hasText: 'Farm' })
    // Two clicks in one task, as an impatient double click on a busy node lands: both reach the
    // handler before the button can turn disabled.
    await item.getByRole('button', { name: 'Co-sign' }).evaluate((button: any) => {
      button.click()
      button.click()
    })
    await page
      .locator('.toast', { hasText: 'co-signed, and it took effect' })
      .waitFor({ timeout: 30_000 })
    await item.waitFor({ state: 'detached', timeout: 20_000 })
    const refused = (await api('view.log', { status: 'rejected' })) as {
      entries: Array<{ type: string | null }>
    }
    expect(refused.entries.filter((e) => e.type === 'cosign')).toEqual([])
    expect(await page.locator('.toast', { hasText: 'NOT_PENDING' }).count()).toBe(0)
    expect(await page.locator('.toast', { hasText: /no transaction with that id/i }).count()).toBe(
      0
    )
  }, 60_000)

  it('20: a negative quantity in the basket is marked at once and nothing is offered free', async () => {
    await go(page, '/shop', 'Shop terminal')
    const checkout = page.locator('section', { has: page.locator('#checkout-title') })
    await checkout.getByLabel('Product', { exact: true }).selectOption({ label: 'Rye bread' })
    await checkout.getByRole('button', { name: 'Add to basket' }).click()
    await checkout.getByLabel('Quantity of Rye bread').fill('-1')
    await checkout.getByText('This cannot be negative.').waitFor({ timeout: 5000 })
    expect(await checkout.getByRole('button', { name: 'Hand out (free)' }).count()).toBe(0)
    expect(
      await checkout.getByRole('button', { name: 'Correct the basket first' }).isDisabled()
    ).toBe(true)
  }, 60_000)
})
