import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import type { Revision } from '../../api-types.ts'
import { BarSeries, LineSeries, type Point } from '../../components/charts.tsx'
import { hoursForChart, toBig } from '../../format.ts'

/** Hours per month of this collective, and the subsystem's tax rate over time. */
export function OverviewCharts({
  me,
  revisions
}: {
  me: string | undefined
  subsystem: string | null
  revisions: Revision[]
}) {
  const { t } = useTranslation()
  const workloads = useApi('view.workloads', { collective: me }, { enabled: !!me })
  const byMonth = new Map<string, bigint>()
  for (const w of workloads.data ?? [])
    byMonth.set(w.period, (byMonth.get(w.period) ?? 0n) + toBig(w.minutes))
  const hours: Point[] = [...byMonth]
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(-12)
    .map(([label, micro]) => ({ label, value: Math.round(hoursForChart(micro) * 10) / 10 }))
  const tax: Point[] = revisions.map((r) => ({
    label: r.period,
    value: toBig(r.a) === 0n ? 0 : Number((toBig(r.taxed) * 10000n) / toBig(r.a)) / 100
  }))
  const summary = (points: Point[], unit: string) =>
    points.map((p) => `${p.label}: ${p.value} ${unit}`).join('; ') || t('overview:charts.empty')

  return (
    <section aria-labelledby="charts-title">
      <h2 id="charts-title">{t('overview:charts.title')}</h2>
      <div className="grid-2">
        <BarSeries
          title={t('overview:charts.hours')}
          points={hours}
          unit="h"
          summary={summary(hours, 'h')}
        />
        <LineSeries
          title={t('overview:charts.tax')}
          points={tax}
          unit="%"
          summary={summary(tax, '%')}
        />
      </div>
    </section>
  )
}
