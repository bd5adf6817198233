// The desktop window's security settings, in one place and free of Electron imports so that
// tests can check them without the Electron binary.
//   - the renderer runs sandboxed, isolated, without Node; it reaches the node only through
//     the preload's two functions (call, on);
//   - the interface is served from the app's own scheme with a strict CSP;
//   - every webContents the app ever makes (the window, and anything that might appear later)
//     is hardened the moment it is created: no new windows, no navigation or redirect away
//     from the app's origin, no <webview>, no DevTools in a packaged build;
//   - permission requests and permission checks are refused, but for the camera alone (video,
//     no microphone) asked by the app's own page: the shop scans wallet cards with it;
//   - links leave the app only for an allow-list of schemes and hosts, in the user's browser;
//   - every IPC call is checked: it must come from our own page, and its arguments are
//     validated against the API contract before anything runs;
//   - the packaged binary's fuses (electron-builder.yml) turn off running as Node, NODE_OPTIONS
//     and --inspect, load the app only from its integrity-checked ASAR, encrypt cookies.

export const APP_SCHEME = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://stachanov`

export const ELECTRON_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'"
].join('; ')

/** The window's settings; a packaged build has no DevTools at all. */
export function webPreferences(preload: string, { packaged = false } = {}) {
  return {
    preload,
    devTools: !packaged,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    spellcheck: false,
    webviewTag: false
  } as const
}

/** Only our own interface may call the API or be navigated to. */
export function isTrustedUrl(url: string | undefined | null): boolean {
  if (!url) return false
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}` === APP_ORIGIN
  } catch {
    return false
  }
}

export const IPC_CALL = 'stachanov:call'
export const IPC_EVENT = 'stachanov:event'

/**
 * Where a link may take the user outside the app: https only, to these hosts only (exact
 * names, no credentials, the default port). The interface links nowhere else; a link it gains
 * must have its host added here. `stachanov.example` stands for the project's own site.
 */
export const EXTERNAL_HOSTS: readonly string[] = ['stachanov.example']

export function isAllowedExternal(url: string | undefined | null): boolean {
  if (!url) return false
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    EXTERNAL_HOSTS.includes(parsed.hostname)
  )
}

/** The part of Electron's webContents the guard uses. */
export interface GuardedContents {
  on(event: string, listener: (...args: any[]) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' | 'allow' }): void
  closeDevTools(): void
}

/**
 * Hardens one webContents: called for every one the app creates ('web-contents-created'),
 * so nothing -- a window, a devtools page, a future frame host -- escapes these rules.
 */
export function guardWebContents(
  contents: GuardedContents,
  { packaged, openExternal }: { packaged: boolean; openExternal: (url: string) => unknown }
): void {
  contents.setWindowOpenHandler(({ url }) => {
    // Allowed links open in the user's browser, never inside the app.
    if (isAllowedExternal(url)) void openExternal(url)
    return { action: 'deny' }
  })
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (!isTrustedUrl(url)) event.preventDefault()
  }
  contents.on('will-navigate', stayHome)
  contents.on('will-redirect', stayHome)
  contents.on('will-frame-navigate', (event: { preventDefault(): void; url: string }) => stayHome(event, event.url))
  contents.on('will-attach-webview', (event: { preventDefault(): void }) => event.preventDefault())
  contents.on('devtools-opened', () => {
    if (packaged) contents.closeDevTools()
  })
}

/**
 * The one permission the window may have: the camera, video only, for the app's own page (the
 * shop scans wallet cards). A request names the media types it wants; a check names one.
 */
export function cameraOnly(permission: string, details: { mediaTypes?: string[]; mediaType?: string; requestingUrl?: string; securityOrigin?: string } | undefined, origin?: string): boolean {
  if (permission !== 'media' || !details) return false
  const types = details.mediaTypes ?? (details.mediaType ? [details.mediaType] : [])
  const from = details.requestingUrl ?? details.securityOrigin ?? origin
  return types.length > 0 && types.every((type) => type === 'video') && isTrustedUrl(from)
}
