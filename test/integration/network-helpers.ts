// Nodes on a loopback testnet DHT for the integration tests: a NetworkBase, its membership
// and its swarm, closed together.
import type { Testnet } from 'hyperdht/testnet.js'
import { NetworkBase, type ApplyEntry } from '../../core/network/base.ts'
import type { NetworkConfig } from '../../core/network/keys.ts'
import { Membership } from '../../core/network/membership.ts'
import { NetworkSwarm } from '../../core/network/swarm.ts'

export interface TestNode {
  name: string
  base: NetworkBase
  membership: Membership
  swarm: NetworkSwarm | null
  refused: string[]
  /** (Re)connects this node to the testnet. */
  online(): Promise<void>
  /** Leaves the swarm (a partition); the base stays open. */
  offline(): Promise<void>
  close(): Promise<void>
}

export async function makeNode(
  name: string,
  testnet: Testnet,
  dir: string,
  applyEntry: ApplyEntry,
  network: { create: true } | { join: NetworkConfig }
): Promise<TestNode> {
  const base = await NetworkBase.open({ dir, applyEntry, ackInterval: 1000, ...network })
  const membership = new Membership(base)
  const node: TestNode = {
    name,
    base,
    membership,
    swarm: null,
    refused: [],
    async online() {
      if (node.swarm) return
      const swarm = new NetworkSwarm(base, membership, {
        dht: testnet.createNode(),
        lookupInterval: 1000
      })
      swarm.on('refused', (key: string) => node.refused.push(key))
      node.swarm = swarm
      await swarm.start()
    },
    async offline() {
      const swarm = node.swarm
      node.swarm = null
      if (swarm) await swarm.destroy()
    },
    async close() {
      await node.offline()
      membership.close()
      await base.close()
    }
  }
  return node
}

/** The join configuration a member would hand a paired device. */
export function joinConfig(inviter: TestNode): NetworkConfig {
  return {
    key: inviter.base.config.key,
    encryptionKey: inviter.base.config.encryptionKey,
    introducers: [inviter.base.deviceKeyPair.publicKey.toString('hex')]
  }
}
