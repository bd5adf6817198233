// Trust network: the graph of collectives and strong-trust edges, subsystems coloured; invite a
// newcomer; ask for, accept (Stock → co-signatures) or cancel trust; settlements after a split.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { PageTitle, QueryState } from '../../components/ui.tsx'
import { useMe } from '../../hooks.ts'
import { CollectiveTable } from './CollectiveTable.tsx'
import { Invite } from './Invite.tsx'
import { Splits } from './Splits.tsx'
import { subsystemColours, TrustGraph } from './TrustGraph.tsx'

export default function Trust() {
  const { t } = useTranslation()
  const me = useMe()
  const trust = useApi('view.trust', {})
  const [selected, setSelected] = useState<string | null>(null)
  return (
    <div className="stack">
      <PageTitle>{t('trust:title')}</PageTitle>
      <p className="muted">{t('trust:explain')}</p>
      <QueryState query={trust}>
        {(view) => {
          const colours = subsystemColours(view)
          return (
            <>
              <TrustGraph
                view={view}
                me={me?.id}
                onSelect={setSelected}
                label={t('trust:graphLabel', {
                  collectives: view.collectives.length,
                  edges: view.edges.length,
                  subsystems: view.subsystems.length
                })}
              />
              <div className="legend" aria-label={t('trust:legend')}>
                {view.subsystems.map((s, i) => (
                  <span key={s.id}>
                    <span className="swatch" style={{ background: colours.get(s.id) }} />
                    {t('trust:subsystemN', { n: i + 1, count: s.members.length })}
                  </span>
                ))}
              </div>
              <CollectiveTable view={view} selected={selected} colours={colours} />
              {view.splits.length > 0 && <Splits view={view} />}
            </>
          )
        }}
      </QueryState>
      <Invite />
    </div>
  )
}
