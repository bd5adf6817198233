import { useTranslation } from 'react-i18next'
import { PageTitle } from '../../components/ui.tsx'

export default function Orders() {
  const { t } = useTranslation()
  return <PageTitle>{t('nav.orders')}</PageTitle>
}
