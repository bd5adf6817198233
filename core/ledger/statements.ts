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
import { ZERO_MOVEMENTS, type MovementTotals } from './movements.ts'
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
  /** Log positions of the movements summed: after the previous statement's revision, to this one's. */
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
  /** Value movements since the previous statement, by kind (movements.ts). */
  movements: MovementTotals
  /** Value of the collective's lots after the previous statement, and now. */
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

/** The stock stays exact: every lot's value, whatever it is doing (allocated machines included). */
async function stockValue(ctx: Context, collective: string): Promise<bigint> {
  let total = 0n
  for (const [key] of await ctx.state.prefixed(keys.lotsOf(collective))) {
    const lot = await ctx.state.get(keys.lot(key.slice(key.indexOf('/', 'lotOf/'.length) + 1)))
    if (lot) total += BigInt(lot.value)
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
    const previousPeriod = await ctx.state.get(keys.lastStatement(collective))
    const previous = previousPeriod === undefined ? undefined : await ctx.state.get(keys.statement(collective, previousPeriod))
    const tally = await ctx.state.get(keys.tally(collective, revision.period))
    const frontier = (await ctx.state.get(keys.statementsTree)) ?? EMPTY_FRONTIER
    const statement: StatementRecord = {
      v: STATEMENT_VERSION,
      collective,
      period: revision.period,
      subsystem: revision.subsystem,
      revision: revision.tx,
      from: previous ? previous.to + 1 : 0,
      to: ctx.seq,
      workloads: count,
      a: String(a),
      c: String(c),
      claimable: String(claim),
      w: tally?.w ?? '0',
      tax: { a: revision.a, taxed: revision.taxed },
      movements: (await ctx.state.get(keys.movement(collective))) ?? { ...ZERO_MOVEMENTS },
      stockStart: previous?.stockEnd ?? '0',
      stockEnd: String(await stockValue(ctx, collective)),
      index: frontier.size
    }
    const leaf = statementHash(statement)
    ctx.state.put(keys.statement(collective, revision.period), statement)
    ctx.state.put(keys.statementAt(statement.index), { collective, period: revision.period, leaf: leaf.toString('hex') })
    ctx.state.put(keys.statementsTree, appendLeaf(frontier, leaf))
    ctx.state.put(keys.lastStatement(collective), revision.period)
    ctx.state.del(keys.movement(collective))
  }
}

/** stockStart + in − out + made − used − writtenOff − dispatched + other: what the stock must be. */
export function expectedStock(s: Pick<Statement, 'stockStart' | 'movements'>): bigint {
  const m = s.movements
  const n = (x: string) => BigInt(x)
  return n(s.stockStart) + n(m.in) - n(m.out) + n(m.made) - n(m.used) - n(m.writtenOff) - n(m.dispatched) + n(m.other)
}
