// The desktop app: one window onto the collective's node. The node runs in this main process
// with the same API table as the headless server; the window talks to it through IPC only.
import { readFile } from 'node:fs/promises'
import { join, normalize, sep } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron'
import { dispatch } from '../api/table.ts'
import { setUpHost } from '../host/setup.ts'
import { RENDERER_DIR, SCENARIOS_DIR } from '../server/host.ts'
import { APP_ORIGIN, APP_SCHEME, ELECTRON_CSP, IPC_CALL, IPC_EVENT, cameraOnly, guardWebContents, isTrustedUrl, webPreferences } from './security.ts'

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])

// Before any window exists: every webContents the app ever creates is hardened at birth.
app.on('web-contents-created', (_event: unknown, contents: Parameters<typeof guardWebContents>[0]) =>
  guardWebContents(contents, { packaged: app.isPackaged === true, openExternal: (url) => shell.openExternal(url) })
)

async function main(): Promise<void> {
  await app.whenReady()
  const dataDir = process.env.STACHANOV_DATA ?? join(app.getPath('userData'), 'node')
  const windows = new Set<BrowserWindow>()
  // The same setup as the headless server: saved bootstrap nodes and direct peers apply here too.
  const { node, host } = await setUpHost({
    dataDir,
    scenariosDir: SCENARIOS_DIR,
    emit: (event, data) => {
      for (const window of windows) window.webContents.send(IPC_EVENT, { event, data })
    }
  })

  // The interface's files, from our own scheme, with the CSP on every response.
  protocol.handle(APP_SCHEME, async (request: Request) => {
    const path = normalize(decodeURIComponent(new URL(request.url).pathname)).replace(/^([/\\])+/, '')
    const file = join(RENDERER_DIR, path || 'index.html')
    if (!file.startsWith(RENDERER_DIR + sep)) return new Response('forbidden', { status: 403 })
    const body = await readFile(file).catch(() => readFile(join(RENDERER_DIR, 'index.html')))
    return new Response(body, { headers: { 'content-type': contentType(file), 'content-security-policy': ELECTRON_CSP } })
  })
  session.defaultSession.setPermissionRequestHandler((_contents: unknown, permission: string, decide: (granted: boolean) => void, details?: { mediaTypes?: string[]; requestingUrl?: string }) => decide(cameraOnly(permission, details)))
  session.defaultSession.setPermissionCheckHandler((_contents: unknown, permission: string, origin: string, details?: { mediaType?: string; requestingUrl?: string }) => cameraOnly(permission, details, origin))

  ipcMain.handle(IPC_CALL, async (event: { senderFrame?: { url: string } }, method: unknown, args: unknown) => {
    if (!isTrustedUrl(event.senderFrame?.url)) return { error: { code: 'UNTRUSTED_SENDER', message: 'calls are accepted only from the app\'s own interface' } }
    return dispatch(host, method, args)
  })

  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Stachanov',
    show: false,
    webPreferences: webPreferences(join(import.meta.dirname, 'preload.cjs'), { packaged: app.isPackaged === true })
  })
  windows.add(window)
  window.on('closed', () => windows.delete(window))
  window.once('ready-to-show', () => window.show())
  await window.loadURL(`${APP_ORIGIN}/index.html`)

  app.on('window-all-closed', () => {
    void node.close().finally(() => app.quit())
  })
}

function contentType(file: string): string {
  if (file.endsWith('.html')) return 'text/html; charset=utf-8'
  if (file.endsWith('.js')) return 'text/javascript; charset=utf-8'
  if (file.endsWith('.css')) return 'text/css; charset=utf-8'
  if (file.endsWith('.svg')) return 'image/svg+xml'
  if (file.endsWith('.png')) return 'image/png'
  return 'application/octet-stream'
}

main().catch((error) => {
  // A node that cannot start (a lost key file, a copied data directory, a broken settings
  // file) says why in a sentence the person can act on; errors without a code are bugs.
  const { code, message } = Object(error) as { code?: unknown; message?: unknown }
  if (typeof code === 'string' && typeof message === 'string') {
    console.error(`stachanov: ${code}: ${message}`)
    dialog.showErrorBox('Stachanov cannot start', `${message}\n\n(${code})`)
  } else console.error(error)
  app.exit(1)
})
