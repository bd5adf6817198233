// The wallet a call names, however the person brought it: its 24 words, a scanned card and its
// PIN, or a wallet kept on this device and its PIN (core/node/wallet-vault.ts). The shop's
// terminal uses the last two; the words stay for recovery.
import type { CollectiveNode } from '../../core/node/collective-node.ts'
import { walletFromWords } from '../../core/node/keys.ts'
import { walletFromCard, WalletVault } from '../../core/node/wallet-vault.ts'
import type { KeyPair } from '../../core/protocol/crypto.ts'

export type WalletSource = { words: string[] } | { card: string; pin: string } | { kept: string; pin: string }

/** One vault per node: it queues the PIN attempts on its file. */
const vaults = new WeakMap<CollectiveNode, WalletVault>()
export function vaultOf(node: CollectiveNode): WalletVault {
  let vault = vaults.get(node)
  if (!vault) {
    vault = new WalletVault(node.options.dir)
    vaults.set(node, vault)
  }
  return vault
}

export async function walletOf(node: CollectiveNode, source: WalletSource): Promise<KeyPair> {
  if ('words' in source) return walletFromWords(source.words)
  if ('card' in source) return walletFromCard(source.card, source.pin)
  return vaultOf(node).unlock(source.kept, source.pin)
}

/** The seed a card or the words give, to keep the wallet on this device. */
export async function seedOf(source: { words: string[] } | { card: string; pin: string }): Promise<Buffer> {
  const pair = 'words' in source ? walletFromWords(source.words) : await walletFromCard(source.card, source.pin)
  return Buffer.from(pair.secretKey.subarray(0, 32))
}
