// Overview: this month's work, production, stock, the last tax rate, the subsystem, the sync
// state, and what needs the person.
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { PageTitle, Stat } from '../../components/ui.tsx'
import { currentPeriod, formatDate, formatPercent, formatTime, toBig } from '../../format.ts'
import { useCollectives, useMe } from '../../hooks.ts'
import { Needs } from './Needs.tsx'
import { OverviewCharts } from './OverviewCharts.tsx'

export default function Overview() {
  const { t } = useTranslation()
  const me = useMe()
  const names = useCollectives()
  const id = me?.id
  const period = currentPeriod()
  const overview = useApi('view.overview', {})
  const workloads = useApi('view.workloads', { collective: id, period }, { enabled: !!id })
  const lots = useApi('view.lots', { owner: id }, { enabled: !!id })
  const productions = useApi('view.productions', { producer: id }, { enabled: !!id })
  const revisions = useApi('view.revisions', {})

  const worked =
    overview.data?.worked ?? workloads.data?.reduce((sum, w) => sum + toBig(w.minutes), 0n)
  const stock = overview.data?.stockValue ?? lots.data?.reduce((sum, l) => sum + toBig(l.value), 0n)
  const running =
    overview.data?.productionsRunning ??
    productions.data?.filter((p) => p.status === 'running').length
  const ours = (revisions.data ?? []).filter(
    (r) => r.subsystem === me?.subsystem || (id && r.members.includes(id))
  )
  const last = ours.sort((a, b) => a.period.localeCompare(b.period)).at(-1)
  const trust = useApi('view.trust', {})
  const sub = trust.data?.subsystems.find(
    (x) => x.id === me?.subsystem || (id && x.members.includes(id))
  )
  const sync = overview.data?.sync

  return (
    <div className="stack">
      <PageTitle>{t('overview:title')}</PageTitle>
      <div className="cards">
        <Stat
          label={t('overview:worked', { period })}
          value={worked === undefined ? '…' : formatTime(worked)}
        />
        <Stat label={t('overview:running')} value={running ?? '…'} />
        <Stat
          label={t('overview:stock')}
          value={stock === undefined ? '…' : formatTime(stock)}
          note={t('overview:stockNote')}
        />
        <Stat
          label={t('overview:tax')}
          value={
            last
              ? formatPercent(toBig(last.a) === 0n ? '0' : { num: last.taxed, den: last.a })
              : '–'
          }
          note={last ? t('overview:taxPeriod', { period: last.period }) : t('overview:noRevision')}
        />
        <Stat
          label={t('overview:subsystem')}
          value={sub ? t('overview:members', { count: sub.members.length }) : '–'}
          note={
            sub
              ? sub.members
                  .slice(0, 6)
                  .map((m) => names.name(m))
                  .join(', ') + (sub.members.length > 6 ? ' …' : '')
              : undefined
          }
        />
        <Stat
          label={t('overview:sync')}
          value={sync ? t('overview:peers', { count: sync.peers }) : '…'}
          note={
            sync ? (
              <>
                {t('overview:lastContact', {
                  when: sync.lastContact ? formatDate(sync.lastContact, true) : t('overview:never')
                })}
                {sync.waiting !== undefined && (
                  <> · {t('overview:waiting', { count: sync.waiting })}</>
                )}
              </>
            ) : undefined
          }
        />
      </div>
      <Needs me={id} />
      <OverviewCharts me={id} subsystem={me?.subsystem ?? null} revisions={ours} />
    </div>
  )
}
