// The desktop shell without the Electron binary (it cannot be installed here): the packaging
// config against electron-builder's own schema, the bundles, and the window's security.
import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import Ajv from 'ajv'
import { parse } from 'yaml'
import { APP_ORIGIN, ELECTRON_CSP, guardWebContents, isAllowedExternal, isTrustedUrl, webPreferences } from '../../main/electron/security.ts'

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

  it('flips the fuses: no Node mode, NODE_OPTIONS or --inspect; only the checked ASAR; encrypted cookies', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false
    })
    expect(config.asar).not.toBe(false) // onlyLoadAppFromAsar needs the archive
    const ajv = new (Ajv as any)({ allErrors: true, strict: false })
    const validate = ajv.compile(require('app-builder-lib/scheme.json'))
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNodee: false } })).toBe(false)
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

describe('the app-wide guard', () => {
  it('opens links outside only for https to the allowed hosts', () => {
    expect(isAllowedExternal('https://stachanov.example/help')).toBe(true)
    for (const url of [
      'http://stachanov.example/help',
      'https://stachanov.example.evil.org/',
      'https://user:pw@stachanov.example/',
      'https://stachanov.example:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-msdt:/id',
      `${APP_ORIGIN}/index.html`,
      'not a url',
      undefined
    ]) {
      expect(isAllowedExternal(url), String(url)).toBe(false)
    }
  })

  it('hardens a webContents: no windows, no leaving the origin, no webviews, no DevTools when packaged', () => {
    const listeners = new Map<string, (...args: any[]) => void>()
    let openHandler: ((details: { url: string }) => unknown) | null = null
    let closed = 0
    const opened: string[] = []
    const contents = {
      on: (event: string, listener: (...args: any[]) => void) => listeners.set(event, listener),
      setWindowOpenHandler: (handler: any) => (openHandler = handler),
      closeDevTools: () => closed++
    }
    guardWebContents(contents, { packaged: true, openExternal: (url) => opened.push(url) })
    const stops = (event: string, url?: string) => {
      let stopped = false
      listeners.get(event)!({ preventDefault: () => (stopped = true), url }, url)
      return stopped
    }
    expect(stops('will-navigate', 'https://evil.example/')).toBe(true)
    expect(stops('will-redirect', 'https://evil.example/')).toBe(true)
    expect(stops('will-frame-navigate', 'file:///etc/passwd')).toBe(true)
    expect(stops('will-redirect', `${APP_ORIGIN}/index.html`)).toBe(false)
    expect(stops('will-attach-webview')).toBe(true)
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(openHandler!({ url: 'https://stachanov.example/help' })).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://stachanov.example/help'])
    listeners.get('devtools-opened')!()
    expect(closed).toBe(1)

    const dev = new Map<string, (...args: any[]) => void>()
    guardWebContents({ ...contents, on: (event: string, listener: any) => dev.set(event, listener) }, { packaged: false, openExternal: () => {} })
    dev.get('devtools-opened')!()
    expect(closed).toBe(1) // a developer's unpackaged run keeps its DevTools
    expect(webPreferences('/x/preload.cjs', { packaged: true }).devTools).toBe(false)
    expect(webPreferences('/x/preload.cjs').devTools).toBe(true)
  })
})
