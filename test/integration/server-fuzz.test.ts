// A fuzz test of `stachanov serve`: hundreds of hostile cases from a fixed seed, each on a fresh
// TCP connection, after which the server must still answer. Three kinds:
//   frames   after a proper upgrade, 1–5 raw frames: any opcode, RSV bits, unmasked, lengths
//            claimed up to 2^64−1, truncated, fragmented garbage, close codes, big pings;
//   message  after a proper upgrade, one text frame: odd JSON (wrong types, huge numbers, deep
//            nesting, unknown and prototype method names) or random text and bytes;
//   http     raw bytes that try to be an HTTP request (bad targets, %-encodings, Hosts, bodies).
// Known methods are drawn only from those that write nothing here (the node stays new).
// On a failure fast-check prints the seed and path: pass them to fc.assert to replay one case.
import fc from 'fast-check'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { methods } from '../../main/api/contract.ts'
import { tempDirs } from './helpers.ts'
import {
  callOverWebSocket,
  frame,
  post,
  startServe,
  upgrade,
  type ServeChild
} from './serve-child.ts'

const SEED = 8_1_2026
const RUNS = 600

const dirs = tempDirs()
let server: ServeChild

beforeAll(async () => {
  server = await startServe(await dirs.make('serve-fuzz'))
})
afterAll(async () => {
  await server?.stop()
  await dirs.cleanup()
})

const WRITES = new Set([
  'setup.create',
  'setup.join',
  'setup.demo',
  'network.configure',
  'people.save',
  'people.forget',
  'network.syncFolder',
  'setup.restore',
  'backup.create',
  'setup.restoreBackup',
  'setup.bindRestored',
  'wallet.keep',
  'wallet.forget'
])
const READS = Object.keys(methods).filter((method) => !WRITES.has(method))
const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__'
]

const utf8 = (text: string) => Buffer.from(text, 'utf8')
const nested = (depth: number, open: string, close: string, inner = '0') =>
  open.repeat(depth) + inner + close.repeat(depth)

// JSON fragments as text, so that they can hold what JSON.stringify never writes.
const deepText = fc.oneof(
  fc.integer({ min: 1, max: 200_000 }).map((depth) => nested(depth, '[', ']')),
  fc.integer({ min: 1, max: 50_000 }).map((depth) => nested(depth, '{"a":', '}'))
)
const oddNumber = fc.constantFrom(
  '1e999',
  '-1e999',
  '-0',
  '123456789012345678901234567890',
  '1.7976931348623157e308',
  '5e-324',
  '0.1'
)
const valueText = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: oddNumber },
  { weight: 1, arbitrary: deepText },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"__proto__":{"polluted":1}}',
      '{"constructor":{"prototype":{"polluted":1}}}',
      '{"toString":1,"valueOf":2}'
    )
  }
)
const methodText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...READS).map((method) => JSON.stringify(method)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...PROTOTYPE_NAMES).map((method) => JSON.stringify(method))
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 80 }).map((method) => JSON.stringify(method)) },
  { weight: 2, arbitrary: valueText }
)
const argsText = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 4 }))
      .map((args) => JSON.stringify(args))
  },
  { weight: 2, arbitrary: valueText }
)
const messageText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        id: fc.option(valueText, { nil: undefined }),
        method: fc.option(methodText, { nil: undefined }),
        args: fc.option(argsText, { nil: undefined })
      })
      .map(
        ({ id, method, args }) =>
          `{${[id && `"id":${id}`, method && `"method":${method}`, args && `"args":${args}`].filter(Boolean).join(',')}}`
      )
  },
  { weight: 2, arbitrary: valueText },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) }
)
const message = fc.oneof(
  { weight: 4, arbitrary: messageText.map(utf8) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)) }
)

const claimedLength = fc.oneof(
  fc.constantFrom<number | bigint>(
    0,
    125,
    126,
    127,
    65535,
    65536,
    1024 * 1024,
    1024 * 1024 + 1,
    2 ** 31,
    2 ** 53 - 1,
    2n ** 63n,
    2n ** 64n - 1n
  ),
  fc.integer({ min: 0, max: 70_000 })
)
const closePayload = fc
  .tuple(fc.integer({ min: 0, max: 65535 }), fc.uint8Array({ maxLength: 130 }))
  .map(([code, reason]) =>
    Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(reason)])
  )
const oneFrame = fc
  .record({
    opcode: fc.oneof(fc.constantFrom(0, 1, 2, 8, 9, 10), fc.integer({ min: 0, max: 15 })),
    fin: fc.boolean(),
    rsv: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 7 })),
    masked: fc.oneof(
      { weight: 4, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) }
    ),
    payload: fc.oneof(
      message,
      closePayload,
      fc.uint8Array({ minLength: 120, maxLength: 300 }).map((bytes) => Buffer.from(bytes))
    ),
    length: fc.option(claimedLength, { nil: undefined, freq: 3 }),
    truncate: fc.option(fc.nat({ max: 400 }), { nil: undefined, freq: 3 })
  })
  .map(({ truncate, ...spec }) => {
    const bytes = frame(spec)
    return truncate === undefined ? bytes : bytes.subarray(0, truncate)
  })
const frames = fc.array(oneFrame, { minLength: 1, maxLength: 5 }).map((list) => Buffer.concat(list))

const httpRequest = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS', 'G\u00e9T', ''),
    target: fc.oneof(
      fc.constantFrom(
        '/',
        '/api/node.status',
        '/api/%ZZ',
        '/%E0%A4%A',
        '/..%2f..%2fpackage.json',
        'http://[',
        '*',
        '//evil.example/x',
        '/api'
      ),
      fc.string({ maxLength: 60 }).map((path) => '/' + path)
    ),
    host: fc.constantFrom(
      '127.0.0.1:PORT',
      'localhost:PORT',
      'evil.example:PORT',
      '127.0.0.1:1',
      '',
      'a@127.0.0.1:PORT',
      '[::1]:PORT'
    ),
    headers: fc.array(
      fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ maxLength: 200 })),
      { maxLength: 4 }
    ),
    upgrade: fc.boolean(),
    body: fc.option(fc.oneof(messageText, fc.constant('x'.repeat(70_000))), { nil: undefined }),
    length: fc.option(fc.oneof(fc.nat(), fc.constantFrom('-1', 'abc', '99999999999999999999')), {
      nil: undefined
    })
  })
  .map((r) => {
    const lines = [
      `${r.method} ${r.target} HTTP/1.1`,
      `host: ${r.host.replace('PORT', String(server.port))}`,
      `authorization: Bearer ${server.token}`
    ]
    if (r.upgrade)
      lines.push(
        'upgrade: websocket',
        'connection: Upgrade',
        'sec-websocket-version: 13',
        'sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ=='
      )
    for (const [name, value] of r.headers) lines.push(`${name}: ${value}`)
    if (r.body !== undefined) lines.push(`content-length: ${r.length ?? Buffer.byteLength(r.body)}`)
    return utf8(lines.join('\r\n') + '\r\n\r\n' + (r.body ?? ''))
  })
const http = fc.oneof(
  { weight: 4, arbitrary: httpRequest },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)) }
)

const hostileCase = fc.oneof(
  { weight: 5, arbitrary: frames.map((bytes) => ({ kind: 'frames' as const, bytes })) },
  {
    weight: 4,
    arbitrary: message.map((bytes) => ({
      kind: 'message' as const,
      bytes: frame({ opcode: 1, payload: bytes })
    }))
  },
  { weight: 2, arbitrary: http.map((bytes) => ({ kind: 'http' as const, bytes })) }
)

/** Writes the case on a fresh connection, ends our side, and waits for the server to close. */
async function deliver(
  kind: 'frames' | 'message' | 'http',
  bytes: Buffer
): Promise<'closed' | 'timeout'> {
  const socket =
    kind === 'http' ? connect(server.port, '127.0.0.1') : (await upgrade(server)).socket
  socket.on('error', () => {})
  const closed = new Promise<'closed'>((resolve) => socket.once('close', () => resolve('closed')))
  // Read (and drop) what the server answers: a paused socket would never see its end.
  socket.resume()
  socket.end(bytes)
  const outcome = await Promise.race([
    closed,
    new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 2000))
  ])
  socket.destroy()
  return outcome
}

describe('the server under fuzzing', () => {
  it(`survives ${RUNS} hostile cases from seed ${SEED}, then still answers over WebSocket and HTTP`, async () => {
    const tally = new Map<string, number>()
    const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1)
    await fc.assert(
      fc.asyncProperty(hostileCase, async ({ kind, bytes }) => {
        count(`${kind} ${await deliver(kind, bytes)}`)
        const { status } = await post(server, 'node.status').catch(async (error: unknown) => {
          // Refused: name the server's exit, if that is why (the exit is seen a moment later).
          await new Promise((resolve) => setTimeout(resolve, 200))
          server.assertAlive()
          throw error
        })
        if (status !== 200) throw new Error(`node.status answered ${status}`)
      }),
      // A dead server fails every later case too: shrinking would only mislead.
      { seed: SEED, numRuns: RUNS, endOnFailure: true }
    )
    const tried = [...tally.values()].reduce((a, b) => a + b, 0)
    console.log(
      `server fuzz, seed ${SEED}: ${tried} cases tried (${[...tally]
        .sort()
        .map(([key, n]) => `${key} ${n}`)
        .join(', ')})`
    )
    expect(tried).toBe(RUNS)

    server.assertAlive()
    expect((await callOverWebSocket(server, 'node.status')).result.state).toBe('new')
    expect((await post(server, 'node.status')).body.result.state).toBe('new')
  }, 300_000)
})
