// Period statements (issue 12, docs/protocol.md §19): when a final revision closes a month
// for a collective, the ledger fixes that collective's statement of the month, and appends
// it to an RFC 9162 Merkle tree (core/checkpoint/merkle.ts) whose root a council's
// checkpoint can sign (its `statements:` line). A report carries one statement and its
// inclusion path, so a reader checks the report's figures against the signed root alone.
//
// Leaves are appended in the order statements are fixed: by the revision's log position,
// then as the revision visits subsystems (ids ascending), then by collective id ascending,
// and after a subsystem's collectives its own statement (subsystem-statements.ts).
// A statement's index never changes, so its path to any later root is computed from the
// leaves up to that root's size.
import { appendLeaf, EMPTY_FRONTIER, leafHash } from '../checkpoint/merkle.ts'
import { claimable } from '../economics/index.ts'
import { canonical } from '../protocol/canonical.ts'
import type { Context } from './context.ts'
import { revisionNumbers } from './handlers/revision.ts'
import { keys } from './keys.ts'
import { netOf, ZERO_MOVEMENTS, type MovementTotals } from './movements.ts'
import type { RevisionRecord } from './records.ts'
import type { SubsystemStatement, SubsystemStatementRecord } from './subsystem-statements.ts'

export const STATEMENT_VERSION = 1

/** What a collective's month came to, fixed at its final revision. Amounts in decimal µmin. */
export interface Statement {
  v: typeof STATEMENT_VERSION
  collective: string
  period: string
  subsystem: string
  /** The final revision that closed the month. */
  revision: string
  /** The log position of the month's first movement (the revision's when none), and the revision's. */
  from: number
  to: number
  /** Workloads of the month: how many, their µmin (a), the commons part (c), the coupons they may claim. */
  workloads: number
  a: string
  c: string
  claimable: string
  /** Exclusive write-offs counted into this month for the tax (before the subsystem's cap). */
  w: string
  /** The subsystem's month: all its a and the minutes taxed; the rate is taxed / a. */
  tax: { a: string; taxed: string }
  /** The month's value movements, by kind (movements.ts). */
  movements: MovementTotals
  /** Value of the collective's lots at the start of the month, and at its end: the start plus the month's movements. */
  stockStart: string
  stockEnd: string
}

/** The stored statement: the statement and its place among the leaves. */
export interface StatementRecord extends Statement {
  index: number
}

/** `statementAt/<index>`: which statement a leaf is (a collective's, or a subsystem's), and its leaf hash. */
export type StatementLeafRecord = { collective: string; period: string; leaf: string } | { subsystem: string; period: string; leaf: string }

/** The leaf's bytes (the `StatementLeaf` encoding): the statement's RFC 8785 canonical JSON, UTF-8. */
export function statementLeaf(statement: Statement | StatementRecord | SubsystemStatement | SubsystemStatementRecord): Buffer {
  const { index: _, ...plain } = statement as (Statement | SubsystemStatement) & { index?: number }
  return Buffer.from(canonical(plain), 'utf8')
}

/** The leaf hash of RFC 9162 (SHA-256 of 0x00 and the leaf). */
export const statementHash = (statement: Statement | StatementRecord | SubsystemStatement | SubsystemStatementRecord): Buffer => leafHash(statementLeaf(statement))

/**
 * The stock value at the start of `period`: every movement of the months before it. Each
 * change of a lot's value is a movement, so this is the stock as of the month's first day,
 * whatever order the months are closed in.
 */
async function stockBefore(ctx: Context, collective: string, period: string): Promise<bigint> {
  let total = 0n
  for (const [key, totals] of await ctx.state.prefixed(keys.movementsOf(collective))) {
    if (key.slice(key.lastIndexOf('/') + 1) < period) total += netOf(totals)
  }
  return total
}

/** Fixes the statements of every collective a revision closed, in collective id order. */
export async function fixStatements(ctx: Context, revision: RevisionRecord): Promise<void> {
  const numbers = revisionNumbers(revision)
  for (const collective of [...revision.members].sort()) {
    let a = 0n
    let c = 0n
    let claim = 0n
    let count = 0
    for (const [key] of await ctx.state.prefixed(keys.workloadsIn(collective, revision.period))) {
      const workload = (await ctx.state.get(keys.workload(key.slice(key.lastIndexOf('/') + 1))))!
      const minutes = BigInt(workload.minutes)
      a += minutes
      if (workload.commons) c += minutes
      claim += claimable(minutes, numbers)
      count++
    }
    const movements = (await ctx.state.get(keys.movement(collective, revision.period))) ?? { ...ZERO_MOVEMENTS }
    const first = (await ctx.state.range({ gte: keys.movedIn(collective, revision.period), lt: keys.movedIn(collective, revision.period) + '\uffff', limit: 1 }))[0]
    const stockStart = await stockBefore(ctx, collective, revision.period)
    const tally = await ctx.state.get(keys.tally(collective, revision.period))
    const frontier = (await ctx.state.get(keys.statementsTree)) ?? EMPTY_FRONTIER
    const statement: StatementRecord = {
      v: STATEMENT_VERSION,
      collective,
      period: revision.period,
      subsystem: revision.subsystem,
      revision: revision.tx,
      from: first ? Number(first[0].split('/')[3]) : ctx.seq,
      to: ctx.seq,
      workloads: count,
      a: String(a),
      c: String(c),
      claimable: String(claim),
      w: tally?.w ?? '0',
      tax: { a: revision.a, taxed: revision.taxed },
      movements,
      stockStart: String(stockStart),
      stockEnd: String(stockStart + netOf(movements)),
      index: frontier.size
    }
    const leaf = statementHash(statement)
    ctx.state.put(keys.statement(collective, revision.period), statement)
    ctx.state.put(keys.statementAt(statement.index), { collective, period: revision.period, leaf: leaf.toString('hex') })
    ctx.state.put(keys.statementsTree, appendLeaf(frontier, leaf))
    const latest = await ctx.state.get(keys.lastStatement(collective))
    if (latest === undefined || revision.period > latest) ctx.state.put(keys.lastStatement(collective), revision.period)
  }
}

/** stockStart + in − out + made − used − writtenOff − dispatched + other: what the stock must be. */
export function expectedStock(s: Pick<Statement, 'stockStart' | 'movements'>): bigint {
  return BigInt(s.stockStart) + netOf(s.movements)
}
