import { useTranslation } from 'react-i18next'
import type { BatchOutcome } from './useBatch.ts'

/** The batch's progress while it runs, then what the ledger made of each entry. */
export function BatchProgress({
  progress,
  outcomes
}: {
  progress: { done: number; total: number } | null
  outcomes: BatchOutcome[]
}) {
  const { t } = useTranslation()
  // Refusals first: they are what needs doing.
  const order = { refused: 0, pending: 1, accepted: 2 } as const
  const shown = [...outcomes].sort((a, b) => order[a.status] - order[b.status] || a.index - b.index)
  return (
    <>
      {progress && (
        <div role="status">
          <label>
            {t('batch.progress', progress)}
            <progress max={progress.total} value={progress.done} />
          </label>
        </div>
      )}
      {shown.length > 0 && (
        <ul className="batch-report" aria-label={t('batch.report')}>
          {shown.slice(0, 50).map((o) => (
            <li key={o.index} className={o.status === 'refused' ? 'error' : undefined}>
              <strong>{o.label}</strong>: {t(`batch.${o.status}`, { text: o.text })}
            </li>
          ))}
          {shown.length > 50 && (
            <li className="muted">{t('batch.more', { count: shown.length - 50 })}</li>
          )}
        </ul>
      )}
    </>
  )
}
