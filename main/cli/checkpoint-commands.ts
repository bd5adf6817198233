// `stachanov checkpoint show|verify` (docs/protocol.md §14.3): print the latest checkpoint of
// a running node, or verify a checkpoint note against a pinned key with one Ed25519
// verification (core/checkpoint), offline, and print a clear verdict. A checkpoint of a later
// council verifies through the hand-overs from the pinned key.
import { readFile, writeFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { parseCheckpoint, type Checkpoint } from '../../core/checkpoint/checkpoint.ts'
import { verifyCheckpointFrom } from '../../core/checkpoint/handover.ts'
import { parseVerifierKey } from '../../core/checkpoint/note.ts'
import { ORIGIN_PREFIX } from '../../core/checkpoint/checkpoint.ts'
import { call, connect } from './client.ts'
import { CliError } from './errors.ts'
import { defaultDataDir } from './node-commands.ts'

interface Pinned {
  network: string
  key: string
  epoch: number
}

/** A pin is a verifier key (`stachanov.network/<network>+<id>+<key>`) and the epoch it signs for (default 1). */
function pinOf(vkey: string, epoch: number): Pinned {
  const parsed = parseVerifierKey(vkey)
  if (!parsed.ok) throw new CliError(`--key: ${parsed.reason} (${parsed.code})`)
  if (!parsed.value.name.startsWith(ORIGIN_PREFIX)) throw new CliError(`--key: a council key is named ${ORIGIN_PREFIX}<network>`)
  return { network: parsed.value.name.slice(ORIGIN_PREFIX.length), key: parsed.value.publicKey.toString('hex'), epoch }
}

function summary(c: Checkpoint): string {
  return [
    `network    ${c.network}`,
    `covers     log entries 0 … ${c.length - 1} (${c.length})`,
    `epoch      ${c.epoch}`,
    `digest     ${c.digest}`,
    `view       ${c.view.length} blocks`,
    `statements ${c.statements.count}`,
    ...c.subsystems.map((s) => `subsystem  ${s.id.slice(0, 12)}… worked ${s.worked} µmin, outstanding ${s.outstanding} µmin, last revision ${s.period ?? 'none'}`)
  ].join('\n')
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch {
    throw new CliError(`${path}: cannot read the file`)
  }
}

export function registerCheckpointCommands(program: Command): void {
  const checkpoint = program.command('checkpoint').description('the council\'s signed checkpoints: show the latest, verify one')

  checkpoint
    .command('show')
    .description('print the latest checkpoint of the running node (and save its note with --out)')
    .option('--data <dir>', 'the data directory of the running node', defaultDataDir())
    .option('--out <file>', 'write the signed note to this file')
    .option('--json', 'print JSON')
    .action(async (options) => {
      const council = await call(await connect(options.data), 'view.council')
      if (options.json) return void process.stdout.write(JSON.stringify(council, null, 2) + '\n')
      const latest = council.checkpoints[0]
      if (!latest) {
        process.stdout.write(`no checkpoint yet (${council.signing ? `the council of epoch ${council.signing.epoch} signs` : 'no council key yet'})\n`)
        return
      }
      if (options.out) await writeFile(options.out, latest.note)
      const parsed = parseCheckpoint(latest.note.slice(0, latest.note.indexOf('\n\n') + 1))
      process.stdout.write(
        `${latest.note}\n${parsed.ok ? summary(parsed.value) + '\n' : ''}signed by ${latest.signers.length} members${latest.bad.length ? `; named for a bad share: ${latest.bad.join(', ')}` : ''}\n` +
          (council.signing ? `pin: ${council.signing.verifierKey}\n` : '')
      )
    })

  checkpoint
    .command('verify')
    .description('verify a checkpoint note (a file, or the node\'s latest) against a pinned council key')
    .argument('[file]', 'the checkpoint note; without it, the running node\'s latest')
    .requiredOption('--key <vkey>', 'the pinned verifier key: stachanov.network/<network>+<key id>+<base64 key>')
    .option('--epoch <n>', 'the epoch of the pinned key', '1')
    .option('--handover <file...>', 'hand-over notes leading from the pinned key to the checkpoint\'s council')
    .option('--data <dir>', 'the data directory of the running node', defaultDataDir())
    .action(async (file: string | undefined, options) => {
      const pinned = pinOf(options.key, Number(options.epoch))
      let note: string
      let handOvers: string[] = []
      if (file) {
        note = await readText(file)
        for (const path of options.handover ?? []) handOvers.push(await readText(path))
      } else {
        const council = await call(await connect(options.data), 'view.council')
        if (!council.checkpoints[0]) throw new CliError('the node has no checkpoint yet')
        note = council.checkpoints[0].note
        handOvers = council.handOvers.map((h: { note: string }) => h.note)
      }
      const verified = verifyCheckpointFrom(note, pinned.network, { epoch: pinned.epoch, key: pinned.key }, handOvers)
      if (!verified.ok) {
        process.stdout.write(`NOT VERIFIED: ${verified.reason} (${verified.code})\n`)
        process.exitCode = 1
        return
      }
      process.stdout.write(`VERIFIED: the council of epoch ${verified.value.epoch} signed this checkpoint\n${summary(verified.value)}\n`)
    })
}
