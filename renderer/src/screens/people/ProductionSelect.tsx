import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { ChoiceField } from '../../components/fields.tsx'
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
  const productions = useApi('view.productions', { producer: me?.id, running: true }, { enabled: !!me })
  const running = productions.data ?? []
  return (
    <ChoiceField
      label={t('people:production')}
      hint={running.length === 0 ? t('people:noProduction') : undefined}
      error={error}
      value={value}
      onChange={onChange}
      options={running.map((x) => ({
        value: x.id,
        label: `${x.productName || products.name(x.product)} (${x.id.slice(0, 6)})`
      }))}
    />
  )
}
