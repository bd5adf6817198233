import { useTranslation } from 'react-i18next'

export function BatchProgress({
  progress,
  failures
}: {
  progress: { done: number; total: number } | null
  failures: Array<{ index: number; message: string }>
}) {
  const { t } = useTranslation()
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
      {failures.length > 0 && (
        <ul className="error" role="alert">
          {failures.slice(0, 20).map((f) => (
            <li key={f.index}>
              #{f.index + 1}: {f.message}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
