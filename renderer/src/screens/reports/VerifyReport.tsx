// Verify a report: drop its file (JSON or PDF) or choose it; the node checks it offline and
// against its own copy of the network, and the verdict says what holds or what failed where.
import { useState, type DragEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { call, type BridgeError } from '../../api.ts'
import type { Result } from '../../api-types.ts'
import { bytesToBase64 } from '../../csv.ts'
import { formatTime } from '../../format.ts'
import { ErrorText, Field } from '../../components/ui.tsx'

type Verdict = Result<'report.verify'>

export function VerifyReport() {
  const { t } = useTranslation()
  const [councilKey, setCouncilKey] = useState('')
  const [over, setOver] = useState(false)
  const [checking, setChecking] = useState<string | null>(null)
  const [result, setResult] = useState<{ file: string; verdict: Verdict } | null>(null)
  const [error, setError] = useState<BridgeError | null>(null)

  const check = async (file: File) => {
    setChecking(file.name)
    setError(null)
    setResult(null)
    try {
      const base64 = bytesToBase64(new Uint8Array(await file.arrayBuffer()))
      const key = councilKey.trim()
      const verdict = await call('report.verify', { base64, ...(key ? { councilKey: key } : {}) })
      setResult({ file: file.name, verdict })
    } catch (e) {
      setError(e as BridgeError)
    } finally {
      setChecking(null)
    }
  }
  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    setOver(false)
    const file = event.dataTransfer.files[0]
    if (file) void check(file)
  }

  return (
    <section className="card stack" aria-labelledby="verify-title">
      <h2 id="verify-title">{t('reports:verify.title')}</h2>
      <p className="muted">{t('reports:verify.explain')}</p>
      <div
        className={`dropzone${over ? ' over' : ''}`}
        data-testid="report-drop"
        onDragOver={(e) => {
          e.preventDefault()
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>{t('reports:verify.drop')}</p>
        <label className="button">
          {t('reports:verify.choose')}
          <input
            type="file"
            accept=".json,.pdf,application/json,application/pdf"
            className="visually-hidden"
            onChange={(e) => {
              const file = e.target.files?.[0]
              if (file) void check(file)
              e.target.value = ''
            }}
          />
        </label>
      </div>
      <Field label={t('reports:verify.councilKey')} hint={t('reports:verify.councilKeyHint')}>
        {(props) => <input {...props} className="mono" value={councilKey} onChange={(e) => setCouncilKey(e.target.value)} spellCheck={false} />}
      </Field>
      {checking && <p role="status">{t('reports:verify.checking', { file: checking })}</p>}
      <ErrorText error={error} />
      {result && <VerdictCard file={result.file} verdict={result.verdict} />}
    </section>
  )
}

function VerdictCard({ file, verdict }: { file: string; verdict: Verdict }) {
  const { t } = useTranslation()
  const ok = verdict.verdict === 'valid'
  const rows: Array<[string, string]> = [[t('reports:verify.file'), file]]
  if (verdict.report) {
    rows.push([t('reports:verify.collective'), `${verdict.report.collective.name} (${verdict.report.collective.id.slice(0, 16)}…)`])
    rows.push([t('reports:verify.period'), verdict.report.period])
  }
  const sub = verdict.subsystemReport
  if (sub) {
    rows.push([t('reports:verify.subsystem'), `${sub.subsystem.slice(0, 16)}…`])
    rows.push([t('reports:verify.period'), sub.period])
    rows.push([t('reports:verify.maker'), `${sub.maker.name} (${sub.maker.id.slice(0, 16)}…)`])
    rows.push([t('reports:verify.collectives'), sub.collectives.map((c) => sub.names[c.collective] || c.collective.slice(0, 8)).join(', ')])
    rows.push([t('reports:verify.parity'), `${formatTime(sub.statement.parity.coupons)} / ${formatTime(sub.statement.parity.exclusiveGoods)}`])
  }
  if (verdict.who) rows.push([t('reports:verify.whose'), `${verdict.who.name} (${verdict.who.id.slice(0, 16)}…)`])
  if (verdict.figure) rows.push([t('reports:verify.figure'), verdict.figure])
  if (verdict.where) rows.push([t('reports:verify.where'), verdict.where])
  if (verdict.checkpoint) {
    rows.push([t('reports:verify.checkpoint'), `${t('reports:verify.checkpointValue', verdict.checkpoint)}; ${t(verdict.checkpoint.pinned ? 'reports:verify.pinned' : 'reports:verify.unpinned')}`])
    rows.push([t('reports:verify.fingerprint'), verdict.checkpoint.fingerprint])
  }
  // The replica is compared only with a well-formed, validly signed report: say why it was not (issue #24).
  if (verdict.verdict === 'signature-invalid') rows.push([t('reports:verify.replica'), t('reports:verify.replica_unsigned')])
  else if (verdict.verdict !== 'malformed') rows.push([t('reports:verify.replica'), t(`reports:verify.replica_${verdict.replica}`)])
  return (
    <div className={`verdict ${ok ? 'ok' : verdict.verdict === 'not-covered' ? 'warn' : 'bad'}`} role="status" data-verdict={verdict.verdict}>
      <h3>{t(`reports:verdict.${verdict.verdict}`)}</h3>
      <p>{verdict.reason.charAt(0).toUpperCase() + verdict.reason.slice(1)}.</p>
      <dl>
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className={label === t('reports:verify.fingerprint') ? 'mono' : undefined}>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  )
}
