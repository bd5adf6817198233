// This device's own writer core: how far writer.json records it (writer-record.ts), and
// whether an append may start now. Two cases hold writes back, both after a fork
// (frozen-writers.ts, indexer-history.ts): the device dropped its own core and takes it back
// from the indexers, or its own entries wait in Autobase for a forked writer's copy to return.
import type Autobase from 'autobase'
import type Corestore from 'corestore'
import { writeWriterRecord } from './writer-record.ts'

export class OwnLog {
  /** How far writer.json says this device's core reached. */
  recorded: number
  /** Set when writer.json says 0: this device's own core is coming back from the indexers. */
  private readonly following: boolean
  private recording: Promise<void> | null = null
  private recordingDownload: Promise<void> | null = null

  constructor(
    private readonly dir: string,
    private readonly autobase: Autobase<unknown>,
    private readonly corestore: Corestore,
    private readonly onWarning: (error: unknown) => void,
    recordLength: number | undefined
  ) {
    this.recorded = Math.max(recordLength ?? 0, autobase.local.length)
    this.following = recordLength === 0
  }

  private get writerKey(): string {
    return this.autobase.local.key.toString('hex')
  }

  /**
   * After this device's first append is on disk (`flushed`: the length its last finished flush
   * covered): from now on an empty store means a lost one.
   */
  recordFirst(flushed: () => number): Promise<void> {
    if (this.recorded !== 0) return Promise.resolve()
    return (this.recording ??= this.recordWriter(flushed()))
  }

  /**
   * A device whose keys signed two histories and that is no indexer drops its own core and
   * takes it back from the indexers (node-lifecycle.ts): its record starts again at 0 and
   * follows the blocks as they come back, so an emptied store is refused again from there on.
   * (A record of 0 is written only then.) Called at each download and update.
   */
  follow(): void {
    if (this.following) this.recordingDownload ??= this.recordDownloaded()
  }

  /**
   * Whether this device's own core is still coming back from the indexers after it dropped it
   * (writer.json says 0) and holds fewer of its entries than the system lists: an append now
   * would sign a block at a position the network already holds, a fork of its own log. (Within
   * one run the node refuses writes anyway, KEYS_USED_ELSEWHERE; this covers a restart.)
   */
  async comingBack(): Promise<boolean> {
    if (!this.following) return false
    const local = this.autobase.local
    if (local.contiguousLength < local.length) return true
    // The system's record may itself wait for a block no peer gives: not answered in a moment
    // counts as still coming back (the write is refused, never signed at a held position).
    const system = this.autobase.system as unknown as { get(key: Buffer, opts?: { timeout?: number }): Promise<{ length: number } | null> } | null
    const info = await system?.get(local.key, { timeout: 1000 }).catch(() => undefined)
    return info === undefined || (info !== null && local.contiguousLength < info.length)
  }

  /**
   * Whether Autobase holds entries of this device's own core that it cannot put in order yet:
   * after this device dropped a forked writer's copy (frozen-writers.ts), its own entries that
   * reference that writer's wait until the copy is back. Autobase 7.28.1 appends only once its
   * local writer has ordered all of them, and until then re-runs its update in a loop that never
   * yields to timers or I/O (seed 376 --fork: one node spun at full CPU, and with it the process,
   * so the copy it waited for could never arrive). No append may start meanwhile.
   */
  async entriesWaiting(): Promise<boolean> {
    const waiting = () => {
      const writer = (this.autobase as unknown as { localWriter: { closed: boolean; idle(): boolean } | null }).localWriter
      return writer !== null && !writer.closed && !writer.idle()
    }
    if (!waiting()) return false
    // Just opened, Autobase may not have read this device's entries back yet: one update does.
    await this.autobase.update()
    return waiting()
  }

  /** Records how far this device's own core came back from peers, once it is on disk. */
  private async recordDownloaded(): Promise<void> {
    try {
      // Blocks that land while one record is written are recorded by the next turn; the
      // contiguous length can lag the 'download' event, so a copy not yet whole is looked at
      // again shortly (nothing else may fire: no entry of this device is applied meanwhile).
      for (;;) {
        const local = this.autobase.local
        if (local.closed) return
        const length = local.contiguousLength
        if (length <= this.recorded) {
          if (length >= local.length) return
          await new Promise((resolve) => setTimeout(resolve, 200).unref())
          continue
        }
        await this.corestore.storage.db.flush()
        await writeWriterRecord(this.dir, { key: this.writerKey, length })
        this.recorded = Math.max(this.recorded, length)
      }
    } catch (error) {
      this.onWarning(error)
    } finally {
      this.recordingDownload = null
    }
  }

  /** Records how far the writer core reached on disk: never ahead of it. */
  private async recordWriter(length: number): Promise<void> {
    try {
      if (length <= this.recorded) return
      await writeWriterRecord(this.dir, { key: this.writerKey, length })
      this.recorded = length
    } finally {
      this.recording = null
    }
  }
}
