// Production votes other collectives of our subsystem have raised (§5): an estimate above the
// vote threshold starts only once more than the quorum voted yes, so every collective sees
// the open votes here and casts its ballot. Our own votes show on the order they are for.
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { formatDate, shortKey } from '../../format.ts'
import { useCollectives, useMe } from '../../hooks.ts'
import { Ballot } from '../products/CommonsVotes.tsx'

export function ProductionVotes() {
  const { t } = useTranslation()
  const me = useMe()
  const names = useCollectives()
  const proposals = useApi('view.proposals', {})
  const open = (proposals.data ?? []).filter(
    (p) =>
      p.kind === 'production' &&
      p.status === 'open' &&
      p.subsystem === me?.subsystem &&
      p.proposer !== me?.id
  )
  if (open.length === 0) return null
  return (
    <section className="card stack" aria-labelledby="production-votes-title">
      <h2 id="production-votes-title">{t('corrections:vote.others')}</h2>
      <ul className="stack">
        {open.map((p) => (
          <li key={p.id}>
            {t('corrections:vote.asks', {
              name: names.name(p.proposer),
              estimate: shortKey(p.payload.estimate ?? '')
            })}{' '}
            {t('products:votes.tally', {
              yes: p.yes,
              no: p.no,
              when: formatDate(p.closesAt, true)
            })}
            <Ballot proposal={p} />
          </li>
        ))}
      </ul>
    </section>
  )
}
