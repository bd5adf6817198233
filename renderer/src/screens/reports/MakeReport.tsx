// Make the signed report of a closed month, of this collective or of its subsystem (every
// member's totals, prices, parity of coupons and goods), as JSON, PDF or CSV, and save it.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call, type BridgeError } from '../../api.ts'
import { base64ToBytes, saveFile } from '../../csv.ts'
import { ErrorText, Field } from '../../components/ui.tsx'

export function MakeReport({ periods }: { periods: string[] }) {
  const { t } = useTranslation()
  const [period, setPeriod] = useState('')
  const [scope, setScope] = useState<'collective' | 'subsystem'>('collective')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<BridgeError | null>(null)
  const [made, setMade] = useState<string | null>(null)
  const chosen = period || periods[0] || ''

  const make = async (format: 'json' | 'pdf' | 'csv') => {
    setBusy(true)
    setError(null)
    setMade(null)
    try {
      const file = scope === 'subsystem' ? await call('report.subsystem', { period: chosen, format }) : await call('report.make', { period: chosen, format })
      saveFile(file.fileName, file.mime, file.base64 !== undefined ? base64ToBytes(file.base64) : (file.text ?? ''))
      setMade(file.fileName)
    } catch (e) {
      setError(e as BridgeError)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card stack" aria-labelledby="make-title">
      <h2 id="make-title">{t('reports:make.title')}</h2>
      {periods.length === 0 ? (
        <p className="muted">{t('reports:make.none')}</p>
      ) : (
        <>
          <Field label={t('reports:make.period')}>
            {(props) => (
              <select {...props} value={chosen} onChange={(e) => setPeriod(e.target.value)}>
                {periods.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('reports:make.scope')}>
            {(props) => (
              <select {...props} value={scope} onChange={(e) => setScope(e.target.value === 'subsystem' ? 'subsystem' : 'collective')}>
                <option value="collective">{t('reports:make.scope_collective')}</option>
                <option value="subsystem">{t('reports:make.scope_subsystem')}</option>
              </select>
            )}
          </Field>
          <div className="row">
            <button type="button" className="primary" disabled={busy} onClick={() => void make('pdf')}>
              {t('reports:make.pdf')}
            </button>
            <button type="button" disabled={busy} onClick={() => void make('json')}>
              {t('reports:make.json')}
            </button>
            <button type="button" disabled={busy} onClick={() => void make('csv')}>
              {t('reports:make.csv')}
            </button>
          </div>
          {made && (
            <p role="status" className="muted">
              {t('reports:make.made', { file: made })}
            </p>
          )}
          <ErrorText error={error} />
        </>
      )}
    </section>
  )
}
