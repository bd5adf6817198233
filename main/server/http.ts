// Small HTTP pieces the server shares: JSON answers, refusals written on a bare socket (before
// an upgrade, or for a request Node's parser refused), and a request body read with a limit.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { ApiError } from '../api/contract.ts'

/** The most a call may weigh, over HTTP or as one WebSocket message. */
export const MAX_MESSAGE_BYTES = 1024 * 1024

export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

/** A JSON answer; a value that cannot be written as JSON becomes an INTERNAL error. */
export function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.destroy()
  let text: string
  try {
    text = JSON.stringify(body)
  } catch {
    status = 500
    text = JSON.stringify({
      error: { code: 'INTERNAL', message: 'the answer could not be written as JSON' }
    })
  }
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store'
  })
  res.end(text)
}

/** Answers on a bare socket with a status and a JSON error, then closes it. */
export function refuse(socket: Duplex, status: number, error: ApiError): void {
  if (!socket.writable) return void socket.destroy()
  const body = JSON.stringify({ error })
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'content-type: application/json; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      'connection: close\r\n\r\n' +
      body,
    // The socket allows half-open connections: close it once the answer is out.
    () => socket.destroy()
  )
}

/** The request's body as text: 413 over the limit, 400 when it is not UTF-8. */
export async function readBody(req: IncomingMessage, limit = MAX_MESSAGE_BYTES): Promise<string> {
  const tooLarge = new HttpRefusal(413, 'TOO_LARGE', `a call may carry at most ${limit} bytes`)
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge
  const chunks: Buffer[] = []
  let size = 0
  // Stopping early must not destroy the request: its socket still has to carry the answer.
  for await (const chunk of req.iterator({ destroyOnReturn: false })) {
    size += (chunk as Buffer).length
    if (size > limit) throw tooLarge
    chunks.push(chunk as Buffer)
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))
  } catch {
    throw new HttpRefusal(400, 'BAD_JSON', 'the request body is not UTF-8 text')
  }
}
