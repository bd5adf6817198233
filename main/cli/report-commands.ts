// `stachanov report make` (from a running node) and `stachanov report verify FILE` (offline,
// or against a running node's view as the replica). A verify exits 0 only for a valid report.
import { readFile, writeFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { verifyReport, type Verdict } from '../../core/reports/verify.ts'
import { councilKeyFromText } from '../../core/checkpoint/council-key.ts'
import { call, connect } from './client.ts'
import { CliError } from './errors.ts'
import { defaultDataDir } from './node-commands.ts'

async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path)
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`)
  }
}

const HEX64 = /^[0-9a-f]{64}$/

/** --council-key as shown on the Council screen (its verifier key) or as 64 hex digits. */
function councilKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const key = councilKeyFromText(value)
  if (!key.ok) throw new CliError(`--council-key: ${key.reason} (${key.code})`)
  return key.value
}

export function printVerdict(verdict: Verdict): string {
  const lines = [`${verdict.verdict}: ${verdict.reason}`]
  if (verdict.report) lines.push(`report  ${verdict.report.collective.name} (${verdict.report.collective.id}), ${verdict.report.period}`)
  const sub = verdict.subsystemReport
  if (sub) lines.push(`report  subsystem ${sub.subsystem}, ${sub.period}, ${sub.collectives.length} collectives, made by ${sub.maker.name} (${sub.maker.id})`)
  if (verdict.figure) lines.push(`figure  ${verdict.figure}`)
  if (verdict.where) lines.push(`where   ${verdict.where}`)
  if (verdict.checkpoint) lines.push(`checkpoint epoch ${verdict.checkpoint.epoch}, length ${verdict.checkpoint.length}, fingerprint ${verdict.checkpoint.fingerprint}`)
  if (verdict.replica !== 'not-compared') lines.push(`replica ${verdict.replica}`)
  return lines.join('\n') + '\n'
}

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('signed reports of a collective\'s month, that anyone can verify')
  report
    .command('make')
    .description('make this collective\'s signed report of a closed month, or its subsystem\'s with --subsystem (from a running node)')
    .requiredOption('--period <YYYY-MM>', 'the month')
    .option('--format <format>', 'json, csv or pdf (default: by the --out file\'s extension, else json)')
    .option('--out <file>', 'where to write it (default: the report\'s own file name)')
    .option('--subsystem [id]', 'the report of a subsystem this collective was in: the one that closed its month, or the subsystem with this id')
    .option('--checkpoint <file>', 'a council checkpoint note covering the month (default: the latest checkpoint in the view, if it covers it)')
    .option('--council-key <key>', 'the key of the council that signed the checkpoint: its verifier key as the Council screen shows it, or 64 hex digits')
    .option('--data <dir>', 'the data directory of the running node', defaultDataDir())
    .action(async (options: { period: string; format?: string; out?: string; subsystem?: string | true; checkpoint?: string; councilKey?: string; data: string }) => {
      const format = options.format ?? options.out?.match(/\.(json|csv|pdf)$/)?.[1] ?? 'json'
      let checkpoint
      if (options.checkpoint) {
        const key = councilKey(options.councilKey)
        if (!key) throw new CliError('--checkpoint needs --council-key, the key of the council that signed it')
        checkpoint = { note: (await readBytes(options.checkpoint)).toString('utf8'), councilKey: key }
      }
      const args = { period: options.period, format, ...(checkpoint ? { checkpoint } : {}) }
      const client = await connect(options.data)
      let file
      if (options.subsystem !== undefined) {
        if (options.subsystem !== true && !HEX64.test(options.subsystem)) throw new CliError('--subsystem is a subsystem\'s id: 64 lowercase hex digits (or nothing, for this collective\'s own)')
        file = await call(client, 'report.subsystem', { ...args, ...(options.subsystem === true ? {} : { subsystem: options.subsystem }) })
      } else file = await call(client, 'report.make', args)
      const out = options.out ?? file.fileName
      await writeFile(out, file.base64 !== undefined ? Buffer.from(file.base64, 'base64') : file.text)
      process.stdout.write(`${out}\n`)
    })

  report
    .command('verify')
    .argument('<file>', 'a report: its JSON, or a PDF carrying it')
    .description('verify a report offline: the signature, the figures, the checkpoint and its path')
    .option('--council-key <key>', 'the council key you pinned: its verifier key as the Council screen shows it, or 64 hex digits')
    .option('--data <dir>', 'also compare with the view of the running node in this data directory (a replica)')
    .option('--json', 'print the verdict as JSON')
    .action(async (path: string, options: { councilKey?: string; data?: string; json?: boolean }) => {
      const bytes = await readBytes(path)
      const key = councilKey(options.councilKey)
      const verdict: Verdict = options.data
        ? await call(await connect(options.data), 'report.verify', { base64: bytes.toString('base64'), ...(key ? { councilKey: key } : {}) })
        : await verifyReport(bytes, key ? { councilKey: key } : {})
      if (options.json) {
        const { report: _, subsystemReport: __, ...rest } = verdict
        process.stdout.write(JSON.stringify(rest, null, 2) + '\n')
      } else process.stdout.write(printVerdict(verdict))
      if (verdict.verdict !== 'valid') process.exitCode = 1
    })

  const exporter = program.command('export').description('take the data anywhere: the log for `stachanov replay`, the economic events as ValueFlows')
  for (const [what, method, description] of [
    ['log', 'export.log', 'the whole log as JSON lines of signed transactions (replay it with `stachanov replay FILE`)'],
    ['valueflows', 'export.valueflows', 'agents, resources, processes and economic events as ValueFlows JSON-LD']
  ] as const) {
    exporter
      .command(what)
      .description(description)
      .option('--out <file>', 'where to write it (default: standard output)')
      .option('--data <dir>', 'the data directory of the running node', defaultDataDir())
      .action(async (options: { out?: string; data: string }) => {
        const file = await call(await connect(options.data), method)
        if (options.out) await writeFile(options.out, file.text)
        else process.stdout.write(file.text)
      })
  }
}
