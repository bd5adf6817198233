// Runs a node with its API server: what `stachanov serve` and `npm start` (without Electron)
// do. Writes `server.json` (URL, port, token; owner-only) into the data dir so that the
// command line on the same machine can reach the running node.
import { randomBytes } from 'node:crypto'
import { writeFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import type { SwarmOptions } from '../../core/network/swarm.ts'
import type { DirectOptions } from '../../core/network/direct.ts'
import type { Host } from '../api/table.ts'
import { setUpHost, type SetupOptions } from '../host/setup.ts'
import { startServer, type ApiServer } from './server.ts'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const SCENARIOS_DIR = join(ROOT, 'assets', 'scenarios')
export const RENDERER_DIR = join(ROOT, 'renderer', 'dist')
export const SERVER_FILE = 'server.json'

export interface HostOptions {
  dataDir: string
  port?: number
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

  const token = randomBytes(24).toString('hex')
  let server: ApiServer
  try {
    server = await startServer(host, { port: options.port ?? 0, hostname: options.hostname ?? '127.0.0.1', token, staticDir: options.staticDir ?? RENDERER_DIR })
  } catch (error) {
    // A busy port: the node was opened for nothing; close it so the caller can report and exit.
    await node.close()
    throw error
  }
  const serverFile = join(options.dataDir, SERVER_FILE)
  await writeFile(serverFile, JSON.stringify({ url: server.url, port: server.port, token, pid: process.pid }) + '\n', { mode: 0o600 })
  return {
    host,
    node,
    server,
    token,
    openUrl: `${server.url}#token=${token}`,
    async close() {
      await server.close()
      await node.close()
      await rm(serverFile, { force: true })
    }
  }
}
