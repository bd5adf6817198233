// Offline commands on files: `scenario run` and `replay`. They need no running node.
import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import { encodeTransaction } from '../../core/protocol/encoding.ts'
import { parseScenario, runScenario } from '../../core/scenario/run.ts'
import { buildView } from '../../core/scenario/view.ts'
import { CliError } from './errors.ts'
import { printSteps, printView } from './print.ts'

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`)
  }
}


export function registerLedgerCommands(program: Command): void {
  const scenario = program.command('scenario').description('work with scenario files (named actors, steps, checks)')
  scenario
    .command('run')
    .argument('<file>', 'scenario file (YAML or JSON)')
    .option('--json', 'print the result as JSON (schema: docs/scenarios.md)')
    .description('sign and replay a scenario on a fresh in-memory ledger and print the resulting view')
    .action(async (file: string, options: { json?: boolean }) => {
      const result = await runScenario(parseScenario(await readText(file), file))
      if (options.json) {
        const { store: _, ...rest } = result
        process.stdout.write(JSON.stringify(rest, null, 2) + '\n')
      } else {
        process.stdout.write(`${result.title}\n${printSteps(result.steps)}${printView(result.view)}`)
        if (result.failures.length) process.stdout.write(`\n${result.failures.length} expectation(s) failed:\n${result.failures.map((f) => `  - ${f}`).join('\n')}\n`)
        else process.stdout.write('\nAll expectations met.\n')
      }
      if (result.failures.length) process.exitCode = 1
    })

  program
    .command('replay')
    .argument('<log>', 'a JSON export of signed transactions: [{ "writer": hex, "tx": {…} }] or { "entries": [...] }')
    .option('--json', 'print the resulting view as JSON')
    .description('apply an exported log of signed transactions to a fresh ledger and print the view')
    .action(async (file: string, options: { json?: boolean }) => {
      let raw: any
      try {
        raw = JSON.parse(await readText(file))
      } catch (error) {
        if (error instanceof CliError) throw error
        throw new CliError(`${file} is not valid JSON`)
      }
      const list = Array.isArray(raw) ? raw : raw?.entries
      if (!Array.isArray(list)) throw new CliError(`${file}: expected an array of { writer, tx } entries`)
      const store = new MemoryStore()
      const ledger = new Ledger(store)
      const outcomes = []
      for (const [index, entry] of list.entries()) {
        if (typeof entry?.writer !== 'string') throw new CliError(`${file}: entry ${index + 1} has no writer key`)
        if (typeof entry.tx !== 'string' && (entry.tx === null || typeof entry.tx !== 'object')) throw new CliError(`${file}: entry ${index + 1} has no transaction (tx)`)
        let bytes: Uint8Array
        try {
          bytes = typeof entry.tx === 'string' ? Buffer.from(entry.tx) : encodeTransaction(entry.tx)
        } catch (error) {
          // Found by test/fuzz/files.test.ts: a tx the canonical encoding cannot write.
          throw new CliError(`${file}: entry ${index + 1} is not a transaction that can be encoded: ${(error as Error).message}`)
        }
        outcomes.push(await ledger.apply({ bytes, writer: entry.writer }))
      }
      const view = await buildView(store, { keys: new Map(), labels: new Map() })
      if (options.json) process.stdout.write(JSON.stringify({ outcomes, view }, null, 2) + '\n')
      else process.stdout.write(printView(view))
    })
}
