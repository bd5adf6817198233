// Short messages in a corner, read out by screen readers; and the follow-up of submitted
// transactions: a transaction is "submitted" until the node's view has accepted or rejected it.
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Args } from '../../../main/api/contract.ts'
import { call } from '../api.ts'
import { getBridge } from '../bridge.ts'

export interface Toast {
  id: number
  tone: 'ok' | 'bad' | 'info'
  text: string
}

let toasts: Toast[] = []
let nextToast = 1
const listeners = new Set<(t: Toast[]) => void>()
const publish = () => listeners.forEach((cb) => cb(toasts))

export function notify(tone: Toast['tone'], text: string, ms = 6000): void {
  const toast = { id: nextToast++, tone, text }
  toasts = [...toasts.slice(-3), toast]
  publish()
  setTimeout(() => {
    toasts = toasts.filter((t) => t !== toast)
    publish()
  }, ms)
}

export function Toasts() {
  const [list, setList] = useState(toasts)
  const { t } = useTranslation()
  useEffect(() => {
    listeners.add(setList)
    return () => void listeners.delete(setList)
  }, [])
  return (
    <div className="toasts" role="status" aria-live="polite">
      {list.map((toast) => (
        <div key={toast.id} className={`toast ${toast.tone}`}>
          {toast.text}{' '}
          <button
            className="link"
            aria-label={t('dismiss')}
            onClick={() => {
              toasts = toasts.filter((x) => x !== toast)
              publish()
            }}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  )
}

type Outcome = { status?: string; code?: string; reason?: string }

/** Waits (without blocking anything) for the view to record what became of transaction `id`. */
export function followTransaction(id: string, timeoutMs = 120_000): Promise<Outcome | null> {
  return new Promise((resolve) => {
    const bridge = getBridge()
    let done = false
    const check = async () => {
      if (done) return
      try {
        const { record } = await call('view.transaction', { id })
        if (record?.status && !done) finish(record)
      } catch {
        // Not applied yet.
      }
    }
    const finish = (outcome: Outcome | null) => {
      done = true
      off()
      clearInterval(timer)
      clearTimeout(limit)
      resolve(outcome)
    }
    const off = bridge.on('update', () => void check())
    const timer = setInterval(() => void check(), 3000)
    const limit = setTimeout(() => finish(null), timeoutMs)
    void check()
  })
}

export type SubmitArgs = Args<'tx.submit'>

/**
 * Submits a transaction signed by this collective, then tells the person what became of it:
 * accepted, waiting for a co-signature, or rejected with the reason.
 */
export function useSubmit() {
  const client = useQueryClient()
  const { t } = useTranslation()
  return useCallback(
    async (args: SubmitArgs): Promise<{ id: string }> => {
      const result = await call('tx.submit', args)
      void client.invalidateQueries()
      const what = t(`txType.${args.type}`, { defaultValue: args.type })
      const report = (outcome: Outcome | null) => {
        if (!outcome) notify('info', t('tx.stillWaiting', { what }))
        else if (outcome.status === 'accepted') notify('ok', t('tx.accepted', { what }))
        else if (outcome.status === 'pending') notify('info', t('tx.pending', { what }))
        else if (outcome.status === 'rejected')
          notify(
            'bad',
            t('tx.rejected', { what, reason: outcome.reason ?? outcome.code ?? '' }),
            12_000
          )
        void client.invalidateQueries()
      }
      notify('info', t('tx.submitted', { what }), 3000)
      void followTransaction(result.id).then(report)
      return result
    },
    [client, t]
  )
}
