// Errors of making a report, with codes the hosts pass on (like the node's, core/node/errors.ts).
export const REPORT_ERROR_CODES = [
  /** The collective's month has no statement: no final revision has closed it yet. */
  'NO_STATEMENT',
  /** A checkpoint handed to the maker that does not cover the statement or cannot be read. */
  'BAD_CHECKPOINT',
  /** A file that is neither a report's JSON nor a PDF carrying one. */
  'NOT_A_REPORT',
  /** A subsystem report asked of a subsystem the network does not know. */
  'UNKNOWN_SUBSYSTEM',
  /** A subsystem report asked of a collective that was not in the subsystem that month. */
  'MAKER_NOT_IN_SUBSYSTEM'
] as const

export type ReportErrorCode = (typeof REPORT_ERROR_CODES)[number]

export class ReportError extends Error {
  constructor(
    readonly code: ReportErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'ReportError'
  }
}
