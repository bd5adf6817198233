// When a workload may be recorded: not before it was performed (WORKLOAD_IN_FUTURE). One rule
// for the ledger (`performedAt` against the transaction's own `time`) and for the forms that
// stop a day still ahead before anything is sent (the time sheet, the CSV import).

/** Whether work declared as performed at `performedAt` lies after `time` (both ms, UTC). */
export function performedInFuture(performedAt: number, time: number): boolean {
  return performedAt > time
}
