import { useTranslation } from 'react-i18next'
import { PageTitle } from '../../components/ui.tsx'

export default function Shop() {
  const { t } = useTranslation()
  return <PageTitle>{t('nav.shop')}</PageTitle>
}
