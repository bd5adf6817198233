// The WebSocket side of the server: calls and pushed events for the browser interface.
// `ws` enforces the protocol (masking, opcodes, RSV bits, UTF-8, close codes, control-frame
// sizes, the message size): a client that breaks it gets a close frame with the RFC 6455 code
// and only its own connection ends. Each message is checked for its shape before dispatch.
//   → { "id": 1, "method": "node.status", "args": {} }
//   ← { "id": 1, "result": … }   or   { "id": 1, "error": { "code", "message" } }
//   ← { "event": "update", "data": … }
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { ApiError } from '../api/contract.ts'
import { dispatch, type Host } from '../api/table.ts'
import { MAX_MESSAGE_BYTES } from './http.ts'

type Id = string | number | null
type Message = { id: Id; method: string; args: unknown } | { id: Id; error: ApiError }

const MAX_ID_LENGTH = 200

export interface WebSockets {
  /** Completes an upgrade the server has already checked (Host, Origin, token). */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void
  /** Pushes an event to every open connection. */
  broadcast(event: string, data: unknown): void
  close(): void
}

export function webSockets(host: Host): WebSockets {
  const sockets = new Set<WebSocket>()
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    skipUTF8Validation: false,
    // No compression: nothing to gain on localhost, and no inflating of hostile input.
    perMessageDeflate: false,
    // One message event per tick, so that one busy connection cannot starve the others.
    allowSynchronousEvents: false
  })

  async function answer(ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    const message = readMessage(data, isBinary)
    const reply =
      'error' in message
        ? message
        : { id: message.id, ...(await dispatch(host, message.method, message.args)) }
    if (ws.readyState === ws.OPEN) ws.send(toJson(reply, message.id))
  }

  return {
    accept(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws)
        ws.on('close', () => sockets.delete(ws))
        // A protocol error: `ws` has already sent the close frame with its code and is closing
        // this connection. It concerns this client alone; without a listener it would be an
        // uncaught 'error' event that ends the process.
        ws.on('error', () => {})
        ws.on('message', (data, isBinary) => {
          answer(ws, data, isBinary).catch(() => ws.terminate())
        })
      })
    },
    broadcast(event, data) {
      const message = toJson({ event, data }, null)
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(message)
    },
    close() {
      for (const ws of sockets) ws.terminate()
      wss.close()
    }
  }
}

/** A message's id, method and arguments, or the refusal to send back. */
function readMessage(data: RawData, isBinary: boolean): Message {
  if (isBinary) return refusal(null, 'BAD_MESSAGE', 'send each call as a text frame of JSON')
  let value: unknown
  try {
    value = JSON.parse(String(data))
  } catch {
    return refusal(null, 'BAD_JSON', 'the message is not JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refusal(null, 'BAD_MESSAGE', 'a message is an object { "id", "method", "args" }')
  }
  const { id, method, args } = value as { id?: unknown; method?: unknown; args?: unknown }
  const validId =
    id === undefined ||
    id === null ||
    (typeof id === 'number' && Number.isFinite(id)) ||
    (typeof id === 'string' && id.length <= MAX_ID_LENGTH)
  if (!validId)
    return refusal(
      null,
      'BAD_MESSAGE',
      `the id must be a number or a string of at most ${MAX_ID_LENGTH} characters`
    )
  if (typeof method !== 'string')
    return refusal(id ?? null, 'BAD_MESSAGE', 'the method must be a name such as "node.status"')
  return { id: id ?? null, method, args }
}

function refusal(id: Id, code: string, message: string): Message {
  return { id, error: { code, message } }
}

/** The reply as JSON; a result that cannot be written as JSON becomes an INTERNAL error. */
function toJson(reply: unknown, id: Id): string {
  try {
    return JSON.stringify(reply)
  } catch {
    return JSON.stringify(refusal(id, 'INTERNAL', 'the answer could not be written as JSON'))
  }
}
