import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { Field } from '../../components/ui.tsx'
import { useMe, useProducts } from '../../hooks.ts'

/** The running productions of this collective, to book work on. */
export function ProductionSelect({
  value,
  onChange,
  error
}: {
  value: string
  onChange: (id: string) => void
  error?: string | null
}) {
  const { t } = useTranslation()
  const me = useMe()
  const products = useProducts()
  const productions = useApi('view.productions', { producer: me?.id }, { enabled: !!me })
  const running = (productions.data ?? []).filter((p) => p.status === 'running')
  return (
    <Field
      label={t('people:production')}
      hint={running.length === 0 ? t('people:noProduction') : undefined}
      error={error}
    >
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('stock:choose')}</option>
          {running.map((x) => (
            <option key={x.id} value={x.id}>
              {x.productName || products.name(x.product)} ({x.id.slice(0, 6)})
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}
