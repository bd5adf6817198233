import { useTranslation } from 'react-i18next'

/** The 24 recovery words, numbered, with a print button. */
export function RecoveryWords({ words }: { words: string[] }) {
  const { t } = useTranslation()
  return (
    <div className="stack">
      <ol className="words" aria-label={t('recovery.words')}>
        {words.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ol>
      <button className="no-print" onClick={() => window.print()}>
        {t('print')}
      </button>
    </div>
  )
}
