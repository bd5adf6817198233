// Electing a council from the app (docs/protocol.md §14): propose members from the network's
// collectives and a threshold (more than half of them must sign), and vote on open elections,
// one collective one vote, through the same typed proposal.create / vote.cast as other votes.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { NumberField } from '../../components/fields.tsx'
import { useAction } from '../../components/useAction.ts'
import { Empty, ErrorText, StatusBadge } from '../../components/ui.tsx'
import { formatDate } from '../../format.ts'
import { useCollectives } from '../../hooks.ts'
import { Ballot } from '../products/CommonsVotes.tsx'

export default function CouncilElection() {
  const { t } = useTranslation()
  const names = useCollectives()
  const proposals = useApi('view.proposals', {})
  const [members, setMembers] = useState<string[]>([])
  const [threshold, setThreshold] = useState('2')
  const [days, setDays] = useState('7')
  const daysOk = /^[1-9]\d{0,2}$/.test(days)
  const thresholdOk = /^[1-9]\d{0,1}$/.test(threshold)
  // The ledger decides whether the council can exist; its refusal is shown with its sentence.
  const propose = useAction(() =>
    members.length > 0 && thresholdOk && daysOk
      ? {
          type: 'proposal.create',
          body: { kind: 'council', payload: { members, threshold }, closesAt: Date.now() + Number(days) * 86_400_000 }
        }
      : null
  )
  const toggle = (id: string) => setMembers((m) => (m.includes(id) ? m.filter((x) => x !== id) : [...m, id]))
  const open = (proposals.data ?? []).filter((p) => p.kind === 'council' && p.status === 'open')
  const list = (ids: unknown) => (Array.isArray(ids) ? ids.map((id: string) => names.name(id)).join(', ') : '')

  return (
    <section className="card stack" aria-labelledby="election-title" data-testid="council-election">
      <h2 id="election-title">{t('council:election.title')}</h2>
      {open.length === 0 ? (
        <Empty>{t('council:election.none')}</Empty>
      ) : (
        <ul className="stack">
          {open.map((p) => (
            <li key={p.id}>
              <strong>{t('council:election.proposal', { t: p.payload.threshold, n: Array.isArray(p.payload.members) ? p.payload.members.length : 0, names: list(p.payload.members) })}</strong>{' '}
              <StatusBadge status={p.status} /> {t('council:election.tally', { yes: p.yes, no: p.no, when: formatDate(p.closesAt, true) })}
              <Ballot proposal={p} />
            </li>
          ))}
        </ul>
      )}
      <form className="stack" onSubmit={propose.onSubmit} noValidate>
        <p className="muted">{t('council:election.explain')}</p>
        <fieldset>
          <legend>{t('council:election.members')}</legend>
          {names.list.map((c) => (
            <label key={c.id} className="row">
              <input type="checkbox" checked={members.includes(c.id)} onChange={() => toggle(c.id)} /> {c.name}
            </label>
          ))}
        </fieldset>
        <div className="row">
          <NumberField label={t('council:election.threshold')} error={propose.touched && !thresholdOk ? t('council:election.thresholdError') : null} value={threshold} onChange={setThreshold} size={3} />
          <NumberField label={t('council:election.days')} error={propose.touched && !daysOk ? t('council:election.daysError') : null} value={days} onChange={setDays} size={4} />
          <button type="submit" disabled={propose.busy}>
            {t('council:election.propose')}
          </button>
        </div>
        {propose.touched && members.length === 0 && <p className="error">{t('council:election.membersError')}</p>}
      </form>
      <ErrorText error={propose.error} />
    </section>
  )
}
