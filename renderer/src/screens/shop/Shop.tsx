// Shop terminal (dispatchers): the price list in labour time, the checkout where the person
// signs the spending with their wallet, commons goods free, and the dispatch records.
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { Empty, PageTitle, QueryState, StatusBadge } from '../../components/ui.tsx'
import { useMe } from '../../hooks.ts'
import { Checkout } from './Checkout.tsx'
import { KeptWallets } from './KeptWallets.tsx'
import { Till } from './Till.tsx'
import { PriceList } from './PriceList.tsx'

function Recent() {
  const { t } = useTranslation()
  const log = useApi('view.log', { search: 'dispatch.record', limit: 10 })
  return (
    <section className="card" aria-labelledby="recent-title">
      <h2 id="recent-title">{t('shop:recent')}</h2>
      <QueryState query={log}>
        {(page) =>
          page.entries.length === 0 ? (
            <Empty>{t('shop:noRecent')}</Empty>
          ) : (
            <ul>
              {page.entries.map((e) => (
                <li key={e.seq}>
                  #{e.seq} {t(`txType.${e.type}`, { defaultValue: e.type ?? '' })}{' '}
                  <StatusBadge status={e.status} />{' '}
                  {e.reason && <span className="error">{e.reason}</span>}
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  )
}

export default function Shop() {
  const { t } = useTranslation()
  const me = useMe()
  return (
    <div className="stack">
      <PageTitle>{t('shop:title')}</PageTitle>
      {me && !me.roles.includes('dispatcher') && <p className="muted">{t('shop:notDispatcher')}</p>}
      <div className="grid-2">
        <PriceList />
        <Checkout />
      </div>
      {me?.roles.includes('dispatcher') && <Till />}
      {me?.roles.includes('dispatcher') && <KeptWallets />}
      <Recent />
    </div>
  )
}
