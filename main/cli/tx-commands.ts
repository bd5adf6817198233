// Verbs that write to the ledger through a running node: `submit`, `cosign`, `decline`. Each
// waits for the ledger's outcome and says it the way the interface does: accepted, waiting for
// whose co-signature, or refused with the ledger's code and sentence. A refusal exits with
// status 1 (a failure of the command itself, such as no running node, exits with 2).
import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { parse as parseYaml } from 'yaml'
import type { SubmitResult } from '../../core/node/submit.ts'
import { isTxType, TX_TYPES } from '../../core/protocol/types.ts'
import { call, connect, type Connection } from './client.ts'
import { CliError } from './errors.ts'
import { clientCommand, out } from './node-commands.ts'

/** Exit status of a command whose transaction the ledger refused. */
export const REFUSED_EXIT = 1

/** Names of the collectives, for "waiting for co-signature by the Mill". */
async function collectiveNames(connection: Connection): Promise<Map<string, string>> {
  const list = (await call(connection, 'view.collectives')) as Array<{ id: string; name: string }>
  return new Map(list.map((c) => [c.id, c.name]))
}

/** Prints what became of the transaction; a refusal sets the exit status. */
async function report(connection: Connection, result: SubmitResult, json: boolean | undefined, declined?: string): Promise<void> {
  if (result.status === 'refused') process.exitCode = REFUSED_EXIT
  if (json) return out(result, true)
  if (result.status === 'refused') {
    process.stderr.write(`stachanov: refused${result.appended ? ` ${result.id}` : ''} (${result.code}): ${result.reason}\n`)
    return
  }
  if (result.status === 'pending') {
    const names = await collectiveNames(connection)
    const whom = result.missing.map((key) => names.get(key) ?? key).join(', ')
    return out(`pending ${result.id}: waiting for co-signature by ${whom}`)
  }
  const completed = result.completed
  // A decline accepted is the asked transaction refused for good: say that, not "accepted".
  if (declined) return out(`declined ${declined}: it will never take effect (the decline is entry ${result.id})`)
  if (!completed) return out(`accepted ${result.id}`)
  if (completed.status === 'accepted') return out(`accepted ${result.id}: completed ${completed.id}`)
  out(`accepted ${result.id}; the transaction ${completed.id} it completed was refused (${completed.code ?? ''}): ${completed.reason ?? ''}`)
}

async function readDraft(file: string): Promise<{ type?: unknown; body?: unknown }> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`)
  }
  try {
    return (parseYaml(text) ?? {}) as { type?: unknown; body?: unknown }
  } catch {
    throw new CliError(`${file}: not valid JSON or YAML`)
  }
}

/** A draft's type said in words before the node sees it: missing, or a near miss named. */
function checkType(file: string, type: unknown): void {
  if (typeof type !== 'string' || type.trim() === '') throw new CliError(`${file} has no "type": it names the transaction, such as product.define or resource.transfer`)
  if (isTxType(type)) return
  const family = type.split('.')[0] ?? ''
  const near = TX_TYPES.filter((known) => known.split('.')[0] === family)
  throw new CliError(`"${type.slice(0, 60)}" in ${file} is not a transaction type${near.length ? `: did you mean ${near.join(' or ')}?` : `; the types are ${TX_TYPES.join(', ')}`}`)
}

export function registerTxCommands(program: Command): void {
  clientCommand(program, 'submit', 'sign and submit a transaction from a file ({ type, body }, JSON or YAML); the ledger decides who signs')
    .argument('<file>')
    .action(async (file: string, options) => {
      const { type, body } = await readDraft(file)
      checkType(file, type)
      const connection = await connect(options.data)
      await report(connection, await call(connection, 'tx.submit', { intent: { type, body } }), options.json)
    })

  clientCommand(program, 'cosign', 'add this collective\'s signature to a transaction waiting for it (see `query pending`)')
    .argument('<id>', 'the transaction\'s id (64 hex digits)')
    .action(async (id: string, options) => {
      const connection = await connect(options.data)
      await report(connection, await call(connection, 'tx.cosign', { id: id.toLowerCase() }), options.json)
    })

  clientCommand(program, 'decline', 'refuse to co-sign a transaction waiting for this collective: it will never take effect')
    .argument('<id>', 'the transaction\'s id (64 hex digits)')
    .option('--reason <text>', 'why, for the collective that asked')
    .action(async (id: string, options) => {
      const connection = await connect(options.data)
      await report(connection, await call(connection, 'tx.decline', { id: id.toLowerCase(), ...(options.reason ? { reason: options.reason } : {}) }), options.json, id.toLowerCase())
    })
}
