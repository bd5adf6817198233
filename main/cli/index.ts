// The `stachanov` command line. Offline verbs work on files; node verbs talk to a running
// node through the same API the desktop app uses.
import { Command } from 'commander'
import { describeFailure } from './failure.ts'
import { registerLedgerCommands } from './ledger-commands.ts'
import { registerNodeCommands } from './node-commands.ts'
import { registerBackupCommands } from './backup-commands.ts'
import { registerReportCommands } from './report-commands.ts'
import { registerTxCommands } from './tx-commands.ts'
import { registerCheckpointCommands } from './checkpoint-commands.ts'

const program = new Command()
program.name('stachanov').description('Stachanov: a peer-to-peer ledger of labour time for worker collectives').showHelpAfterError()
registerLedgerCommands(program)
registerNodeCommands(program)
registerBackupCommands(program)
registerReportCommands(program)
registerTxCommands(program)
registerCheckpointCommands(program)

try {
  await program.parseAsync(process.argv)
} catch (error) {
  const sentence = describeFailure(error)
  if (sentence === null) throw error
  process.stderr.write(`stachanov: ${sentence}\n`)
  // A half-started node (its swarm, its DHT socket) must not keep the process alive.
  process.exit(2)
}
