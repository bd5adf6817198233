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
  scheme: null as null | ((request: Request) => Promise<Response>),
  appEvents: new Map<string, () => void>(),
  loaded: null as null | string,
  opened: [] as string[],
  quit: false
}))

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      on: (event: string, handler: (...args: any[]) => unknown) => captured.webContents.set(event, handler),
      setWindowOpenHandler: (handler: any) => (captured.openHandler = handler),
      send: () => {}
    }
    constructor(options: unknown) {
      captured.windowOptions = options
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
      getPath: () => tmpdir(),
      on: (event: string, handler: () => void) => captured.appEvents.set(event, handler),
      quit: () => (captured.quit = true),
      exit: () => {}
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string, handler: any) => captured.ipc.set(channel, handler) },
    protocol: { registerSchemesAsPrivileged: () => {}, handle: (_scheme: string, handler: any) => (captured.scheme = handler) },
    session: { defaultSession: { setPermissionRequestHandler: (handler: any) => (captured.permission = handler) } },
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

  it('opens an isolated, sandboxed window on the app\'s own origin', () => {
    expect(captured.loaded).toBe(`${APP_ORIGIN}/index.html`)
    const prefs = captured.windowOptions.webPreferences
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false })
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

  it('locks navigation, new windows and permissions', async () => {
    let prevented = false
    captured.webContents.get('will-navigate')!({ preventDefault: () => (prevented = true) }, 'https://evil.example/')
    expect(prevented).toBe(true)
    expect(captured.openHandler!({ url: 'https://stachanov.example/help' })).toEqual({ action: 'deny' })
    expect(captured.opened).toEqual(['https://stachanov.example/help'])
    expect(captured.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    let granted: boolean | null = null
    captured.permission!(null, 'camera', (g: boolean) => (granted = g))
    expect(granted).toBe(false)
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
