// Prompt confirmation with several indexers (an elected council, docs/protocol.md §14.1).
//
// How Autobase 7 confirms (lib/consensus.js): an entry E is indexed once a majority of the
// indexers has *acked* it (each one's next node after what E saw references E) and a majority
// has *confirmed* it (written a node that references a majority of those acks). An ack only
// counts if it is "strictly newer" than E: it must not have seen any node written concurrently
// with E (a node whose writer had not seen E). So concurrent writes void each other's acks: a
// merge of heads that another indexer wrote at the same time as its own merge can never be
// confirmed by itself. Three message delays suffice when one node M is written, everybody
// acks M, and everybody confirms; they never suffice when every indexer writes at once.
//
// Autobase's own schedule writes an ack from each indexer at a random point of 1-2 ack
// intervals after the last change it saw, whenever `linearizer.shouldAck` thinks an ack would
// help. With ten indexers whose messages take longer than that interval to arrive and be
// applied (ten nodes in one process on two cores; or any loaded machine), these acks cross:
// the bench saw 40-50 acks in 8 s, 80 merges, none confirmable, the indexed length standing
// still until the acks happened to stop (every head seen by everybody, so `shouldAck` said no
// everywhere), after which nothing was written at all until the old confirm watch's backed-off
// ack (docs/benchmarks.md, 2026-12-03). Both halves of the wait come from the schedule, not
// from the consensus.
//
// The pacer replaces that schedule while the view has unconfirmed entries:
// - *respond*: when another indexer's node arrives that this node's last write has not seen,
//   write an ack at once, at most twice per wave (the first answer acks what arrived, the
//   second confirms the acks that arrived meanwhile); a wave ends when nothing new has arrived
//   for the quiet time;
// - *lead*: after a quiet time with entries still unconfirmed, one indexer, chosen the same way
//   on every node from what they all hold (the number of indexer nodes in the causal graph,
//   plus the quiet times passed), writes one ack M that sees every head; the others respond
//   to it. If that leader is offline, the next quiet time names the next one. Each wave of
//   acks alone that ends without the confirmed part moving doubles the quiet time before a
//   lead (up to 64x), so a council without a quorum does not fill its log;
// - *sign*: when this node's indexed length moves, it calls Autobase's ack at once, which
//   writes the checkpoint signature the view's signed length waits for.
// Autobase's own timer acks are held back meanwhile (base.ts), so they cannot cross M.
// Nothing here changes what is confirmed, only when the acks that confirm it are written.

/** What the pacer reads of Autobase (7.x; base.ts adapts its linearizer). */
export interface Council {
  readonly ackable: boolean
  readonly closing?: boolean
  /** This node's key as an indexer. */
  readonly self: string
  /** The view has entries not yet confirmed (signed). */
  pending(): boolean
  /** The view's length: a wave in which it grows was the members' writing, not a lead's. */
  length(): number
  /** How far the view is confirmed (signed): a move ends the backoff. */
  signedLength(): number
  /** Indexer nodes in the causal graph: changes whenever an indexer's node arrives. */
  nodes(): number
  /** This node's last write has seen every other head. */
  soleHead(): boolean
  /** The active indexers' keys, sorted. */
  indexers(): string[]
  /** Autobase's indexed length of the system (moves before the signed length). */
  indexedLength(): number
  /**
   * The oldest unconfirmed indexer node that carries a value (the first, by writer key, of the
   * consensus's tails), with how many indexers' latest nodes in this graph see it (its writer
   * included); null when every unconfirmed tail is an ack.
   */
  target?(): { writer: string; length: number; seenBy: number } | null
  /** Appends an ack (an empty node referencing every head). */
  write(): Promise<unknown>
  /** Autobase's own ack: writes if a checkpoint signature is owed or it would help. */
  ack(): Promise<unknown>
}

export interface AckPacerOptions {
  /** Nothing new for this long ends a wave (ms). */
  quietMs: number
  /** How often to look (ms). */
  everyMs?: number
  /**
   * Staggered responses: only the indexers a new value names (its writer and the next
   * majority - 1 indexers in key order, rotated by the node's length) answer it at once; the
   * others wait for a lead. Fewer acks that cross less (see `respondStaggered`).
   */
  stagger?: boolean
  onError?: (error: unknown) => void
}

/** Answers per wave: the ack of what arrived, and the confirmation of the others' acks. */
const RESPONSES = 2
const MAX_BACKOFF = 64

export class AckPacer {
  private timer: NodeJS.Timeout | null = null
  private nodes = -1
  private changedAt = 0
  private responses = 0
  private indexed = -1
  private signed = -1
  private waves = 0
  private ledSlot = 0
  private inWave = false
  private waveSigned = -1
  private waveLength = -1
  private writing = false
  /** The value node the staggered responses are about, and what this node wrote for it. */
  private aim = { id: '', acked: false, confirmed: false }
  /** A value a staggered wave did not confirm (a named indexer offline): answered by all now. */
  private unstaggered = ''
  /** True while the pacer decides the acks (Autobase's timer acks are held back). */
  engaged = false
  /** Acks this pacer wrote or asked Autobase for (responses, leads, signatures). */
  written = 0
  /** The same by kind, for the benches. */
  readonly kinds = { respond: 0, lead: 0, sign: 0 }

  constructor(
    private readonly council: Council,
    private readonly options: AckPacerOptions
  ) {}

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => void this.check(), this.options.everyMs ?? 50)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.engaged = false
  }

  /** One look; returns what it wrote (or asked Autobase to write), if anything. */
  async check(now = Date.now()): Promise<'respond' | 'lead' | 'sign' | null> {
    const c = this.council
    if (this.writing) return null
    if (!c.ackable || c.closing || c.indexers().length < 2) {
      this.engaged = false
      return null
    }
    const signed = c.signedLength()
    if (signed !== this.signed) {
      this.signed = signed
      this.waves = 0
    }
    const indexed = c.indexedLength()
    if (indexed !== this.indexed) {
      const first = this.indexed === -1
      this.indexed = indexed
      if (!first) return (await this.run(() => c.ack())) ? this.count('sign') : null
    }
    this.engaged = c.pending()
    const nodes = c.nodes()
    if (nodes !== this.nodes) {
      // An indexer's node arrived (or this node wrote): a wave begins or goes on. Other
      // writers' nodes are not answered at once: a pending indexer acks after every update of
      // its own (Autobase), and answering those would never let a wave end; a lead after the
      // quiet time covers them.
      this.nodes = nodes
      this.changedAt = now
      if (!this.inWave) {
        this.inWave = true
        this.waveSigned = signed
        this.waveLength = c.length()
      }
      if (!this.engaged) return null
      if (this.options.stagger && c.target) {
        const target = c.target()
        if (target && `${target.writer}/${target.length}` !== this.unstaggered)
          return this.respondStaggered(target)
        if (!target) return null
      }
      if (this.responses >= RESPONSES || c.soleHead()) return null
      this.responses++
      return (await this.run(() => c.write())) ? this.count('respond') : null
    }
    const quiet = now - this.changedAt
    if (quiet < this.options.quietMs) return null
    if (this.inWave) {
      // Nothing new for the quiet time: the wave is over. A wave of acks alone that confirmed
      // nothing (no quorum answers) doubles the wait before the next lead; one in which the
      // members wrote entries says nothing about the quorum.
      this.inWave = false
      this.responses = 0
      // A staggered wave that ended with its value still unconfirmed: a named indexer did not
      // answer. From now on every indexer answers that value, as without the stagger.
      const target = this.options.stagger ? c.target?.() : null
      if (target && `${target.writer}/${target.length}` === this.aim.id) this.unstaggered = this.aim.id
      this.aim = { id: '', acked: false, confirmed: false }
      this.ledSlot = 0
      if (signed !== this.waveSigned) this.waves = 0
      else if (c.length() === this.waveLength) this.waves++
    }
    if (!this.engaged) return null
    const wait = this.options.quietMs * Math.min(MAX_BACKOFF, 2 ** Math.max(0, this.waves - 1))
    const slot = Math.floor(quiet / wait)
    if (slot < 1 || slot === this.ledSlot) return null
    const indexers = c.indexers()
    if (indexers[(nodes + slot) % indexers.length] !== c.self) return null
    this.ledSlot = slot
    // This node's answer to its own lead is the lead: one response left, to confirm.
    this.responses = RESPONSES - 1
    return (await this.run(() => c.write())) ? this.count('lead') : null
  }

  /**
   * The staggered answer to a new node. A value node E is indexed once a majority of the
   * indexers has acked it (E's writer counts as one) and a majority has confirmed it (written
   * a node that sees a majority of the acks). So E's writer and the next majority - 1 indexers
   * (named alike on every node from E's writer and length) suffice: each named one acks E once
   * at once, and confirms once it sees a majority of the acks; E's writer only confirms. The
   * others stay quiet, so their acks neither cost every node their linearization nor cross
   * the named ones'. If a named one is offline, the wave ends without a confirmation; the lead
   * after the quiet time is then answered by every indexer, as without the stagger.
   */
  private async respondStaggered(target: {
    writer: string
    length: number
    seenBy: number
  }): Promise<'respond' | null> {
    const c = this.council
    const id = `${target.writer}/${target.length}`
    if (id !== this.aim.id) this.aim = { id, acked: false, confirmed: false }
    const indexers = c.indexers()
    const majority = (indexers.length >>> 1) + 1
    const others = indexers.filter((k) => k !== target.writer)
    const from = target.length % others.length
    const named = [...others.slice(from), ...others.slice(0, from)].slice(0, majority - 1)
    const mine = c.self === target.writer
    if (!mine && !named.includes(c.self)) return null
    if (!mine && !this.aim.acked) {
      this.aim.acked = true
      return (await this.run(() => c.write())) ? this.count('respond') : null
    }
    if (!this.aim.confirmed && target.seenBy >= majority) {
      this.aim.confirmed = true
      return (await this.run(() => c.write())) ? this.count('respond') : null
    }
    return null
  }

  private count<K extends 'respond' | 'lead' | 'sign'>(kind: K): K {
    this.kinds[kind]++
    return kind
  }

  /** For traces: the pacer's counters. */
  describe(): string {
    return `${this.engaged ? 'engaged' : 'idle'}${this.writing ? ' writing' : ''} waves ${this.waves} responses ${this.responses} written ${this.written}`
  }

  private async run(write: () => Promise<unknown>): Promise<boolean> {
    this.writing = true
    try {
      await write()
      this.written++
      return true
    } catch (error) {
      this.options.onError?.(error)
      return false
    } finally {
      this.writing = false
    }
  }
}
