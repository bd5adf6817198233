// The desktop shell without the Electron binary (it cannot be installed here): the packaging
// config against electron-builder's own schema, the bundles, and the window's security.
import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import Ajv from 'ajv'
import { parse } from 'yaml'
import { APP_ORIGIN, ELECTRON_CSP, isTrustedUrl, webPreferences } from '../../main/electron/security.ts'

const root = new URL('../../', import.meta.url)
const require = createRequire(import.meta.url)

describe('electron-builder.yml', () => {
  const config = parse(readFileSync(new URL('electron-builder.yml', root), 'utf8'))

  it('is valid against electron-builder\'s schema', () => {
    const schema = require('app-builder-lib/scheme.json')
    const ajv = new (Ajv as any)({ allErrors: true, strict: false })
    const validate = ajv.compile(schema)
    const valid = validate(config)
    expect(validate.errors ?? []).toEqual([])
    expect(valid).toBe(true)
  })

  it('and the schema check catches a broken config', () => {
    const ajv = new (Ajv as any)({ allErrors: true, strict: false })
    const validate = ajv.compile(require('app-builder-lib/scheme.json'))
    expect(validate({ ...config, asarUnpacked: ['typo'] })).toBe(false)
    expect(validate({ ...config, linux: { target: 42 } })).toBe(false)
  })

  it('builds AppImage, deb, dmg and NSIS, with native prebuilds outside the asar', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']))
    expect(config.mac.target).toBe('dmg')
    expect(config.win.target).toBe('nsis')
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', '**/prebuilds/**']))
  })

  it('packs the files the main process loads', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))
    expect(pkg.main).toBe('out/electron/main.mjs')
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'renderer/dist/**', 'node_modules/**']))
    expect(pkg.optionalDependencies.electron).toBeDefined()
  })
})

describe('the Electron bundles', () => {
  it('build, and the preload exposes only call and on', () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'main/electron/build.ts'], { cwd: root, stdio: 'pipe' })
    const preload = readFileSync(new URL('out/electron/preload.cjs', root), 'utf8')
    expect(preload).toContain('exposeInMainWorld("stachanov"')
    expect(preload).toMatch(/call:/)
    expect(preload).toMatch(/on:/)
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\)/)
    const main = readFileSync(new URL('out/electron/main.mjs', root), 'utf8')
    expect(main).toContain('preload.cjs')
  }, 60_000)
})

describe('window security', () => {
  it('isolates and sandboxes the interface without Node', () => {
    const prefs = webPreferences('/x/preload.cjs')
    expect(prefs.contextIsolation).toBe(true)
    expect(prefs.sandbox).toBe(true)
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.webviewTag).toBe(false)
    expect(prefs.webSecurity).toBe(true)
  })

  it('trusts only the app\'s own origin', () => {
    expect(isTrustedUrl(`${APP_ORIGIN}/index.html`)).toBe(true)
    expect(isTrustedUrl('https://example.org/')).toBe(false)
    expect(isTrustedUrl('file:///etc/passwd')).toBe(false)
    expect(isTrustedUrl('app://evil/index.html')).toBe(false)
    expect(isTrustedUrl(undefined)).toBe(false)
    expect(isTrustedUrl('not a url')).toBe(false)
  })

  it('has a CSP without inline scripts, eval or remote connections', () => {
    expect(ELECTRON_CSP).toContain("script-src 'self'")
    expect(ELECTRON_CSP).not.toContain('unsafe-eval')
    expect(ELECTRON_CSP).toContain("connect-src 'none'")
    expect(ELECTRON_CSP).toContain("object-src 'none'")
  })
})
