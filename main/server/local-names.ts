// The names the server answers to. A page on another site can reach a server on 127.0.0.1
// through DNS rebinding (its own name pointed at 127.0.0.1): the browser then sends that name
// in `Host`. So every request must name this server itself, by its address or as localhost,
// with its port; and a call from a page (a WebSocket, or an HTTP call that carries an
// `Origin`) must come from the server's own origin. The command line sends no Origin.
import { networkInterfaces } from 'node:os'

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]']
const WILDCARD = new Set(['0.0.0.0', '[::]', ''])

export interface LocalNames {
  /** Whether a `Host` header names this server. */
  host(value: string | undefined): boolean
  /** Whether an `Origin` header is this server's own (`http://` + one of its hosts). */
  origin(value: string): boolean
  /** The addresses to suggest in a refusal. */
  describe(): string
}

/** `hostname` is the address the server listens on; `port()` its port once it listens. */
export function localNames(hostname: string, port: () => number): LocalNames {
  const bound = hostOf(`http://${hostname.includes(':') ? `[${hostname}]` : hostname}`)?.name ?? ''
  const names = (): Set<string> => {
    const all = new Set([...LOOPBACK, bound])
    // Listening on every interface: each of the machine's addresses is the server's own.
    if (WILDCARD.has(bound)) {
      for (const list of Object.values(networkInterfaces())) {
        for (const address of list ?? [])
          all.add(address.family === 'IPv6' ? `[${address.address}]` : address.address)
      }
    }
    return all
  }
  const ours = (authority: { name: string; port: number } | null) =>
    authority !== null && authority.port === port() && names().has(authority.name)
  return {
    host: (value) => value !== undefined && ours(hostOf(`http://${value}`)),
    origin: (value) => value.startsWith('http://') && ours(hostOf(value)),
    describe: () => `127.0.0.1:${port()} or localhost:${port()}`
  }
}

/** The host name (lowercase, IPv6 in brackets) and port of a URL that is only an origin. */
function hostOf(text: string): { name: string; port: number } | null {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return null
  }
  // Anything beyond scheme, host and port (user info, a path, a query) is not a plain origin.
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') return null
  if (text.endsWith('/')) return null
  return { name: url.hostname, port: url.port ? Number(url.port) : 80 }
}
