// One log entry in a glance: who took part and what moved, from the node's summary.
import { useTranslation } from 'react-i18next'
import type { LogRecord } from '../../api-types.ts'
import { formatQuantity, formatTime } from '../../format.ts'
import { personName, usePeople } from '../../people.ts'

export type Summary = LogRecord['summary']

/** "Mill → Bakery", or the one party. */
export function partiesOf(s: Summary): string {
  if (s.from && s.to) return `${s.from} → ${s.to}`
  return s.from ?? s.to ?? ''
}

/** "40 kg Flour", "3 h for Anna", "2026-10", "Flour (kg)". */
export function useWhat(): (s: Summary) => string {
  const { t } = useTranslation()
  const people = usePeople()
  return (s) => {
    const parts: string[] = []
    if (s.quantity !== undefined && s.product)
      parts.push(`${formatQuantity(s.quantity, s.unit)} ${s.product}`)
    else if (s.product) parts.push(s.product)
    else if (s.quantity !== undefined) parts.push(formatQuantity(s.quantity, s.unit))
    if (s.name) parts.push(s.unit ? `${s.name} (${s.unit})` : s.name)
    if (s.amount !== undefined) parts.push(formatTime(s.amount))
    if (s.wallet) parts.push(t('log:forWallet', { name: personName(people, s.wallet) }))
    if (s.day) parts.push(t('log:workedOn', { day: s.day }))
    if (s.period) parts.push(s.period)
    if (s.answers)
      parts.push(
        t('log:answers', {
          type: t(`txType.${s.answers.type ?? ''}`, { defaultValue: s.answers.type ?? '' }),
          id: s.answers.id.slice(0, 8)
        })
      )
    if (s.reason) parts.push(t('log:because', { reason: s.reason }))
    return parts.join(' · ')
  }
}
