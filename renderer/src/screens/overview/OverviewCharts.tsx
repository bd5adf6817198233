import { useTranslation } from 'react-i18next'
import type { Overview } from '../../api-types.ts'
import { BarSeries, LineSeries, type Point } from '../../components/charts.tsx'
import { hoursForChart } from '../../format.ts'

/** Hours per month of this collective, and the subsystem's tax rate over time. */
export function OverviewCharts({ overview }: { overview: Overview }) {
  const { t } = useTranslation()
  const hours: Point[] = overview.hoursPerMonth.map((m) => ({
    label: m.period,
    value: Math.round(hoursForChart(m.a) * 10) / 10
  }))
  const tax: Point[] = overview.taxHistory.map((r) => ({
    label: r.period,
    value: Math.round(Number(r.tax) * 10000) / 100
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
