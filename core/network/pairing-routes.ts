// How pairing may reach the other side, decided by the office's settings and nothing else:
//
//  - a DHT: the public one only when the settings name no bootstrap, an office's own bootstrap
//    node when they do, and none at all when the node runs without a swarm (`dht: false`);
//  - direct TCP: the inviting device's listening address, carried in the invite code (IPv4
//    and port, six bytes each), and the joining node's own direct peers.
//
// Every DHT node pairing makes comes from `pairingDht`, so no path can fall back to the public
// DHT by forgetting an option.
import { isIPv4 } from 'node:net'
import { networkInterfaces } from 'node:os'
import HyperDHT, { type HyperDHTOptions } from 'hyperdht'
import { NetworkError } from './errors.ts'
import { decodeZ32, encodeZ32 } from './z32.ts'

export interface PairingDht {
  /** DHT bootstrap nodes, "host:port"; none: the public DHT. */
  bootstrap?: string[]
  /** Address the DHT's socket binds to. */
  host?: string
  /** Makes the DHT node from these options (tests: a testnet node, or one that records). */
  makeDht?: (options: HyperDHTOptions) => HyperDHT
}

/** A DHT node for pairing, exactly as the settings say. */
export function pairingDht(settings: PairingDht): HyperDHT {
  const options: HyperDHTOptions = {
    ...(settings.bootstrap?.length ? { bootstrap: settings.bootstrap } : {}),
    ...(settings.host ? { host: settings.host } : {})
  }
  return settings.makeDht ? settings.makeDht(options) : new HyperDHT(options)
}

/** At most this many addresses travel in a code (a machine with many interfaces). */
const MAX_ADDRESSES = 4

/**
 * The addresses ("host:port") a newcomer can dial to reach a listener bound to `bound`: the
 * address itself, or for a wildcard the machine's own IPv4 addresses (loopback when it has
 * no other). IPv6 listeners are not carried: the newcomer then names the address itself.
 */
export function dialableAddresses(bound: { host: string; port: number } | null): string[] {
  if (bound === null) return []
  let hosts: string[]
  if (bound.host === '0.0.0.0' || bound.host === '::') {
    hosts = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i !== undefined && i.family === 'IPv4' && !i.internal)
      .map((i) => i!.address)
    if (hosts.length === 0) hosts = ['127.0.0.1']
  } else hosts = isIPv4(bound.host) ? [bound.host] : []
  return hosts.slice(0, MAX_ADDRESSES).map((host) => `${host}:${bound.port}`)
}

/** IPv4 "host:port" addresses packed six bytes each, in z-base-32. */
export function encodeAddresses(addresses: string[]): string {
  const bytes = Buffer.alloc(addresses.length * 6)
  addresses.forEach((address, i) => {
    const [host, port] = splitAddress(address)
    if (!isIPv4(host)) throw new RangeError(`not an IPv4 address: ${address}`)
    host.split('.').forEach((part, j) => bytes.writeUInt8(Number(part), i * 6 + j))
    bytes.writeUInt16BE(port, i * 6 + 4)
  })
  return encodeZ32(bytes)
}

export function decodeAddresses(text: string): string[] {
  const bytes = decodeZ32(text)
  if (bytes === null || bytes.length === 0 || bytes.length % 6 !== 0) {
    throw new NetworkError('BAD_INVITE', 'the invite code’s address part is damaged')
  }
  const count = bytes.length / 6
  if (count > MAX_ADDRESSES) {
    throw new NetworkError('BAD_INVITE', 'the invite code names too many addresses')
  }
  const view = Buffer.from(bytes)
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const port = view.readUInt16BE(i * 6 + 4)
    if (port === 0) throw new NetworkError('BAD_INVITE', 'the invite code names port 0')
    out.push(`${[...view.subarray(i * 6, i * 6 + 4)].join('.')}:${port}`)
  }
  return out
}

/** "host:port" → [host, port]; a RangeError for anything else. */
export function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(':')
  const port = Number(address.slice(colon + 1))
  if (colon < 1 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new RangeError(`not a host:port address: ${address}`)
  }
  return [address.slice(0, colon), port]
}
