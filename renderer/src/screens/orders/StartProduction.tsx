// Starting a production. An estimate above the subsystem's vote threshold needs a passed
// production vote first (§5): when the ledger refuses the start for that (VOTE_REQUIRED), the
// form offers to raise the vote, then shows it with its ballot until it passes or fails.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import type { Order, Proposal } from '../../api-types.ts'
import { NumberField } from '../../components/fields.tsx'
import { useAction } from '../../components/useAction.ts'
import { ErrorText, StatusBadge } from '../../components/ui.tsx'
import { formatDate } from '../../format.ts'
import { Ballot } from '../products/CommonsVotes.tsx'

const DAY = 86_400_000

function RaiseVote({ estimate }: { estimate: string }) {
  const { t } = useTranslation()
  const [days, setDays] = useState('7')
  const daysOk = /^[1-9]\d{0,2}$/.test(days)
  const raise = useAction(() =>
    daysOk
      ? {
          type: 'proposal.create',
          body: {
            kind: 'production',
            payload: { estimate },
            closesAt: Date.now() + Number(days) * DAY
          }
        }
      : null
  )
  return (
    <form
      className="card stack"
      onSubmit={raise.onSubmit}
      noValidate
      aria-label={t('corrections:vote.offer')}
    >
      <p>{t('corrections:vote.explain')}</p>
      <NumberField
        label={t('products:votes.days')}
        error={raise.touched && !daysOk ? t('products:votes.daysError') : null}
        value={days}
        onChange={setDays}
        size={4}
      />
      <ErrorText error={raise.error} />
      <div>
        <button className="primary" type="submit" disabled={raise.busy}>
          {t('corrections:vote.offer')}
        </button>
      </div>
    </form>
  )
}

function VoteStatus({ vote }: { vote: Proposal }) {
  const { t } = useTranslation()
  return (
    <div className="stack" role="status">
      <p>
        {t('corrections:vote.title')} <StatusBadge status={vote.status} />{' '}
        {t('products:votes.tally', {
          yes: vote.yes,
          no: vote.no,
          when: formatDate(vote.closesAt, true)
        })}
      </p>
      {vote.status === 'open' && <Ballot proposal={vote} />}
    </div>
  )
}

export function StartProduction({ order }: { order: Order }) {
  const { t } = useTranslation()
  const proposals = useApi('view.proposals', {})
  const start = useAction(() =>
    order.estimate ? { type: 'production.start', body: { estimate: order.estimate } } : null
  )
  // The latest production vote on this very estimate (a replaced estimate needs its own).
  const vote = (proposals.data ?? [])
    .filter((p) => p.kind === 'production' && p.payload.estimate === order.estimate)
    .sort((a, b) => b.closesAt - a.closesAt)[0]
  const refusedForVote = start.error?.code === 'VOTE_REQUIRED'
  return (
    <div className="stack">
      <form onSubmit={start.onSubmit}>
        <button className="primary" type="submit" disabled={start.busy}>
          {t('orders:start')}
        </button>
        <ErrorText error={start.error} />
      </form>
      {vote && <VoteStatus vote={vote} />}
      {refusedForVote && order.estimate && (!vote || vote.status === 'failed') && (
        <RaiseVote estimate={order.estimate} />
      )}
    </div>
  )
}
