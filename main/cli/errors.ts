/** A failure the command reports in one line, exiting with status 2. */
export class CliError extends Error {}
