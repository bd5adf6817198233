import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CheckField } from '../../components/fields.tsx'
import { RecoveryWords } from '../../components/RecoveryWords.tsx'

export function Backup({ words, onDone }: { words: string[]; onDone: () => void }) {
  const { t } = useTranslation()
  const [confirmed, setConfirmed] = useState(false)
  return (
    <section className="card stack" aria-labelledby="backup-title">
      <h2 id="backup-title">{t('setup:backup.title')}</h2>
      <p>{t('setup:backup.explain')}</p>
      <RecoveryWords words={words} />
      <CheckField label={t('setup:backup.confirm')} checked={confirmed} onChange={setConfirmed} />
      <div>
        <button className="primary" disabled={!confirmed} onClick={onDone}>
          {t('setup:backup.continue')}
        </button>
      </div>
    </section>
  )
}
