import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { IntentInput } from '../../../core/protocol/intents.ts'
import { call } from '../api.ts'
import { useCollectives } from '../hooks.ts'
import { useRefusal } from './refusal.ts'
import { notify } from './toasts.tsx'

/** One entry of a batch, and how a person recognises it (e.g. "Anna, 3 Dec 2026"). */
export interface BatchItem {
  intent: IntentInput
  label: string
}

/** What the ledger made of one entry: accepted, waiting for whom, or refused and why. */
export interface BatchOutcome {
  index: number
  label: string
  status: 'accepted' | 'pending' | 'refused'
  /** For people: whom it waits for, or why it was refused (in the interface's language). */
  text: string
}

/**
 * Submits many intents one after another, with progress; the window stays usable. Each is
 * followed to the ledger's outcome (the node waits for it), and reported one by one: a
 * refusal says why, a co-signed entry whom it waits for. A call the node could not take
 * counts as refused, with the node's sentence.
 */
export function useBatch() {
  const client = useQueryClient()
  const { t } = useTranslation()
  const names = useCollectives()
  const refusal = useRefusal()
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [outcomes, setOutcomes] = useState<BatchOutcome[]>([])
  const run = async (list: BatchItem[]): Promise<BatchOutcome[]> => {
    setOutcomes([])
    setProgress({ done: 0, total: list.length })
    const out: BatchOutcome[] = []
    for (const [index, { intent, label }] of list.entries()) {
      try {
        const result = await call('tx.submit', { intent })
        if (result.status === 'refused')
          out.push({ index, label, status: 'refused', text: refusal(result.code, result.reason) })
        else if (result.status === 'pending')
          out.push({
            index,
            label,
            status: 'pending',
            text: result.missing.map((key) => names.name(key)).join(', ')
          })
        else out.push({ index, label, status: 'accepted', text: '' })
      } catch (error) {
        const { code, message } = error as { code?: string; message?: string }
        out.push({ index, label, status: 'refused', text: refusal(code ?? '', message ?? '') })
      }
      setProgress({ done: index + 1, total: list.length })
    }
    setOutcomes(out)
    setProgress(null)
    void client.invalidateQueries()
    const count = (status: BatchOutcome['status']) => out.filter((o) => o.status === status).length
    const refused = count('refused')
    notify(
      refused ? 'bad' : 'ok',
      t('batch.done', { accepted: count('accepted'), pending: count('pending'), refused }),
      refused ? 12_000 : 6000
    )
    return out
  }
  return { run, progress, outcomes, busy: progress !== null }
}
