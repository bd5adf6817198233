// Retiring a product type (issue 10): its definer may, while nothing has used it, e.g. a
// misspelt name. The name is then free for a new definition.
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import type { Product } from '../../api-types.ts'
import { ConfirmAction } from '../../components/ConfirmAction.tsx'
import { useMe } from '../../hooks.ts'

export function RetireProduct({ product }: { product: Product }) {
  const { t } = useTranslation()
  const me = useMe()
  const navigate = useNavigate()
  if (product.retiredBy) return <span className="badge">{t('corrections:product.retired')}</span>
  if (!me || product.definedBy !== me.id || product.used) return null
  return (
    <ConfirmAction
      label={t('corrections:product.open')}
      question={t('corrections:product.question', { name: product.name })}
      confirm={t('corrections:product.confirm')}
      reason="optional"
      build={(reason) => ({
        type: 'product.retire',
        body: { product: product.id, ...(reason ? { reason } : {}) }
      })}
      onDone={() => void navigate('/products')}
    />
  )
}
