import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { Empty, QueryState, StatusBadge } from '../../components/ui.tsx'
import { formatTime } from '../../format.ts'
import { useMe, useProducts } from '../../hooks.ts'
import { ProductionPanel } from './ProductionPanel.tsx'

/** This collective's production runs, running ones first. */
export function Productions() {
  const { t } = useTranslation()
  const me = useMe()
  const products = useProducts()
  const productions = useApi('view.productions', { producer: me?.id }, { enabled: !!me })
  const [open, setOpen] = useState<string | null>(null)
  return (
    <section aria-labelledby="productions-title">
      <h2 id="productions-title">{t('orders:productions')}</h2>
      <QueryState query={productions}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('orders:noProductions')}</Empty>
          ) : (
            <ul className="stack">
              {[...list]
                .sort((a, b) => Number(a.status === 'done') - Number(b.status === 'done'))
                .map((p) => (
                  <li key={p.id} className="card stack">
                    <div className="row">
                      <strong>{p.productName || products.name(p.product)}</strong>
                      {p.commons && <span className="badge ok">{t('commons')}</span>}
                      <StatusBadge status={p.status} />
                      <span>
                        {t(p.status === 'done' ? 'orders:valueDone' : 'orders:valueSoFar', {
                          value: formatTime(p.value)
                        })}
                      </span>
                      <span className="spacer" />
                      <button
                        onClick={() => setOpen(open === p.id ? null : p.id)}
                        aria-expanded={open === p.id}
                      >
                        {open === p.id
                          ? t('close')
                          : p.status === 'running'
                            ? t('orders:work')
                            : t('orders:details')}
                      </button>
                    </div>
                    {open === p.id && <ProductionPanel production={p} />}
                  </li>
                ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  )
}
