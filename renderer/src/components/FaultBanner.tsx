// What keeps the node from working as it should, said at the top of every screen for as long
// as it lasts: another device signing with this collective's keys, a full disk, failed storage,
// a forged copy of another device's log being fetched again. The node pushes a 'fault' event
// when one begins or ends; its status says the same while it lasts (or answers with the fault's
// code), so a reloaded page, or one opened later, shows the banner too.
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError } from '../../../main/api/contract.ts'
import { useApi } from '../api.ts'
import { getBridge } from '../bridge.ts'

/** The codes a node's status (or its refusal to give one) means a lasting fault by. */
export const FAULT_CODES = new Set(['KEYS_USED_ELSEWHERE', 'DISK_FULL', 'STORAGE_FAILED', 'REFETCHING_LOG'])

/** The node's fault now, or null: from its status, else from the last 'fault' event. */
export function useFault(): ApiError | null {
  const client = useQueryClient()
  const status = useApi('node.status', {})
  const [pushed, setPushed] = useState<{ fault: ApiError | null; at: number } | null>(null)
  useEffect(
    () =>
      getBridge().on('fault', (fault) => {
        setPushed({ fault, at: Date.now() })
        // The status says more (and whether it is over): read it again now, not in 15 s.
        void client.invalidateQueries({ queryKey: ['node.status'] })
      }),
    [client]
  )
  // The event until the status is read again after it; then the status (a node restarted since
  // has no fault, whatever the last event said).
  if (pushed && Math.max(status.dataUpdatedAt, status.errorUpdatedAt) < pushed.at) return pushed.fault
  const code = status.error?.code
  if (code && FAULT_CODES.has(code)) return { code, message: status.error!.message }
  if (status.data?.state === 'ready' && status.data.fault) return status.data.fault
  return null
}

export function FaultBanner() {
  const { t } = useTranslation()
  const fault = useFault()
  if (!fault) return null
  const known = FAULT_CODES.has(fault.code)
  return (
    <div className="banner bad" role="alert" data-fault={fault.code}>
      <strong>{known ? t(`fault.${fault.code}.title`) : t('fault.other.title')}</strong>{' '}
      {known ? t(`fault.${fault.code}.what`) : fault.message}{' '}
      <span className="todo">{known ? t(`fault.${fault.code}.todo`) : t('fault.other.todo')}</span>
    </div>
  )
}
