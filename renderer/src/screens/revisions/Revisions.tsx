// Revisions and coupons: closed months with a, c, w and the tax; closing a month; a worker
// claiming coupons with the wallet; balances by subsystem.
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { LineSeries } from '../../components/charts.tsx'
import { Empty, PageTitle, QueryState } from '../../components/ui.tsx'
import { CsvButton } from '../../components/CsvButton.tsx'
import { formatPercent, formatTime } from '../../format.ts'
import { useCollectives } from '../../hooks.ts'
import { ClaimCoupons } from './ClaimCoupons.tsx'
import { CloseMonth } from './CloseMonth.tsx'
import { RevisionFigureHeads } from './FigureHeads.tsx'

export default function Revisions() {
  const { t } = useTranslation()
  const names = useCollectives()
  const revisions = useApi('view.revisions', {})
  return (
    <div className="stack">
      <PageTitle>{t('revisions:title')}</PageTitle>
      <p className="muted">{t('revisions:explain')}</p>
      <QueryState query={revisions}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('revisions:empty')}</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>{t('revisions:period')}</th>
                      <RevisionFigureHeads />
                      <th className="num">{t('revisions:rounding')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...list]
                      .sort((a, b) => b.period.localeCompare(a.period))
                      .map((r) => (
                        <tr key={r.tx + r.subsystem}>
                          <td>{r.period}</td>
                          <td>{r.members.map((m) => names.name(m)).join(', ')}</td>
                          <td className="num">{formatTime(r.a)}</td>
                          <td className="num">{formatTime(r.c)}</td>
                          <td className="num">{formatTime(r.w)}</td>
                          <td className="num">{formatPercent(r.tax)}</td>
                          <td className="num">{formatTime(r.claimable)}</td>
                          <td className="num">{r.rounding} µmin</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
                <CsvButton
                  fileName="revisions.csv"
                  columns={[t('revisions:period'), t('revisions:subsystem'), 'a (µmin)', 'c (µmin)', 'w (µmin)', t('revisions:tax'), `${t('revisions:claimable')} (µmin)`, `${t('revisions:rounding')} (µmin)`]}
                  rows={() => list.map((r) => [r.period, r.members.map((m) => names.name(m)).join(', '), r.a, r.c, r.w, r.tax, r.claimable, r.rounding])}
                />
              </div>
              <p className="muted">{t('revisions:legend')}</p>
              <LineSeries
                title={t('revisions:taxChart')}
                unit="%"
                points={[...list]
                  .sort((a, b) => a.period.localeCompare(b.period))
                  .map((r) => ({
                    label: r.period,
                    value: Math.round(Number(r.tax) * 10000) / 100
                  }))}
                summary={list.map((r) => `${r.period}: ${formatPercent(r.tax)}`).join('; ')}
              />
            </>
          )
        }
      </QueryState>
      <CloseMonth />
      <ClaimCoupons />
    </div>
  )
}
