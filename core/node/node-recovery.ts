// Keys and data never lost: a node's backup (the whole data directory, encrypted with a
// passphrase: backup.ts), putting one back on a new data directory, the 24 recovery words,
// and bringing a collective back on a new device from them (rebinding.ts). CollectiveNode
// builds on this; the open/close path it uses is node-lifecycle.ts.
import * as queries from '../ledger/queries.ts'
import { restoreBackup, writeBackup, type BackupManifest } from './backup.ts'
import { identityFromSeed, loadIdentity, saveIdentity, seedToWords, wordsToSeed } from './keys.ts'
import { NodeLifecycle } from './node-lifecycle.ts'
import { pairingSettings, pairToRebind } from './pairing.ts'

export abstract class NodeRecovery extends NodeLifecycle {
  /**
   * Brings a collective back on this (new) device from its 24 recovery words: a member's
   * invite code carries a `device.bind` signed with the restored key (rebinding.ts); resolves
   * once this device may write. The old device can then be unbound (`unbindDevice`).
   */
  async restore(input: { code: string; words: string[] }, timeoutMs = 5 * 60_000): Promise<void> {
    this.requireNew()
    const identity = identityFromSeed(wordsToSeed(input.words))
    const config = await pairToRebind(this.options.dir, identity, { code: input.code, time: this.now }, pairingSettings(this.options))
    this.identity = identity
    await saveIdentity(this.options.dir, identity)
    await this.openBase({ join: config })
    await this.requireBase().waitForWritable(timeoutMs)
  }

  /**
   * Writes an encrypted backup of this device's data directory to `file` (backup.ts). The
   * network is stopped and the storage closed while the copy is taken, so it is consistent;
   * meanwhile calls are refused with BACKING_UP, and open invites end.
   */
  async backup(file: string, passphrase: string, params?: { ops: number; mem: number }): Promise<BackupManifest & { files: number; bytes: number }> {
    const identity = this.requireIdentity()
    return this.whileClosed(
      async (base): Promise<BackupManifest> => {
        const store = base.reader()
        return {
          format: 1,
          taken: this.now,
          collective: { id: identity.id, name: (await queries.collective(store, identity.id))?.name ?? null },
          network: base.key.toString('hex'),
          device: base.writerKey,
          ...(await queries.digest(store))
        }
      },
      async (manifest) => ({ ...manifest, ...(await writeBackup(this.options.dir, file, passphrase, manifest, params)) })
    )
  }

  /** Restores a backup into this node's (new) data directory and opens it (backup.ts). */
  async restoreBackup(file: string, passphrase: string): Promise<BackupManifest> {
    this.requireNew()
    const manifest = await restoreBackup(file, this.options.dir, passphrase)
    this.identity = await loadIdentity(this.options.dir)
    await this.openBase({})
    return manifest
  }

  /** The 24 words that restore this collective's identity key. */
  backupWords(): string[] {
    return seedToWords(this.requireIdentity().seed)
  }
}
