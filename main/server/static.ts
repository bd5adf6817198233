// The built interface (renderer/dist), served read-only with a strict CSP. Paths that leave the
// folder are refused; unknown paths fall back to index.html (the interface's own routes).
import type { ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { HttpRefusal, send } from './http.ts'

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'"
].join('; ')

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon'
}

/** A path's %-encoding decoded; 400 BAD_PATH when it is not valid UTF-8 %-encoding. */
export function decodePath(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    throw new HttpRefusal(400, 'BAD_PATH', 'the path has a broken %-encoding')
  }
}

export async function serveStatic(
  staticDir: string,
  pathname: string,
  res: ServerResponse
): Promise<void> {
  const relative = normalize(decodePath(pathname)).replace(/^([/\\])+/, '')
  const file = join(staticDir, relative === '' ? 'index.html' : relative)
  if (!file.startsWith(staticDir + sep) && file !== staticDir) {
    return send(res, 403, { error: { code: 'FORBIDDEN', message: 'outside the interface' } })
  }
  let body: Buffer
  let path = file
  try {
    body = await readFile(path)
  } catch {
    // Client-side routes fall back to the interface's entry page.
    path = join(staticDir, 'index.html')
    try {
      body = await readFile(path)
    } catch {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('The interface is not built yet: run `npm run build:renderer`.\n')
      return
    }
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache'
  })
  res.end(body)
}
