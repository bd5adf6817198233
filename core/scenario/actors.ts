// Named actors with keys derived from their names, so a scenario file (and a test) can say
// "Bakery" and "Anna" and every run signs with the same keys. Never use these keys for real:
// anyone who knows the name knows the key.
import { hash, keyPairFromSeed, type KeyPair } from '../protocol/crypto.ts'

export interface CollectiveActor {
  name: string
  identity: KeyPair
  device: KeyPair
  id: string
  deviceKey: string
}

export interface WalletActor {
  name: string
  keyPair: KeyPair
  key: string
}

function derive(kind: string, name: string): KeyPair {
  return keyPairFromSeed(hash(Buffer.from(`stachanov/scenario/${kind}/${name}`)))
}

export function collectiveActor(name: string): CollectiveActor {
  const identity = derive('collective', name)
  const device = derive('device', name)
  return { name, identity, device, id: identity.publicKey.toString('hex'), deviceKey: device.publicKey.toString('hex') }
}

export function walletActor(name: string): WalletActor {
  const keyPair = derive('wallet', name)
  return { name, keyPair, key: keyPair.publicKey.toString('hex') }
}
