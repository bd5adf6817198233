// Offline commands on files: `scenario run` and `replay`. They need no running node.
import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import { parseScenario, runScenario } from '../../core/scenario/run.ts'
import { buildView } from '../../core/scenario/view.ts'
import { CliError } from './errors.ts'
import { readLogFile } from './log-file.ts'
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
    .argument('<log>', 'an exported log: JSON lines from `stachanov export log`, or a JSON array [{ "writer": hex, "tx": {…} }]')
    .option('--json', 'print the resulting view as JSON')
    .description('apply an exported log of signed transactions to a fresh ledger and print the view')
    .action(async (file: string, options: { json?: boolean }) => {
      const entries = readLogFile(await readText(file), file)
      const store = new MemoryStore()
      const ledger = new Ledger(store)
      const outcomes = []
      for (const entry of entries) outcomes.push(await ledger.apply(entry))
      const view = await buildView(store, { keys: new Map(), labels: new Map() })
      if (options.json) process.stdout.write(JSON.stringify({ outcomes, view }, null, 2) + '\n')
      else process.stdout.write(printView(view))
    })
}
