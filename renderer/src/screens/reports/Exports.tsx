// The whole log (JSON lines) and the economic events (ValueFlows JSON-LD), saved as files.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call, type BridgeError } from '../../api.ts'
import { saveFile } from '../../csv.ts'
import { ErrorText } from '../../components/ui.tsx'

export function Exports() {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<BridgeError | null>(null)
  const run = async (method: 'export.log' | 'export.valueflows') => {
    setBusy(true)
    setError(null)
    try {
      const file = await call(method, {})
      saveFile(file.fileName, file.mime, file.text ?? '')
    } catch (e) {
      setError(e as BridgeError)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="card stack" aria-labelledby="exports-title">
      <h2 id="exports-title">{t('reports:exports.title')}</h2>
      <p className="muted">{t('reports:exports.explain')}</p>
      <div className="row">
        <button type="button" disabled={busy} onClick={() => void run('export.log')}>
          {t('reports:exports.log')}
        </button>
        <button type="button" disabled={busy} onClick={() => void run('export.valueflows')}>
          {t('reports:exports.valueflows')}
        </button>
      </div>
      <ErrorText error={error} />
    </section>
  )
}
