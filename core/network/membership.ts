// Who may connect: the devices the network's view knows as writers, plus a few keys admitted
// for a while by hand (a device being paired, the member that invited this one).
//
// Peers authenticate with their device key (the Noise key of the connection). A device's
// writer key is a hash of its public key (keys.ts `writerKeyOf`), so checking a peer costs one
// hash and a set lookup -- cheap enough for Hyperswarm's synchronous firewall.
import { EventEmitter } from 'node:events'
import type { NetworkBase } from './base.ts'
import { writerKeyOf } from './keys.ts'

export class Membership extends EventEmitter {
  /** Writer keys (hex) of the network's active writers, as of the last refresh. */
  private writers = new Set<string>()
  /** Device public keys (hex) admitted until a time (ms since epoch). */
  private admitted = new Map<string, number>()
  private refreshing: Promise<void> | null = null
  private again = false
  private readonly onUpdate = () => void this.refresh()

  constructor(
    private readonly base: NetworkBase,
    /**
     * Device keys of the members that invited this device: admitted while this device is not
     * yet a writer, i.e. before it has the view that would name them.
     */
    private readonly introducers: string[] = base.config.introducers ?? []
  ) {
    super()
    base.on('update', this.onUpdate)
  }

  /** Whether a peer with this device (Noise) public key may connect. */
  isAllowed(devicePublicKey: Uint8Array): boolean {
    const hex = Buffer.from(devicePublicKey).toString('hex')
    if (this.writers.has(writerKeyOf(devicePublicKey).toString('hex'))) return true
    const until = this.admitted.get(hex)
    if (until !== undefined) {
      if (until > Date.now()) return true
      this.admitted.delete(hex)
    }
    return !this.base.writable && this.introducers.includes(hex)
  }

  /** Admits a device key (hex) for `ms` milliseconds, e.g. while it pairs. */
  admit(devicePublicKey: string, ms: number): void {
    this.admitted.set(devicePublicKey, Date.now() + ms)
    this.emit('change')
  }

  get size(): number {
    return this.writers.size
  }

  /** Re-reads the writers from the view; emits 'change' when the set changed. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true
      return this.refreshing
    }
    this.refreshing = (async () => {
      do {
        this.again = false
        let next: Set<string>
        try {
          next = new Set((await this.base.writers()).map((w) => w.key))
        } catch (err) {
          // The base may be closing, or mid-reorder: keep the last known set.
          this.emit('warning', err)
          continue
        }
        const changed =
          next.size !== this.writers.size || [...next].some((k) => !this.writers.has(k))
        this.writers = next
        if (changed) this.emit('change')
      } while (this.again)
      this.refreshing = null
    })()
    return this.refreshing
  }

  close(): void {
    this.base.off('update', this.onUpdate)
  }
}
