// The view's layout before 2026-12-03, as a store wrapper: what main's ledger wrote then, made
// from what today's ledger writes (an exact emulation; test/bench/view.ts checked it key for key
// against that ledger on the bench mix). Three differences:
//   log/<seq> held the transaction's id and type always; today they are left to its text
//     when it gives them (core/ledger/log-record.ts);
//   tx/<id> held the whole record (id, type, writer, completed, as its log/<seq>) beside its
//     seq and fate; today it holds the seq and fate only;
//   a workload was indexed as workloadOf/<wallet>/<id> = its month, with its day's running sum
//     rewritten under workday/<wallet>/<day>; today workloadOf/<wallet>/<day>/<id> = µmin.
// Today's ledger reads such a view as its own (queries.transaction, workday.ts), so tests can
// write a view the old way and go on with today's ledger, and the bench can measure both.
import type { StoredLogRecord } from '../../core/ledger/keys.ts'
import { withOutcome } from '../../core/ledger/log-record.ts'
import type { BatchOp, Json, KeyValueStore } from '../../core/ledger/store.ts'

/** A wallet's workload indexed by its day (today's layout): wallet, day, id. */
const DAY_KEY = /^workloadOf\/([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)$/

export function olderLayout(inner: KeyValueStore): KeyValueStore {
  return {
    get: (key) => inner.get(key),
    put: (key, value) => inner.put(key, value),
    del: (key) => inner.del(key),
    range: (options) => inner.range(options),
    batch: async (ops) => {
      const out: BatchOp[] = []
      // The log records with their id and type first, as that ledger wrote them.
      ops = ops.map((op) => {
        if (op.type !== 'put' || !op.key.startsWith('log/')) return op
        const { id, type, ...rest } = withOutcome(op.value as unknown as StoredLogRecord)
        return { ...op, value: { id, type, ...rest } as unknown as Json }
      })
      for (const op of ops) {
        const day = DAY_KEY.exec(op.key)
        if (op.type === 'put' && op.key.startsWith('tx/')) {
          const id = op.key.slice(3)
          const existing = (await inner.get(op.key)) as Record<string, Json> | undefined
          const first = ops.find((o) => o.type === 'put' && o.key.startsWith('log/') && (o.value as Record<string, Json>).id === id)
          const { text: _t, base64: _b, ...outcome } = (first?.type === 'put' ? first.value : {}) as Record<string, Json>
          out.push({ type: 'put', key: op.key, value: { ...(existing ?? outcome), ...(op.value as Record<string, Json>) } })
        } else if (day !== null) {
          // Today's ledger never deletes a day-keyed workload of an older view: it has none.
          if (op.type !== 'put') throw new Error(`the older layout has no ${op.key} to delete`)
          const [, wallet, date, id] = day
          const sum = `workday/${wallet}/${date}`
          out.push({ type: 'put', key: `workloadOf/${wallet}/${id}`, value: date!.slice(0, 7) })
          out.push({ type: 'put', key: sum, value: String(BigInt(((await inner.get(sum)) as string | undefined) ?? '0') + BigInt(op.value as string)) })
        } else out.push(op)
      }
      await inner.batch(out)
    }
  }
}
