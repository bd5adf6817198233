import { useTranslation } from 'react-i18next'
import { PageTitle } from '../../components/ui.tsx'

export default function Stock() {
  const { t } = useTranslation()
  return <PageTitle>{t('nav.stock')}</PageTitle>
}
