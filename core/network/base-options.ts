// What a NetworkBase is opened with (base.ts), and the defaults its options fall back to.
import type { ApplyEntry, VerifyAhead } from './apply.ts'
import type { NetworkConfig } from './keys.ts'

export interface NetworkBaseOptions {
  /** The device's data dir (created 0700). */
  dir: string
  applyEntry: ApplyEntry
  /** Signatures checked on other threads before apply reaches them (see VerifyAhead). */
  verifyAhead?: VerifyAhead
  /** Start a new network if the dir has none (this device becomes its first writer). */
  create?: boolean
  /** Join the network from a pairing: its key, encryption key, bootstrap, introducers. */
  join?: NetworkConfig
  /** Milliseconds between an indexer's automatic acks (Autobase's default is 10 s). */
  ackInterval?: number
  /** A council's ack pacer: nothing new for this long ends a wave of acks (ack-pacer.ts). */
  ackQuietMs?: number
  /**
   * The pacer's staggered responses (default off): only the indexers a value names ack it at
   * once. Fewer acks and a faster confirmation of Autobase alone, but no gain measured on the
   * council bench (docs/benchmarks.md, 2026-12-03 17:20-18:00), so not the default.
   */
  ackStagger?: boolean
  /**
   * Flush storage to disk before `append` resolves (default true), so that a transaction the
   * UI has shown as submitted survives a power cut. Costs a RocksDB memtable flush (2-50 ms,
   * depending on the disk), shared by the appends that land together (see flushStorage).
   */
  durable?: boolean
  /**
   * Bytes of RocksDB's memtable (default WRITE_BUFFER_SIZE): after a kill, the next open
   * replays up to this much write-ahead log and writes it to a table file before it returns.
   */
  writeBufferSize?: number
  /** Told as each step of opening ends, with its name (the reopen bench times them). */
  trace?: (step: OpenStep) => void
  /**
   * Writers (hex) that showed this device two histories and whose copy it dropped: their cores
   * are replicated only with indexers (indexer-history.ts). The node keeps the set over reopens.
   */
  forked?: ReadonlySet<string>
}

/**
 * The memtable's size, and so the most write-ahead log an open replays after a kill: 16 MiB
 * rather than hypercore-storage's 64 MiB. RocksDB does not flush its memtable when it closes
 * while it keeps a log; the next open reads the whole log back and writes it to a table file
 * before it returns (30-60 ms per MiB on the project's loaded 2-core machine: 2-4 s at 64 MiB).
 * However long the network's log, a node that mostly receives entries keeps up to this much
 * unflushed (its own appends flush, see flushStorage). NetworkBase.close flushes, so after a
 * close nothing is replayed; after a kill the memtable bounds the replay, and it bounds the
 * node's memory (docs/benchmarks.md, "Reopen of a long log").
 */
export const WRITE_BUFFER_SIZE = 16 * 2 ** 20

/**
 * How long a council's indexers wait, with nothing new arriving, before one of them leads a
 * new round of acks (ack-pacer.ts): longer than a message takes between two nodes and their
 * apply, so that a lead does not cross another node's write.
 */
export const ACK_QUIET_MS = 1000

/** The steps of `NetworkBase.open`, in order. */
export type OpenStep = 'files' | 'corestore' | 'autobase' | 'record'
