// Short messages in a corner, read out by screen readers; and the follow-up of submitted
// transactions: a transaction is "submitted" until the node's view has accepted or rejected it.
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { IntentInput } from '../../../core/protocol/intents.ts'
import type { SubmitResult } from '../../../main/api/results.ts'
import { call } from '../api.ts'
import { BridgeError, getBridge } from '../bridge.ts'
import { useCollectives } from '../hooks.ts'

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

/** The ledger refused a transaction: its code and sentence, shown by the form. */
export class Refused extends BridgeError {
  constructor(readonly result: Extract<SubmitResult, { status: 'refused' }>) {
    super(result.code, result.reason)
    this.name = 'Refused'
  }
}

/**
 * Submits an intent signed by this collective. The node answers with what the ledger
 * decided: accepted, waiting for someone's co-signature, or refused with the ledger's code
 * and sentence (then thrown as `Refused`, for the form to show next to its field).
 */
export function useSubmit() {
  const client = useQueryClient()
  const { t } = useTranslation()
  const names = useCollectives()
  return useCallback(
    async (intent: IntentInput): Promise<SubmitResult> => {
      const result = await call('tx.submit', { intent })
      void client.invalidateQueries()
      const what = t(`txType.${intent.type}`, { defaultValue: intent.type })
      if (result.status === 'refused') throw new Refused(result)
      if (result.status === 'pending')
        notify('info', t('tx.waitingFor', { what, who: result.missing.map(names.name).join(', ') }))
      else notify('ok', t('tx.accepted', { what }))
      return result
    },
    [client, t, names]
  )
}
