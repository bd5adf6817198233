// One workload of a production, and its reversal (issue 10): possible while the production
// runs and its month is open; after that the ledger refuses, and the panel says why.
import { useTranslation } from 'react-i18next'
import type { Workload } from '../../api-types.ts'
import { ConfirmAction } from '../../components/ConfirmAction.tsx'
import { formatDate, formatTime } from '../../format.ts'
import { personName, usePeople } from '../../people.ts'

export function WorkloadRow({ workload: w, running }: { workload: Workload; running: boolean }) {
  const { t } = useTranslation()
  const people = usePeople()
  const who = personName(people, w.wallet)
  const what = { who, time: formatTime(w.minutes), day: formatDate(w.performedAt) }
  return (
    <li>
      {who}: {what.time} · {what.day}{' '}
      {running && (
        <ConfirmAction
          label={t('corrections:workload.open')}
          question={t('corrections:workload.question', what)}
          confirm={t('corrections:workload.confirm')}
          reason="required"
          build={(reason) => ({ type: 'workload.reverse', body: { workload: w.id, reason } })}
        />
      )}
    </li>
  )
}
