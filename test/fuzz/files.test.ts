// Fuzzing the files a node reads: scenario files (YAML), replay files (exported logs, through
// the command's own action), the device's key files (identity, device key, network config)
// and the office's settings. Each is mutated from a valid file, as bytes or as a YAML/JSON
// tree. The reader either accepts it or refuses it with its own error and a sentence
// (ScenarioError, CliError, NodeError or NetworkError BAD_KEY_FILE, the settings' "not valid
// JSON"); anything else (a TypeError, a RangeError, a hang) is a crash.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command, CommanderError } from 'commander'
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ScenarioError } from '../../core/scenario/compile.ts'
import { parseScenario, runScenario } from '../../core/scenario/run.ts'
import { NetworkError } from '../../core/network/errors.ts'
import { loadOrCreateDeviceKey, readNetworkConfig, writeNetworkConfig, DEVICE_FILE, NETWORK_FILE } from '../../core/network/keys.ts'
import { NodeError } from '../../core/node/errors.ts'
import { IDENTITY_FILE, identityFromSeed, loadIdentity, saveIdentity } from '../../core/node/keys.ts'
import { CliError } from '../../main/cli/errors.ts'
import { registerLedgerCommands } from '../../main/cli/ledger-commands.ts'
import { networkOptions } from '../../main/host/setup.ts'
import { settingsStore, SETTINGS_FILE } from '../../main/server/settings.ts'
import { fuzzEconomy } from './economy.ts'
import { mutateBytes, mutateJson, Prng } from './mutate.ts'
import { report } from './report.ts'

const RUNS = Number(process.env.FUZZ_FILES ?? 300)
const scenarios = new URL('../../assets/scenarios/', import.meta.url).pathname

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stachanov-fuzz-files-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A text mutated as bytes or, parsed, as a tree (then written back as YAML or JSON). */
function mutateText(text: string, rng: Prng, yaml: boolean): string {
  if (rng.chance(40)) return mutateBytes(Buffer.from(text), rng).toString('latin1')
  let tree: unknown
  try {
    tree = yaml ? parseYaml(text) : JSON.parse(text)
  } catch {
    return text.slice(0, rng.int(text.length))
  }
  const mutated = mutateJson(tree as object, rng)
  return yaml && rng.chance(50) ? stringifyYaml(mutated) : (JSON.stringify(mutated) ?? 'null')
}

/** Runs `read`; an error that is not one of `allowed` (or has no sentence) is a crash. */
async function survive(what: string, input: string, read: () => Promise<unknown>, allowed: (error: unknown) => boolean): Promise<'accepted' | 'refused'> {
  try {
    await read()
    return 'accepted'
  } catch (error) {
    if (allowed(error) && /[a-z]{3,}/i.test((error as Error).message)) return 'refused'
    throw new Error(`${what} crashed on this input: ${(error as Error)?.stack ?? String(error)}\n--- input ---\n${input.slice(0, 2000)}`)
  }
}

/** Whole files that are valid JSON of the wrong shape, or nothing at all: tried first. */
const EDGE_FILES = ['null', '5', '"text"', '[]', '{}', '', 'true', '{"__proto__": {"bootstrap": ["x:1"]}}']
const edgeOr = (i: number, text: () => string) => (i < EDGE_FILES.length ? EDGE_FILES[i]! : text())

const keyFileError = (error: unknown) => (error instanceof NodeError || error instanceof NetworkError) && (error as NodeError).code === 'BAD_KEY_FILE'

describe('files, fuzzed', () => {
  it(`${RUNS} mutated scenario files: parsed and run, or refused with a ScenarioError`, { timeout: 600_000 }, async () => {
    const texts = await Promise.all((await readdir(scenarios)).map((name) => readFile(join(scenarios, name), 'utf8')))
    const rng = new Prng(1301)
    const tally = { accepted: 0, refused: 0 }
    for (let i = 0; i < RUNS; i++) {
      const text = edgeOr(i, () => mutateText(rng.pick(texts), rng, true))
      tally[await survive('a scenario', text, async () => runScenario(parseScenario(text, 'fuzz.yaml')), (e) => e instanceof ScenarioError)]++
    }
    report('scenario files', { inputs: RUNS, ...tally, crashes: 0 })
  })

  it(`${RUNS} mutated replay files through \`stachanov replay\`: a view, or a one-line refusal`, { timeout: 600_000 }, async () => {
    const h = await fuzzEconomy()
    const valid = JSON.stringify(h.txs.map(({ tx, writer }) => ({ writer, tx })))
    const rng = new Prng(1302)
    const tally = { accepted: 0, refused: 0 }
    const write = process.stdout.write
    for (let i = 0; i < RUNS; i++) {
      const text = edgeOr(i, () => mutateText(valid, rng, false))
      const file = join(dir, 'replay.json')
      await writeFile(file, text)
      const program = new Command().exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} })
      registerLedgerCommands(program)
      process.stdout.write = (() => true) as typeof process.stdout.write
      try {
        tally[await survive('replay', text, () => program.parseAsync(['node', 'stachanov', 'replay', file, ...(rng.chance(50) ? ['--json'] : [])]), (e) => e instanceof CliError || e instanceof CommanderError)]++
      } finally {
        process.stdout.write = write
      }
    }
    report('replay files', { inputs: RUNS, ...tally, crashes: 0 })
  })

  it(`${RUNS} mutated key files: loaded, or refused with BAD_KEY_FILE`, { timeout: 600_000 }, async () => {
    const rng = new Prng(1303)
    const keys = join(dir, 'keys')
    await mkdir(keys, { recursive: true, mode: 0o700 })
    await saveIdentity(keys, identityFromSeed(Buffer.alloc(32, 7)))
    await loadOrCreateDeviceKey(keys)
    await writeNetworkConfig(keys, { key: 'ab'.repeat(32), encryptionKey: 'cd'.repeat(32), bootstrap: ['127.0.0.1:49737'] })
    const files = [
      [IDENTITY_FILE, loadIdentity],
      [DEVICE_FILE, loadOrCreateDeviceKey],
      [NETWORK_FILE, readNetworkConfig]
    ] as const
    const originals = new Map(await Promise.all(files.map(async ([name]) => [name, await readFile(join(keys, name), 'utf8')] as const)))
    const tally = { accepted: 0, refused: 0 }
    for (let i = 0; i < RUNS; i++) {
      const [name, load] = files[i % files.length]!
      const text = edgeOr(Math.floor(i / files.length), () => mutateText(originals.get(name)!, rng, false))
      await writeFile(join(keys, name), text)
      tally[await survive(name, text, () => load(keys), keyFileError)]++
      await writeFile(join(keys, name), originals.get(name)!)
    }
    report('key files', { inputs: RUNS, ...tally, crashes: 0 })
  })

  it(`${RUNS} mutated settings files: read, or refused as not valid JSON`, { timeout: 600_000 }, async () => {
    const rng = new Prng(1304)
    const office = join(dir, 'office')
    await mkdir(office, { recursive: true, mode: 0o700 })
    const settings = settingsStore(office)
    await settings.update(() => ({ bootstrap: ['127.0.0.1:49737'], directPeers: ['10.0.0.2:7450'] }))
    const original = await readFile(join(office, SETTINGS_FILE), 'utf8')
    const tally = { accepted: 0, refused: 0 }
    for (let i = 0; i < RUNS; i++) {
      const text = edgeOr(i, () => mutateText(original, rng, false))
      await writeFile(join(office, SETTINGS_FILE), text)
      tally[await survive('settings.json', text, () => networkOptions(settings, {}), (e) => e instanceof Error && (/is not valid JSON|does not hold/.test(e.message) || (e as { code?: unknown }).code === 'BAD_SETTINGS'))]++
    }
    expect(tally.accepted + tally.refused).toBe(RUNS)
    report('settings files', { inputs: RUNS, ...tally, crashes: 0 })
  })
})
