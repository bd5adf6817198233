import { useTranslation } from 'react-i18next'
import { PageTitle } from '../../components/ui.tsx'

export default function Products() {
  const { t } = useTranslation()
  return <PageTitle>{t('nav.products')}</PageTitle>
}
