// Verbs that run a node (`serve`, `start`, `bootstrap`) or talk to a running one through the
// same API the interface uses (`init`, `status`, `invite`, `join`, `peers`, `submit`, `query`,
// `sync-folder`).
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { isIPv4 } from 'node:net'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { spawnSync } from 'node:child_process'
import type { Command } from 'commander'
import { announcedAddress, runBootstrapNode } from '../../core/network/swarm.ts'
import { RENDERER_DIR, ROOT, runHost } from '../server/host.ts'
import { SingleBar, Presets } from 'cli-progress'
import { methods } from '../api/contract.ts'
import { call, callWithProgress, connect } from './client.ts'
import { CliError } from './errors.ts'
import { describeFailure } from './failure.ts'
import { jsonText } from './json.ts'
import { printNeighbours } from './print-sync.ts'
import { settledLog } from './log-rows.ts'

function build(script: string): void {
  const built = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' })
  if (built.status !== 0) throw new CliError(`\`npm run ${script}\` failed: see the messages above`)
}

/** The Electron binary, when the optional dependency installed with it. */
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

export function defaultDataDir(): string {
  if (process.env.STACHANOV_DATA) return resolve(process.env.STACHANOV_DATA)
  const base = process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share')
  return join(base, 'stachanov')
}

const list = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)]
export function out(value: unknown, json?: boolean): void {
  process.stdout.write((json || typeof value !== 'string' ? jsonText(value) : value) + '\n')
}

/** A verb that talks to the running node of a data directory. */
export function clientCommand(program: Command, name: string, description: string): Command {
  return program.command(name).description(description).option('--data <dir>', 'the data directory of the running node', defaultDataDir()).option('--json', 'print JSON')
}

interface ServeOptions {
  data: string
  port?: string
  newToken?: boolean
  hostname: string
  swarm: boolean
  bootstrap?: string[]
  dhtHost?: string
  listen?: string
  peer?: string[]
}

/**
 * A node that cannot start says why in a sentence (a missing key file, a copied data
 * directory, a broken settings file, a full disk), not with a stack trace; errors without a
 * code are bugs and keep theirs.
 */
function cannotStart(dir: string, error: unknown): unknown {
  // A busy port or an address this machine lacks has its own sentence (failure.ts).
  const system = (Object(error) as { syscall?: unknown }).syscall !== undefined ? describeFailure(error) : null
  if (system) return new CliError(system)
  const { code, message } = Object(error) as { code?: unknown; message?: unknown }
  if (typeof code !== 'string' || typeof message !== 'string') return error
  return new CliError(`the node in ${dir} cannot start (${code}): ${message}`)
}

async function serve(options: ServeOptions): Promise<void> {
  const running = await runHost({
    dataDir: resolve(options.data),
    ...(options.port !== undefined ? { port: Number(options.port) } : {}),
    ...(options.newToken ? { newToken: true } : {}),
    hostname: options.hostname,
    swarm: options.swarm ? { ...(options.bootstrap?.length ? { bootstrap: options.bootstrap } : {}), ...(options.dhtHost ? { host: options.dhtHost } : {}) } : false,
    ...(options.listen || options.peer?.length
      ? { direct: { ...(options.listen ? { listen: { port: Number(options.listen), host: '0.0.0.0' } } : {}), peers: options.peer ?? [] } }
      : {})
  }).catch((error: unknown) => {
    throw cannotStart(resolve(options.data), error)
  })
  process.stdout.write(`Stachanov node for ${resolve(options.data)}\nOpen ${running.openUrl}\n`)
  // The address and token stay the same across restarts (main/server/access.ts); a change is said.
  if (running.changed.port) {
    process.stdout.write(`Port ${running.changed.port.was}, used last time, is busy: serving on ${running.server.port} this time, so bookmarks of the old address do not open this node until it gets its port back.\n`)
  }
  if (running.changed.token) process.stdout.write('A new access token: pages and bookmarks opened with the old one must be opened again with the address above.\n')
  const stop = async () => {
    await running.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

function serveOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'the node\'s data directory', defaultDataDir())
    .option('--port <port>', 'port of the local API and interface (default: the one used last time, else any free port; 0: any free port)')
    .option('--new-token', 'make a new access token (the old address stops working); otherwise the token stays the same across restarts')
    .option('--hostname <host>', 'address to serve on (keep it local)', '127.0.0.1')
    .option('--no-swarm', 'no Hyperswarm and no DHT at all: direct peers or folder sync only (to invite, also --listen)')
    .option('--bootstrap <host:port>', 'DHT bootstrap nodes, e.g. an office\'s `stachanov bootstrap`', list)
    .option('--dht-host <address>', 'address the DHT binds to (127.0.0.1 for a single machine)')
    .option('--listen <port>', 'accept direct peers on this TCP port')
    .option('--peer <host:port>', 'dial a neighbour directly (repeatable)', list)
}

export function registerNodeCommands(program: Command): void {
  serveOptions(program.command('serve').description('run a node headless: its API and the interface on localhost')).action(serve)

  serveOptions(program.command('start').description('run the app: the desktop window where Electron is installed, else the local interface in a browser')).action(async (options: ServeOptions) => {
    if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
      process.stdout.write('Building the interface (first start)…\n')
      build('build:renderer')
    }
    const electron = electronBinary()
    if (electron) {
      build('build:electron')
      const app = spawnSync(electron, [ROOT], { stdio: 'inherit', env: { ...process.env, STACHANOV_DATA: resolve(options.data) } })
      process.exit(app.status ?? 0)
    }
    process.stdout.write('Electron is not installed here: serving the interface to your browser instead.\n')
    await serve(options)
  })

  program
    .command('bootstrap')
    .description('run a DHT bootstrap node for an office network without internet')
    .option('--port <port>', 'UDP port', '49737')
    .option('--host <address>', 'IPv4 address to bind (0.0.0.0: all of this machine\'s addresses)', '0.0.0.0')
    .option('--announce <address>', 'the address other machines reach this one at (default: --host, or the first LAN address for 0.0.0.0)')
    .action(async (options: { port: string; host: string; announce?: string }) => {
      if (!isIPv4(options.host)) throw new CliError(`--host ${options.host}: give an IPv4 address of this machine, such as 127.0.0.1 or 0.0.0.0`)
      if (options.announce !== undefined && !isIPv4(options.announce)) throw new CliError(`--announce ${options.announce}: give an IPv4 address`)
      const port = Number(options.port)
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliError(`--port ${options.port}: a UDP port is a number from 1 to 65535`)
      const announce = options.announce ?? announcedAddress(options.host)
      const node = await runBootstrapNode(port, options.host, announce).catch((error: NodeJS.ErrnoException) => {
        if (error?.code === 'EADDRINUSE') throw new CliError(`UDP port ${port} on ${options.host} is already in use: another bootstrap node runs there, or choose another port with --port`)
        throw error
      })
      process.stdout.write(`DHT bootstrap node on ${options.host}:${port}\nOffices start their nodes with --bootstrap ${announce}:${port}\n`)
      const stop = async () => {
        await node.destroy()
        process.exit(0)
      }
      process.once('SIGINT', () => void stop())
      process.once('SIGTERM', () => void stop())
    })

  const client = (name: string, description: string) => clientCommand(program, name, description)

  client('init', 'create a collective and found a network')
    .requiredOption('--name <name>', 'the collective\'s name')
    .option('--roles <roles>', 'producer, dispatcher or both (comma-separated)', 'producer')
    .action(async (options) => {
      const status = await call(await connect(options.data), 'setup.create', { name: options.name, roles: list(options.roles) })
      out(options.json ? status : `${status.collective.name} founded the network ${status.network}\nDevice ${status.device}`, options.json)
    })

  client('status', 'show the node: collective, network, digest, peers').action(async (options) => {
    const status = await call(await connect(options.data), 'node.status')
    if (options.json || status.state !== 'ready') {
      out(status, true)
      return
    }
    out(`${status.collective.name ?? '(registering…)'} (${status.collective.roles.join(', ')})\nnetwork ${status.network}\ndigest  ${status.digest} after ${status.length} entries\npeers   ${status.peers.length}${status.writable ? '' : '\nnot yet a writer: waiting for the inviting collective'}`)
  })

  client('invite', 'make an invite code for a new collective')
    .option('--file <path>', 'also save the code to this file (the app\'s join form opens it)')
    .action(async (options) => {
      const invite = await call(await connect(options.data), 'network.invite')
      if (options.file) await writeFile(options.file, invite.code + '\n', { mode: 0o600 })
      out(options.json ? invite : `Invite code (valid until ${new Date(invite.expires).toISOString()}):\n${invite.code}${options.file ? `\nsaved to ${options.file}` : ''}`, options.json)
    })

  client('join', 'join a network with an invite code')
    .argument('<code>', 'the invite code')
    .requiredOption('--name <name>', 'the collective\'s name')
    .option('--roles <roles>', 'producer, dispatcher or both', 'producer')
    .action(async (code: string, options) => {
      const connection = await connect(options.data)
      // Pairing takes a while (up to 90 s when nobody answers): say so to a person waiting.
      if (process.stderr.isTTY && !options.json) process.stderr.write('asking the inviting office to let this collective in…\n')
      const status = await call(connection, 'setup.join', { code, name: options.name, roles: list(options.roles) })
      out(options.json ? status : `${status.collective.name} joined the network ${status.network}\nDevice ${status.device}`, options.json)
    })

  client('peers', 'how many peers are connected').action(async (options) => {
    out(await call(await connect(options.data), 'network.peers'), true)
  })

  client('neighbours', 'per neighbouring device: its collective, connected or last seen, in sync or how many entries apart').action(async (options) => {
    const sync = await call(await connect(options.data), 'network.sync')
    if (options.json) return out(sync, true)
    out(printNeighbours(sync))
  })

  client('query', 'read the view: overview, collectives, trust, products, lots, orders, productions, workloads, revisions, prices, log, pending, proposals')
    .argument('<what>')
    .action(async (what: string, options) => {
      const views = queryableViews()
      if (!views.includes(what)) throw new CliError(`query shows one of ${views.join(', ')}; "${what.slice(0, 40)}" is none of them`)
      const view = await call(await connect(options.data), `view.${what}`)
      out(what === 'log' ? settledLog(view) : view, true)
    })

  client('sync-folder', 'exchange the network\'s data with a folder (a USB stick)')
    .argument('<path>')
    .action(async (path: string, options) => {
      const bar = new SingleBar({ format: 'syncing {bar} {value}/{total} blocks', hideCursor: true, clearOnComplete: true }, Presets.shades_classic)
      let started = false
      const result = await callWithProgress(await connect(options.data), 'network.syncFolder', { path: resolve(path) }, ({ done, total }) => {
        if (!process.stdout.isTTY || options.json) return
        if (!started) bar.start(total, done)
        started = true
        bar.setTotal(total)
        bar.update(done)
      })
      if (started) bar.stop()
      out(options.json ? result : `exchanged ${result.blocksIn} blocks in and ${result.blocksOut} out over ${result.cores} cores${result.failed.length ? `; ${result.failed.length} failed` : ''}`, options.json)
    })
}

/** The views `query` can read: those that need no argument. */
function queryableViews(): string[] {
  return Object.entries(methods)
    .filter(([name, schema]) => name.startsWith('view.') && schema.safeParse({}).success)
    .map(([name]) => name.slice('view.'.length))
}
