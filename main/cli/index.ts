// The `stachanov` command line. Offline verbs work on files; node verbs talk to a running
// node through the same API the desktop app uses.
import { Command } from 'commander'
import { CliError } from './errors.ts'
import { registerLedgerCommands } from './ledger-commands.ts'
import { registerNodeCommands } from './node-commands.ts'
import { registerCheckpointCommands } from './checkpoint-commands.ts'
import { registerBackupCommands } from './backup-commands.ts'
import { registerReportCommands } from './report-commands.ts'
import { ScenarioError } from '../../core/scenario/compile.ts'

const program = new Command()
program.name('stachanov').description('Stachanov: a peer-to-peer ledger of labour time for worker collectives').showHelpAfterError()
registerLedgerCommands(program)
registerNodeCommands(program)
registerCheckpointCommands(program)
registerBackupCommands(program)
registerReportCommands(program)

try {
  await program.parseAsync(process.argv)
} catch (error) {
  if (error instanceof CliError || error instanceof ScenarioError) {
    process.stderr.write(`stachanov: ${error.message}\n`)
    process.exitCode = 2
  } else {
    throw error
  }
}
