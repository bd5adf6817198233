// Keys and data never lost: `recover` brings a collective back on a new device from its 24
// recovery words and a member's invite code (through the running node, like `join`).
import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { call, connect } from './client.ts'
import { CliError } from './errors.ts'
import { defaultDataDir } from './node-commands.ts'

/** All of standard input as text (words piped in, or typed and ended with Ctrl-D). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** The 24 words from a file, or from standard input: never from the command line, where the shell's history would keep them. */
async function readWords(file: string | undefined): Promise<string[]> {
  let text: string
  if (file) {
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`)
    }
  } else {
    if (process.stdin.isTTY) process.stderr.write('Type the 24 recovery words, then press Ctrl-D:\n')
    text = await readStdin()
  }
  const words = text.split(/[\s,]+/).filter(Boolean)
  if (words.length !== 24) throw new CliError(`recovery words are 24 words; ${file ?? 'the input'} holds ${words.length}`)
  return words
}

export function registerBackupCommands(program: Command): void {
  program
    .command('recover')
    .description('bring a collective back on this (new) device from its 24 recovery words; a member makes the invite code')
    .argument('<code>', 'an invite code from any device of the network')
    .option('--words-file <file>', 'read the words from this file (default: standard input)')
    .option('--data <dir>', 'the data directory of the running node', defaultDataDir())
    .option('--json', 'print JSON')
    .action(async (code: string, options: { wordsFile?: string; data: string; json?: boolean }) => {
      const words = await readWords(options.wordsFile)
      const status = await call(await connect(options.data), 'setup.restore', { code, words })
      if (options.json) return void process.stdout.write(JSON.stringify(status, null, 2) + '\n')
      process.stdout.write(`${status.collective?.name ?? 'The collective'} is back on this device ${status.device}\nUnbind the lost device once this one has synced (Settings → devices, or submit a device.unbind).\n`)
    })
}
