// The entries behind the view's `log/<seq>` records, read from the writer cores they lie in.
//
// The view keeps an entry's place (writer core, block index) rather than a copy of its bytes
// (core/ledger/keys.ts `EntryPlace`): every device already holds every writer's core
// (writer-copies.ts), and the copy was as many bytes again as the log itself. A block of a
// writer core is Autobase's oplog message, encrypted with that writer's key; the node's value
// in it is the entry exactly as appended (binary value encoding, as apply.ts `entryBytes`).
import type Autobase from 'autobase'
import messages from 'autobase/lib/messages.js'
import type Hypercore from 'hypercore'
import type { EntrySource } from '../ledger/store.ts'

/** What this file reads of Autobase beyond its declared API (index.js, 7.28). */
interface AutobaseInternals {
  getWriterEncryption(): unknown
}

interface OplogBlock {
  node?: { value?: Uint8Array | null } | null
}

const WRITER_KEY = /^[0-9a-f]{64}$/

export class WriterEntries {
  private readonly cores = new Map<string, Hypercore>()
  private closed = false

  constructor(private readonly base: Autobase<unknown>) {}

  /**
   * The entry at block `at` of writer core `writer`, from this device's copy; undefined when
   * this device does not hold that block (yet): a reader shows the entry as not here rather
   * than wait for a peer.
   */
  readonly read: EntrySource = async (writer, at) => {
    if (this.closed || !WRITER_KEY.test(writer) || !Number.isSafeInteger(at) || at < 0) return undefined
    const core = this.coreOf(writer)
    await core.ready()
    if (at >= core.length) return undefined
    const block = (await core.get(at, { wait: false })) as OplogBlock | null
    const value = block?.node?.value
    return value === null || value === undefined ? undefined : value
  }

  private coreOf(writer: string): Hypercore {
    let core = this.cores.get(writer)
    if (core === undefined) {
      const encryption = (this.base as unknown as AutobaseInternals).getWriterEncryption()
      core = this.base.store.get({ key: Buffer.from(writer, 'hex'), valueEncoding: messages.OplogMessage, encryption, active: false })
      this.cores.set(writer, core)
    }
    return core
  }

  async close(): Promise<void> {
    this.closed = true
    const cores = [...this.cores.values()]
    this.cores.clear()
    await Promise.all(cores.map((core) => core.close().catch(() => {})))
  }
}
