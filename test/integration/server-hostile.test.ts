// `stachanov serve` against a hostile client that holds the token: malformed WebSocket frames,
// odd JSON messages, foreign Host and Origin headers, bad paths and bodies. Each is refused with
// a stable code (or the connection is closed, for protocol violations) and the server lives on:
// after every case it still answers `node.status`.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { tempDirs } from './helpers.ts'
import {
  callOverWebSocket,
  closeCode,
  frame,
  messages,
  post,
  rawRequest,
  startServe,
  text,
  upgrade,
  type ServeChild
} from './serve-child.ts'

const dirs = tempDirs()
let server: ServeChild

beforeAll(async () => {
  server = await startServe(await dirs.make('serve-hostile'))
})
// A case that killed the server fails on its own; the next case gets a fresh server.
beforeEach(async () => {
  const answers = await post(server, 'node.status').then(
    () => true,
    () => false
  )
  if (answers && server.alive()) return
  await server.stop()
  server = await startServe(await dirs.make('serve-hostile'))
})
afterAll(async () => {
  await server?.stop()
  await dirs.cleanup()
})

async function stillServing() {
  server.assertAlive()
  const { status, body } = await post(server, 'node.status')
  expect(status).toBe(200)
  expect(body.result.state).toBe('new')
}

/** Sends `bytes` on a fresh, upgraded connection; waits for the connection's end or an answer. */
async function sendRaw(bytes: Buffer, until: 'end' | 'message' = 'end') {
  const raw = await upgrade(server)
  expect(raw.head).toMatch(/^HTTP\/1\.1 101/)
  raw.socket.write(bytes)
  if (until === 'end') {
    await raw.ended()
  } else {
    for (let i = 0; i < 100 && messages(raw.received()).length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
  raw.socket.destroy()
  // A server that crashed closed the connection too: give its exit a moment to be seen.
  await new Promise((resolve) => setTimeout(resolve, 100))
  server.assertAlive()
  return raw.received()
}

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)

describe('one WebSocket message with the wrong shape', () => {
  const cases: Array<[string, string, string]> = [
    ['the text frame null', 'null', 'BAD_MESSAGE'],
    [
      'a method that is an object with a toString',
      '{"id":1,"method":{"toString":1}}',
      'BAD_MESSAGE'
    ],
    ['a method that is a number', '{"id":1,"method":7}', 'BAD_MESSAGE'],
    ['an array', '[1,2]', 'BAD_MESSAGE'],
    ['a string', '"node.status"', 'BAD_MESSAGE'],
    ['an id nested 100,000 deep', `{"id":${deep(100_000)},"method":"node.status"}`, 'BAD_MESSAGE'],
    [
      'arguments that are a number',
      '{"id":1,"method":"node.status","args":5}',
      'INVALID_ARGUMENTS'
    ],
    [
      'arguments that are an array',
      '{"id":1,"method":"node.status","args":[]}',
      'INVALID_ARGUMENTS'
    ],
    [
      'arguments nested 100,000 deep',
      `{"id":1,"method":"tx.submit","args":{"type":"product.define","body":{"a":${deep(100_000)}}}}`,
      'INVALID_ARGUMENTS'
    ],
    ['the method __proto__', '{"id":1,"method":"__proto__"}', 'UNKNOWN_METHOD'],
    ['the method constructor', '{"id":1,"method":"constructor"}', 'UNKNOWN_METHOD'],
    ['the method toString', '{"id":1,"method":"toString"}', 'UNKNOWN_METHOD'],
    [
      'arguments with a __proto__ key',
      '{"id":1,"method":"node.status","args":{"__proto__":{"x":1}}}',
      'INVALID_ARGUMENTS'
    ]
  ]
  for (const [name, message, code] of cases) {
    it(`answers ${name} with ${code}`, async () => {
      const answers = messages(await sendRaw(text(message), 'message'))
      expect(answers[0]).toMatchObject({ error: { code } })
      expect(answers[0].error.message).toMatch(/\w+ \w+/)
      await stillServing()
    })
  }

  it('answers a binary frame with BAD_MESSAGE', async () => {
    const answers = messages(
      await sendRaw(
        frame({ opcode: 2, payload: Buffer.from('{"id":1,"method":"node.status"}') }),
        'message'
      )
    )
    expect(answers[0]).toMatchObject({ id: null, error: { code: 'BAD_MESSAGE' } })
    await stillServing()
  })
})

describe('one WebSocket frame that breaks the protocol', () => {
  // [name, bytes, the close code RFC 6455 gives it]
  const cases: Array<[string, Buffer, number]> = [
    ['invalid UTF-8 in a text frame', text(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 1007],
    ['an unmasked frame', frame({ opcode: 1, payload: Buffer.from('{}'), masked: false }), 1002],
    ['a reserved opcode', frame({ opcode: 3, payload: Buffer.from('x') }), 1002],
    ['the RSV1 bit', frame({ opcode: 1, rsv: 4, payload: Buffer.from('{}') }), 1002],
    ['a frame over 1 MiB', frame({ opcode: 1, length: 2 * 1024 * 1024 }), 1009],
    ['close code 999', frame({ opcode: 8, payload: Buffer.from([0x03, 0xe7]) }), 1002],
    ['a 200-byte ping', frame({ opcode: 9, payload: Buffer.alloc(200, 1) }), 1002],
    ['a stray continuation frame', frame({ opcode: 0, payload: Buffer.from('x') }), 1002]
  ]
  for (const [name, bytes, code] of cases) {
    it(`closes the connection on ${name} (${code})`, async () => {
      expect(closeCode(await sendRaw(bytes))).toBe(code)
      await stillServing()
    })
  }
})

describe('Host and Origin', () => {
  const get = (host: string, extra = '') =>
    rawRequest(server, `GET / HTTP/1.1\r\nhost: ${host}\r\n${extra}connection: close\r\n\r\n`)

  it('refuses a foreign Host over HTTP (DNS rebinding) with 421', async () => {
    const page = await get(`evil.example:${server.port}`)
    expect(page.status).toBe(421)
    expect(JSON.parse(page.body).error.code).toBe('WRONG_HOST')
    const body = '{}'
    const api = await rawRequest(
      server,
      `POST /api/node.status HTTP/1.1\r\nhost: evil.example:${server.port}\r\nauthorization: Bearer ${server.token}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`
    )
    expect(api.status).toBe(421)
    expect((await get(`127.0.0.1:${server.port + 1}`)).status).toBe(421)
    await stillServing()
  })

  it('serves its own names: 127.0.0.1 and localhost on its port', async () => {
    expect((await get(`127.0.0.1:${server.port}`)).status).not.toBe(421)
    expect((await get(`localhost:${server.port}`)).status).not.toBe(421)
  })

  it('refuses a WebSocket upgrade with a foreign Host', async () => {
    const raw = await upgrade(server, { headers: { host: `evil.example:${server.port}` } })
    expect(raw.head).toMatch(/^HTTP\/1\.1 421/)
    await raw.ended()
    await stillServing()
  })

  it('refuses a WebSocket from a foreign Origin, and a null one', async () => {
    for (const origin of [
      'http://evil.example',
      `http://evil.example:${server.port}`,
      'null',
      `https://127.0.0.1:${server.port}`
    ]) {
      const raw = await upgrade(server, { headers: { origin } })
      expect(raw.head, origin).toMatch(/^HTTP\/1\.1 403/)
      await raw.ended()
    }
    await stillServing()
  })

  it('accepts its own Origin and none (the command line)', async () => {
    for (const origin of [`http://127.0.0.1:${server.port}`, `http://localhost:${server.port}`]) {
      expect((await callOverWebSocket(server, 'node.status', {}, { origin })).result.state).toBe(
        'new'
      )
    }
    expect((await callOverWebSocket(server, 'node.status')).result.state).toBe('new')
  })
})

describe('HTTP requests the server cannot make sense of', () => {
  it('answers a bad %-encoding in a path with 400', async () => {
    const page = await rawRequest(
      server,
      `GET /%E0%A4%A HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\nconnection: close\r\n\r\n`
    )
    expect(page.status).toBe(400)
    expect(JSON.parse(page.body).error.code).toBe('BAD_PATH')
    const api = await fetch(new URL('api/%ZZ', server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}` },
      body: '{}'
    })
    expect(api.status).toBe(400)
    expect(((await api.json()) as any).error.code).toBe('BAD_PATH')
    await stillServing()
  })

  it('answers an upgrade to a target that is no URL with 400', async () => {
    const raw = await upgrade(server, { path: 'http://[' })
    expect(raw.head).toMatch(/^HTTP\/1\.1 400/)
    await stillServing()
  })

  it('refuses a body nested too deep with INVALID_ARGUMENTS, not a crash or a 500', async () => {
    const body = `{"type":"product.define","body":{"name":${deep(200_000)}}}`
    const response = await fetch(new URL('api/tx.submit', server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}` },
      body
    })
    expect(response.status).toBe(400)
    const answer = (await response.json()) as any
    expect(answer.error.code).toBe('INVALID_ARGUMENTS')
    expect(answer.error.message).toMatch(/nest/)
    await stillServing()
  })

  it('refuses a body over the limit with 413', async () => {
    const response = await fetch(new URL('api/node.status', server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) })
    })
    expect(response.status).toBe(413)
    expect(((await response.json()) as any).error.code).toBe('TOO_LARGE')
    await stillServing()
  })
})

describe('network.syncFolder', () => {
  for (const path of ['usb-stick', './usb', '../usb', '~/usb', '~']) {
    it(`refuses the relative path ${JSON.stringify(path)}: it needs an absolute one`, async () => {
      const { status, body } = await post(server, 'network.syncFolder', { path })
      expect(status).toBe(400)
      expect(body.error.code).toBe('INVALID_ARGUMENTS')
      expect(body.error.message).toMatch(/absolute path/)
    })
  }
})
