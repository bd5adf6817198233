import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { IntentInput } from '../../../core/protocol/intents.ts'
import { call } from '../api.ts'
import { notify } from './toasts.tsx'

/**
 * Submits many intents one after another, with progress; the window stays usable. Each one
 * counts as failed when the node could not take it or the ledger refused it (with its reason).
 */
export function useBatch() {
  const client = useQueryClient()
  const { t } = useTranslation()
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [failures, setFailures] = useState<Array<{ index: number; message: string }>>([])
  const run = async (list: IntentInput[]) => {
    setFailures([])
    setProgress({ done: 0, total: list.length })
    const failed: Array<{ index: number; message: string }> = []
    for (const [index, intent] of list.entries()) {
      try {
        const result = await call('tx.submit', { intent })
        if (result.status === 'refused') failed.push({ index, message: result.reason })
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
