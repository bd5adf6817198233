// Overview: this month's work, production, stock, the last tax rate, the subsystem, the sync
// state, and what needs the person.
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { PageTitle, QueryState, Stat } from '../../components/ui.tsx'
import { formatPercent, formatTime } from '../../format.ts'
import { useCollectives } from '../../hooks.ts'
import { Needs } from './Needs.tsx'
import { OverviewCharts } from './OverviewCharts.tsx'

export default function Overview() {
  const { t } = useTranslation()
  const names = useCollectives()
  const overview = useApi('view.overview', {})
  const status = useApi('node.status', {})
  const council = useApi('view.council', {})
  const ready = status.data?.state === 'ready' ? status.data : null
  const peers = ready?.peers?.length ?? 0

  return (
    <div className="stack">
      <PageTitle>{t('overview:title')}</PageTitle>
      <QueryState query={overview}>
        {(o) => (
          <>
            <div className="cards">
              <Stat
                label={t('overview:worked', { period: o.period })}
                value={formatTime(o.workThisMonth)}
              />
              <Stat
                label={t('overview:running')}
                value={o.running.length}
                note={
                  o.running.length
                    ? formatTime(o.running.reduce((s, r) => s + BigInt(r.value), 0n)) +
                      ' ' +
                      t('overview:inProgress')
                    : undefined
                }
              />
              <Stat
                label={t('overview:stock')}
                value={formatTime(o.stockValue)}
                note={t('overview:stockNote', { count: o.lots })}
              />
              <Stat
                label={t('overview:tax')}
                value={o.lastRevision ? formatPercent(o.lastRevision.tax) : '–'}
                note={
                  o.lastRevision
                    ? t('overview:taxPeriod', { period: o.lastRevision.period })
                    : t('overview:noRevision')
                }
              />
              <Stat
                label={t('overview:subsystem')}
                value={
                  o.subsystem ? t('overview:members', { count: o.subsystem.members.length }) : '–'
                }
                note={
                  o.subsystem
                    ? o.subsystem.members
                        .slice(0, 6)
                        .map((m) => names.name(m))
                        .join(', ') + (o.subsystem.members.length > 6 ? ' …' : '')
                    : undefined
                }
              />
              <Stat
                label={t('overview:sync')}
                value={peers === 0 ? t('sync.offline') : t('overview:peers', { count: peers })}
                note={
                  ready?.length !== undefined && !status.data?.demo
                    ? t('overview:entries', { count: ready.length })
                    : undefined
                }
              />
              {council.data && (
                <Stat
                  label={t('overview:confirmed')}
                  value={`${council.data.confirmed} / ${council.data.length}`}
                  // Before the council's first checkpoint there is none to name ("up to 0" said
                  // the wrong thing: that entry 0 was covered).
                  note={t(council.data.checkpointed > 0 ? 'overview:confirmedNote' : 'overview:confirmedNoCheckpoint', {
                    done: council.data.confirmed,
                    total: council.data.length,
                    checkpointed: council.data.checkpointed
                  })}
                />
              )}
            </div>
            <Needs needs={o.needs} />
            <OverviewCharts overview={o} />
          </>
        )}
      </QueryState>
    </div>
  )
}
