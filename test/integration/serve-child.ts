// `stachanov serve` as a child process, and a raw WebSocket client that can write any frame,
// well-formed or not, after a proper upgrade handshake. A crash of the server shows as a dead
// child: `alive()` is false and `exit` says how it ended.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import WebSocket from 'ws'
import { waitFor } from './helpers.ts'

const bin = new URL('../../bin/stachanov.js', import.meta.url).pathname

export interface ServeChild {
  child: ChildProcess
  url: string
  port: number
  token: string
  /** Everything the child wrote to stdout and stderr. */
  output(): string
  alive(): boolean
  /** Throws, with the child's output, when the server is no longer running. */
  assertAlive(): void
  stop(): Promise<void>
}

export async function startServe(dataDir: string, ...args: string[]): Promise<ServeChild> {
  const child = spawn(process.execPath, [bin, 'serve', '--data', dataDir, '--no-swarm', ...args], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  let exit: string | null = null
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.once('exit', (code, signal) => (exit = `exited with code ${code}, signal ${signal}`))
  await waitFor('`stachanov serve` to start', () => {
    if (exit) throw new Error(`stachanov serve ${exit}:\n${output}`)
    return /Open http/.test(output)
  })
  const { url, port, token } = JSON.parse(await readFile(join(dataDir, 'server.json'), 'utf8'))
  return {
    child,
    url,
    port,
    token,
    output: () => output,
    alive: () => exit === null,
    assertAlive() {
      if (exit !== null) throw new Error(`stachanov serve ${exit}:\n${output.slice(-4000)}`)
    },
    async stop() {
      if (exit !== null) return
      const gone = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await gone
      clearTimeout(timer)
    }
  }
}

/** One API call over HTTP, as the command line makes it. */
export async function post(server: ServeChild, method: string, args: unknown = {}) {
  const response = await fetch(new URL(`api/${method}`, server.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args)
  })
  return { status: response.status, body: (await response.json()) as any }
}

/** One API call over a fresh WebSocket, as the browser interface makes it. */
export async function callOverWebSocket(
  server: ServeChild,
  method: string,
  args: unknown = {},
  options: WebSocket.ClientOptions = {}
): Promise<any> {
  const ws = new WebSocket(server.url.replace('http', 'ws') + `api?token=${server.token}`, options)
  try {
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    const answer = new Promise((resolve) =>
      ws.once('message', (data) => resolve(JSON.parse(String(data))))
    )
    ws.send(JSON.stringify({ id: 1, method, args }))
    return await answer
  } finally {
    ws.close()
  }
}

/** A WebSocket frame, built by hand so that it can break every rule. */
export function frame(options: {
  opcode: number
  payload?: Buffer
  fin?: boolean
  rsv?: number
  masked?: boolean
  /** A length to claim in the header instead of the payload's real one. */
  length?: number | bigint
}): Buffer {
  const payload = options.payload ?? Buffer.alloc(0)
  const length = options.length ?? payload.length
  const masked = options.masked ?? true
  const first =
    ((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | (options.opcode & 0x0f)
  let header: Buffer
  if (length < 126) header = Buffer.from([first, (masked ? 0x80 : 0) | Number(length)])
  else if (length < 65536) {
    header = Buffer.from([first, (masked ? 0x80 : 0) | 126, 0, 0])
    header.writeUInt16BE(Number(length), 2)
  } else {
    header = Buffer.from([first, (masked ? 0x80 : 0) | 127, 0, 0, 0, 0, 0, 0, 0, 0])
    header.writeBigUInt64BE(BigInt(length), 2)
  }
  if (!masked) return Buffer.concat([header, payload])
  const mask = randomBytes(4)
  const body = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!))
  return Buffer.concat([header, mask, body])
}

export const text = (value: string | Buffer) =>
  frame({ opcode: 1, payload: Buffer.isBuffer(value) ? value : Buffer.from(value) })

export interface RawSocket {
  socket: Socket
  /** The status line and headers of the server's answer to the upgrade. */
  head: string
  /** Frames and bytes the server sent after its answer. */
  received(): Buffer
  /** Resolves once the server ended the connection, or after `ms`. */
  ended(ms?: number): Promise<boolean>
}

/** Opens a TCP connection and sends an upgrade request; resolves after the server's answer. */
export function upgrade(
  server: ServeChild,
  options: { path?: string; headers?: Record<string, string> } = {}
): Promise<RawSocket> {
  const socket = connect(server.port, '127.0.0.1')
  const headers: Record<string, string> = {
    host: `127.0.0.1:${server.port}`,
    upgrade: 'websocket',
    connection: 'Upgrade',
    'sec-websocket-key': randomBytes(16).toString('base64'),
    'sec-websocket-version': '13',
    ...options.headers
  }
  const request =
    `GET ${options.path ?? `/api?token=${server.token}`} HTTP/1.1\r\n` +
    Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('') +
    '\r\n'
  let buffer = Buffer.alloc(0)
  let closed = false
  const onClose = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  socket.on('close', () => (closed = true))
  socket.on('error', () => {})
  socket.on('data', (chunk: Buffer) => (buffer = Buffer.concat([buffer, chunk])))
  socket.write(request)
  return new Promise((resolve, reject) => {
    const check = () => {
      const end = buffer.indexOf('\r\n\r\n')
      if (end < 0) {
        if (closed) reject(new Error(`the server closed the connection without answering`))
        return
      }
      socket.off('data', check)
      socket.off('close', check)
      const head = buffer.subarray(0, end).toString('latin1')
      buffer = buffer.subarray(end + 4)
      resolve({
        socket,
        head,
        received: () => buffer,
        ended: (ms = 3000) =>
          Promise.race([
            onClose.then(() => true),
            new Promise<boolean>((r) => setTimeout(() => r(closed), ms))
          ])
      })
    }
    socket.on('data', check)
    socket.on('close', check)
  })
}

/** The server's frames in `bytes` (unmasked, as a server sends them); a partial tail is left out. */
export function readFrames(bytes: Buffer): Array<{ opcode: number; payload: Buffer }> {
  const frames: Array<{ opcode: number; payload: Buffer }> = []
  let at = 0
  while (at + 2 <= bytes.length) {
    let length = bytes[at + 1]! & 0x7f
    let start = at + 2
    if (length === 126) {
      if (start + 2 > bytes.length) break
      length = bytes.readUInt16BE(start)
      start += 2
    } else if (length === 127) {
      if (start + 8 > bytes.length) break
      length = Number(bytes.readBigUInt64BE(start))
      start += 8
    }
    if (start + length > bytes.length) break
    frames.push({ opcode: bytes[at]! & 0x0f, payload: bytes.subarray(start, start + length) })
    at = start + length
  }
  return frames
}

/** The close code in the server's close frame, if it sent one. */
export function closeCode(bytes: Buffer): number | null {
  const close = readFrames(bytes).find((f) => f.opcode === 8)
  return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : null
}

/** The JSON messages in the server's text frames. */
export function messages(bytes: Buffer): any[] {
  return readFrames(bytes)
    .filter((f) => f.opcode === 1)
    .map((f) => JSON.parse(f.payload.toString('utf8')))
}

/** A raw HTTP/1.1 request; resolves with the status and the body (the server closes after). */
export function rawRequest(
  server: ServeChild,
  request: string
): Promise<{ status: number; head: string; body: string }> {
  const socket = connect(server.port, '127.0.0.1')
  let buffer = Buffer.alloc(0)
  socket.on('data', (chunk: Buffer) => (buffer = Buffer.concat([buffer, chunk])))
  socket.on('error', () => {})
  socket.write(request)
  return new Promise((resolve) => {
    socket.once('close', () => {
      const text = buffer.toString('utf8')
      const end = text.indexOf('\r\n\r\n')
      const head = end < 0 ? text : text.slice(0, end)
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        head,
        body: end < 0 ? '' : text.slice(end + 4)
      })
    })
  })
}
