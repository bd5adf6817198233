// Runs a node with its API server: what `stachanov serve` and `npm start` (without Electron)
// do. Serves on the port and with the token of the last start (access.ts), and writes
// `server.json` (URL, port, token; owner-only) into the data dir so that the command line on
// the same machine can reach the running node.
import { writeFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import type { SwarmOptions } from '../../core/network/swarm.ts'
import type { DirectOptions } from '../../core/network/direct.ts'
import type { Host } from '../api/table.ts'
import { setUpHost, type SetupOptions } from '../host/setup.ts'
import { newToken, readAccess, writeAccess } from './access.ts'
import { startServer, type ApiServer } from './server.ts'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const SCENARIOS_DIR = join(ROOT, 'assets', 'scenarios')
export const RENDERER_DIR = join(ROOT, 'renderer', 'dist')
export const SERVER_FILE = 'server.json'

export interface HostOptions {
  dataDir: string
  /** Absent: the port served on last time (access.ts), else any free one; 0: any free one. */
  port?: number
  /** A new access token instead of the saved one (the old address stops working). */
  newToken?: boolean
  hostname?: string
  /** `false`: no Hyperswarm (direct peers or folder sync only). */
  swarm?: SwarmOptions | false
  direct?: DirectOptions
  staticDir?: string
  /** Test hooks for pairing (a short wait for a member's answer). */
  pairing?: SetupOptions['pairing']
}

export interface RunningHost {
  host: Host
  node: CollectiveNode
  server: ApiServer
  token: string
  /** The interface's address with the token in the fragment. */
  openUrl: string
  /** What differs from the last start, to be said: the saved port was busy, a new token. */
  changed: { port?: { was: number }; token?: boolean }
  close(): Promise<void>
}

export async function runHost(options: HostOptions): Promise<RunningHost> {
  const { node, host } = await setUpHost({
    dataDir: options.dataDir,
    scenariosDir: SCENARIOS_DIR,
    ...(options.swarm !== undefined ? { swarm: options.swarm } : {}),
    ...(options.direct ? { direct: options.direct } : {}),
    ...(options.pairing ? { pairing: options.pairing } : {})
  })

  // The same address and token as last time, so a bookmarked page keeps working (access.ts).
  const saved = await readAccess(options.dataDir)
  const changed: RunningHost['changed'] = {}
  const token = options.newToken || !saved.token ? newToken() : saved.token
  if (options.newToken && saved.token) changed.token = true
  const start = (port: number) =>
    startServer(host, { port, hostname: options.hostname ?? '127.0.0.1', token, staticDir: options.staticDir ?? RENDERER_DIR })
  let server: ApiServer
  try {
    if (options.port === undefined && saved.port) {
      server = await start(saved.port).catch((error: unknown) => {
        // Only a port chosen last time gives way (to any free one, said); one asked for now does not.
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
        changed.port = { was: saved.port! }
        return start(0)
      })
    } else {
      server = await start(options.port ?? 0)
    }
  } catch (error) {
    // A busy port: the node was opened for nothing; close it so the caller can report and exit.
    await node.close()
    throw error
  }
  // A fallback port is for this run only: the next start tries the person's port again.
  const kept = { port: changed.port ? changed.port.was : server.port, token }
  // On a full disk the node still serves what it can read, and its page says the disk is
  // full: a file that cannot be saved then is said, not a failed start (the last start's
  // access.json, if unchanged, still holds).
  const unsaved = (what: string) => (error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
    console.error(`stachanov: the disk is full, so ${what} was not saved`)
  }
  if (kept.port !== saved.port || kept.token !== saved.token) await writeAccess(options.dataDir, kept).catch(unsaved(`${join(options.dataDir, 'access.json')} (this address, for the next start)`))
  const serverFile = join(options.dataDir, SERVER_FILE)
  await writeFile(serverFile, JSON.stringify({ url: server.url, port: server.port, token, pid: process.pid }) + '\n', { mode: 0o600 }).catch(
    unsaved(`${serverFile} (the command line on this machine cannot find this server)`)
  )
  return {
    host,
    node,
    server,
    token,
    openUrl: `${server.url}#token=${token}`,
    changed,
    async close() {
      await server.close()
      await node.close()
      await rm(serverFile, { force: true })
    }
  }
}
