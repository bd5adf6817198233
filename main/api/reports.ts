// The API's reports and exports (issue 12): signed reports made from the view (JSON, CSV,
// PDF), verified with this node's view as the replica, and the log and the economic events
// exported. Spread into the table in table.ts.
import { makeReport } from '../../core/reports/make.ts'
import { reportCsv } from '../../core/reports/csv.ts'
import { renderReportPdf } from '../../core/reports/pdf.ts'
import { encodeReport, proofFor, signReport } from '../../core/reports/sign.ts'
import { verifyReport } from '../../core/reports/verify.ts'
import { exportLogText } from '../../core/exports/log.ts'
import { exportValueFlows } from '../../core/exports/valueflows.ts'
import { read } from '../../core/ledger/queries.ts'
import { keys } from '../../core/ledger/keys.ts'
import type { KeyValueStore } from '../../core/ledger/store.ts'
import type { KeyPair } from '../../core/protocol/crypto.ts'
import { collectiveActor } from '../../core/scenario/actors.ts'
import { NodeError } from '../../core/node/errors.ts'
import type { ParsedArgs, Results } from './results.ts'
import type { Host } from './table.ts'

type ReportMethods = 'report.make' | 'report.verify' | 'export.log' | 'export.valueflows'
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

export const reportHandlers: Handlers = {
  'report.make': async (host, { period, collective, format, checkpoint }) => {
    const { store, me, key } = await signer(host, collective)
    const { report, index } = await makeReport(store, me, period)
    const base = `report-${report.collective.name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || me.slice(0, 8)}-${period}`
    if (format === 'csv') return { fileName: `${base}.csv`, mime: 'text/csv', text: reportCsv(report) }
    const text = encodeReport(signReport(report, key, await proofFor(store, index, checkpoint)))
    if (format === 'pdf') return { fileName: `${base}.pdf`, mime: 'application/pdf', base64: Buffer.from(await renderReportPdf(text)).toString('base64') }
    return { fileName: `${base}.json`, mime: 'application/json', text }
  },
  'report.verify': async (host, { text, base64, councilKey }) => {
    const bytes = text !== undefined ? Buffer.from(text, 'utf8') : Buffer.from(base64 ?? '', 'base64')
    // This node's view is a replica of the network: compare when it knows the collective. An
    // auditor's app that is not set up verifies all the same, without a replica.
    const store = host.demo ? host.demo.store : host.node.ready ? host.node.store() : null
    const first = await verifyReport(bytes, councilKey ? { councilKey } : {})
    const known = store && first.report && (await read(store, keys.collective(first.report.collective.id)))
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
