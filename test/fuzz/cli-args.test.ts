// Fuzzing the command line's arguments, in process: the `stachanov` program as main/cli
// builds it (offline verbs and node verbs; `serve`, `start` and `bootstrap` left out, they run
// until stopped), with random argument lists drawn from its verbs, options, files that exist
// (scenarios, a replay log, garbage, a folder) and random words. Every run ends in output, a
// one-line CliError or ScenarioError, or commander's own usage error; nothing else is thrown.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command, CommanderError } from 'commander'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ScenarioError } from '../../core/scenario/compile.ts'
import { CliError } from '../../main/cli/errors.ts'
import { registerLedgerCommands } from '../../main/cli/ledger-commands.ts'
import { registerNodeCommands } from '../../main/cli/node-commands.ts'
import { fuzzEconomy } from './economy.ts'
import { Prng } from './mutate.ts'
import { report } from './report.ts'

const RUNS = Number(process.env.FUZZ_CLI ?? 400)
const LEFT_OUT = new Set(['serve', 'start', 'bootstrap'])
const scenarios = new URL('../../assets/scenarios/', import.meta.url).pathname

let dir: string
let words: string[]
const files = () => [join(scenarios, 'bakery-month.yaml'), join(scenarios, 'trust-split.yaml'), join(dir, 'log.json'), join(dir, 'garbage.yaml'), join(dir, 'intent.yaml'), dir, join(dir, 'missing.json')]
const dataDirs = () => [join(dir, 'node'), join(dir, 'gone'), join(dir, 'broken'), join(dir, 'nowhere')]
const templates = () => [
  ['scenario', 'run', 'FILE'],
  ['scenario', 'run', 'FILE', '--json'],
  ['replay', 'FILE'],
  ['replay', 'FILE', '--json'],
  ['status', '--data', 'DIR'],
  ['query', 'lots', '--data', 'DIR'],
  ['submit', 'FILE', '--data', 'DIR'],
  ['init', '--name', 'Bakery', '--roles', 'producer', '--data', 'DIR'],
  ['join', 'abc.def', '--name', 'Mill', '--data', 'DIR'],
  ['invite', '--data', 'DIR', '--json'],
  ['peers', '--data', 'DIR']
]
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stachanov-fuzz-cli-'))
  const h = await fuzzEconomy()
  await writeFile(join(dir, 'log.json'), JSON.stringify(h.txs.map(({ tx, writer }) => ({ writer, tx }))))
  await writeFile(join(dir, 'garbage.yaml'), '\u0000{[: - !!binary')
  await writeFile(join(dir, 'intent.yaml'), 'type: product.define\nbody: { name: x, unit: u, kind: consumable }\n')
  await mkdir(join(dir, 'node'))
  // A node data dir whose server.json points at a port nobody listens on.
  await mkdir(join(dir, 'gone'))
  await writeFile(join(dir, 'gone', 'server.json'), JSON.stringify({ url: 'http://127.0.0.1:9/', token: 'x' }))
  await mkdir(join(dir, 'broken'))
  await writeFile(join(dir, 'broken', 'server.json'), '{"url": "::not a url::", "token": 5}')
  words = [...files(), ...dataDirs().flatMap((d) => ['--data', d]), '--json', '--name', 'Bakery', '--roles', 'producer,dispatcher', '--roles', 'nonsense', '--help', '-h', '--version', '--port', '0', '--peer', 'x', '--', '-', '--unknown', 'lots', 'overview', 'view.lots', '__proto__', 'constructor', '', ' ', 'ǅ', '%s%n', '../../etc/passwd', 'x'.repeat(5000)]
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function program(): Command {
  const p = new Command().name('stachanov').exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} })
  registerLedgerCommands(p)
  registerNodeCommands(p)
  for (const command of p.commands) command.exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} })
  return p
}

describe('command-line arguments, fuzzed', () => {
  it(`${RUNS} random argument lists: output, or a refusal in words`, { timeout: 600_000 }, async () => {
    const verbs = program().commands.map((c) => c.name()).filter((name) => !LEFT_OUT.has(name))
    const rng = new Prng(1305)
    const tally = { ran: 0, refused: 0, usage: 0 }
    const write = process.stdout.write
    for (let i = 0; i < RUNS; i++) {
      const word = () => (rng.chance(85) ? rng.pick(words) : rng.bytes(1 + rng.int(12)).toString('latin1'))
      let args: string[]
      if (rng.chance(50)) {
        // A well-formed command with one word changed or one added.
        args = rng.pick(templates()).map((t) => (t === 'FILE' ? rng.pick(files()) : t === 'DIR' ? rng.pick(dataDirs()) : t))
        if (rng.chance(50)) args[1 + rng.int(args.length - 1)] = word()
        else if (rng.chance(50)) args.push(rng.pick(['--json', '--help', '--data', '--roles']))
      } else {
        const verb = rng.chance(90) ? rng.pick(verbs) : rng.pick(['', 'scenarios', 'REPLAY', 'help'])
        args = [verb, ...(verb === 'scenario' ? ['run'] : []), ...Array.from({ length: rng.int(5) }, word)]
      }
      const argv = ['node', 'stachanov', ...args]
      process.stdout.write = (() => true) as typeof process.stdout.write
      try {
        await program().parseAsync(argv)
        tally.ran++
      } catch (error) {
        if (error instanceof CommanderError) tally.usage++
        else if ((error instanceof CliError || error instanceof ScenarioError) && /[a-z]{3,}/i.test(error.message)) tally.refused++
        else throw new Error(`stachanov ${JSON.stringify(argv.slice(2))} crashed: ${(error as Error)?.stack ?? String(error)}`)
      } finally {
        process.stdout.write = write
        process.exitCode = undefined
      }
    }
    expect(tally.ran + tally.refused + tally.usage).toBe(RUNS)
    report('command-line arguments', { inputs: RUNS, ...tally, crashes: 0 })
  })
})
