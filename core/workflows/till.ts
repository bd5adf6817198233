// The shop's till (§2.2, §6.5). A sale is paid with `coupon.spend`, which names no goods;
// the goods handed out are recorded with `dispatch.record`, which names no wallet. Appended
// one after the other they would still be linked by their place in the log. So the till
// keeps the goods of a session in a file of its own and records them when the session is
// closed: one dispatch per lot, summed over every sale of the session, sorted by product
// and lot. The log then shows spends and, later, one batch of dispatches whose order and
// amounts do not depend on who bought what, or when (docs/protocol.md §12).
//
// The open session survives a restart: it lives in the data directory (till.json, owner
// only, written whole). Before a person pays, the stock check counts the session's goods
// as already gone, so nobody pays for goods the shop cannot hand out.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { priceOf } from '../economics/index.ts'
import { keys } from '../ledger/keys.ts'
import * as q from '../ledger/queries.ts'
import { writeSecretJson } from '../network/keys.ts'
import type { CollectiveNode } from '../node/collective-node.ts'
import { NodeError } from '../node/errors.ts'
import type { SubmitResult } from '../node/submit.ts'
import type { KeyPair } from '../protocol/crypto.ts'

export const TILL_FILE = 'till.json'

const amount = z.string().regex(/^[1-9][0-9]{0,29}$/)
const sessionSchema = z.strictObject({
  opened: z.number().int().min(0),
  sales: z.number().int().min(0),
  /** Units handed out and paid for, not yet recorded, by product type. */
  goods: z.record(z.string().regex(/^[0-9a-f]{64}$/), amount)
})
export type TillSession = z.infer<typeof sessionSchema>

export interface Line {
  product: string
  quantity: string
}

export type CheckoutResult =
  | { status: 'paid'; amount: string; spend: SubmitResult | null }
  /** The shop holds too little of some product (its open session counted as gone). */
  | { status: 'short'; lines: Array<{ product: string; wanted: string; available: string }> }
  /** The ledger refused the spending (e.g. OVERSPEND): nothing was handed out. */
  | { status: 'refused'; spend: Extract<SubmitResult, { status: 'refused' }> }

export interface CloseResult {
  /** One per lot, in the order appended. */
  dispatches: Array<{ lot: string; product: string; quantity: string; result: SubmitResult }>
  /** What could not be recorded stays in the session for the next close. */
  left: TillSession['goods']
}

export class Till {
  private queue: Promise<unknown> = Promise.resolve()

  private constructor(
    readonly path: string,
    private session: TillSession
  ) {}

  static async open(dir: string, now: number): Promise<Till> {
    const path = join(dir, TILL_FILE)
    let text: string | null = null
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    if (text === null) return new Till(path, { opened: now, sales: 0, goods: {} })
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = undefined
    }
    const checked = sessionSchema.safeParse(parsed)
    if (!checked.success)
      throw new NodeError(
        'BAD_TILL_FILE',
        `${path} is not a till session: move it aside to start a new one`
      )
    return new Till(path, checked.data)
  }

  /** The open session: when it opened, how many sales, the goods not yet recorded. */
  current(): TillSession {
    return { ...this.session, goods: { ...this.session.goods } }
  }

  /** Units of each product the shop can still hand out: its free lots less the open session. */
  async available(node: CollectiveNode): Promise<Map<string, bigint>> {
    const held = new Map<string, bigint>()
    for (const lot of await q.lots(node.store(), node.requireIdentity().id)) {
      if (lot.allocatedTo || lot.tree) continue
      held.set(lot.product, (held.get(lot.product) ?? 0n) + BigInt(lot.quantity))
    }
    for (const [product, units] of Object.entries(this.session.goods))
      held.set(product, (held.get(product) ?? 0n) - BigInt(units))
    return held
  }

  /** The price of a basket in µmin: the subsystem's price basis, rounded up; commons free. */
  async price(node: CollectiveNode, lines: Line[]): Promise<bigint> {
    const store = node.store()
    const me = await q.collective(store, node.requireIdentity().id)
    if (!me) return 0n
    let total = 0n
    for (const line of lines) {
      if (await q.read(store, keys.commons(me.subsystem, line.product))) continue
      const basis = await q.read(store, keys.price(me.subsystem, line.product))
      total +=
        (basis && priceOf(BigInt(basis.value), BigInt(basis.quantity), BigInt(line.quantity))) ?? 0n
    }
    return total
  }

  /** One sale: stock check, the wallet pays (unless all is commons), the goods join the session. */
  checkout(node: CollectiveNode, lines: Line[], wallet?: KeyPair): Promise<CheckoutResult> {
    return this.serial(async () => {
      const wanted = new Map<string, bigint>()
      for (const line of lines)
        wanted.set(line.product, (wanted.get(line.product) ?? 0n) + BigInt(line.quantity))
      const available = await this.available(node)
      const short = [...wanted]
        .filter(([product, units]) => units > (available.get(product) ?? 0n))
        .map(([product, units]) => ({
          product,
          wanted: String(units),
          available: String(available.get(product) ?? 0n)
        }))
      if (short.length > 0) return { status: 'short', lines: short }

      const amount = await this.price(node, lines)
      if (amount > 0n && !wallet)
        throw new NodeError(
          'BAD_WORDS',
          'this basket costs labour time: the person signs with their wallet words'
        )
      // The goods join the session on disk before the payment is appended: a crash in
      // between keeps them (to be recorded at the close) rather than losing them.
      const before = this.session
      const goods = { ...before.goods }
      for (const [product, units] of wanted)
        goods[product] = String(BigInt(goods[product] ?? '0') + units)
      await this.save({ ...before, sales: before.sales + 1, goods })
      let spend: SubmitResult | null = null
      if (amount > 0n && wallet) {
        const key = wallet.publicKey.toString('hex')
        spend = await node.submit(
          'coupon.spend',
          { wallet: key, dispatcher: node.requireIdentity().id, amount: String(amount) },
          { keys: [wallet] }
        )
        if (spend.status === 'refused') {
          await this.save(before)
          return { status: 'refused', spend }
        }
      }
      return { status: 'paid', amount: String(amount), spend }
    })
  }

  /**
   * Records the session's goods: per product, from the shop's free lots in id order, one
   * `dispatch.record` per lot, appended sorted by product and lot. A new session opens.
   */
  close(node: CollectiveNode): Promise<CloseResult> {
    return this.serial(async () => {
      const me = node.requireIdentity().id
      const lots = (await q.lots(node.store(), me))
        .filter((lot) => !lot.allocatedTo && !lot.tree)
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      const plan: Array<{ lot: string; product: string; quantity: bigint }> = []
      const left: TillSession['goods'] = {}
      for (const product of Object.keys(this.session.goods).sort()) {
        let units = BigInt(this.session.goods[product]!)
        for (const lot of lots.filter((l) => l.product === product)) {
          if (units === 0n) break
          const take = BigInt(lot.quantity) < units ? BigInt(lot.quantity) : units
          plan.push({ lot: lot.id, product, quantity: take })
          units -= take
        }
        if (units > 0n) left[product] = String(units)
      }
      const dispatches: CloseResult['dispatches'] = []
      for (const step of plan) {
        const result = await node.submit('dispatch.record', {
          lot: step.lot,
          quantity: String(step.quantity)
        })
        dispatches.push({
          lot: step.lot,
          product: step.product,
          quantity: String(step.quantity),
          result
        })
        if (result.status !== 'accepted')
          left[step.product] = String(BigInt(left[step.product] ?? '0') + step.quantity)
      }
      await this.save({ opened: node.now, sales: 0, goods: left })
      return { dispatches, left }
    })
  }

  private async save(session: TillSession): Promise<void> {
    await writeSecretJson(this.path, session)
    this.session = session
  }

  /** One checkout or close at a time: two at once could both pass the stock check. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task)
    this.queue = next.catch(() => {})
    return next
  }
}
