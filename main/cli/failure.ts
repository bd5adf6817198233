// What the command line says when a command fails: one sentence, no stack trace, for every
// failure a person can cause or fix (a busy port, an address this machine does not have, a
// node or network refusal). Only a bug of the program itself still shows its stack trace.
import { NodeError } from '../../core/node/errors.ts'
import { NetworkError } from '../../core/network/errors.ts'
import { ScenarioError } from '../../core/scenario/compile.ts'
import { CliError } from './errors.ts'

interface SystemError {
  code?: unknown
  syscall?: unknown
  address?: unknown
  port?: unknown
  message?: unknown
}

function where(error: SystemError): string {
  const address = typeof error.address === 'string' ? error.address : ''
  const port = typeof error.port === 'number' ? String(error.port) : ''
  return address && port ? `${address}:${port}` : address || (port ? `port ${port}` : 'the address')
}

/** One line for the person at the terminal, or null for an error that is a bug. */
export function describeFailure(error: unknown): string | null {
  if (error instanceof CliError || error instanceof ScenarioError) return error.message
  if (error instanceof NodeError || error instanceof NetworkError) return `${error.message} (${error.code})`
  const e = Object(error) as SystemError
  switch (e.code) {
    case 'EADDRINUSE':
      return `${where(e)} is already in use: another program (or another stachanov) listens there; stop it or choose another port`
    case 'EACCES':
      return e.syscall === 'listen' || e.syscall === 'bind'
        ? `not allowed to listen on ${where(e)}: ports below 1024 need administrator rights; choose a higher port`
        : typeof e.message === 'string' ? e.message : 'permission denied'
    case 'EADDRNOTAVAIL':
      return `${where(e)}: this machine has no such address; give one of its own addresses (or 0.0.0.0 for all)`
    default:
      return null
  }
}
