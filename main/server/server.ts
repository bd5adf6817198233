// The headless server: the built interface and the API on localhost, behind a token.
//   GET  /                      the renderer (renderer/dist), with a strict CSP (static.ts)
//   POST /api/<method>          one call, JSON in and out (the command line uses this)
//   WS   /api?token=…           calls and pushed events (the browser interface; websocket.ts)
// The token travels in the `Authorization: Bearer` header or the WebSocket URL; the browser
// gets it once in the page URL's fragment, which never reaches the server's logs.
// Every request must name the server itself in `Host`, and a page's call must come from its
// own origin (local-names.ts). Nothing a client sends can end the process: each refusal is a
// status with a JSON error `{ error: { code, message } }`, or a closed connection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { timingSafeEqual } from 'node:crypto'
import { dispatch, type Host } from '../api/table.ts'
import { localNames } from './local-names.ts'
import { HttpRefusal, readBody, refuse, send } from './http.ts'
import { decodePath, serveStatic } from './static.ts'
import { webSockets } from './websocket.ts'

export { CSP } from './static.ts'

export interface ApiServer {
  server: Server
  url: string
  port: number
  close(): Promise<void>
}

export interface ServerOptions {
  port: number
  hostname?: string
  token: string
  staticDir: string
}

export async function startServer(host: Host, options: ServerOptions): Promise<ApiServer> {
  const hostname = options.hostname ?? '127.0.0.1'
  const expected = Buffer.from(options.token)
  const authorized = (token: string | null | undefined) => {
    const given = Buffer.from(token ?? '')
    return given.length === expected.length && timingSafeEqual(given, expected)
  }
  let port = 0
  const names = localNames(hostname, () => port)
  const sockets = webSockets(host)
  const emit = host.emit
  host.emit = (event, data) => {
    emit.call(host, event, data)
    sockets.broadcast(event, data)
  }

  /** The request's URL, after the checks every request passes: its own Host, an origin-form target. */
  function target(req: IncomingMessage): URL {
    if (!names.host(req.headers.host)) {
      throw new HttpRefusal(421, 'WRONG_HOST', `this server answers only as ${names.describe()}`)
    }
    const path = req.url ?? ''
    try {
      if (path.startsWith('/')) return new URL(path, 'http://localhost')
    } catch {
      // Falls through to the refusal below.
    }
    throw new HttpRefusal(400, 'BAD_REQUEST', 'the request target is not a path')
  }

  /** A page may call the API only from the server's own origin (the command line sends none). */
  function checkOrigin(req: IncomingMessage): void {
    const origin = req.headers.origin
    if (origin !== undefined && !names.origin(origin)) {
      throw new HttpRefusal(
        403,
        'FOREIGN_ORIGIN',
        `calls are accepted only from this server's own pages (${names.describe()})`
      )
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = target(req)
    if (url.pathname.startsWith('/api/')) return call(req, res, url)
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'read only' } })
    }
    await serveStatic(options.staticDir, url.pathname, res)
  }

  async function call(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST')
      return send(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'use POST' } })
    checkOrigin(req)
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    if (!authorized(bearer))
      return send(res, 401, { error: { code: 'UNAUTHORIZED', message: 'a valid token is needed' } })
    const method = decodePath(url.pathname.slice('/api/'.length))
    const text = await readBody(req)
    let args: unknown
    try {
      args = text ? JSON.parse(text) : {}
    } catch {
      return send(res, 400, {
        error: { code: 'BAD_JSON', message: 'the request body is not JSON' }
      })
    }
    const answer = await dispatch(host, method, args)
    return send(res, 'error' in answer ? 400 : 200, answer)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpRefusal)
        send(res, error.status, { error: { code: error.code, message: error.message } })
      else
        send(res, 500, {
          error: { code: 'INTERNAL', message: 'the server failed to answer this request' }
        })
    })
  })

  // A request Node's parser refuses (a broken request line, headers too large, a timeout).
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET') return void socket.destroy()
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? 431
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? 408
          : 400
    refuse(socket, status, { code: 'BAD_REQUEST', message: 'the request is not valid HTTP/1.1' })
  })

  server.on('upgrade', (req, socket, head) => {
    // Node has handed the socket over: its errors (a reset mid-handshake) are ours to catch.
    socket.on('error', () => socket.destroy())
    try {
      const url = target(req)
      checkOrigin(req)
      if (url.pathname !== '/api' || !authorized(url.searchParams.get('token'))) {
        throw new HttpRefusal(401, 'UNAUTHORIZED', 'a valid token is needed')
      }
    } catch (error) {
      const refusal =
        error instanceof HttpRefusal
          ? error
          : new HttpRefusal(400, 'BAD_REQUEST', 'the upgrade request is not valid')
      return refuse(socket, refusal.status, { code: refusal.code, message: refusal.message })
    }
    sockets.accept(req, socket, head)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, hostname, () => resolve())
  })
  port = (server.address() as { port: number }).port
  const url = `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}/`
  return {
    server,
    url,
    port,
    async close() {
      sockets.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
