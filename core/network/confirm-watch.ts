// Keeps confirmation going with several indexers (an elected council, docs/protocol.md §14.1).
//
// Autobase confirms an entry once a majority of indexers has acknowledged it and acknowledged
// the acknowledgements; each indexer decides by itself from the shape of the causal graph
// whether an ack of its own would help. With several indexers that decision can come out
// "no" on every one of them at once: all heads are acks written concurrently, none sees a
// head that is closer to confirming than its own, and no indexer ever writes again. The view
// then stays ahead of its confirmed part until someone writes something (seen on loopback with
// a 3-of-5 council: 120 entries left unconfirmed for minutes, and a checkpoint due on them
// never signed). Others hit the same with Autobase (tetherto/qvac#388: "never self-ack").
//
// The watch: an indexer whose view has unconfirmed entries and on which neither the view nor
// its confirmed part has moved for a while writes one ack (an empty Autobase node), which
// references every head it has and so gives the others something new to acknowledge. After a
// random part of one more interval, so that the indexers do not all write at once and make
// the same shape again. Nothing is written while confirmation moves, nor on a non-indexer.
// An ack that moved nothing (a majority of the indexers is offline) doubles the wait before
// the next one, up to 64 intervals, so a council without quorum does not fill the log.

/** What the watch needs of Autobase (7.x). */
export interface Ackable {
  readonly ackable: boolean
  readonly closing?: boolean
  append(value: null): Promise<unknown>
  view: { core: { length: number; signedLength: number } }
}

export interface ConfirmWatchOptions {
  /** How long the view and its confirmed part must stand still before an ack (ms). */
  stallMs: number
  /** Notified of a failed ack (the base reports its own errors too). */
  onError?: (error: unknown) => void
  /** Random in [0, 1): for the spread of the acks (tests may fix it). */
  random?: () => number
}

export class ConfirmWatch {
  private timer: NodeJS.Timeout | null = null
  private last = { length: -1, signed: -1 }
  private still = 0
  private due = 4
  private backoff = 1
  private writing = false
  /** Acks this watch has written (for tests and the node's status). */
  nudges = 0

  constructor(
    private readonly base: Ackable,
    private readonly options: ConfirmWatchOptions
  ) {}

  start(): void {
    if (this.timer) return
    // Checked in quarter steps, so the ack lands between one and two stall intervals late.
    this.timer = setInterval(() => void this.check(), Math.max(50, Math.floor(this.options.stallMs / 4)))
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  /** One look: counts quarter intervals without movement; writes an ack when due. */
  async check(): Promise<boolean> {
    const { length, signedLength } = this.base.view.core
    const moved = length !== this.last.length || signedLength !== this.last.signed
    if (signedLength !== this.last.signed) this.backoff = 1
    this.last = { length, signed: signedLength }
    if (moved || signedLength >= length || !this.base.ackable || this.base.closing) {
      this.still = 0
      return false
    }
    // A new stall: four quarters still (times the backoff), then 0 to 3 quarters more.
    if (this.still === 0) this.due = 4 * this.backoff + Math.floor((this.options.random ?? Math.random)() * 4)
    this.still++
    if (this.still < this.due || this.writing) return false
    this.still = 0
    this.writing = true
    try {
      await this.base.append(null)
      this.nudges++
      // Reset by the next move of the confirmed part; the ack itself lengthens only the view.
      this.backoff = Math.min(64, this.backoff * 2)
      return true
    } catch (error) {
      this.options.onError?.(error)
      return false
    } finally {
      this.writing = false
    }
  }
}
