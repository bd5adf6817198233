// The API's reports and exports (issue 12): signed reports made from the view (JSON, CSV,
// PDF), verified with this node's view as the replica, and the log and the economic events
// exported. Spread into the table in table.ts.
import { makeReport } from '../../core/reports/make.ts'
import { reportCsv } from '../../core/reports/csv.ts'
import { renderReportPdf } from '../../core/reports/pdf.ts'
import { encodeReport, proofFor, signReport } from '../../core/reports/sign.ts'
import { coveringCheckpoint } from '../../core/reports/covering.ts'
import { makeSubsystemReport } from '../../core/reports/subsystem-make.ts'
import { signSubsystemReport, subsystemProofFor } from '../../core/reports/subsystem-sign.ts'
import { verifyReport } from '../../core/reports/verify.ts'
import { councilKeyFromText } from '../../core/checkpoint/council-key.ts'
import { exportLogText } from '../../core/exports/log.ts'
import { exportValueFlows } from '../../core/exports/valueflows.ts'
import { read } from '../../core/ledger/queries.ts'
import { keys } from '../../core/ledger/keys.ts'
import type { KeyValueStore } from '../../core/ledger/store.ts'
import type { KeyPair } from '../../core/protocol/crypto.ts'
import { collectiveActor } from '../../core/scenario/actors.ts'
import { NodeError } from '../../core/node/errors.ts'
import type { ExportedFile, ParsedArgs, Results } from './results.ts'
import type { Host } from './table.ts'

type ReportMethods = 'report.make' | 'report.subsystem' | 'report.verify' | 'export.log' | 'export.valueflows'
type Handlers = { [M in ReportMethods]: (host: Host, args: ParsedArgs<M>) => Promise<Results[M]> }

/** The store reports are made from, and the key that signs for "this collective". */
async function signer(host: Host, collective: string | undefined): Promise<{ store: KeyValueStore; me: string; key: KeyPair }> {
  if (host.demo) {
    const me = collective ?? host.demo.me
    // A demo's collectives are scenario actors: their keys follow from their names (never real).
    const record = await read(host.demo.store, keys.collective(me))
    return { store: host.demo.store, me, key: collectiveActor(record?.name ?? '').identity }
  }
  const identity = host.node.requireIdentity()
  if (collective !== undefined && collective !== identity.id) {
    throw new NodeError('INVALID_ARGUMENTS', 'a report is signed by its own collective: this node can only make reports of its own')
  }
  return { store: host.node.store(), me: identity.id, key: identity.keyPair }
}

const fileNamePart = (name: string) => name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '')

/** The signed report file as JSON, or drawn as a PDF that carries it. */
async function files(base: string, format: 'json' | 'pdf', text: string): Promise<ExportedFile> {
  if (format === 'pdf') return { fileName: `${base}.pdf`, mime: 'application/pdf', base64: Buffer.from(await renderReportPdf(text)).toString('base64') }
  return { fileName: `${base}.json`, mime: 'application/json', text }
}

export const reportHandlers: Handlers = {
  'report.make': async (host, { period, collective, format, checkpoint }) => {
    const { store, me, key } = await signer(host, collective)
    const { report, index } = await makeReport(store, me, period)
    const base = `report-${fileNamePart(report.collective.name) || me.slice(0, 8)}-${period}`
    if (format === 'csv') return { fileName: `${base}.csv`, mime: 'text/csv', text: reportCsv(report) }
    // The checkpoint the caller names, else the view's latest if it covers the statement.
    const covering = checkpoint ?? (await coveringCheckpoint(store, index))
    return files(base, format, encodeReport(signReport(report, key, await proofFor(store, index, covering))))
  },
  'report.subsystem': async (host, { period, subsystem, format, checkpoint }) => {
    const { store, me, key } = await signer(host, undefined)
    const made = await makeSubsystemReport(store, me, period, subsystem)
    const base = `report-subsystem-${fileNamePart(made.report.maker.name) || me.slice(0, 8)}-${period}`
    if (format === 'csv') return { fileName: `${base}.csv`, mime: 'text/csv', text: reportCsv(made.report) }
    const covering = checkpoint ?? (await coveringCheckpoint(store, Math.max(made.index, ...made.indices)))
    return files(base, format, encodeReport(signSubsystemReport(made.report, key, await subsystemProofFor(store, made, covering))))
  },
  'report.verify': async (host, { text, base64, councilKey: pasted }) => {
    // The key as the Council screen shows it (verifier key) or as hex: the report compares hex.
    const parsedKey = pasted?.trim() ? councilKeyFromText(pasted) : undefined
    if (parsedKey && !parsedKey.ok) throw new NodeError(parsedKey.code as never, parsedKey.reason)
    const councilKey = parsedKey?.value
    const bytes = text !== undefined ? Buffer.from(text, 'utf8') : Buffer.from(base64 ?? '', 'base64')
    // This node's view is a replica of the network: compare when it knows the collective. An
    // auditor's app that is not set up verifies all the same, without a replica.
    const store = host.demo ? host.demo.store : host.node.ready ? host.node.store() : null
    const first = await verifyReport(bytes, councilKey ? { councilKey } : {})
    const subject = first.report?.collective.id ?? first.subsystemReport?.maker.id
    const known = store && subject && (await read(store, keys.collective(subject)))
    const verdict = store && known ? await verifyReport(bytes, { ...(councilKey ? { councilKey } : {}), store }) : first
    return verdict
  },
  'export.log': async (host) => {
    const store = host.demo ? host.demo.store : host.node.store()
    return { fileName: 'stachanov-log.jsonl', mime: 'application/x-ndjson', text: await exportLogText(store) }
  },
  'export.valueflows': async (host) => {
    const store = host.demo ? host.demo.store : host.node.store()
    return { fileName: 'stachanov-valueflows.jsonld', mime: 'application/ld+json', text: JSON.stringify(await exportValueFlows(store), null, 2) + '\n' }
  }
}
