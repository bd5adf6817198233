// The commons list is decided by vote (§6.1, §7): one collective, one vote. Open proposals
// with their tally, and a form to propose adding or removing a product.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import type { Proposal } from '../../api-types.ts'
import { ChoiceField, NumberField } from '../../components/fields.tsx'
import { useAction } from '../../components/useAction.ts'
import { Empty, ErrorText, Field, StatusBadge } from '../../components/ui.tsx'
import { formatDate } from '../../format.ts'
import { useProducts } from '../../hooks.ts'

export function Ballot({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation()
  const yes = useAction(() => ({
    type: 'vote.cast',
    body: { proposal: proposal.id, choice: 'yes' }
  }))
  const no = useAction(() => ({ type: 'vote.cast', body: { proposal: proposal.id, choice: 'no' } }))
  return (
    <div className="row">
      <form onSubmit={yes.onSubmit}>
        <button type="submit" disabled={yes.busy || no.busy}>
          {t('products:votes.yes')}
        </button>
      </form>
      <form onSubmit={no.onSubmit}>
        <button type="submit" disabled={yes.busy || no.busy}>
          {t('products:votes.no')}
        </button>
      </form>
      <ErrorText error={yes.error ?? no.error} />
    </div>
  )
}

export function CommonsVotes() {
  const { t } = useTranslation()
  const products = useProducts()
  const proposals = useApi('view.proposals', {})
  const [product, setProduct] = useState('')
  const [kind, setKind] = useState<'commons.add' | 'commons.remove'>('commons.add')
  const [days, setDays] = useState('7')
  const daysOk = /^[1-9]\d{0,2}$/.test(days)
  const propose = useAction(() =>
    product && daysOk
      ? {
          type: 'proposal.create',
          body: { kind, payload: { product }, closesAt: Date.now() + Number(days) * 86_400_000 }
        }
      : null
  )
  const list = (proposals.data ?? [])
    .filter((p) => p.kind.startsWith('commons.'))
    .sort(
      (a, b) => Number(b.status === 'open') - Number(a.status === 'open') || b.closesAt - a.closesAt
    )

  return (
    <section className="card stack" aria-labelledby="votes-title">
      <h2 id="votes-title">{t('products:votes.title')}</h2>
      <p className="muted">{t('products:votes.explain')}</p>
      {list.length === 0 ? (
        <Empty>{t('products:votes.none')}</Empty>
      ) : (
        <ul className="stack">
          {list.map((p) => (
            <li key={p.id}>
              <strong>
                {t(`products:votes.${p.kind === 'commons.add' ? 'add' : 'remove'}`, {
                  product: products.name(p.payload.product)
                })}
              </strong>{' '}
              <StatusBadge status={p.status} />{' '}
              {t('products:votes.tally', {
                yes: p.yes,
                no: p.no,
                when: formatDate(p.closesAt, true)
              })}
              {p.status === 'open' && <Ballot proposal={p} />}
            </li>
          ))}
        </ul>
      )}
      <form className="row" onSubmit={propose.onSubmit} noValidate>
        <Field label={t('products:votes.what')}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="commons.add">{t('products:votes.makeCommons')}</option>
              <option value="commons.remove">{t('products:votes.makeExclusive')}</option>
            </select>
          )}
        </Field>
        <ChoiceField
          label={t('stock:product')}
          error={propose.touched && !product ? t('stock:errors.product') : null}
          value={product}
          onChange={setProduct}
          options={products.list.map((x) => ({ value: x.id, label: x.name }))}
        />
        <NumberField
          label={t('products:votes.days')}
          error={propose.touched && !daysOk ? t('products:votes.daysError') : null}
          value={days}
          onChange={setDays}
          size={4}
        />
        <button type="submit" disabled={propose.busy}>
          {t('products:votes.propose')}
        </button>
      </form>
      <ErrorText error={propose.error} />
    </section>
  )
}
