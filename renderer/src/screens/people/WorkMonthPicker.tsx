// Which month's people the forms that book work list besides this month's and last month's:
// someone who worked in March and comes back in October is found by choosing March. Only months
// in which anyone worked for this collective are offered (view.workMonths reads them from the
// ledger's index), so no choice leads nowhere; a month whose people cannot be found says so.
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { Field } from '../../components/ui.tsx'
import { currentPeriod, formatMonth, previousMonth } from '../../format.ts'

export function WorkMonthPicker({
  value,
  onChange,
  monthWorkers
}: {
  value: string | null
  onChange: (month: string | null) => void
  /** How many worked in the chosen month, once read (useWalletList's `monthWorkers`). */
  monthWorkers: number | null
}) {
  const { t } = useTranslation()
  const period = currentPeriod()
  const months = useApi('view.workMonths', {})
  // This month's and last month's people are always listed.
  const earlier = (months.data?.months ?? []).filter((m) => m !== period && m !== previousMonth(period))
  if (!months.data) return null
  const note =
    value === null
      ? earlier.length === 0
        ? t('people:month.noEarlier')
        : undefined
      : monthWorkers === null
        ? undefined
        : monthWorkers === 0
          ? t('people:month.nobody', { month: formatMonth(value) })
          : t('people:month.listed', { count: monthWorkers, month: formatMonth(value) })
  return (
    <Field label={t('people:month.label')} hint={note}>
      {(p) => (
        <select
          {...p}
          value={value ?? ''}
          disabled={earlier.length === 0 && value === null}
          onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
        >
          <option value="">{t('people:month.none')}</option>
          {/* A month chosen before it left the index (a reorder) stays, and says it has nobody. */}
          {[...earlier, ...(value !== null && !earlier.includes(value) ? [value] : [])].map((m) => (
            <option key={m} value={m}>
              {formatMonth(m)}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}
