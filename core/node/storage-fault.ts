// When the device's storage fails under a running node -- most often a full disk -- Autobase
// closes itself at the first failed write, and every call after that used to answer
// "Autobase is closing", with nothing logged and no way back short of a restart.
//
// Here the failure is named (DISK_FULL when the cause is ENOSPC, STORAGE_FAILED otherwise)
// with a sentence saying what to do, and the node retries on its own: once the disk has room
// again it reopens the Corestore and Autobase (collective-node.ts). Nothing acknowledged is
// lost: an append resolves only after its storage flush (core/network/base.ts), so what a
// failed write leaves behind was never confirmed to anyone.
import { statfsSync } from 'node:fs'
import { NodeError } from './errors.ts'
import type { KeyValueStore } from '../ledger/store.ts'
import type { ReadOnlyView } from './full-disk-view.ts'

export type StorageFaultCode = 'DISK_FULL' | 'STORAGE_FAILED'

/** Free space a reopen waits for: what RocksDB needs for a new log, manifest and a flush. */
export const MIN_FREE_BYTES = 1024 * 1024

const NO_SPACE = /ENOSPC|No space left on device/i
/** What the storage stack throws once it has failed (its own words). */
const FAILED = /Autobase is closing|SESSION_CLOSED|Batch was not applied|IO error/i

/** Every message in an error, its causes and an AggregateError's parts. */
function messages(error: unknown, depth = 0): string[] {
  if (depth > 8 || error === null || typeof error !== 'object') return error === undefined || error === null ? [] : [String(error)]
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown }
  const out = [String(code ?? ''), String(message ?? '')]
  if (cause !== undefined) out.push(...messages(cause, depth + 1))
  if (Array.isArray(errors)) for (const part of errors) out.push(...messages(part, depth + 1))
  return out
}

/** DISK_FULL or STORAGE_FAILED when `error` came from failing storage, else null. */
export function storageFaultOf(error: unknown): StorageFaultCode | null {
  // The node's and the network layer's own refusals (a lost store, a copied directory) are
  // deliberate: they stand as they are and are not retried.
  const name = (error as { name?: unknown } | null)?.name
  if (name === 'NodeError' || name === 'NetworkError') return null
  const text = messages(error).join('\n')
  if (NO_SPACE.test(text)) return 'DISK_FULL'
  if (FAILED.test(text)) return 'STORAGE_FAILED'
  return null
}

/** Bytes an unprivileged process may still write on the file system holding `dir`. */
export function freeBytes(dir: string): number | null {
  try {
    const info = statfsSync(dir)
    return info.bavail * info.bsize
  } catch {
    return null
  }
}

const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.floor(bytes / 1024)} KiB`

/** The error every call answers while storage has failed. */
export function storageFault(code: StorageFaultCode, dir: string, cause: unknown): NodeError {
  const free = freeBytes(dir)
  if (code === 'DISK_FULL') {
    return new NodeError(
      'DISK_FULL',
      `the disk holding ${dir} is full${free === null ? '' : ` (${size(free)} free)`}: this device saves nothing more until space is freed, and nothing it confirmed was lost. ` +
        'Free some space on that disk; the node goes on by itself a few seconds later.'
    )
  }
  const reason = messages(cause).filter(Boolean).slice(0, 2).join(': ').slice(0, 200)
  return new NodeError(
    'STORAGE_FAILED',
    `this device's storage in ${dir} failed (${reason}): it saves nothing more for now, and nothing it confirmed was lost. ` +
      'The node retries every few seconds; if this goes on, check the disk and restart the node.'
  )
}

export interface RecoveryOptions {
  dir: string
  /** Milliseconds between attempts to reopen (default 3 s). */
  retryMs?: number
  /** Reads the free space (default: the file system's; the simulator's full disks replace it). */
  freeBytes?: (dir: string) => number | null
  /** Closes the failed base and opens it again; throws if it cannot yet. */
  reopen(): Promise<void>
  /** Told when a fault begins (with its error) and when it ends (null). */
  onchange(fault: NodeError | null): void
}

/**
 * A node's storage fault and the retries that end it: `report` names what a failed write or
 * Autobase's error means, `check` throws it at every call while it lasts, and a timer reopens
 * the base once the disk has room again.
 */
export class StorageRecovery {
  fault: NodeError | null = null
  /**
   * Whether the base closed over the fault (Autobase's own error): then nothing can be read
   * until it reopens. A failed append alone leaves the base open, and reads need no free
   * space, so the clerk's screens go on showing what the node holds; writes are still refused
   * (an append on the full disk fails again, and `report` answers with this fault).
   */
  private closed = false
  /**
   * Set by the node: opens its data read-only (full-disk-view.ts), or null when it cannot
   * (no base was ever open). Used while the base is closed over a full disk.
   */
  readView: (() => ReadOnlyView | null) | null = null
  private view: ReadOnlyView | null = null
  private reopening = false
  private timer: NodeJS.Timeout | null = null
  private attempt: Promise<void> | null = null
  private stopped = false

  constructor(private readonly options: RecoveryOptions) {}

  /** Throws while the base cannot be read: it closed over the fault, or storage itself broke. */
  check(): void {
    if (this.fault && (this.closed || this.fault.code !== 'DISK_FULL')) throw this.unreadable(this.fault)
  }

  /**
   * What to read from while the base is closed over a full disk (opened on first use, closed
   * before the base reopens), or null: then reads go to the base, or `check` refuses them.
   */
  reader(): KeyValueStore | null {
    // Not while the base reopens: a view opened then would outlive the fault.
    if (this.fault?.code !== 'DISK_FULL' || !this.closed || !this.readView || this.reopening) return null
    this.view ??= this.readView()
    return this.view?.store ?? null
  }

  private async closeReader(): Promise<void> {
    const view = this.view
    this.view = null
    await view?.close()
  }

  /** The base failed to open or was closed over the fault: nothing can be read until it reopens. */
  baseClosed(): void {
    this.closed = true
  }

  /** Throws the fault while there is one (before anything is written). */
  checkWrite(): void {
    if (this.fault) throw this.fault
  }

  /** What a read answers that the read-only view cannot serve while the disk is full. */
  readRefusal(): NodeError {
    return this.unreadable(this.fault ?? storageFault('DISK_FULL', this.options.dir, null))
  }

  /** The fault as a read's refusal: the same code, saying it is the reading that waits. */
  private unreadable(fault: NodeError): NodeError {
    if (fault.code !== 'DISK_FULL') return fault
    return new NodeError(
      'DISK_FULL',
      `${fault.message} Until then this device cannot read its data either: its storage cannot be opened on the full disk.`
    )
  }

  /**
   * The fault `error` means, starting the retries if it is a new one; null when `error` is not
   * about storage (then the caller rethrows it as it is). `fatal`: the base closed over it
   * (Autobase's own error), so it is a storage fault whatever it says.
   */
  report(error: unknown, fatal = false): NodeError | null {
    if (this.stopped) return null
    if (fatal) this.closed = true
    if (this.fault) return this.fault
    const code = storageFaultOf(error) ?? (fatal ? 'STORAGE_FAILED' : null)
    if (code === null) return null
    const fault = storageFault(code, this.options.dir, error)
    this.fault = fault
    this.options.onchange(fault)
    this.timer = setInterval(() => void this.retry(), this.options.retryMs ?? 3000)
    this.timer.unref()
    return fault
  }

  /** One attempt to reopen, unless one runs or the disk is still (nearly) full. */
  retry(): Promise<void> {
    // Cleared once settled, never inside the attempt: an attempt that ends without waiting
    // (the disk still full) would clear it before it was set and block every later retry.
    this.attempt ??= this.attemptReopen().finally(() => {
      this.attempt = null
    })
    return this.attempt
  }

  private async attemptReopen(): Promise<void> {
    try {
      if (this.stopped || !this.fault) return
      if (((this.options.freeBytes ?? freeBytes)(this.options.dir) ?? 0) < MIN_FREE_BYTES) return
      // Reads go back to the base once it is open; while it reopens they are refused, and
      // after a failed attempt they open the read-only view again.
      this.reopening = true
      await this.closeReader()
      await this.options.reopen().finally(() => (this.reopening = false))
      if (this.stopped) return
      this.fault = null
      this.closed = false
      this.clearTimer()
      this.options.onchange(null)
    } catch (error) {
      // Still failing: keep the fault, with what the disk looks like now.
      const code = storageFaultOf(error) ?? this.fault?.code
      if (this.fault && (code === 'DISK_FULL' || code === 'STORAGE_FAILED')) this.fault = storageFault(code, this.options.dir, error)
    }
  }

  /** Ends the retries (the node is closing); waits for one under way. */
  async stop(): Promise<void> {
    this.stopped = true
    this.clearTimer()
    await this.attempt
    await this.closeReader()
  }

  private clearTimer(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }
}
