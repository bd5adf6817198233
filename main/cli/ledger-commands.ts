// Offline commands on files: `scenario run` and `replay`. They need no running node.
import type { Command } from 'commander'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import type { Outcome } from '../../core/ledger/types.ts'
import { parseScenario, runScenario } from '../../core/scenario/run.ts'
import { buildView } from '../../core/scenario/view.ts'
import { jsonText } from './json.ts'
import { printSteps, printView } from './print.ts'
import { readReplayInput, readTextFile } from './replay-input.ts'

export function registerLedgerCommands(program: Command): void {
  const scenario = program.command('scenario').description('work with scenario files (named actors, steps, checks)')
  scenario
    .command('run')
    .argument('<file>', 'scenario file (YAML or JSON)')
    .option('--json', 'print the result as JSON (schema: docs/scenarios.md)')
    .description('sign and replay a scenario on a fresh in-memory ledger and print the resulting view')
    .action(async (file: string, options: { json?: boolean }) => {
      const result = await runScenario(parseScenario(await readTextFile(file), file))
      if (options.json) {
        const { store: _, ...rest } = result
        process.stdout.write(jsonText(rest) + '\n')
      } else {
        process.stdout.write(`${result.title}\n${printSteps(result.steps)}${printView(result.view)}`)
        if (result.failures.length) process.stdout.write(`\n${result.failures.length} expectation(s) failed:\n${result.failures.map((f) => `  - ${f}`).join('\n')}\n`)
        else process.stdout.write('\nAll expectations met.\n')
      }
      if (result.failures.length) process.exitCode = 1
    })

  program
    .command('replay')
    .argument('<file>', 'an exported log (JSON lines of { "writer": hex, "tx": {…} }, from `stachanov export log`; or a JSON array of them) or a scenario file')
    .option('--json', 'print the outcomes and the resulting view as JSON')
    .description('apply an exported log of signed transactions (or a scenario) to a fresh ledger and print the view')
    .action(async (file: string, options: { json?: boolean }) => {
      const input = await readReplayInput(file)
      const store = new MemoryStore()
      const ledger = new Ledger(store)
      const outcomes: Outcome[] = []
      for (const entry of input.entries) outcomes.push(await ledger.apply(entry))
      const view = await buildView(store, input.names)
      if (options.json) return void process.stdout.write(jsonText({ outcomes, view }) + '\n')
      const count = (status: string) => outcomes.filter((o) => o.status === status).length
      process.stdout.write(`Replayed ${outcomes.length} entries: ${count('accepted')} accepted, ${count('pending')} pending, ${count('rejected')} refused\n`)
      process.stdout.write(printView(view))
    })
}
