// The desktop window's security settings, in one place and free of Electron imports so that
// tests can check them without the Electron binary.
//   - the renderer runs sandboxed, isolated, without Node; it reaches the node only through
//     the preload's two functions (call, on);
//   - the interface is served from the app's own scheme with a strict CSP;
//   - navigation, new windows and permission requests are refused;
//   - every IPC call is checked: it must come from our own page, and its arguments are
//     validated against the API contract before anything runs.

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

export function webPreferences(preload: string) {
  return {
    preload,
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
