// The till's open session: the goods sold since it was last closed are recorded in one batch
// when it closes, so no payment can be matched to the goods it bought (docs/protocol.md §12).
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call, useApi } from '../../api.ts'
import type { BridgeError } from '../../bridge.ts'
import { notify } from '../../components/toasts.tsx'
import { ErrorText } from '../../components/ui.tsx'
import { formatQuantity } from '../../format.ts'
import { useProducts } from '../../hooks.ts'

export function Till() {
  const { t } = useTranslation()
  const products = useProducts()
  const till = useApi('shop.till', {})
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<BridgeError | null>(null)
  const goods = Object.entries(till.data?.goods ?? {})

  const close = async () => {
    setBusy(true)
    setError(null)
    try {
      const result = await call('shop.close', {})
      const written = result.dispatches.filter((d) => d.result.status === 'accepted').length
      notify('ok', t('shop:till.closed', { count: written }))
      const left = Object.keys(result.left).length
      if (left > 0) notify('bad', t('shop:till.left', { count: left }), 12_000)
      void till.refetch()
    } catch (err) {
      setError(err as BridgeError)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card stack" aria-labelledby="till-title">
      <h2 id="till-title">{t('shop:till.title')}</h2>
      <p className="muted">{t('shop:till.explain')}</p>
      <p role="status">{t('shop:till.open', { count: till.data?.sales ?? 0 })}</p>
      {goods.length > 0 && (
        <ul>
          {goods.map(([product, quantity]) => (
            <li key={product}>
              {products.name(product)}: {formatQuantity(quantity, products.byId.get(product)?.unit)}
            </li>
          ))}
        </ul>
      )}
      <ErrorText error={error} />
      <div>
        <button onClick={() => void close()} disabled={busy || goods.length === 0}>
          {t('shop:till.close')}
        </button>
      </div>
    </section>
  )
}
