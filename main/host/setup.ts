// How every host sets its node up: the desktop app (main/electron/main.ts) and the headless
// server (main/server/host.ts) both call this, so a setting saved in the interface (bootstrap
// nodes, direct peers) means the same in both. It opens the node in the data directory with
// the saved network settings (explicit options win), and builds the API table's Host around
// it, forwarding the node's events to the interface.
import { mkdir } from 'node:fs/promises'
import { CollectiveNode, type NodeOptions } from '../../core/node/collective-node.ts'
import type { DirectOptions } from '../../core/network/direct.ts'
import type { SwarmOptions } from '../../core/network/swarm.ts'
import type { Host } from '../api/table.ts'
import { peopleStore, settingsStore, type JsonFile } from '../server/settings.ts'
import { NodeError } from '../../core/node/errors.ts'

export interface SetupOptions {
  dataDir: string
  scenariosDir: string
  /** `false`: no Hyperswarm (direct peers or folder sync only); otherwise added to the saved bootstrap. */
  swarm?: SwarmOptions | false
  /** Replaces the saved direct peers (e.g. a command line's --listen and --peer). */
  direct?: DirectOptions
  now?: NodeOptions['now']
  /** Test hooks for pairing (e.g. a short wait for a member's answer); never a way around the settings. */
  pairing?: NodeOptions['pairing']
  /** Pushes an event to every connected interface. */
  emit?: Host['emit']
}

export interface HostSetup {
  node: CollectiveNode
  host: Host
  settings: JsonFile
}

const HOST_PORT = /^[^\s:]+:\d{1,5}$/

/** A saved list of "host:port" addresses; anything else stops the start with a sentence. */
function addresses(settings: JsonFile, saved: Record<string, unknown>, name: string): string[] {
  const value = saved[name]
  if (value === undefined) return []
  const bad = Array.isArray(value) ? value.find((x) => typeof x !== 'string' || !HOST_PORT.test(x)) : value
  if (!Array.isArray(value) || bad !== undefined) {
    throw new NodeError(
      'BAD_SETTINGS',
      `${settings.path}: "${name}" must be a list of "host:port" addresses, and ${JSON.stringify(bad)?.slice(0, 60) ?? String(bad)} is not one: fix it in the file, or remove the file to start with no saved settings`
    )
  }
  return value as string[]
}

/** The node's network options from the saved settings and the host's own. */
export async function networkOptions(
  settings: JsonFile,
  options: Pick<SetupOptions, 'swarm' | 'direct'>
): Promise<Pick<NodeOptions, 'swarm' | 'direct'>> {
  const saved = await settings.read()
  const bootstrap = addresses(settings, saved, 'bootstrap')
  const swarm =
    options.swarm === false
      ? false
      : { ...(bootstrap.length ? { bootstrap } : {}), ...(options.swarm ?? {}) }
  const peers = addresses(settings, saved, 'directPeers')
  const direct = options.direct ?? (peers.length ? { peers } : undefined)
  return { swarm, ...(direct ? { direct } : {}) }
}

export async function setUpHost(options: SetupOptions): Promise<HostSetup> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 })
  const settings = settingsStore(options.dataDir)
  const network = await networkOptions(settings, options)
  const people = peopleStore(options.dataDir)
  await people.read() // a broken address book stops the start with a sentence, not a later call
  const node = await CollectiveNode.open({
    dir: options.dataDir,
    ...network,
    ...(options.now ? { now: options.now } : {}),
    ...(options.pairing ? { pairing: options.pairing } : {})
  })
  const host: Host = {
    node,
    demo: null,
    scenariosDir: options.scenariosDir,
    settings,
    people,
    network: {
      swarm: network.swarm !== false,
      bootstrap: network.swarm !== false && network.swarm?.bootstrap?.length ? network.swarm.bootstrap : null,
      directPeers: network.direct?.peers ?? []
    },
    emit: options.emit ?? (() => {})
  }
  node.on('update', (update: { length: number; digest: string }) =>
    host.emit('update', { length: update.length, digest: update.digest })
  )
  node.on('peers', (peers: { count: number }) => host.emit('peers', peers))
  // A full disk or failed storage (core/node/storage-fault.ts): logged, and shown at once.
  node.on('fault', (fault: { code: string; message: string } | null) => {
    console.error(fault ? `stachanov: ${fault.code}: ${fault.message}` : 'stachanov: storage works again; the node goes on')
    host.emit('fault', fault)
  })
  return { node, host, settings }
}
