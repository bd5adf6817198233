import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../api.ts'
import type { SubmitArgs } from './toasts.tsx'
import { notify } from './toasts.tsx'

/** Submits many transactions one after another, with progress; the window stays usable. */
export function useBatch() {
  const client = useQueryClient()
  const { t } = useTranslation()
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [failures, setFailures] = useState<Array<{ index: number; message: string }>>([])
  const run = async (list: SubmitArgs[]) => {
    setFailures([])
    setProgress({ done: 0, total: list.length })
    const failed: Array<{ index: number; message: string }> = []
    for (const [index, args] of list.entries()) {
      try {
        await call('tx.submit', args)
      } catch (error) {
        failed.push({ index, message: (error as Error).message })
      }
      setProgress({ done: index + 1, total: list.length })
    }
    setFailures(failed)
    setProgress(null)
    void client.invalidateQueries()
    notify(
      failed.length ? 'bad' : 'ok',
      t('batch.done', { count: list.length - failed.length, failed: failed.length })
    )
    return failed
  }
  return { run, progress, failures, busy: progress !== null }
}
