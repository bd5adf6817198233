// The real desktop window, driven by Playwright's Electron support. Electron's binary is
// downloaded when it installs, which machines without internet cannot do: then these tests
// are skipped, saying so. Where it is installed (`npm install electron`), they run.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
function electronBinary(): string | null {
  try {
    const path = require('electron') as unknown
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}
const binary = electronBinary()
const root = new URL('../../', import.meta.url).pathname

describe.skipIf(!binary)('desktop window (skipped: no Electron binary is installed on this machine)', () => {
  it('opens the first-run screen in a sandboxed window and calls the node through the preload', async () => {
    execFileSync('npm', ['run', '--silent', 'build:electron'], { cwd: root })
    execFileSync('npm', ['run', '--silent', 'build:renderer'], { cwd: root })
    const { _electron } = await import('playwright-core')
    const data = mkdtempSync(join(tmpdir(), 'stachanov-electron-'))
    const app = await _electron.launch({ executablePath: binary!, args: [root], env: { ...process.env, STACHANOV_DATA: data } })
    try {
      const page = await app.firstWindow()
      const status = await page.evaluate(() => (globalThis as any).stachanov.call('node.status', {}))
      expect(status.result.state).toBe('new')
      expect(await page.evaluate(() => typeof (globalThis as any).require)).toBe('undefined')
      expect(await page.evaluate(() => typeof (globalThis as any).process)).toBe('undefined')
    } finally {
      await app.close()
      rmSync(data, { recursive: true, force: true })
    }
  }, 120_000)
})
