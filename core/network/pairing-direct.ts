// Pairing over a direct TCP connection, for offices with no DHT: the newcomer dials the
// inviting device's listening address (carried in the invite code, or one of its own direct
// peers) and the two run blind-pairing's request and response over a Noise stream, on a
// Protomux channel of their own. Nothing else is carried on that stream: the inviting device
// hands a stranger's connection to pairing instead of replication (direct.ts), reads one
// request, answers it and closes.
//
// What proves what is blind-pairing's, unchanged: the request is encrypted and signed with a
// key only holders of the invite know, the answer is encrypted to the request's session and
// its data signed with the invite key, and the candidate checks that the network key matches
// the invite's discovery key. The Noise stream adds confidentiality against the wire; the
// candidate's Noise key is a throwaway, as on the DHT path.
import net from 'node:net'
import Hypercore, { type MuxChannel, type ProtocolStream } from 'hypercore'
import crypto from 'hypercore-crypto'
import { NetworkError } from './errors.ts'
import { splitAddress } from './pairing-routes.ts'

export const PAIRING_PROTOCOL = 'stachanov/pairing'

/** A request is a few hundred bytes of blind-pairing plus the ledger's join request. */
export const MAX_REQUEST_BYTES = 64 * 1024
/** A stranger that asks nothing within this long loses its place (8 may pair at once). */
const REQUEST_DEADLINE_MS = 10_000
/** The member's answer may wait for the ledger to append the newcomer (see PairingHost). */
const ANSWER_DEADLINE_MS = 90_000
const CONNECT_TIMEOUT_MS = 10_000

/** An empty answer: no invite with that id lives on this device. */
const UNKNOWN = Buffer.alloc(0)

/**
 * The member's side, on a stranger's stream (the Noise handshake done): reads one request,
 * answers it with `answer` (blind-pairing's response bytes, or empty for "not here"), closes.
 * Resolves when the stream is gone.
 */
export function answerPairing(
  stream: ProtocolStream,
  discoveryKey: Uint8Array,
  answer: (request: Buffer) => Promise<Buffer | null>
): Promise<void> {
  return new Promise((resolve) => {
    let timer = setTimeout(() => stream.destroy(), REQUEST_DEADLINE_MS)
    stream.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
    let asked = false
    let answered = false
    const channel: MuxChannel | null = stream.noiseStream.userData.createChannel({
      protocol: PAIRING_PROTOCOL,
      id: discoveryKey,
      messages: [
        {
          onmessage: (request) => {
            if (asked || request.byteLength > MAX_REQUEST_BYTES) return void stream.destroy()
            asked = true
            clearTimeout(timer)
            timer = setTimeout(() => stream.destroy(), ANSWER_DEADLINE_MS)
            answer(request).then(
              (response) => {
                // Ending (not destroying) lets the answer reach the wire; the candidate hangs up.
                answered = true
                channel!.messages[1]!.send(response ?? UNKNOWN)
                stream.end()
              },
              () => stream.destroy()
            )
          }
        },
        { onmessage: () => stream.destroy() } // only the member answers
      ],
      onclose: () => {
        if (!answered) stream.destroy()
      }
    })
    if (channel === null) stream.destroy()
    else channel.open()
  })
}

/**
 * The candidate's side: dials `address`, sends `request` and resolves with the member's
 * response bytes, or null when the device there knows no such invite. Throws
 * PAIRING_UNREACHABLE when the address cannot be reached or the connection drops.
 */
export async function askDirectly(
  address: string,
  discoveryKey: Uint8Array,
  request: Uint8Array,
  signal?: AbortSignal
): Promise<Buffer | null> {
  const [host, port] = splitAddress(address)
  const socket = net.connect(port, host)
  const stream = Hypercore.createProtocolStream(true, { keyPair: crypto.keyPair() })
  socket.pipe(stream).pipe(socket)
  socket.on('error', () => {})
  stream.on('error', () => {})
  try {
    return await new Promise<Buffer | null>((resolve, reject) => {
      const unreachable = (why: string) =>
        reject(new NetworkError('PAIRING_UNREACHABLE', `could not pair through ${address}: ${why}`))
      let answered = false
      const connectTimer = setTimeout(() => unreachable('no answer'), CONNECT_TIMEOUT_MS)
      const onabort = () => reject(new NetworkError('CLOSED', 'pairing stopped'))
      signal?.addEventListener('abort', onabort, { once: true })
      socket.once('error', (err: NodeJS.ErrnoException) => unreachable(err.code ?? err.message))
      stream.once('close', () => {
        clearTimeout(connectTimer)
        signal?.removeEventListener('abort', onabort)
        if (!answered) unreachable('the connection closed before an answer')
      })
      const channel = stream.noiseStream.userData.createChannel({
        protocol: PAIRING_PROTOCOL,
        id: discoveryKey,
        messages: [
          { onmessage: () => stream.destroy() }, // only the candidate asks
          {
            onmessage: (response) => {
              answered = true
              resolve(response.byteLength === 0 ? null : response)
            }
          }
        ],
        onopen: () => clearTimeout(connectTimer)
      })
      if (channel === null) return unreachable('the pairing channel could not open')
      channel.open()
      channel.messages[0]!.send(request)
    })
  } finally {
    stream.destroy()
    socket.destroy()
  }
}
