// Keys and data never lost: a node's backup (the whole data directory, encrypted with a
// passphrase: backup.ts), putting one back on a new data directory, the 24 recovery words,
// and bringing a collective back on a new device from them (rebinding.ts). CollectiveNode
// builds on this; the open/close path it uses is node-lifecycle.ts.
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import * as queries from '../ledger/queries.ts'
import type { KeyValueStore } from '../ledger/store.ts'
import type { NetworkBaseOptions } from '../network/base.ts'
import { readNetworkConfig, writeNetworkConfig } from '../network/keys.ts'
import { checkBackupTarget } from './backup-target.ts'
import { readRestoredNote, restoreBackup, RESTORED_FILE, writeBackup, type BackupManifest, type RestoredNote } from './backup.ts'
import { NodeError } from './errors.ts'
import { identityFromSeed, loadIdentity, saveIdentity, seedToWords, wordsToSeed } from './keys.ts'
import { NodeLifecycle } from './node-lifecycle.ts'
import { pairingSettings, pairToRebind } from './pairing.ts'

/** Whether `device` is the only device of any member collective: the network's sole writer. */
async function soleDevice(store: KeyValueStore, device: string): Promise<boolean> {
  const writers = (await queries.collectives(store)).filter((c) => c.member).flatMap((c) => c.devices)
  return writers.length === 1 && writers[0] === device
}

export abstract class NodeRecovery extends NodeLifecycle {
  /**
   * Set on a device restored from a backup until a neighbour has bound it (backup.ts): the
   * device it replaces. It reads meanwhile, and writes nothing.
   */
  awaitingBind: RestoredNote | null = null

  protected override async openBase(extra: Pick<NetworkBaseOptions, 'create' | 'join'>): Promise<void> {
    this.awaitingBind = await readRestoredNote(this.options.dir)
    await super.openBase(extra)
  }

  /** Before anything is signed for writing: a restored device not bound yet says so by name. */
  protected requireBound(): void {
    if (this.awaitingBind && !this.base?.writable) {
      throw new NodeError(
        'NOT_BOUND_YET',
        'this device was restored from a backup and writes nothing until a neighbour binds it in place of the old device: ask a neighbour for an invite code and bind it (Settings, or `stachanov bind CODE`)'
      )
    }
  }

  protected override async write(bytes: Uint8Array | Uint8Array[]): Promise<void> {
    this.requireBound()
    return super.write(bytes)
  }

  /**
   * Binds this device, restored from a backup, in place of the backed-up one: a neighbour's
   * invite code carries a `device.bind` that replaces the old device (unbinding it in the
   * same step, so the two machines never both write for the collective); resolves once this
   * device may write.
   */
  async bindRestored(input: { code: string }, timeoutMs = 5 * 60_000): Promise<void> {
    const identity = this.requireIdentity()
    this.requireBase()
    const note = this.awaitingBind
    if (!note) throw new NodeError('NOT_RESTORED', 'this device was not restored from a backup waiting to be bound: nothing to bind')
    const config = await pairToRebind(this.options.dir, identity, { code: input.code, time: this.now, replaces: note.replaces }, pairingSettings(this.options))
    // The restored device holds no log yet: it admits the member that bound it until it has the view that names it.
    const saved = await readNetworkConfig(this.options.dir)
    if (saved) await writeNetworkConfig(this.options.dir, { ...saved, introducers: config.introducers ?? [], ...(config.peers ? { peers: config.peers } : {}) })
    // Connect again at once: the neighbours' firewalls admit this device now that it is bound.
    await this.reopenBase()
    await this.requireBase().waitForWritable(timeoutMs)
    await rm(join(this.options.dir, RESTORED_FILE), { force: true })
    this.awaitingBind = null
  }

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
   * meanwhile calls are refused with BACKING_UP, and open invites end. A file already there is
   * replaced only with `overwrite` (FILE_EXISTS otherwise), checked before anything pauses.
   */
  async backup(
    file: string,
    passphrase: string,
    { overwrite = false, params }: { overwrite?: boolean; params?: { ops: number; mem: number } } = {}
  ): Promise<BackupManifest & { path: string; files: number; bytes: number }> {
    const identity = this.requireIdentity()
    await checkBackupTarget(file, overwrite)
    return this.whileClosed(
      async (base): Promise<BackupManifest> => {
        const store = base.reader()
        return {
          format: 1,
          taken: this.now,
          collective: { id: identity.id, name: (await queries.collective(store, identity.id))?.name ?? null },
          network: base.key.toString('hex'),
          device: base.writerKey,
          ...(await queries.digest(store)),
          sole: await soleDevice(store, base.writerKey)
        }
      },
      async (manifest) => ({ ...manifest, path: file, ...(await writeBackup(this.options.dir, file, passphrase, manifest, params, overwrite)) })
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
