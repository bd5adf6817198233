// Collective nodes on one local DHT testnet, on real disks, for the tests of pairing, restore
// and backup: the testnet starts before the file's tests and everything opened here is closed
// and removed after them.
import createTestnet from 'hyperdht/testnet.js'
import { afterAll, beforeAll } from 'vitest'
import * as queries from '../../core/ledger/queries.ts'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import { tempDirs } from './helpers.ts'

type Testnet = Awaited<ReturnType<typeof createTestnet>>

export interface TestnetNodes {
  dirs: ReturnType<typeof tempDirs>
  /** Opens a node in `dir`: online on the testnet (with pairing), or offline. */
  openIn(dir: string, options?: OpenOptions): Promise<CollectiveNode>
  /** Opens a node in a fresh directory named after `name`. */
  open(name: string, options?: OpenOptions): Promise<CollectiveNode>
}

export interface OpenOptions {
  online?: boolean
  /** How long a join waits for a device to answer its invite code (the node's default if unset). */
  answerMs?: number
}

export function useTestnetNodes(): TestnetNodes {
  const dirs = tempDirs()
  const nodes: CollectiveNode[] = []
  let testnet: Testnet
  beforeAll(async () => {
    testnet = await createTestnet(3)
  })
  afterAll(async () => {
    for (const node of nodes) await node.close()
    await testnet.destroy()
    await dirs.cleanup()
  })
  const openIn = async (dir: string, { online = true, answerMs }: OpenOptions = {}) => {
    const node = await CollectiveNode.open({
      dir,
      // Its own DHT node from the testnet's bootstrap (not a ready-made one): a backup stops
      // the swarm, which destroys its DHT, and starts a new one.
      swarm: online
        ? {
            bootstrap: testnet.bootstrap.map((b) => `${b.host}:${b.port}`),
            host: '127.0.0.1',
            lookupInterval: 500
          }
        : false,
      pairing: { makeDht: () => testnet.createNode(), poll: 200, ...(answerMs ? { answerMs } : {}) },
      ackInterval: 200
    })
    nodes.push(node)
    return node
  }
  return { dirs, openIn, open: async (name, options) => openIn(await dirs.make(name), options) }
}

/** Whether two nodes' views hold the same state digest over the same log length. */
export async function sameDigest(a: CollectiveNode, b: CollectiveNode): Promise<boolean> {
  const [x, y] = [await queries.digest(a.store()), await queries.digest(b.store())]
  return x.digest === y.digest && x.length === y.length
}
