// Keys and data never lost: `recover` brings a collective back on a new device from its 24
// recovery words and a member's invite code (through the running node, like `join`);
// `backup FILE` writes the device's data directory into one file encrypted with a passphrase
// (through the running node, or directly when none runs), and `restore FILE` puts it into a
// new data directory (core/node/backup.ts). Secrets never come from the command line, where
// the shell's history would keep them: a file, STACHANOV_PASSPHRASE, or a prompt.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import type { Command } from 'commander'
import { restoreBackup } from '../../core/node/backup.ts'
import { CollectiveNode } from '../../core/node/collective-node.ts'
import { SERVER_FILE } from '../server/host.ts'
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

/** A line typed without echo (a passphrase). */
function askHidden(question: string): Promise<string> {
  return new Promise((resolvePromise) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })
    write._writeToOutput = (text: string) => {
      // Echo only the question and the final newline, never what is typed.
      if (text.startsWith(question) || text === '\r\n' || text === '\n') process.stderr.write(text)
    }
    rl.question(question, (answer) => {
      rl.close()
      resolvePromise(answer)
    })
  })
}

async function readPassphrase(options: { passphraseFile?: string }, confirm: boolean): Promise<string> {
  if (options.passphraseFile) {
    try {
      return (await readFile(options.passphraseFile, 'utf8')).replace(/\r?\n$/, '')
    } catch (error) {
      throw new CliError(`cannot read ${options.passphraseFile}: ${(error as Error).message}`)
    }
  }
  if (process.env.STACHANOV_PASSPHRASE) return process.env.STACHANOV_PASSPHRASE
  if (!process.stdin.isTTY) return (await readStdin()).split(/\r?\n/)[0] ?? ''
  const passphrase = await askHidden('Passphrase: ')
  if (confirm && (await askHidden('The same passphrase again: ')) !== passphrase) throw new CliError('the two passphrases differ: nothing was written')
  return passphrase
}

const passphraseOption = (command: Command) =>
  command.option('--passphrase-file <file>', 'read the passphrase from this file (or set STACHANOV_PASSPHRASE; default: ask)')

/** A node's error as one line for the terminal (its code in brackets), not a stack trace. */
function asCliError(error: { code?: unknown; message?: unknown }): never {
  throw new CliError(`${typeof error.message === 'string' ? error.message : String(error)}${typeof error.code === 'string' ? ` (${error.code})` : ''}`)
}

const describeBytes = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`)

export function registerBackupCommands(program: Command): void {
  passphraseOption(
    program
      .command('backup')
      .description('write this device\'s keys, settings, people and log into FILE, encrypted with a passphrase')
      .argument('<file>', 'where to write the backup (e.g. on a USB stick)')
      .option('--data <dir>', 'the node\'s data directory', defaultDataDir())
      .option('--force', 'replace FILE if it already exists')
      .option('--json', 'print JSON')
  ).action(async (file: string, options: { data: string; passphraseFile?: string; force?: boolean; json?: boolean }) => {
    const path = resolve(file)
    // Said before the passphrase is asked for: a file already there may be the only other copy.
    const replacing = existsSync(path)
    if (replacing && !options.force) {
      throw new CliError(`${path} already exists: nothing was written. Give another file name, or add --force to replace it`)
    }
    const passphrase = await readPassphrase(options, true)
    if (passphrase.length < 8) throw new CliError('a passphrase has at least 8 characters: nothing was written')
    const overwrite = options.force === true
    let result
    if (existsSync(join(options.data, SERVER_FILE))) {
      result = await call(await connect(options.data), 'backup.create', { path, passphrase, overwrite })
    } else {
      // No node runs for this directory: open it here, without a network, just for the copy.
      const node = await CollectiveNode.open({ dir: resolve(options.data), swarm: false })
      try {
        if (!node.ready) throw new CliError(`${options.data} holds no collective to back up`)
        result = await node.backup(path, passphrase, { overwrite }).catch(asCliError)
      } finally {
        await node.close()
      }
    }
    if (options.json) return void process.stdout.write(JSON.stringify(result, null, 2) + '\n')
    process.stdout.write(
      `${replacing ? 'Replaced' : 'Wrote'} ${path}: a backup of ${result.collective.name ?? result.collective.id} as of ${new Date(result.taken).toISOString().replace('T', ' ').slice(0, 16)} UTC, ` +
        `${result.length} entries (digest ${result.digest}), ${result.files} files, ${describeBytes(result.bytes)}.\n` +
        'Keep the passphrase apart from the file: without it nobody can restore it, with it anybody can.\n'
    )
  })

  passphraseOption(
    program
      .command('restore')
      .description('put a backup FILE into a new data directory (then `stachanov serve --data DIR`)')
      .argument('<file>', 'the backup file')
      .option('--data <dir>', 'the new data directory (must not hold a node)', defaultDataDir())
      .option('--json', 'print JSON')
  ).action(async (file: string, options: { data: string; passphraseFile?: string; json?: boolean }) => {
    const passphrase = await readPassphrase(options, false)
    const manifest = await restoreBackup(resolve(file), resolve(options.data), passphrase).catch(asCliError)
    if (options.json) return void process.stdout.write(JSON.stringify(manifest, null, 2) + '\n')
    process.stdout.write(
      `Restored ${manifest.collective.name ?? manifest.collective.id} into ${resolve(options.data)}, as of ${new Date(manifest.taken).toISOString()} (digest ${manifest.digest} after ${manifest.length} entries).\n` +
        (manifest.sole
          ? 'It was the only device of its network, so this computer now is that device: never run the old machine again.\n'
          : 'This computer is a new device of the collective: it writes once a neighbour binds it in place of the old machine, which is unbound in the same step (its later entries are refused).\n' +
            `Then: stachanov serve --data ${resolve(options.data)}, and with an invite code from any neighbour: stachanov bind CODE --data ${resolve(options.data)}\n`) +
        `Start it with: stachanov serve --data ${resolve(options.data)}\n`
    )
  })

  program
    .command('bind')
    .description('bind this device, restored from a backup, in place of the backed-up one (which is unbound in the same step); a neighbour makes the invite code')
    .argument('<code>', 'an invite code from any device of the network')
    .option('--data <dir>', 'the data directory of the running node', defaultDataDir())
    .option('--json', 'print JSON')
    .action(async (code: string, options: { data: string; json?: boolean }) => {
      const status = await call(await connect(options.data), 'setup.bindRestored', { code })
      if (options.json) return void process.stdout.write(JSON.stringify(status, null, 2) + '\n')
      process.stdout.write(`${status.collective?.name ?? 'The collective'} writes again on this device ${status.device}; the backed-up device is unbound.\n`)
    })

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
