// The headless server: the built interface and the API on localhost, behind a token.
//   GET  /                      the renderer (renderer/dist), with a strict CSP
//   POST /api/<method>          one call, JSON in and out (the command line uses this)
//   WS   /api?token=…           calls and pushed events (the browser interface uses this)
// The token travels in the `Authorization: Bearer` header or the WebSocket URL; the browser
// gets it once in the page URL's fragment, which never reaches the server's logs.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { timingSafeEqual } from 'node:crypto'
import { WebSocketServer, type WebSocket } from 'ws'
import { dispatch, type Host } from '../api/table.ts'

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

export interface ApiServer {
  server: Server
  url: string
  port: number
  close(): Promise<void>
}

export async function startServer(host: Host, options: { port: number; hostname?: string; token: string; staticDir: string }): Promise<ApiServer> {
  const expected = Buffer.from(options.token)
  const authorized = (token: string | null | undefined) => {
    const given = Buffer.from(token ?? '')
    return given.length === expected.length && timingSafeEqual(given, expected)
  }
  const sockets = new Set<WebSocket>()
  const emit = host.emit
  host.emit = (event, data) => {
    emit.call(host, event, data)
    const message = JSON.stringify({ event, data })
    for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(message)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => send(res, 500, { error: { code: 'INTERNAL', message: (error as Error).message } }))
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'use POST' } })
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
      if (!authorized(bearer)) return send(res, 401, { error: { code: 'UNAUTHORIZED', message: 'a valid token is needed' } })
      let args: unknown = {}
      try {
        const text = await readBody(req)
        args = text ? JSON.parse(text) : {}
      } catch {
        return send(res, 400, { error: { code: 'BAD_JSON', message: 'the request body is not JSON' } })
      }
      const answer = await dispatch(host, decodeURIComponent(url.pathname.slice('/api/'.length)), args)
      return send(res, 'error' in answer ? 400 : 200, answer)
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'read only' } })
    await serveStatic(url.pathname, res)
  }

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '')
    const file = join(options.staticDir, relative === '' ? 'index.html' : relative)
    if (!file.startsWith(options.staticDir + sep) && file !== options.staticDir) return send(res, 403, { error: { code: 'FORBIDDEN', message: 'outside the interface' } })
    let body: Buffer
    let path = file
    try {
      body = await readFile(path)
    } catch {
      // Client-side routes fall back to the interface's entry page.
      path = join(options.staticDir, 'index.html')
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

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname !== '/api' || !authorized(url.searchParams.get('token'))) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n')
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      ws.on('close', () => sockets.delete(ws))
      ws.on('message', async (data) => {
        let message: { id?: unknown; method?: unknown; args?: unknown }
        try {
          message = JSON.parse(String(data))
        } catch {
          ws.send(JSON.stringify({ id: null, error: { code: 'BAD_JSON', message: 'the message is not JSON' } }))
          return
        }
        const answer = await dispatch(host, String(message.method), message.args)
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: message.id ?? null, ...answer }))
      })
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.hostname ?? '127.0.0.1', () => resolve())
  })
  const port = (server.address() as { port: number }).port
  const url = `http://${options.hostname ?? '127.0.0.1'}:${port}/`
  return {
    server,
    url,
    port,
    async close() {
      for (const socket of sockets) socket.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

async function readBody(req: IncomingMessage, limit = 4 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new Error('body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}
