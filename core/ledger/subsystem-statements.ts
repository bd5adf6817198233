// A subsystem's statement of a month (issue 12, docs/protocol.md §19.2): fixed by the final
// revision right after its collectives' statements, and appended to the same Merkle tree, so
// one council checkpoint covers a subsystem report's totals, its prices and its parity as
// well as every member's statement.
//
// Prices and parity are what the view holds at the revision's position in the log: the price
// basis of each product type at the subsystem's dispatchers (§6.2), and the coupons
// outstanding from the closed collectives against the value of their dispatchers' goods
// (exclusive ones redeem coupons; commons goods need none). They change after the month, so
// they are fixed here or nowhere: the report of any replica then shows the same figures.
import { appendLeaf, EMPTY_FRONTIER } from '../checkpoint/merkle.ts'
import type { Context } from './context.ts'
import { keys } from './keys.ts'
import type { RevisionRecord } from './records.ts'
import { statementHash, STATEMENT_VERSION } from './statements.ts'

export interface SubsystemPrice {
  product: string
  /** Value (µmin) and quantity of the product type at the subsystem's dispatchers. */
  value: string
  quantity: string
}

/** What a subsystem's month came to. Amounts in decimal µmin. */
export interface SubsystemStatement {
  v: typeof STATEMENT_VERSION
  /** Tells this leaf from a collective's statement, which has no `kind`. */
  kind: 'subsystem'
  subsystem: string
  period: string
  revision: string
  /** The collectives the revision closed, ids ascending: each has its own statement. */
  members: string[]
  /** The revision's figures (§6.3): a, c, w (capped) and wRaw, taxed, claimable and rounding. */
  a: string
  c: string
  w: string
  wRaw: string
  taxed: string
  claimable: string
  rounding: string
  /** The price basis per product type, ids ascending. */
  prices: SubsystemPrice[]
  /** Parity: coupons outstanding from the members, and their dispatchers' goods by kind. */
  parity: { coupons: string; exclusiveGoods: string; commonsGoods: string }
}

export interface SubsystemStatementRecord extends SubsystemStatement {
  index: number
}

/** Fixes the subsystem's statement after its members' (fixStatements), as the next leaf. */
export async function fixSubsystemStatement(ctx: Context, revision: RevisionRecord): Promise<void> {
  const members = [...revision.members].sort()
  const prices: SubsystemPrice[] = []
  for (const [key, basis] of await ctx.state.prefixed(keys.pricesOf(revision.subsystem))) {
    prices.push({ product: key.slice(key.lastIndexOf('/') + 1), value: basis.value, quantity: basis.quantity })
  }
  prices.sort((x, y) => (x.product < y.product ? -1 : x.product > y.product ? 1 : 0))
  let coupons = 0n
  let exclusive = 0n
  let commons = 0n
  for (const member of members) {
    coupons += BigInt((await ctx.state.get(keys.outstanding(member))) ?? '0')
    for (const [key, stock] of await ctx.state.prefixed(keys.stockOf(member))) {
      const product = key.slice(key.lastIndexOf('/') + 1)
      if ((await ctx.state.get(keys.commons(revision.subsystem, product))) !== undefined) commons += BigInt(stock.value)
      else exclusive += BigInt(stock.value)
    }
  }
  const frontier = (await ctx.state.get(keys.statementsTree)) ?? EMPTY_FRONTIER
  const statement: SubsystemStatementRecord = {
    v: STATEMENT_VERSION,
    kind: 'subsystem',
    subsystem: revision.subsystem,
    period: revision.period,
    revision: revision.tx,
    members,
    a: revision.a,
    c: revision.c,
    w: revision.w,
    wRaw: revision.wRaw,
    taxed: revision.taxed,
    claimable: revision.claimable,
    rounding: revision.rounding,
    prices,
    parity: { coupons: String(coupons), exclusiveGoods: String(exclusive), commonsGoods: String(commons) },
    index: frontier.size
  }
  const leaf = statementHash(statement)
  ctx.state.put(keys.subsystemStatement(revision.subsystem, revision.period, revision.tx), statement)
  ctx.state.put(keys.statementAt(statement.index), { subsystem: revision.subsystem, period: revision.period, leaf: leaf.toString('hex') })
  ctx.state.put(keys.statementsTree, appendLeaf(frontier, leaf))
}
