// The headless server as a browser and the command line meet it: token checks, the API over
// HTTP and WebSocket, pushed events, demo economies, and the interface's files with the CSP.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runHost, type RunningHost } from '../../main/server/host.ts'
import { tempDirs } from './helpers.ts'

const dirs = tempDirs()
let running: RunningHost
let staticDir: string

beforeAll(async () => {
  staticDir = await dirs.make('ui')
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Stachanov</title>')
  await mkdir(join(staticDir, 'assets'))
  await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
  running = await runHost({ dataDir: await dirs.make('server'), swarm: false, staticDir })
})
afterAll(async () => {
  await running.close()
  await dirs.cleanup()
})

async function post(method: string, args: unknown, token = running.token) {
  const response = await fetch(new URL(`api/${method}`, running.server.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args)
  })
  return { status: response.status, body: (await response.json()) as any }
}

describe('the headless server', () => {
  it('refuses calls without the token', async () => {
    const { status, body } = await post('node.status', {}, 'wrong')
    expect(status).toBe(401)
    expect(body.error.code).toBe('UNAUTHORIZED')
  })

  it('validates arguments and names unknown methods', async () => {
    expect((await post('setup.create', { name: '', roles: ['baker'] })).body.error).toMatchObject({ code: 'INVALID_ARGUMENTS' })
    expect((await post('setup.create', { name: '', roles: ['baker'] })).body.error.message).toMatch(/setup\.create\.(name|roles)/)
    expect((await post('shell.exec', {})).body.error.code).toBe('UNKNOWN_METHOD')
  })

  it('serves the interface with a strict CSP, and nothing outside it', async () => {
    const page = await fetch(running.server.url)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-eval')
    const asset = await fetch(new URL('assets/app.js', running.server.url))
    expect(asset.headers.get('content-type')).toContain('text/javascript')
    const escape = await fetch(new URL('/..%2f..%2fpackage.json', running.server.url))
    expect(await escape.text()).not.toContain('"name": "stachanov"')
  })

  it('opens a demo economy read-only, then leaves it', async () => {
    const scenarios = (await post('setup.scenarios', {})).body.result
    expect(scenarios.map((s: { file: string }) => s.file)).toContain('bakery-month.yaml')
    expect((await post('setup.demo', { scenario: 'bakery-month.yaml' })).body.result.title).toBe('A bakery month')
    const overview = (await post('view.overview', {})).body.result
    expect(overview.collective.name).toBe('Bakery')
    expect(overview.lastRevision.period).toBe('2026-04')
    const refused = (await post('tx.submit', { intent: { type: 'product.define', body: { name: 'X', unit: 'kg', kind: 'consumable' } } })).body
    expect(refused.error.code).toBe('DEMO_READ_ONLY')
    await post('setup.leaveDemo', {})
    expect((await post('node.status', {})).body.result).toMatchObject({ state: 'new', demo: null })
  })

  it('keeps the office\'s address book of wallet names on the node, owner-only', async () => {
    const anna = 'a'.repeat(64)
    const ben = 'b'.repeat(64)
    await post('people.save', { key: ben, name: 'Ben' })
    expect((await post('people.save', { key: anna, name: 'Anna' })).body.result).toEqual([
      { key: anna, name: 'Anna' },
      { key: ben, name: 'Ben' }
    ])
    expect((await post('people.forget', { key: ben })).body.result).toEqual([{ key: anna, name: 'Anna' }])
    expect((await post('people.save', { key: 'nope', name: 'X' })).body.error.code).toBe('INVALID_ARGUMENTS')
    const { statSync } = await import('node:fs')
    expect(statSync(join(running.node.options.dir, 'people.json')).mode & 0o077).toBe(0)
  })

  it('speaks the same API over a WebSocket and pushes updates', async () => {
    const url = running.server.url.replace('http', 'ws') + `api?token=${running.token}`
    const refused = new WebSocket(running.server.url.replace('http', 'ws') + 'api?token=nope')
    await new Promise((resolve) => refused.once('error', resolve))

    const ws = new WebSocket(url)
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    const messages: any[] = []
    ws.on('message', (data) => messages.push(JSON.parse(String(data))))
    ws.send(JSON.stringify({ id: 1, method: 'setup.create', args: { name: 'Shop', roles: ['dispatcher'] } }))
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50))
    }
    await until(() => messages.some((m) => m.id === 1))
    expect(messages.find((m) => m.id === 1).result.state).toBe('ready')
    await until(() => messages.some((m) => m.event === 'update'))
    expect(messages.find((m) => m.event === 'update').data.length).toBeGreaterThanOrEqual(1)
    ws.send(JSON.stringify({ id: 2, method: 'keys.backup', args: {} }))
    await until(() => messages.some((m) => m.id === 2))
    expect(messages.find((m) => m.id === 2).result.words).toHaveLength(24)
    ws.close()
  })
})
