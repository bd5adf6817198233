// The renderer's only way to the node. Two transports, one shape:
// (a) Electron: the preload exposes `window.stachanov = { call, on }` through contextBridge;
// (b) browser: a WebSocket to the page's own origin at /api?token=…, the token handed over once
//     in the page URL's fragment (#token=…), then kept in sessionStorage and removed from the URL.
// Wire format (b): → { id, method, args }  ← { id, result } | { id, error: { code, message } }
//                  ← { event, data } for pushed events.
import type { ApiError, Events } from '../../main/api/contract.ts'

export type EventName = keyof Events
export type Listener<E extends EventName> = (data: Events[E]) => void

export type ConnectionState =
  /** First connection attempt. */
  | 'connecting'
  | 'open'
  /** Lost; trying again with backoff. */
  | 'reconnecting'
  /** The page was opened without a token: nothing to connect with. */
  | 'no-token'
  /** The node refuses the token this page has (a new one was made): open the new address. */
  | 'bad-token'

export interface Bridge {
  readonly kind: 'electron' | 'websocket'
  call(method: string, args: unknown): Promise<unknown>
  on<E extends EventName>(event: E, cb: Listener<E>): () => void
  state(): ConnectionState
  onState(cb: (state: ConnectionState, attempt: number) => void): () => void
}

interface Preload {
  call(method: string, args: unknown): Promise<unknown>
  on(event: string, cb: (data: unknown) => void): () => void
}

declare global {
  interface Window {
    stachanov?: Preload
  }
}

export class BridgeError extends Error implements ApiError {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message)
    this.name = 'BridgeError'
  }
}

/** Any thrown thing as an ApiError the UI can show. */
export function toApiError(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown }
    const message =
      typeof e.message === 'string'
        ? e.message.replace(/^Error invoking remote method '[^']+': (\w*Error: )?/, '')
        : String(error)
    return new BridgeError(typeof e.code === 'string' ? e.code : 'ERROR', message)
  }
  return new BridgeError('ERROR', String(error))
}

/** `{ result }` → result; `{ error }` → thrown BridgeError. */
export function unwrap(answer: unknown): unknown {
  if (answer && typeof answer === 'object') {
    if ('error' in answer && (answer as { error?: unknown }).error) {
      const error = (answer as { error: Partial<ApiError> }).error
      throw new BridgeError(error.code ?? 'ERROR', error.message ?? 'the node refused the request')
    }
    if ('result' in answer) return (answer as { result: unknown }).result
  }
  return answer
}

type Handlers = { [E in EventName]: Set<Listener<E>> }
const emptyHandlers = (): Handlers => ({ update: new Set(), progress: new Set(), peers: new Set(), fault: new Set() })

function electronBridge(preload: Preload): Bridge {
  return {
    kind: 'electron',
    // The host answers like the WebSocket does: { result } or { error: { code, message } }.
    call: async (method, args) => {
      let answer: unknown
      try {
        answer = await preload.call(method, args)
      } catch (error) {
        throw toApiError(error)
      }
      return unwrap(answer)
    },
    on: (event, cb) => preload.on(event, cb as (data: unknown) => void),
    state: () => 'open',
    onState: () => () => {}
  }
}

const TOKEN_KEY = 'stachanov.token'

/**
 * Reads `#token=…` once, keeps it, and removes it from the address bar. Kept for this page's
 * origin (the node's address, which stays the same across restarts, as does the token), so a
 * bookmark of the address bar or a new tab opens the node again without the printed link.
 */
export function takeToken(
  location: Location = window.location,
  storage: Storage = window.localStorage
): string | null {
  const match = /(?:^#|[#&?])token=([^&]+)/.exec(location.hash)
  if (match?.[1]) {
    storage.setItem(TOKEN_KEY, decodeURIComponent(match[1]))
    window.history.replaceState(null, '', location.pathname + location.search + '#/')
  }
  return storage.getItem(TOKEN_KEY)
}

/** Delay before reconnect attempt n (1-based): 0.5 s doubling to 10 s, with jitter. */
export function backoff(attempt: number): number {
  const base = Math.min(10_000, 500 * 2 ** Math.min(attempt - 1, 5))
  return Math.round(base * (0.8 + Math.random() * 0.4))
}

interface Waiting {
  resolve: (value: unknown) => void
  reject: (error: BridgeError) => void
  frame: string
  sent: boolean
}

function webSocketBridge(token: string | null): Bridge {
  const handlers = emptyHandlers()
  const stateListeners = new Set<(state: ConnectionState, attempt: number) => void>()
  const waiting = new Map<number, Waiting>()
  let nextId = 1
  let socket: WebSocket | null = null
  let state: ConnectionState = token ? 'connecting' : 'no-token'
  let attempt = 0
  let everOpened = false

  const setState = (next: ConnectionState) => {
    state = next
    for (const cb of stateListeners) cb(state, attempt)
  }

  const emit = (event: EventName, data: unknown) => {
    for (const cb of handlers[event] as Set<(d: unknown) => void>) cb(data)
  }

  const connect = () => {
    if (!token) return
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
    const ws = new WebSocket(
      `${scheme}://${window.location.host}/api?token=${encodeURIComponent(token)}`
    )
    socket = ws
    ws.onopen = () => {
      attempt = 0
      const reconnected = everOpened
      everOpened = true
      setState('open')
      for (const w of waiting.values()) {
        if (!w.sent) {
          ws.send(w.frame)
          w.sent = true
        }
      }
      // Events were missed while away: everything may have changed.
      if (reconnected) emit('update', { length: -1, digest: '' })
    }
    ws.onmessage = (message) => {
      let frame: {
        id?: number
        result?: unknown
        error?: ApiError
        event?: EventName
        data?: unknown
      }
      try {
        frame = JSON.parse(String(message.data))
      } catch {
        return
      }
      if (typeof frame.event === 'string') {
        if (frame.event in handlers) emit(frame.event, frame.data)
        return
      }
      if (typeof frame.id !== 'number') return
      const w = waiting.get(frame.id)
      if (!w) return
      waiting.delete(frame.id)
      if (frame.error)
        w.reject(
          new BridgeError(
            frame.error.code ?? 'ERROR',
            frame.error.message ?? 'the node refused the request'
          )
        )
      else w.resolve(frame.result)
    }
    ws.onclose = () => {
      if (socket !== ws) return
      socket = null
      // A request already sent may or may not have run: never send it twice (a second
      // transaction would be a different one). The caller sees the error and may retry.
      for (const [id, w] of waiting) {
        if (w.sent) {
          waiting.delete(id)
          w.reject(
            new BridgeError(
              'DISCONNECTED',
              'the connection to the node was lost before it answered'
            )
          )
        }
      }
      attempt += 1
      setState('reconnecting')
      void refused().then((gone) => {
        if (!gone) return void setTimeout(connect, backoff(attempt))
        // The refused token stays stored: a tab or bookmark opened later meets the same
        // refusal and says so, instead of "no token" (the printed link replaces it).
        setState('bad-token')
      })
    }
  }

  /** Whether the node answers but refuses this token (a WebSocket cannot say why it failed). */
  const refused = async (): Promise<boolean> => {
    try {
      const answer = await fetch('/api/node.status', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}'
      })
      return answer.status === 401
    } catch {
      return false
    }
  }

  connect()

  return {
    kind: 'websocket',
    call(method, args) {
      if (!token)
        return Promise.reject(
          new BridgeError(
            'NO_TOKEN',
            'open the link that `stachanov serve` printed: it carries the access token'
          )
        )
      return new Promise((resolve, reject) => {
        const id = nextId++
        const frame = JSON.stringify({ id, method, args })
        const open = socket?.readyState === WebSocket.OPEN
        waiting.set(id, { resolve, reject, frame, sent: open })
        if (open) socket!.send(frame)
      })
    },
    on(event, cb) {
      const set = handlers[event] as Set<typeof cb>
      set.add(cb)
      return () => set.delete(cb)
    },
    state: () => state,
    onState(cb) {
      stateListeners.add(cb)
      return () => stateListeners.delete(cb)
    }
  }
}

let bridge: Bridge | null = null

/** The bridge for this window: Electron's preload when present, else the WebSocket. */
export function getBridge(): Bridge {
  if (!bridge)
    bridge = window.stachanov ? electronBridge(window.stachanov) : webSocketBridge(takeToken())
  return bridge
}

/** For tests and stories: use a bridge made elsewhere. */
export function setBridge(next: Bridge): void {
  bridge = next
}
