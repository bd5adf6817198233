// The Electron main process, wired to a stand-in for the `electron` module (its binary cannot
// be installed here; everything else — the node, the API table, the files — is real). What is
// checked is what Electron would be asked to do: window settings, IPC checks, navigation,
// permissions and the CSP of every served file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'

const captured = vi.hoisted(() => ({
  windowOptions: null as any,
  ipc: new Map<string, (...args: any[]) => unknown>(),
  webContents: new Map<string, (...args: any[]) => unknown>(),
  openHandler: null as null | ((details: { url: string }) => unknown),
  permission: null as null | ((...args: any[]) => void),
  permissionCheck: null as null | ((...args: any[]) => boolean),
  devToolsClosed: 0,
  scheme: null as null | ((request: Request) => Promise<Response>),
  appEvents: new Map<string, (...args: any[]) => void>(),
  loaded: null as null | string,
  opened: [] as string[],
  quit: false
}))

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      on: (event: string, handler: (...args: any[]) => unknown) => captured.webContents.set(event, handler),
      setWindowOpenHandler: (handler: any) => (captured.openHandler = handler),
      closeDevTools: () => captured.devToolsClosed++,
      send: () => {}
    }
    constructor(options: unknown) {
      captured.windowOptions = options
      // As Electron does: the app hears of every webContents it creates.
      captured.appEvents.get('web-contents-created')?.({}, this.webContents)
    }
    on() {}
    once() {}
    async loadURL(url: string) {
      captured.loaded = url
    }
  }
  return {
    app: {
      whenReady: async () => {},
      isPackaged: true,
      getPath: () => tmpdir(),
      on: (event: string, handler: () => void) => captured.appEvents.set(event, handler),
      quit: () => (captured.quit = true),
      exit: () => {}
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string, handler: any) => captured.ipc.set(channel, handler) },
    protocol: { registerSchemesAsPrivileged: () => {}, handle: (_scheme: string, handler: any) => (captured.scheme = handler) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: any) => (captured.permission = handler),
        setPermissionCheckHandler: (handler: any) => (captured.permissionCheck = handler)
      }
    },
    shell: { openExternal: async (url: string) => captured.opened.push(url) }
  }
})

const data = mkdtempSync(join(tmpdir(), 'stachanov-electron-main-'))
process.env.STACHANOV_DATA = data
afterAll(() => rmSync(data, { recursive: true, force: true }))

describe('Electron main process', async () => {
  await import('../../main/electron/main.ts')
  await vi.waitFor(() => expect(captured.loaded).not.toBeNull(), { timeout: 20_000 })
  const { IPC_CALL, APP_ORIGIN } = await import('../../main/electron/security.ts')
  const call = (url: string, method: string, args: unknown) => captured.ipc.get(IPC_CALL)!({ senderFrame: { url } }, method, args) as Promise<any>

  it('opens an isolated, sandboxed window on the app\'s own origin, without DevTools when packaged', () => {
    expect(captured.loaded).toBe(`${APP_ORIGIN}/index.html`)
    const prefs = captured.windowOptions.webPreferences
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: false })
    captured.webContents.get('devtools-opened')!()
    expect(captured.devToolsClosed).toBe(1)
    expect(prefs.preload).toMatch(/preload\.cjs$/)
  })

  it('answers API calls from its own page, with validated arguments', async () => {
    expect((await call(`${APP_ORIGIN}/index.html`, 'node.status', {})).result.state).toBe('new')
    expect((await call(`${APP_ORIGIN}/index.html`, 'setup.create', { name: '', roles: [] })).error.code).toBe('INVALID_ARGUMENTS')
    expect((await call(`${APP_ORIGIN}/index.html`, 'fs.readFile', {})).error.code).toBe('UNKNOWN_METHOD')
  })

  it('refuses calls from any other page', async () => {
    expect((await call('https://evil.example/', 'node.status', {})).error.code).toBe('UNTRUSTED_SENDER')
  })

  it('locks navigation, redirects, webviews, new windows and permissions on every webContents', async () => {
    const prevented = (event: string, ...args: unknown[]) => {
      let stopped = false
      captured.webContents.get(event)!({ preventDefault: () => (stopped = true), url: args[0] }, ...args)
      return stopped
    }
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true)
    expect(prevented('will-redirect', 'https://evil.example/')).toBe(true)
    expect(prevented('will-frame-navigate', 'https://evil.example/')).toBe(true)
    expect(prevented('will-navigate', `${APP_ORIGIN}/index.html`)).toBe(false)
    expect(prevented('will-attach-webview')).toBe(true)
    expect(captured.openHandler!({ url: 'https://stachanov.example/help' })).toEqual({ action: 'deny' })
    expect(captured.opened).toEqual(['https://stachanov.example/help'])
    for (const url of ['file:///etc/passwd', 'https://evil.example/', 'smb://share/x', 'https://stachanov.example:8443/']) {
      expect(captured.openHandler!({ url })).toEqual({ action: 'deny' })
    }
    expect(captured.opened).toEqual(['https://stachanov.example/help'])
    let granted: boolean | null = null
    captured.permission!(null, 'camera', (g: boolean) => (granted = g))
    expect(granted).toBe(false)
    expect(captured.permissionCheck!(null, 'clipboard-read', 'app://stachanov', {})).toBe(false)
    // The camera alone, video only, for our own page: the shop scans wallet cards.
    const asked = (permission: string, details: object) => {
      let answer: boolean | null = null
      captured.permission!(null, permission, (g: boolean) => (answer = g), details)
      return answer
    }
    expect(asked('media', { mediaTypes: ['video'], requestingUrl: `${APP_ORIGIN}/shop` })).toBe(true)
    expect(asked('media', { mediaTypes: ['video', 'audio'], requestingUrl: `${APP_ORIGIN}/shop` })).toBe(false)
    expect(asked('media', { mediaTypes: ['video'], requestingUrl: 'https://evil.example/' })).toBe(false)
    expect(asked('geolocation', { requestingUrl: `${APP_ORIGIN}/` })).toBe(false)
    expect(captured.permissionCheck!(null, 'media', APP_ORIGIN, { mediaType: 'video' })).toBe(true)
    expect(captured.permissionCheck!(null, 'media', APP_ORIGIN, { mediaType: 'audio' })).toBe(false)
  })

  it('serves the interface with the CSP and nothing outside it', async () => {
    // A path that climbs out is folded back inside the interface: never the project's files.
    const outside = await captured.scheme!(new Request(`${APP_ORIGIN}/..%2F..%2Fpackage.json`)).catch((error: Error) => error)
    if (outside instanceof Response) expect(await outside.text()).not.toContain('"name": "stachanov"')
    else expect(String(outside)).toMatch(/ENOENT/)
    const page = await captured.scheme!(new Request(`${APP_ORIGIN}/index.html`)).catch((error: Error) => error)
    // The interface may not be built on this machine; when it is, it carries the CSP.
    if (page instanceof Response) expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    else expect(String(page)).toMatch(/ENOENT/)
  })

  it('closes the node when the last window closes', async () => {
    captured.appEvents.get('window-all-closed')!()
    await vi.waitFor(() => expect(captured.quit).toBe(true))
  })
})
