import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../../api.ts'
import type { BridgeError } from '../../bridge.ts'
import { RecoveryWords } from '../../components/RecoveryWords.tsx'
import { ErrorText } from '../../components/ui.tsx'

/** Shows the collective's recovery words on request, and hides them again. */
export function KeyBackup() {
  const { t } = useTranslation()
  const [words, setWords] = useState<string[] | null>(null)
  const [error, setError] = useState<BridgeError | null>(null)
  const show = async () => {
    setError(null)
    try {
      setWords((await call('keys.backup', {})).words)
    } catch (err) {
      setError(err as BridgeError)
    }
  }
  return (
    <section className="card stack" aria-labelledby="backup-title">
      <h2 id="backup-title">{t('settings:backup.title')}</h2>
      <p className="muted">{t('settings:backup.explain')}</p>
      {words ? (
        <>
          <RecoveryWords words={words} />
          <div>
            <button onClick={() => setWords(null)}>{t('settings:backup.hide')}</button>
          </div>
        </>
      ) : (
        <div>
          <button onClick={() => void show()}>{t('settings:backup.show')}</button>
        </div>
      )}
      <ErrorText error={error} />
    </section>
  )
}
